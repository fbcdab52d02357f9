import type { Dispatcher } from 'undici';
import type { Profile } from '../../core/profile/types.js';
import {
  type CompiledExpectation,
  compileExpectations,
} from '../../core/stats/classify-response.js';
import { VERSION } from '../../version.js';

/** Everything needed to send one scenario's request, built once per run, reused per request. */
export interface RequestTemplate {
  options: Dispatcher.DispatchOptions;
  expectation: CompiledExpectation;
  /** Whether the body must be read (only when an expectation looks at it). */
  readBody: boolean;
  /** Total deadline of a request, redirects included, from when it is written. */
  timeoutMs: number;
  /** Which `DeadlineSweeper` lane watches it: one lane per distinct `timeoutMs`. */
  deadlineLane: number;
  /** Absolute URL of the first request: relative `Location`s resolve against it. */
  url: string;
  /** Redirect hops a request may follow; 0 leaves every 3xx as the answer. */
  maxRedirects: number;
}

/** Splits the base URL into the pool's origin and a path prefix applied to every scenario. */
export function splitBaseUrl(baseUrl: string): { origin: URL; pathPrefix: string } {
  const url = new URL(baseUrl);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { origin: new URL(url.origin), pathPrefix };
}

export function buildRequestTemplates(profile: Profile): RequestTemplate[] {
  const { origin, pathPrefix } = splitBaseUrl(profile.baseUrl);
  const lanes = [...new Set(profile.scenarios.map((scenario) => scenario.timeoutMs))];
  const expectations = compileExpectations(profile.scenarios.map((scenario) => scenario.expect));
  return profile.scenarios.map((scenario, index) => {
    const headers: Record<string, string> = {
      'user-agent': `loadgate/${VERSION}`,
      ...scenario.headers,
    };
    const body = scenario.body === undefined ? undefined : Buffer.from(scenario.body);
    if (body) headers['content-length'] = String(body.length);
    return {
      options: {
        origin: origin.origin,
        path: pathPrefix + scenario.path,
        method: scenario.method,
        headers,
        body,
        // The total deadline is the DeadlineSweeper's: undici's own timeouts only measure
        // the wait for headers and the gaps between body chunks, so a trickled body passes them.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      expectation: expectations[index] as CompiledExpectation,
      readBody: scenario.expect.bodyIncludes !== undefined,
      timeoutMs: scenario.timeoutMs,
      deadlineLane: lanes.indexOf(scenario.timeoutMs),
      url: origin.origin + pathPrefix + scenario.path,
      maxRedirects: scenario.maxRedirects,
    };
  });
}

/** The timeout of each deadline lane, indexed by `RequestTemplate.deadlineLane`. */
export function listLaneTimeoutsMs(templates: readonly RequestTemplate[]): number[] {
  const timeouts: number[] = [];
  for (const t of templates) timeouts[t.deadlineLane] = t.timeoutMs;
  return timeouts;
}

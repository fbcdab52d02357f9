import type { Dispatcher } from 'undici';
import type { Profile } from '../../core/profile/types.js';
import {
  type CompiledExpectation,
  compileExpectation,
} from '../../core/stats/classify-response.js';
import { VERSION } from '../../version.js';

/** Everything needed to send one scenario's request, built once per run, reused per request. */
export interface RequestTemplate {
  options: Dispatcher.DispatchOptions;
  expectation: CompiledExpectation;
  /** Whether the body must be read (only when an expectation looks at it). */
  readBody: boolean;
  timeoutMs: number;
}

/** Splits the base URL into the pool's origin and a path prefix applied to every scenario. */
export function splitBaseUrl(baseUrl: string): { origin: URL; pathPrefix: string } {
  const url = new URL(baseUrl);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { origin: new URL(url.origin), pathPrefix };
}

export function buildRequestTemplates(profile: Profile): RequestTemplate[] {
  const { origin, pathPrefix } = splitBaseUrl(profile.baseUrl);
  return profile.scenarios.map((scenario) => {
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
        headersTimeout: scenario.timeoutMs,
        bodyTimeout: scenario.timeoutMs,
      },
      expectation: compileExpectation(scenario.expect),
      readBody: scenario.expect.bodyIncludes !== undefined,
      timeoutMs: scenario.timeoutMs,
    };
  });
}

import type { Dispatcher } from 'undici';
import type {
  ExtractSpec,
  JsonTemplate,
  Profile,
  Scenario,
  TextTemplate,
} from '../../core/profile/types.js';
import {
  encodePathValue,
  type RenderContext,
  renderJson,
  renderText,
} from '../../core/profile/value-template.js';
import {
  type CompiledExpectation,
  compileExpectations,
} from '../../core/stats/classify-response.js';
import { extractionReadsBody } from '../../core/stats/extract-value.js';
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
  /** Parts filled per request (`Scenario.dynamic`); absent: `options` is sent as it is. */
  dynamic?: DynamicParts;
  /** Values a journey step takes from a passing answer; absent when it takes none. */
  extract?: readonly ExtractSpec[];
}

/** A scenario's per-request parts, ready to render. */
export interface DynamicParts {
  pathPrefix: string;
  path?: TextTemplate;
  headers?: [name: string, template: TextTemplate][];
  body?: TextTemplate | JsonTemplate;
}

/** Splits the base URL into the pool's origin and a path prefix applied to every scenario. */
export function splitBaseUrl(baseUrl: string): { origin: URL; pathPrefix: string } {
  const url = new URL(baseUrl);
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  return { origin: new URL(url.origin), pathPrefix };
}

/** One template per `Profile.scenarios` row; a journey step's carries its `extract`. */
export function buildRequestTemplates(profile: Profile): RequestTemplate[] {
  const extracts = new Map<number, readonly ExtractSpec[]>();
  for (const journey of profile.journeys ?? []) {
    for (const step of journey.steps) {
      if (step.extract.length > 0) extracts.set(step.scenario, step.extract);
    }
  }
  return buildTemplates(profile.baseUrl, profile.scenarios, (index) => extracts.get(index));
}

/** One template per setup request (with its `extract`), in order; none without a setup. */
export function buildSetupTemplates(profile: Profile): RequestTemplate[] {
  const requests = profile.setup?.requests ?? [];
  return buildTemplates(
    profile.baseUrl,
    requests.map((request) => request.scenario),
    (index) => requests[index]?.extract,
  );
}

function buildTemplates(
  baseUrl: string,
  scenarios: readonly Scenario[],
  extractOf: (index: number) => readonly ExtractSpec[] | undefined,
): RequestTemplate[] {
  const { origin, pathPrefix } = splitBaseUrl(baseUrl);
  const lanes = [...new Set(scenarios.map((scenario) => scenario.timeoutMs))];
  const expectations = compileExpectations(scenarios.map((scenario) => scenario.expect));
  return scenarios.map((scenario, index) => {
    const headers: Record<string, string> = {
      'user-agent': `loadgate/${VERSION}`,
      ...scenario.headers,
    };
    const body = scenario.body === undefined ? undefined : Buffer.from(scenario.body);
    if (body) headers['content-length'] = String(body.length);
    // Shared by every request of the template: frozen, so the plain pool may encode it once.
    Object.freeze(headers);
    const extract = extractOf(index);
    const hasExtract = extract !== undefined && extract.length > 0;
    return {
      // Frozen: every request of the template shares it, and the plain pool encodes it once.
      options: Object.freeze({
        origin: origin.origin,
        path: pathPrefix + scenario.path,
        method: scenario.method,
        headers,
        body,
        // The total deadline is the DeadlineSweeper's: undici's own timeouts only measure
        // the wait for headers and the gaps between body chunks, so a trickled body passes them.
        headersTimeout: 0,
        bodyTimeout: 0,
      }),
      expectation: expectations[index] as CompiledExpectation,
      readBody:
        scenario.expect.bodyIncludes !== undefined || (hasExtract && extractionReadsBody(extract)),
      timeoutMs: scenario.timeoutMs,
      deadlineLane: lanes.indexOf(scenario.timeoutMs),
      url: origin.origin + pathPrefix + scenario.path,
      maxRedirects: scenario.maxRedirects,
      ...(scenario.dynamic ? { dynamic: toDynamicParts(scenario.dynamic, pathPrefix) } : {}),
      ...(hasExtract ? { extract } : {}),
    };
  });
}

function toDynamicParts(dynamic: NonNullable<Scenario['dynamic']>, pathPrefix: string) {
  const parts: DynamicParts = { pathPrefix };
  if (dynamic.path) parts.path = dynamic.path;
  if (dynamic.headers) parts.headers = Object.entries(dynamic.headers);
  if (dynamic.body) parts.body = dynamic.body;
  return parts;
}

/** One request's options and absolute URL, its per-request parts filled from `context`. */
export interface RenderedRequest {
  options: Dispatcher.DispatchOptions;
  url: string;
}

/**
 * Fills a dynamic template's parts for one request: values rendered into the path are
 * percent-encoded where a path could not carry them (`encodePathValue`); a rendered body's
 * content-length comes from the body. Parts the template does not list are sent as written.
 * @throws whatever rendering throws (a data source that ran out: `DataExhausted`).
 */
export function renderRequest(template: RequestTemplate, context: RenderContext): RenderedRequest {
  const dynamic = template.dynamic;
  const base = template.options;
  if (dynamic === undefined) return { options: base, url: template.url };
  const path =
    dynamic.path === undefined
      ? (base.path as string)
      : dynamic.pathPrefix + renderText(dynamic.path, context, encodePathValue);
  // The template's own headers object when no header is filled per request: the plain pool
  // then reuses their encoding (it caches frozen objects).
  let headers = base.headers as Record<string, string>;
  if (dynamic.headers !== undefined) {
    headers = { ...headers };
    for (const [name, header] of dynamic.headers) headers[name] = renderText(header, context);
  }
  let body = base.body;
  if (dynamic.body !== undefined) {
    const text =
      dynamic.body.kind === 'json'
        ? renderJson(dynamic.body, context)
        : renderText(dynamic.body, context);
    body = Buffer.from(text);
    // The template's content-length is its unrendered body's: undici refuses a mismatch.
    headers = { ...headers, 'content-length': String(body.length) };
  }
  const origin = base.origin as string;
  return { options: { ...base, path, headers, body }, url: origin + path };
}

/** The timeout of each deadline lane, indexed by `RequestTemplate.deadlineLane`. */
export function listLaneTimeoutsMs(templates: readonly RequestTemplate[]): number[] {
  const timeouts: number[] = [];
  for (const t of templates) timeouts[t.deadlineLane] = t.timeoutMs;
  return timeouts;
}

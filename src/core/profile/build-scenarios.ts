/** From validated raw scenarios to the engine's `Scenario`s: defaults, headers, bodies, units. */

import { readValidatedMs } from '../input/value-checks.js';
import { MAX_REDIRECTS } from './scenario-schema.js';
import type { RawProfile, RawScenario } from './schema.js';
import { expandStatusSpec } from './status-schema.js';
import type { Expectation, HttpMethod, Scenario } from './types.js';

/** k6's default: anything that is not an error answer. */
const DEFAULT_STATUS_CODES = Array.from({ length: 200 }, (_, offset) => 200 + offset);

function lowerCaseNames(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function buildExpectation(expect: RawScenario['expect']): Expectation {
  const status =
    expect?.status === undefined ? DEFAULT_STATUS_CODES : expandStatusSpec(expect.status);
  return expect?.body === undefined ? { status } : { status, bodyIncludes: expect.body };
}

function buildScenario(
  template: RawScenario,
  resolved: RawScenario,
  defaultHeaders: Record<string, string>,
  defaultTimeoutMs: number,
  defaultMaxRedirects: number,
): Scenario {
  const headers = { ...defaultHeaders, ...lowerCaseNames(resolved.headers) };
  let body = resolved.body;
  if (resolved.json !== undefined) {
    body = JSON.stringify(resolved.json);
    headers['content-type'] ??= 'application/json';
  }
  return {
    name: resolved.name,
    weight: resolved.weight ?? 1,
    method: (resolved.method ?? 'GET').toUpperCase() as HttpMethod,
    path: resolved.path,
    pathTemplate: template.path,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(resolved.category === undefined ? {} : { category: resolved.category }),
    expect: buildExpectation(resolved.expect),
    timeoutMs:
      resolved.timeout === undefined ? defaultTimeoutMs : readValidatedMs(resolved.timeout),
    maxRedirects: resolved.maxRedirects ?? defaultMaxRedirects,
  };
}

/**
 * Builds every scenario. `template` is the profile as written (for `pathTemplate`), `resolved`
 * the same profile with `${VAR}`s substituted; both already passed `rawProfileSchema`.
 * Header names are lower-cased, scenario headers win over the profile's; so does a scenario's
 * `maxRedirects` (default: the profile's, else 10).
 */
export function buildScenarios(
  template: RawProfile,
  resolved: RawProfile,
  defaultTimeoutMs: number,
): Scenario[] {
  const defaultHeaders = lowerCaseNames(resolved.headers);
  const defaultMaxRedirects = resolved.maxRedirects ?? MAX_REDIRECTS.default;
  return resolved.scenarios.map((scenario, index) => {
    const written = template.scenarios[index] ?? scenario;
    return buildScenario(written, scenario, defaultHeaders, defaultTimeoutMs, defaultMaxRedirects);
  });
}

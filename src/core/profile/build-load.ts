/**
 * From a validated raw `load` section (plus overrides) to `LoadSettings`: the plan, and every
 * connection and timing default filled in, with warnings for settings that undercut each other.
 */
import type { InputIssue } from '../input/format-issues.js';
import { LIMITS, readValidatedMs } from '../input/value-checks.js';
import { buildLoadPlan, isVuPlan } from './build-plan.js';
import type { RawLoad } from './load-schema.js';
import { readThinkTime } from './load-schema.js';
import type { OverrideLabels, ParsedOverrides } from './overrides.js';
import { PRESET_SETTINGS } from './presets.js';
import { measurePlanPeak } from './scale-plan.js';
import { MAX_REDIRECTS } from './scenario-schema.js';
import type { RawProfile, RawScenario } from './schema.js';
import { expandStatusSpec } from './status-schema.js';
import type {
  Expectation,
  HttpMethod,
  LoadPlan,
  LoadSettings,
  PresetName,
  Scenario,
} from './types.js';

const DEFAULT_ARRIVAL_CONNECTIONS = 64;
const DEFAULT_WARMUP_MS = 1_000;

/** Load settings plus the problems and warnings found while building them. */
export interface BuiltLoad {
  settings: LoadSettings;
  issues: InputIssue[];
  warnings: string[];
}

function pickDefaultConnections(plan: LoadPlan, preset: PresetName | undefined): number {
  if (isVuPlan(plan)) {
    // One connection per user, so users never queue for a socket.
    return Math.min(Math.max(measurePlanPeak(plan), 1), LIMITS.connections.max);
  }
  return (preset && PRESET_SETTINGS[preset].connections) ?? DEFAULT_ARRIVAL_CONNECTIONS;
}

function collectWarnings(settings: LoadSettings, maxInFlightWritten: boolean): string[] {
  const warnings: string[] = [];
  const { connections, maxInFlight, plan } = settings;
  if (maxInFlightWritten && maxInFlight < connections) {
    warnings.push(
      `load.maxInFlight (${maxInFlight}) is below load.connections (${connections}): at most ${maxInFlight} connections will ever be busy`,
    );
  }
  const peakVus = measurePlanPeak(plan);
  if (isVuPlan(plan) && connections < peakVus) {
    warnings.push(
      `load.connections (${connections}) is below the peak of ${peakVus} VUs: users will wait for a free connection, which lowers the load`,
    );
  }
  return warnings;
}

/**
 * Builds the load settings. Defaults: connections = peak VUs (VU executors; capped at 10,000),
 * 2 (heartbeat) or 64; maxInFlight = connections; warm-up 1s (0s for smoke and heartbeat);
 * graceful stop = `defaultTimeoutMs`; think time 0.
 */
export function buildLoadSettings(
  load: RawLoad,
  defaultTimeoutMs: number,
  overrides: ParsedOverrides,
  labels: OverrideLabels,
): BuiltLoad {
  const issues: InputIssue[] = [];
  const preset = load.executor === undefined ? load.preset : undefined;
  const plan = buildLoadPlan(load, overrides, labels, issues);
  const connections =
    overrides.connections ?? load.connections ?? pickDefaultConnections(plan, preset);
  const defaultWarmupMs =
    preset === undefined ? DEFAULT_WARMUP_MS : PRESET_SETTINGS[preset].warmupMs;
  const thinkTime =
    'thinkTime' in load && load.thinkTime !== undefined ? readThinkTime(load.thinkTime) : undefined;
  const settings: LoadSettings = {
    plan,
    ...(preset === undefined ? {} : { preset }),
    connections,
    maxInFlight: load.maxInFlight ?? connections,
    onMaxInFlight: load.onMaxInFlight ?? 'queue',
    warmupMs: load.warmup === undefined ? defaultWarmupMs : readValidatedMs(load.warmup),
    thinkTime: thinkTime?.ok ? thinkTime.value : { minMs: 0, maxMs: 0 },
    gracefulStopMs:
      load.gracefulStop === undefined ? defaultTimeoutMs : readValidatedMs(load.gracefulStop),
  };
  return { settings, issues, warnings: collectWarnings(settings, load.maxInFlight !== undefined) };
}

/** From validated raw scenarios to the engine's `Scenario`s: defaults, headers, bodies, units. */

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

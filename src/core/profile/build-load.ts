/**
 * From a validated raw `load` section (plus overrides) to `LoadSettings`: the plan, and every
 * connection and timing default filled in, with warnings for settings that undercut each other.
 */
import type { InputIssue } from '../input/format-issues.js';
import { LIMITS, readValidatedMs } from '../input/value-checks.js';
import { buildLoadPlan, isVuPlan } from './build-plan.js';
import type { RawLoad } from './load-schema.js';
import { readThinkTime, readTimelineResolutionSec } from './load-schema.js';
import type { OverrideLabels, ParsedOverrides } from './overrides.js';
import { PRESET_SETTINGS } from './presets.js';
import { measurePlanPeak } from './scale-plan.js';
import type { LoadPlan, LoadSettings, PresetName } from './types.js';

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
  const timelineResolutionSec = readTimelineResolutionSec(load.timelineResolution);
  if (timelineResolutionSec !== undefined) settings.timelineResolutionSec = timelineResolutionSec;
  return { settings, issues, warnings: collectWarnings(settings, load.maxInFlight !== undefined) };
}

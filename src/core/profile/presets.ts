/**
 * Ready-made load shapes. All are open-model (arrival-rate) plans, so a slow target shows up as
 * latency and errors instead of quietly receiving less load.
 */
import type { LoadPlan, PresetName, Stage } from './types.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;

interface PresetSettings {
  /** R when the profile gives no `rate`, requests per second. */
  ratePerSec: number;
  /** D when the profile gives no `duration`. */
  durationMs: number;
  warmupMs: number;
  /** Connections when the profile gives none; `undefined` means the arrival-rate default. */
  connections?: number;
}

/** Defaults of each preset: R, D, warm-up, and connections where they differ. */
export const PRESET_SETTINGS: Readonly<Record<PresetName, PresetSettings>> = {
  smoke: { ratePerSec: 5, durationMs: 30 * SECOND_MS, warmupMs: 0 },
  heartbeat: { ratePerSec: 1, durationMs: 10 * SECOND_MS, warmupMs: 0, connections: 2 },
  load: { ratePerSec: 50, durationMs: 2 * MINUTE_MS, warmupMs: SECOND_MS },
  stress: { ratePerSec: 50, durationMs: 2 * MINUTE_MS, warmupMs: SECOND_MS },
  spike: { ratePerSec: 50, durationMs: MINUTE_MS, warmupMs: SECOND_MS },
  soak: { ratePerSec: 50, durationMs: 30 * MINUTE_MS, warmupMs: SECOND_MS },
};

/** One line per preset, R = `rate` and D = `duration`; used in docs and `--help`. */
export const PRESET_DESCRIPTIONS: Readonly<Record<PresetName, string>> = {
  smoke: 'R (default 5/s) for D (default 30s), no warm-up: a quick does-it-work check',
  heartbeat: 'R (default 1/s) for D (default 10s) on 2 connections, no warm-up: a liveness probe',
  load: 'ramp 0 → R (default 50/s) over 30s, hold D (default 2m), ramp down over 15s',
  stress: 'ramp 1m to R (default 50/s), hold D (default 2m); same to 2R and 3R; then 1m down to 0',
  spike: '30s at R/10, 10s up to 5R (R default 50/s), hold D (default 1m), 10s down, 30s at R/10',
  soak: 'ramp 0 → R (default 50/s) over 2m, hold D (default 30m), ramp down over 1m',
};

type RampingPreset = Exclude<PresetName, 'smoke' | 'heartbeat'>;

function buildStages(ratePerSec: number, holdMs: number, preset: RampingPreset): Stage[] {
  const R = ratePerSec;
  const D = holdMs;
  switch (preset) {
    case 'load':
      return [stage(30 * SECOND_MS, R), stage(D, R), stage(15 * SECOND_MS, 0)];
    case 'stress':
      return [1, 2, 3]
        .flatMap((step) => [stage(MINUTE_MS, step * R), stage(D, step * R)])
        .concat(stage(MINUTE_MS, 0));
    case 'spike':
      return [
        stage(30 * SECOND_MS, R / 10),
        stage(10 * SECOND_MS, 5 * R),
        stage(D, 5 * R),
        stage(10 * SECOND_MS, R / 10),
        stage(30 * SECOND_MS, R / 10),
      ];
    case 'soak':
      return [stage(2 * MINUTE_MS, R), stage(D, R), stage(MINUTE_MS, 0)];
  }
}

function stage(durationMs: number, target: number): Stage {
  return { durationMs, target };
}

/**
 * The plan of a preset. `ratePerSec` (R) and `durationMs` (D) default per preset (see
 * `PRESET_DESCRIPTIONS`); smoke and heartbeat are constant-rate, the others ramp and start from
 * 0, except spike, which starts at R/10. Inputs are assumed valid (R > 0, D > 0).
 */
export function expandPreset(
  preset: PresetName,
  options: { ratePerSec?: number; durationMs?: number } = {},
): LoadPlan {
  const ratePerSec = options.ratePerSec ?? PRESET_SETTINGS[preset].ratePerSec;
  const durationMs = options.durationMs ?? PRESET_SETTINGS[preset].durationMs;
  if (preset === 'smoke' || preset === 'heartbeat') {
    return { executor: 'constant-arrival-rate', ratePerSec, durationMs };
  }
  return {
    executor: 'ramping-arrival-rate',
    startRatePerSec: preset === 'spike' ? ratePerSec / 10 : 0,
    stages: buildStages(ratePerSec, durationMs, preset),
  };
}

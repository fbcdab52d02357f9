/**
 * Reshaping a plan for `--rate`, `--vus` and `--duration`: constant plans take the value, ramps
 * keep their shape and are scaled so the peak (or the total time) equals it.
 */
import { keepScenarioEntries, listScenarioEntries } from './select-scenarios.js';
import type { LoadPlan, Profile, Stage } from './types.js';

/** Rates are fractional; a millionth of a request per second is below any meaningful figure. */
function roundRate(ratePerSec: number): number {
  return Math.round(ratePerSec * 1e6) / 1e6;
}

/** Highest rate (arrival-rate plans) or VU count (VU plans) the plan reaches. */
export function measurePlanPeak(plan: LoadPlan): number {
  switch (plan.executor) {
    case 'constant-arrival-rate':
      return plan.ratePerSec;
    case 'constant-vus':
      return plan.vus;
    case 'ramping-arrival-rate':
      return Math.max(plan.startRatePerSec, ...plan.stages.map((stage) => stage.target));
    case 'ramping-vus':
      return Math.max(plan.startVus, ...plan.stages.map((stage) => stage.target));
  }
}

/** Total run time of the plan in milliseconds (warm-up and graceful stop excluded). */
export function measurePlanDurationMs(plan: LoadPlan): number {
  return 'stages' in plan
    ? plan.stages.reduce((sum, stage) => sum + stage.durationMs, 0)
    : plan.durationMs;
}

/**
 * Sets the plan's peak to `peak`: a rate for arrival-rate plans, a VU count for VU plans (the
 * caller checks which applies). Ramps scale start and every target by the same factor; VU
 * counts are rounded to whole users.
 */
export function scalePlanPeak(plan: LoadPlan, peak: number): LoadPlan {
  const factor = peak / measurePlanPeak(plan);
  switch (plan.executor) {
    case 'constant-arrival-rate':
      return { ...plan, ratePerSec: peak };
    case 'constant-vus':
      return { ...plan, vus: peak };
    case 'ramping-arrival-rate':
      return {
        ...plan,
        startRatePerSec: roundRate(plan.startRatePerSec * factor),
        stages: plan.stages.map((stage) => ({
          ...stage,
          target: roundRate(stage.target * factor),
        })),
      };
    case 'ramping-vus':
      return {
        ...plan,
        startVus: Math.round(plan.startVus * factor),
        stages: plan.stages.map((stage) => ({
          ...stage,
          target: Math.round(stage.target * factor),
        })),
      };
  }
}

/**
 * Stretches or shrinks stage durations proportionally so they add up to `totalMs` exactly
 * (whole milliseconds; rounding goes to the last stage). `undefined` when a stage would
 * shrink to nothing.
 */
export function scaleStages(stages: readonly Stage[], totalMs: number): Stage[] | undefined {
  const currentMs = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  const scaled = stages.map((stage) => ({
    ...stage,
    durationMs: Math.round((stage.durationMs * totalMs) / currentMs),
  }));
  const last = scaled.at(-1);
  if (last !== undefined) {
    last.durationMs += totalMs - scaled.reduce((sum, stage) => sum + stage.durationMs, 0);
  }
  return scaled.every((stage) => stage.durationMs > 0) ? scaled : undefined;
}

/** Sets the plan's run time to `durationMs`; `undefined` when a ramp is too short for its stages. */
export function scalePlanDuration(plan: LoadPlan, durationMs: number): LoadPlan | undefined {
  if (!('stages' in plan)) return { ...plan, durationMs };
  const stages = scaleStages(plan.stages, durationMs);
  return stages === undefined ? undefined : { ...plan, stages };
}

/**
 * The profile narrowed to the scenarios named, each still at the load it had in the full mix:
 * the plan's rate (or VUs) is scaled by the kept scenarios' share of the total weight, so a
 * re-measured scenario sees the arrivals per second it saw before, not the whole profile's.
 * VU counts round up to at least one user. A journey's step (`shopper/list`) keeps the whole
 * journey, which cannot run from the middle. Unknown names are ignored; `undefined` when none is
 * left (the caller re-measures the whole profile then).
 */
export function focusProfile(profile: Profile, names: ReadonlySet<string>): Profile | undefined {
  const entries = listScenarioEntries(profile);
  const kept = entries.filter(
    (entry) =>
      names.has(entry.name) ||
      entry.rows.some((row) => names.has(profile.scenarios[row]?.name ?? '')),
  );
  if (kept.length === 0) return undefined;
  if (kept.length === entries.length) return profile;
  const sumWeights = (list: typeof entries) => list.reduce((sum, entry) => sum + entry.weight, 0);
  const share = sumWeights(kept) / sumWeights(entries);
  const plan = profile.load.plan;
  const closed = plan.executor === 'constant-vus' || plan.executor === 'ramping-vus';
  const peak = measurePlanPeak(plan) * share;
  const scaled = scalePlanPeak(plan, closed ? Math.max(1, Math.ceil(peak)) : roundRate(peak));
  return { ...keepScenarioEntries(profile, kept), load: { ...profile.load, plan: scaled } };
}

/**
 * How long a pull request's re-measure runs (`confirm: N`): the time confirmation may add to a
 * failing run is bounded, and stated in the report.
 */
import type { LoadPlan, Profile } from '../profile/types.js';

/** A re-measure of a constant plan runs at most this long (its warm-up comes on top). A minute
 * holds 60 one-second windows: plenty for the rank test, which needs 5. */
export const REMEASURE_MAX_MS = 60_000;

/** The measured length of a plan in ms: a constant plan's duration, a ramp's stages summed. */
export function measurePlanMs(plan: LoadPlan): number {
  if (plan.executor === 'constant-arrival-rate' || plan.executor === 'constant-vus')
    return plan.durationMs;
  return plan.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}

/**
 * The profile a pull request's re-measure runs: a constant plan (arrival rate or VUs) cut to
 * `maxMs` (the same load, measured for less time; a shorter run only loses windows), a ramping
 * plan unchanged, since a cut ramp never reaches the load the baseline was measured at.
 * @param maxMs the cap, ms (> 0); default `REMEASURE_MAX_MS`.
 * @returns the profile and its measured length in ms (warm-up and graceful stop not included).
 */
export function limitRemeasure(
  profile: Profile,
  maxMs: number = REMEASURE_MAX_MS,
): { profile: Profile; measuredMs: number } {
  const plan = profile.load.plan;
  if (
    (plan.executor === 'constant-arrival-rate' || plan.executor === 'constant-vus') &&
    plan.durationMs > maxMs
  ) {
    const shortened = { ...plan, durationMs: maxMs };
    return {
      profile: { ...profile, load: { ...profile.load, plan: shortened } },
      measuredMs: maxMs,
    };
  }
  return { profile, measuredMs: measurePlanMs(plan) };
}

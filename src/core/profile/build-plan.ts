/** The load plan: from a validated raw `load` section, presets expanded, overrides applied. */
import type { InputIssue } from '../input/format-issues.js';
import { formatDurationMs } from '../input/units.js';
import { LIMITS, readValidatedMs, readValidatedRate } from '../input/value-checks.js';
import type { RawLoad } from './load-schema.js';
import type { OverrideLabels, ParsedOverrides } from './overrides.js';
import { expandPreset } from './presets.js';
import {
  measurePlanDurationMs,
  measurePlanPeak,
  scalePlanDuration,
  scalePlanPeak,
} from './scale-plan.js';
import type { ExecutorName, LoadModel, LoadPlan } from './types.js';

// A Record, not a test on the name: a new executor does not compile until it names its model.
const MODEL_OF_EXECUTOR: Record<ExecutorName, LoadModel> = {
  'constant-arrival-rate': 'open',
  'ramping-arrival-rate': 'open',
  'constant-vus': 'closed',
  'ramping-vus': 'closed',
};

/** The plan's load model: `open` for the arrival-rate executors, `closed` for the VU ones. */
export function planModel(plan: LoadPlan): LoadModel {
  return MODEL_OF_EXECUTOR[plan.executor];
}

/** Closed-model plans count virtual users; the others count requests per second. */
export function isVuPlan(plan: LoadPlan): boolean {
  return planModel(plan) === 'closed';
}

function buildPlan(load: RawLoad): LoadPlan {
  switch (load.executor) {
    case 'constant-arrival-rate':
      return {
        executor: load.executor,
        ratePerSec: readValidatedRate(load.rate),
        durationMs: readValidatedMs(load.duration),
      };
    case 'ramping-arrival-rate':
      return {
        executor: load.executor,
        startRatePerSec: load.startRate === undefined ? 0 : readValidatedRate(load.startRate),
        stages: load.stages.map((stage) => ({
          durationMs: readValidatedMs(stage.duration),
          target: readValidatedRate(stage.target),
        })),
      };
    case 'constant-vus':
      return { executor: load.executor, vus: load.vus, durationMs: readValidatedMs(load.duration) };
    case 'ramping-vus':
      return {
        executor: load.executor,
        startVus: load.startVus ?? 0,
        stages: load.stages.map((stage) => ({
          durationMs: readValidatedMs(stage.duration),
          target: stage.target,
        })),
      };
    case undefined:
      return expandPreset(load.preset, {
        ...(load.rate === undefined ? {} : { ratePerSec: readValidatedRate(load.rate) }),
        ...(load.duration === undefined ? {} : { durationMs: readValidatedMs(load.duration) }),
      });
  }
}

/** Applies overrides whose applicability `parseOverrides` has already checked. */
function applyOverrides(
  plan: LoadPlan,
  overrides: ParsedOverrides,
  labels: OverrideLabels,
  issues: InputIssue[],
): LoadPlan {
  let result = plan;
  const peak = isVuPlan(result) ? overrides.vus : overrides.ratePerSec;
  if (peak !== undefined) result = scalePlanPeak(result, peak);
  if (overrides.durationMs !== undefined) {
    const scaled = scalePlanDuration(result, overrides.durationMs);
    if (scaled !== undefined) result = scaled;
    else {
      const stageCount = 'stages' in result ? result.stages.length : 1;
      const message = `expected at least 1ms for each of the ${stageCount} stages, got ${JSON.stringify(formatDurationMs(overrides.durationMs))}`;
      issues.push({ path: labels.duration, message });
    }
  }
  return result;
}

/** Limits of the whole plan, which presets and overrides can exceed even with valid fields. */
function checkPlanLimits(plan: LoadPlan, issues: InputIssue[]): void {
  const totalMs = measurePlanDurationMs(plan);
  if (totalMs > LIMITS.maxDurationMs) {
    const message = `expected a plan of at most ${formatDurationMs(LIMITS.maxDurationMs)} in total, got ${formatDurationMs(totalMs)}`;
    issues.push({ path: 'load', message });
  }
  const peak = measurePlanPeak(plan);
  if (!isVuPlan(plan) && peak > LIMITS.maxRatePerSec) {
    const message = `expected a peak rate of at most ${LIMITS.maxRatePerSec}/s, got ${peak}/s`;
    issues.push({ path: 'load', message });
  }
}

/**
 * The plan of a validated `load` section with overrides applied: `rate`/`vus` set the peak,
 * `duration` the total time. Problems only the final plan can have go to `issues`.
 */
export function buildLoadPlan(
  load: RawLoad,
  overrides: ParsedOverrides,
  labels: OverrideLabels,
  issues: InputIssue[],
): LoadPlan {
  const plan = applyOverrides(buildPlan(load), overrides, labels, issues);
  checkPlanLimits(plan, issues);
  return plan;
}

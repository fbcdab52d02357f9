import type { LoadPlan, Stage } from '../profile/types.js';

/**
 * How many virtual users a closed-model run wants at each moment: linear between stage targets
 * (rounded), preceded by an optional warm-up at the starting count (at least one user).
 */
export class VuSchedule {
  readonly totalDurationMs: number;
  readonly peakVus: number;

  constructor(
    private readonly startVus: number,
    private readonly stages: readonly Stage[],
    readonly warmupMs: number,
    private readonly warmupVus: number,
  ) {
    this.totalDurationMs = warmupMs + stages.reduce((sum, s) => sum + s.durationMs, 0);
    this.peakVus = Math.max(startVus, warmupVus, ...stages.map((s) => s.target));
  }

  /** Wanted users at offset `tMs` from the schedule start; 0 once the schedule is over. */
  targetVusAt(tMs: number): number {
    if (tMs < this.warmupMs) return this.warmupVus;
    let offset = tMs - this.warmupMs;
    let from = this.startVus;
    for (const stage of this.stages) {
      if (offset < stage.durationMs) {
        return Math.round(from + ((stage.target - from) * offset) / stage.durationMs);
      }
      offset -= stage.durationMs;
      from = stage.target;
    }
    return 0;
  }
}

/** Builds the VU schedule of a closed-model plan. */
export function buildVuSchedule(plan: LoadPlan, warmupMs: number): VuSchedule {
  if (plan.executor === 'constant-vus') {
    return new VuSchedule(
      plan.vus,
      [{ durationMs: plan.durationMs, target: plan.vus }],
      warmupMs,
      plan.vus,
    );
  }
  if (plan.executor === 'ramping-vus') {
    const warmupVus = plan.startVus > 0 ? plan.startVus : 1;
    return new VuSchedule(plan.startVus, plan.stages, warmupMs, warmupVus);
  }
  throw new TypeError(`${plan.executor} is an open-model executor, not a VU schedule`);
}

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

/**
 * A small seeded PRNG (mulberry32): the scenario mix and think times of a run are reproducible
 * from the profile's seed, and tests can predict them.
 * @returns a function giving floats in [0, 1).
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The `n`-th (0-based) value `createRandom(seed)` would give, without drawing the ones before:
 * mulberry32's state is a counter, so a stripe of a schedule (a shard, a worker) can draw
 * arrival k's scenario exactly as a single process drawing all arrivals in order would.
 */
export function randomAt(seed: number, n: number): number {
  let t = ((seed >>> 0) + Math.imul(n + 1, 0x6d2b79f5)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * Draws scenario indexes in proportion to their weights.
 * @param weights positive numbers, one per scenario.
 * @param random a [0, 1) source, e.g. from `createRandom`.
 */
export function createScenarioPicker(
  weights: readonly number[],
  random: () => number,
): () => number {
  if (weights.length === 0) throw new RangeError('at least one scenario weight is needed');
  if (weights.length === 1) return () => 0;
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  const last = weights.length - 1;
  return () => {
    const u = random() * total;
    for (let i = 0; i < last; i++) if (u < (cumulative[i] as number)) return i;
    return last;
  };
}

/**
 * `createScenarioPicker(weights, createRandom(seed))` read by index: call `n` gives what the
 * sequential picker's n-th call (0-based) gives, in any order and with gaps. A stripe of an
 * open-model schedule draws arrival k's scenario with it, so the stripes together send exactly
 * the single process's mix, arrival for arrival.
 */
export function createIndexedScenarioPicker(
  weights: readonly number[],
  seed: number,
): (n: number) => number {
  let index = 0;
  const pick = createScenarioPicker(weights, () => randomAt(seed, index));
  return (n) => {
    index = n;
    return pick();
  };
}

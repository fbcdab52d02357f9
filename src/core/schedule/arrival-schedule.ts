import type { LoadPlan, Stage } from '../profile/types.js';

/** A span in which the rate moves linearly from `fromPerSec` to `toPerSec`. */
interface Segment {
  startMs: number;
  durationMs: number;
  fromPerSec: number;
  toPerSec: number;
  /** Arrivals (continuous count) before this segment starts. */
  countBefore: number;
  countAfter: number;
}

/**
 * When each arrival of an open-model run is due. Arrival n (0-based) is due at the time t where
 * the cumulative arrival count N(t) = n, solved in closed form per linear segment (k6's formula),
 * so timer error never accumulates the way summing 1/rate intervals does.
 */
export class ArrivalSchedule {
  readonly segments: readonly Segment[];
  /** Total arrivals in the schedule, warm-up included. */
  readonly totalArrivals: number;
  /** Arrivals due before the measured window starts. */
  readonly warmupArrivals: number;
  readonly totalDurationMs: number;
  readonly warmupMs: number;
  private cursor = 0;

  constructor(segments: Segment[], warmupMs: number) {
    this.segments = segments;
    this.warmupMs = warmupMs;
    const last = segments[segments.length - 1];
    this.totalDurationMs = last ? last.startMs + last.durationMs : 0;
    // Arrivals n with N(t_n) = n < N(T): there are ceil(N(T)) of them; the epsilon keeps a
    // float like 2000.0000000002 from adding a phantom arrival.
    this.totalArrivals = last ? Math.ceil(last.countAfter - 1e-6) : 0;
    const warmSegment = warmupMs > 0 ? segments[0] : undefined;
    this.warmupArrivals = warmSegment ? Math.ceil(warmSegment.countAfter - 1e-6) : 0;
  }

  /**
   * Offset in ms from the schedule start at which arrival `n` is due. Calls are cheapest with
   * non-decreasing `n` (a cursor remembers the segment), but any order is correct.
   */
  timeOfArrivalMs(n: number): number {
    let i = this.cursor;
    const segs = this.segments;
    if (i >= segs.length || n < (segs[i]?.countBefore ?? 0)) i = 0;
    while (i < segs.length - 1 && n >= (segs[i] as Segment).countAfter) i++;
    this.cursor = i;
    const s = segs[i] as Segment;
    const local = n - s.countBefore;
    const b = s.fromPerSec / 1000;
    const a = (s.toPerSec - s.fromPerSec) / 1000 / (2 * s.durationMs);
    // Solves a t^2 + b t = local in the form that stays exact when a → 0 and for ramps down.
    const root = Math.sqrt(Math.max(0, b * b + 4 * a * local));
    const denominator = b + root;
    const t = denominator > 0 ? (2 * local) / denominator : 0;
    return s.startMs + Math.min(t, s.durationMs);
  }

  /** Target rate (per second) at offset `tMs`, for progress lines. */
  rateAtMs(tMs: number): number {
    for (const s of this.segments) {
      if (tMs < s.startMs + s.durationMs) {
        return s.fromPerSec + ((s.toPerSec - s.fromPerSec) * (tMs - s.startMs)) / s.durationMs;
      }
    }
    return 0;
  }
}

/** Stages of an arrival-rate plan as (start rate, stages). */
function rateStages(plan: LoadPlan): { startPerSec: number; stages: Stage[] } {
  if (plan.executor === 'constant-arrival-rate') {
    return {
      startPerSec: plan.ratePerSec,
      stages: [{ durationMs: plan.durationMs, target: plan.ratePerSec }],
    };
  }
  if (plan.executor === 'ramping-arrival-rate')
    return { startPerSec: plan.startRatePerSec, stages: plan.stages };
  throw new TypeError(`${plan.executor} is a closed-model executor, not an arrival schedule`);
}

/**
 * The warm-up rate: the plan's starting rate, or a tenth of its peak when it starts from zero
 * (a warm-up at rate 0 would warm nothing), at least 1/s.
 */
export function warmupRatePerSec(plan: LoadPlan): number {
  const { startPerSec, stages } = rateStages(plan);
  if (startPerSec > 0) return startPerSec;
  const peak = Math.max(0, ...stages.map((s) => s.target));
  return Math.max(1, peak / 10);
}

/**
 * Builds the schedule of an arrival-rate plan, with an optional warm-up first that ramps from a
 * tenth of the warm-up rate up to it: a cold generator (JIT, first connections) reaches full
 * speed under lighter load, instead of carrying a backlog into the measured window (measured
 * at 5k/s and more on 2 cores with a flat warm-up).
 */
export function buildArrivalSchedule(plan: LoadPlan, warmupMs: number): ArrivalSchedule {
  const { startPerSec, stages } = rateStages(plan);
  const segments: Segment[] = [];
  let startMs = 0;
  let count = 0;
  const push = (durationMs: number, fromPerSec: number, toPerSec: number) => {
    const countAfter = count + (((fromPerSec + toPerSec) / 2) * durationMs) / 1000;
    segments.push({ startMs, durationMs, fromPerSec, toPerSec, countBefore: count, countAfter });
    startMs += durationMs;
    count = countAfter;
  };
  if (warmupMs > 0) {
    const rate = warmupRatePerSec(plan);
    push(warmupMs, rate / 10, rate);
  }
  let from = startPerSec;
  for (const stage of stages) {
    push(stage.durationMs, from, stage.target);
    from = stage.target;
  }
  return new ArrivalSchedule(segments, warmupMs);
}

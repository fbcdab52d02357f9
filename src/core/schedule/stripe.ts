/**
 * Shares of one schedule, k6 execution-segment style: a stripe takes the global arrival indexes
 * k ≡ offset (mod step), each fired at the profile's own intended time tₖ, so the stripes of a
 * split together send exactly the single-process schedule (no bursts, no gaps). Shards
 * (`--shard i/N`, one per machine) and worker threads (`--workers M`, within a process) are both
 * stripes; a worker of a shard is a stripe of a stripe.
 */

/** Arrivals k with k ≡ offset (mod step); the whole schedule is { offset: 0, step: 1 }. */
export interface Stripe {
  /** 0 ≤ offset < step. */
  offset: number;
  /** ≥ 1. */
  step: number;
}

export const WHOLE_SCHEDULE: Stripe = { offset: 0, step: 1 };

/**
 * Shard `index` (1-based, as written in `--shard 2/4`) of `count`.
 * @throws RangeError unless 1 ≤ index ≤ count (callers validate input first).
 */
export function shardStripe(index: number, count: number): Stripe {
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 1 || index > count) {
    throw new RangeError(`shard ${index}/${count} is not one of 1…${count}`);
  }
  return { offset: index - 1, step: count };
}

/**
 * Part `index` (0-based) of `count` equal parts of `parent`: the parent's arrivals taken in turn,
 * so part j gets every count-th of them starting with the j-th.
 */
export function subStripe(parent: Stripe, index: number, count: number): Stripe {
  if (!Number.isInteger(index) || !Number.isInteger(count) || index < 0 || index >= count) {
    throw new RangeError(`part ${index} of ${count} does not exist`);
  }
  return { offset: parent.offset + parent.step * index, step: parent.step * count };
}

/**
 * How many of the indexes 0 … total−1 fall in the stripe. Also splits a VU count: with VU ids
 * 0 … total−1, the stripe runs this many, and the stripes of a split always add up to `total`
 * (k6's ScaleInt64 property), at every moment of a ramp.
 */
export function countInStripe(total: number, stripe: Stripe): number {
  if (total <= stripe.offset) return 0;
  return Math.floor((total - 1 - stripe.offset) / stripe.step) + 1;
}

/** Whether the stripe is the whole schedule. */
export function isWholeSchedule(stripe: Stripe | undefined): boolean {
  return stripe === undefined || stripe.step === 1;
}

/**
 * Side by side (`--baseline-target`): one schedule whose arrivals go in turn to two targets, A
 * (the baseline target) and B (the target), so both are measured over the same seconds and
 * whatever disturbs the machine or the network in one second disturbs both.
 */
import type { Stripe } from './stripe.js';

/** 0: A, the baseline target; 1: B, the target being judged. */
export type Side = 0 | 1;

export const BASELINE_SIDE: Side = 0;
export const TARGET_SIDE: Side = 1;

/**
 * The side of the j-th arrival of a sequence: A B, B A, A B, B A … Within each pair the order
 * flips, so neither side is systematically sent first (a side sent first meets warmer caches or
 * an idle core more often than the other). Over any prefix the two sides differ by at most 1.
 * @param index 0-based position in the sequence (a whole number).
 */
export function sideOfIndex(index: number): Side {
  return ((index + Math.floor(index / 2)) % 2) as Side;
}

/**
 * The side of global arrival `k` of a stripe's share (a shard, a worker thread): the stripe's
 * own arrivals alternate by pairs (`sideOfIndex` of the position within the stripe), and
 * stripes of odd offset start on the other side, so two threads sending neighbouring arrivals
 * send them to different sides. Every stripe then keeps both of its connection pools busy.
 * @param k a global arrival index of `stripe` (k ≡ offset mod step).
 */
export function sideOfArrival(k: number, stripe: Stripe): Side {
  const position = (k - stripe.offset) / stripe.step;
  return ((sideOfIndex(position) + stripe.offset) % 2) as Side;
}

/**
 * How many of a stripe's arrivals among global indexes [from, to) go to `side`
 * (`sideOfArrival`): each side's planned requests, so that its results file compares what it
 * was sent with what it was planned to get.
 */
export function countSideArrivals(from: number, to: number, stripe: Stripe, side: Side): number {
  // Positions within the stripe: the first at or after `from`, the first at or after `to`.
  const positionOf = (k: number) => Math.max(0, Math.ceil((k - stripe.offset) / stripe.step));
  // The stripe's own pattern, A B B A or B A A B by its offset's parity, repeats every 4.
  const own = ((side + stripe.offset) % 2) as Side;
  const upTo = (n: number) => {
    let count = Math.floor(n / 4) * 2;
    for (let j = n - (n % 4); j < n; j++) if (sideOfIndex(j) === own) count++;
    return count;
  };
  return upTo(positionOf(to)) - upTo(positionOf(from));
}

/**
 * The side of a closed-model user's iteration: each user alternates by pairs as arrivals do,
 * and half of the users (every other local id) start on the other side, so at any moment about
 * half of the users are on each side.
 * @param localId the user's id within its stripe (0-based).
 * @param iteration the user's iteration (0-based).
 */
export function sideOfIteration(localId: number, stripeOffset: number, iteration: number): Side {
  return ((localId + stripeOffset + sideOfIndex(iteration)) % 2) as Side;
}

/**
 * Each side's share of a budget (`load.connections`, `load.maxInFlight`): half, rounded up, so
 * the two sides get the same (an odd budget costs one more than written) and neither gets 0.
 */
export function halveBudget(budget: number): number {
  return Math.max(1, Math.ceil(budget / 2));
}

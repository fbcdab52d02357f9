import { describe, expect, it } from 'vitest';
import {
  countSideArrivals,
  halveBudget,
  type Side,
  sideOfArrival,
  sideOfIndex,
  sideOfIteration,
} from '../../../src/core/schedule/side-by-side.js';
import { subStripe, WHOLE_SCHEDULE } from '../../../src/core/schedule/stripe.js';

describe('side by side: which arrival goes where', () => {
  it('alternates by pairs, A B then B A, so neither side is always first', () => {
    const sides = Array.from({ length: 12 }, (_, k) => sideOfIndex(k));
    expect(sides).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]);
    // The first of each pair alternates; every prefix is balanced to within one.
    const firsts = Array.from({ length: 6 }, (_, p) => sideOfIndex(2 * p));
    expect(firsts).toEqual([0, 1, 0, 1, 0, 1]);
    let a = 0;
    for (let k = 0; k < 1000; k++) {
      if (sideOfIndex(k) === 0) a++;
      expect(Math.abs(2 * a - (k + 1))).toBeLessThanOrEqual(1);
    }
  });

  it('keeps each worker thread alternating within its stripe, and the run balanced', () => {
    for (const threads of [2, 3, 4]) {
      const stripes = Array.from({ length: threads }, (_, j) =>
        subStripe(WHOLE_SCHEDULE, j, threads),
      );
      const perThread = stripes.map((stripe) => {
        const counts = [0, 0];
        for (let k = stripe.offset; k < 4000; k += stripe.step) {
          counts[sideOfArrival(k, stripe)] = (counts[sideOfArrival(k, stripe)] as number) + 1;
        }
        return counts;
      });
      // Every thread keeps both of its pools busy: never one side only.
      for (const [a, b] of perThread)
        expect(Math.abs((a as number) - (b as number))).toBeLessThanOrEqual(1);
    }
    expect(sideOfArrival(7, WHOLE_SCHEDULE)).toBe(sideOfIndex(7));
  });

  it('counts each side’s planned arrivals exactly, for any window and stripe', () => {
    const stripes = [WHOLE_SCHEDULE, { offset: 1, step: 3 }, { offset: 2, step: 4 }];
    for (const stripe of stripes) {
      for (const [from, to] of [
        [0, 0],
        [0, 1],
        [3, 17],
        [5, 1000],
        [998, 1003],
      ] as const) {
        for (const side of [0, 1] as Side[]) {
          let brute = 0;
          for (let k = stripe.offset; k < to; k += stripe.step) {
            if (k >= from && sideOfArrival(k, stripe) === side) brute++;
          }
          expect(countSideArrivals(from, to, stripe, side)).toBe(brute);
        }
      }
    }
  });

  it('starts half of the closed-model users on each side, each alternating by pairs', () => {
    expect([0, 1, 2, 3].map((vu) => sideOfIteration(vu, 0, 0))).toEqual([0, 1, 0, 1]);
    expect([0, 1, 2, 3].map((it) => sideOfIteration(0, 0, it))).toEqual([0, 1, 1, 0]);
    expect([0, 1, 2, 3].map((it) => sideOfIteration(1, 0, it))).toEqual([1, 0, 0, 1]);
  });

  it('halves a budget rounding up, never to 0', () => {
    expect([1, 2, 3, 50, 51].map(halveBudget)).toEqual([1, 1, 2, 25, 26]);
  });
});

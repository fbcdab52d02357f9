import { describe, expect, it } from 'vitest';
import {
  countInStripe,
  isWholeSchedule,
  shardStripe,
  subStripe,
  WHOLE_SCHEDULE,
} from '../../../src/core/schedule/stripe.js';
import { createRandom, randomAt } from '../../../src/core/schedule/vu-schedule.js';

/** The indexes 0 … total−1 a stripe takes, listed. */
function indexesOf(total: number, stripe: { offset: number; step: number }): number[] {
  return Array.from({ length: total }, (_, k) => k).filter(
    (k) => k % stripe.step === stripe.offset,
  );
}

describe('stripes of a schedule', () => {
  it('shards i/N take k ≡ i−1 (mod N), and together every index exactly once', () => {
    const total = 103;
    const shards = [1, 2, 3, 4].map((i) => shardStripe(i, 4));
    expect(shards[1]).toEqual({ offset: 1, step: 4 });
    const union = shards.flatMap((s) => indexesOf(total, s)).sort((a, b) => a - b);
    expect(union).toEqual(Array.from({ length: total }, (_, k) => k));
  });

  it('a worker of a shard is a stripe of the stripe: the workers together are the shard', () => {
    const shard = shardStripe(2, 3);
    const workers = [0, 1].map((j) => subStripe(shard, j, 2));
    expect(workers).toEqual([
      { offset: 1, step: 6 },
      { offset: 4, step: 6 },
    ]);
    const union = workers.flatMap((w) => indexesOf(200, w)).sort((a, b) => a - b);
    expect(union).toEqual(indexesOf(200, shard));
  });

  it('counts its share of a total, the shares always adding up to the total (VUs too)', () => {
    for (const total of [0, 1, 2, 3, 7, 50, 101]) {
      for (const count of [1, 2, 3, 4, 7]) {
        const shares = Array.from({ length: count }, (_, i) =>
          countInStripe(total, shardStripe(i + 1, count)),
        );
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        shares.forEach((share, i) => {
          expect(share).toBe(indexesOf(total, shardStripe(i + 1, count)).length);
        });
      }
    }
  });

  it('refuses shards and parts that do not exist', () => {
    expect(() => shardStripe(0, 4)).toThrow(RangeError);
    expect(() => shardStripe(5, 4)).toThrow(RangeError);
    expect(() => shardStripe(1.5, 4)).toThrow(RangeError);
    expect(() => subStripe(WHOLE_SCHEDULE, 2, 2)).toThrow(RangeError);
  });

  it('knows the whole schedule', () => {
    expect(isWholeSchedule(undefined)).toBe(true);
    expect(isWholeSchedule(WHOLE_SCHEDULE)).toBe(true);
    expect(isWholeSchedule(shardStripe(1, 1))).toBe(true);
    expect(isWholeSchedule(shardStripe(1, 2))).toBe(false);
  });
});

describe('randomAt: the n-th draw without the ones before', () => {
  it('equals the n-th value of createRandom for every n and seed tried', () => {
    for (const seed of [0, 1, 7, 0xffffffff, 123456789]) {
      const random = createRandom(seed);
      for (let n = 0; n < 5000; n++) expect(randomAt(seed, n)).toBe(random());
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildArrivalSchedule,
  warmupRatePerSec,
} from '../../../src/core/schedule/arrival-schedule.js';

describe('ArrivalSchedule', () => {
  it('constant rate: arrival n at n/rate exactly, with no drift after a million arrivals', () => {
    const s = buildArrivalSchedule(
      { executor: 'constant-arrival-rate', ratePerSec: 1000, durationMs: 1_000_000 },
      0,
    );
    expect(s.totalArrivals).toBe(1_000_000);
    expect(s.timeOfArrivalMs(0)).toBe(0);
    expect(s.timeOfArrivalMs(1)).toBeCloseTo(1, 12);
    expect(s.timeOfArrivalMs(999_999)).toBeCloseTo(999_999, 6);
  });

  it('counts ceil(rate × duration) arrivals, without a phantom one from float error', () => {
    const count = (ratePerSec: number, durationMs: number) =>
      buildArrivalSchedule({ executor: 'constant-arrival-rate', ratePerSec, durationMs }, 0)
        .totalArrivals;
    expect(count(200, 10_000)).toBe(2000);
    expect(count(3, 1000)).toBe(3);
    expect(count(0.1, 1000)).toBe(1);
    expect(count(7, 333)).toBe(3);
  });

  it('ramp from 0: k6’s closed form t = sqrt(2·D·n / r1)', () => {
    const s = buildArrivalSchedule(
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [{ durationMs: 10_000, target: 100 }],
      },
      0,
    );
    expect(s.totalArrivals).toBe(500);
    for (const n of [1, 50, 250, 499]) {
      expect(s.timeOfArrivalMs(n)).toBeCloseTo(Math.sqrt((2 * 10 * n) / 100) * 1000, 6);
    }
  });

  it('multi-stage ramps are monotonic and follow the rate curve second by second', () => {
    const s = buildArrivalSchedule(
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 50,
        stages: [
          { durationMs: 2000, target: 150 },
          { durationMs: 2000, target: 150 },
          { durationMs: 2000, target: 0 },
        ],
      },
      0,
    );
    // 50→150 over 2 s = 200, hold = 300, 150→0 over 2 s = 150.
    expect(s.totalArrivals).toBe(650);
    let previous = -1;
    const perSecond = new Array(6).fill(0);
    for (let n = 0; n < s.totalArrivals; n++) {
      const t = s.timeOfArrivalMs(n);
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
      perSecond[Math.floor(t / 1000)]++;
    }
    // The integral of the rate over each second: 75, 125, 150, 150, 112.5, 37.5.
    const expected = [75, 125, 150, 150, 112.5, 37.5];
    for (const [i, n] of perSecond.entries())
      expect(Math.abs(n - (expected[i] ?? 0))).toBeLessThanOrEqual(1);
    expect(s.rateAtMs(1000)).toBe(100);
  });

  it('answers correctly when asked out of order (the cursor is only a speed-up)', () => {
    const s = buildArrivalSchedule(
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 10,
        stages: [
          { durationMs: 1000, target: 10 },
          { durationMs: 1000, target: 30 },
        ],
      },
      0,
    );
    const forward = Array.from({ length: s.totalArrivals }, (_, n) => s.timeOfArrivalMs(n));
    const backward = Array.from({ length: s.totalArrivals }, (_, n) =>
      s.timeOfArrivalMs(s.totalArrivals - 1 - n),
    ).reverse();
    expect(backward).toEqual(forward);
  });

  it('prepends a warm-up ramping up to the start rate (or a tenth of the peak from 0)', () => {
    const constant = buildArrivalSchedule(
      { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 2000 },
      500,
    );
    // 20/s → 200/s over 0.5 s: (20 + 200) / 2 × 0.5 = 55 arrivals, then the plan.
    expect(constant.warmupArrivals).toBe(55);
    expect(constant.totalArrivals).toBe(455);
    expect(constant.totalDurationMs).toBe(2500);
    expect(constant.rateAtMs(0)).toBe(20);
    expect(constant.rateAtMs(250)).toBeCloseTo(110, 9);
    expect(constant.timeOfArrivalMs(55)).toBeCloseTo(500, 9);
    expect(
      warmupRatePerSec({
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [{ durationMs: 1, target: 300 }],
      }),
    ).toBe(30);
    expect(
      warmupRatePerSec({
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [{ durationMs: 1, target: 5 }],
      }),
    ).toBe(1);
  });
});

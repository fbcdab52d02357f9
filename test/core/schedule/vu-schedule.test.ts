import { describe, expect, it } from 'vitest';
import {
  buildVuSchedule,
  createRandom,
  createScenarioPicker,
} from '../../../src/core/schedule/vu-schedule.js';

describe('VuSchedule', () => {
  it('interpolates between stages and ends at 0', () => {
    const s = buildVuSchedule(
      {
        executor: 'ramping-vus',
        startVus: 0,
        stages: [
          { durationMs: 1000, target: 10 },
          { durationMs: 1000, target: 4 },
        ],
      },
      500,
    );
    expect(s.totalDurationMs).toBe(2500);
    expect(s.targetVusAt(0)).toBe(1);
    expect(s.targetVusAt(1000)).toBe(5);
    expect(s.targetVusAt(1500)).toBe(10);
    expect(s.targetVusAt(2000)).toBe(7);
    expect(s.targetVusAt(2500)).toBe(0);
    expect(s.peakVus).toBe(10);
  });

  it('constant-vus holds its count through warm-up and run', () => {
    const s = buildVuSchedule({ executor: 'constant-vus', vus: 3, durationMs: 1000 }, 200);
    expect([0, 199, 200, 1199].map((t) => s.targetVusAt(t))).toEqual([3, 3, 3, 3]);
  });
});

describe('scenario picking', () => {
  it('is reproducible from the seed', () => {
    const draw = (seed: number) => {
      const pick = createScenarioPicker([1, 2, 3], createRandom(seed));
      return Array.from({ length: 50 }, pick);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws in proportion to the weights', () => {
    const pick = createScenarioPicker([5, 3, 2], createRandom(1));
    const counts = new Float64Array(3);
    for (let i = 0; i < 100_000; i++) {
      const index = pick();
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect([...counts].map((n) => n / 100_000)).toEqual([
      expect.closeTo(0.5, 2),
      expect.closeTo(0.3, 2),
      expect.closeTo(0.2, 2),
    ]);
  });

  it('gives floats in [0, 1)', () => {
    const random = createRandom(123);
    for (let i = 0; i < 10_000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

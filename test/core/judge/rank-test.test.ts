import { describe, expect, it } from 'vitest';
import { compareWindows } from '../../../src/core/judge/rank-test.js';

// Reference p-values from scipy.stats.mannwhitneyu(current, baseline, alternative=…,
// use_continuity=True, method='asymptotic') and Hodges–Lehmann shifts from numpy.
const CASES = [
  {
    name: 'shifted up',
    baseline: [10.1, 10.4, 9.8, 10.0, 10.2, 10.3, 9.9, 10.1],
    current: [11.0, 10.9, 11.3, 10.8, 11.1, 11.2, 10.7, 11.4, 11.0],
    pHigher: 0.0003128950398211259,
    pLower: 0.9997813832889019,
    shift: 0.9,
  },
  {
    name: 'many ties',
    baseline: [5, 5, 6, 6, 7, 7, 8, 8, 9, 9],
    current: [6, 7, 7, 8, 8, 9, 9, 10, 10, 11],
    pHigher: 0.03021716398220352,
    pLower: 0.9746640955392185,
    shift: 1.5,
  },
  {
    name: 'identical',
    baseline: [1, 2, 3, 4, 5, 6, 7, 8],
    current: [1, 2, 3, 4, 5, 6, 7, 8],
    pHigher: 0.5210631898891795,
    pLower: 0.5210631898891795,
    shift: 0,
  },
  {
    name: 'shifted down',
    baseline: [100, 101, 99, 102, 100, 98, 101, 103],
    current: [90, 91, 89, 92, 95, 93, 90, 94],
    pHigher: 0.9996877412853398,
    pLower: 0.00045742395513180214,
    shift: -9,
  },
];

describe('compareWindows (Mann–Whitney U, Hodges–Lehmann)', () => {
  it.each(CASES)(
    '$name: p-values and shift match scipy/numpy',
    ({ baseline, current, pHigher, pLower, shift }) => {
      const higher = compareWindows(baseline, current, 'higher', 0.95);
      const lower = compareWindows(baseline, current, 'lower', 0.95);
      expect(higher.pValue).toBeCloseTo(pHigher, 6);
      expect(lower.pValue).toBeCloseTo(pLower, 6);
      expect(higher.shift).toBeCloseTo(shift, 9);
    },
  );

  it('brackets the shift with its interval, wider at higher confidence', () => {
    const { baseline, current } = CASES[0] as (typeof CASES)[number];
    const at90 = compareWindows(baseline, current, 'higher', 0.9);
    const at99 = compareWindows(baseline, current, 'higher', 0.99);
    expect(at90.low).toBeLessThanOrEqual(at90.shift);
    expect(at90.high).toBeGreaterThanOrEqual(at90.shift);
    expect(at99.low).toBeLessThanOrEqual(at90.low);
    expect(at99.high).toBeGreaterThanOrEqual(at90.high);
    expect(at90.low).toBeGreaterThan(0);
  });

  it('gives no evidence when every value is equal', () => {
    const r = compareWindows([3, 3, 3, 3, 3], [3, 3, 3, 3, 3], 'higher', 0.95);
    expect(r).toEqual({ pValue: 1, shift: 0, low: 0, high: 0 });
  });

  it('thins very long runs without losing a clear shift', () => {
    const baseline = Array.from({ length: 3000 }, (_, i) => 10 + (i % 7) * 0.1);
    const current = Array.from({ length: 3000 }, (_, i) => 11 + (i % 7) * 0.1);
    const r = compareWindows(baseline, current, 'higher', 0.95);
    expect(r.pValue).toBeLessThan(1e-6);
    expect(r.shift).toBeCloseTo(1, 6);
  });
});

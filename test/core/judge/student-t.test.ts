import { errorFunction } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta, studentTCdf } from '../../../src/core/judge/student-t.js';

describe('studentTCdf', () => {
  // Critical values from printed t tables (3 decimals, so the CDF matches to about 1e-4).
  it.each([
    [4, 2.132, 0.95],
    [4, 2.776, 0.975],
    [1, 12.706, 0.975],
    [2, 2.92, 0.95],
    [10, 2.228, 0.975],
    [30, 1.697, 0.95],
    [9, 3.25, 0.995],
    [4, -2.132, 0.05],
  ])('df %s, t %s → %s (table)', (df, t, p) => {
    expect(studentTCdf(t, df)).toBeCloseTo(p, 3);
  });

  it('is the Cauchy distribution at df = 1', () => {
    for (const t of [-30, -2, -0.5, 0.1, 1, 3.7, 100]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
    }
  });

  it('matches the closed forms of df = 2 and df = 4', () => {
    for (const t of [-5, -1.3, 0.4, 2, 9]) {
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
      const u = 1 + (t * t) / 4;
      const df4 = 0.5 + (3 / 8) * (t / Math.sqrt(u)) * (1 - (t * t) / (12 * u));
      expect(studentTCdf(t, 4)).toBeCloseTo(df4, 12);
    }
  });

  it('tends to the standard normal for large df', () => {
    const normal = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));
    for (const z of [-2.5, -1, 0.3, 1.645, 1.96, 3]) {
      expect(studentTCdf(z, 1e6)).toBeCloseTo(normal(z), 5);
    }
    expect(studentTCdf(1.96, 1e6)).toBeCloseTo(0.975, 3);
  });

  it('is 0.5 at 0, symmetric, and bounded at the infinities', () => {
    expect(studentTCdf(0, 3)).toBe(0.5);
    expect(studentTCdf(1.7, 6) + studentTCdf(-1.7, 6)).toBeCloseTo(1, 14);
    expect(studentTCdf(Number.POSITIVE_INFINITY, 3)).toBe(1);
    expect(studentTCdf(Number.NEGATIVE_INFINITY, 3)).toBe(0);
  });

  it('keeps far tails as small positive numbers, not 0', () => {
    const tail = studentTCdf(-50, 5);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-6);
    // df = 1: P(T ≤ −t) = atan(1/t)/π ≈ 1/(π t) far out.
    expect(studentTCdf(-1e6, 1)).toBeCloseTo(1 / (Math.PI * 1e6), 15);
  });

  it('gives NaN for a NaN t or a degree of freedom that is not positive', () => {
    expect(studentTCdf(Number.NaN, 3)).toBeNaN();
    expect(studentTCdf(1, 0)).toBeNaN();
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches closed forms: I_x(1,1) = x, I_x(a,1) = x^a, I_x(1,b) = 1 − (1−x)^b', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 12);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 12);
    }
  });

  it('is 0 and 1 at the ends, NaN for shapes that are not positive', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN();
  });
});

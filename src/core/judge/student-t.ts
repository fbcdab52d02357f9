/**
 * Student's t distribution, for the between-run noise test (few runs, unknown spread): its CDF
 * through the regularized incomplete beta function, evaluated by its continued fraction.
 */
import { gammaln } from 'simple-statistics';

/** The continued fraction converges to double precision within a few dozen terms for the
 * arguments it is used with (x below the mean of the beta distribution). */
const MAX_TERMS = 300;
const EPSILON = 1e-15;
/** Keeps the modified Lentz recurrence away from division by zero. */
const TINY = 1e-300;

/** The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), by the modified Lentz method. */
function continueBetaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), the CDF of the
 * Beta(a, b) distribution at x.
 * @param x in [0, 1]; below 0 gives 0, above 1 gives 1.
 * @param a,b shape parameters, both > 0.
 * @returns a value in [0, 1]; NaN for a NaN argument or a shape ≤ 0.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  // The fraction converges fast only below the distribution's mean; above it, use the symmetry
  // I_x(a, b) = 1 − I_(1−x)(b, a).
  if (x < (a + 1) / (a + b + 2)) return (front * continueBetaFraction(x, a, b)) / a;
  return 1 - (front * continueBetaFraction(1 - x, b, a)) / b;
}

/**
 * P(T ≤ t) for Student's t distribution with `df` degrees of freedom. df = 1 is the Cauchy
 * distribution; as df grows it tends to the standard normal.
 * @param df degrees of freedom, > 0 (need not be whole).
 * @returns a probability in [0, 1]: 0 at −∞, 1 at +∞, 0.5 at 0; NaN for a NaN t or df ≤ 0.
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  // The two-sided tail P(|T| > |t|) is I_x(df/2, 1/2) at x = df / (df + t²).
  const tail = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail / 2 : tail / 2;
}

import { createRandom } from '../core/schedule/vu-schedule.js';

/**
 * Seeded latency draws for the demo target. Deterministic so that two demo runs (a "base" and a
 * "slower" build) see the same sequence of draws and differ only by the slowdown factor.
 */

/** Spread of the log-normal in log space: p99 lands at about 2.3× the median, a modest tail. */
const LOG_SIGMA = 0.35;

/** Caps rare draws so one unlucky request cannot dominate a short demo run. */
const MAX_MULTIPLE_OF_MEDIAN = 5;

/** A function returning uniform numbers in [0, 1). */
export type UniformSource = () => number;

/** Draws one standard normal value (Box–Muller; one of the pair is discarded for simplicity). */
function drawStandardNormal(uniform: UniformSource): number {
  // 1 - u keeps the logarithm's argument in (0, 1], never log(0).
  const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
  return radius * Math.cos(2 * Math.PI * uniform());
}

/** Draws a latency in milliseconds for a given median. */
export type LatencySampler = (medianMs: number) => number;

/**
 * Creates a log-normal latency sampler: the returned function draws a latency whose median is
 * `medianMs`, capped at {@link MAX_MULTIPLE_OF_MEDIAN}× the median.
 */
export function createLatencySampler(seed: number): LatencySampler {
  const uniform: UniformSource = createRandom(seed);
  return (medianMs) => {
    const multiple = Math.exp(LOG_SIGMA * drawStandardNormal(uniform));
    return medianMs * Math.min(multiple, MAX_MULTIPLE_OF_MEDIAN);
  };
}

/**
 * A small seeded PRNG (mulberry32): the scenario mix and think times of a run are reproducible
 * from the profile's seed, and tests can predict them.
 * @returns a function giving floats in [0, 1).
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws scenario indexes in proportion to their weights.
 * @param weights positive numbers, one per scenario.
 * @param random a [0, 1) source, e.g. from `createRandom`.
 */
export function createScenarioPicker(
  weights: readonly number[],
  random: () => number,
): () => number {
  if (weights.length === 0) throw new RangeError('at least one scenario weight is needed');
  if (weights.length === 1) return () => 0;
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  const last = weights.length - 1;
  return () => {
    const u = random() * total;
    for (let i = 0; i < last; i++) if (u < (cumulative[i] as number)) return i;
    return last;
  };
}

import { describe, expect, it } from 'vitest';
import { createLatencySampler } from '../../src/shell/demo-latency.js';

function drawMany(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, draw);
}

describe('createLatencySampler', () => {
  it('draws around the requested median with a modest, capped tail', () => {
    const sample = createLatencySampler(123);
    const draws = drawMany(10_000, () => sample(4)).sort((a, b) => a - b);
    const medianMs = draws[5_000] ?? Number.NaN;
    const p99Ms = draws[9_900] ?? Number.NaN;
    expect(medianMs).toBeGreaterThan(3.8);
    expect(medianMs).toBeLessThan(4.2);
    expect(p99Ms).toBeGreaterThan(1.5 * 4);
    expect(p99Ms).toBeLessThan(3.5 * 4);
    expect(draws.at(-1)).toBeLessThanOrEqual(5 * 4);
    expect(draws[0]).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    const first = createLatencySampler(99);
    const second = createLatencySampler(99);
    expect(drawMany(100, () => first(8))).toEqual(drawMany(100, () => second(8)));
  });
});

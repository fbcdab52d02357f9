import { describe, expect, it } from 'vitest';
import { minWindowRequests, readWindowSeries } from '../../../src/core/judge/window-series.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

describe('readWindowSeries', () => {
  it('asks for five requests beyond each percentile', () => {
    expect(
      ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean', 'errorRate'].map((m) =>
        minWindowRequests(m as never),
      ),
    ).toEqual([10, 50, 100, 500, 1000, 1000, 20, 100]);
  });

  it('merges whole seconds until each window holds enough requests', () => {
    // 150 requests a second: p95 needs 100 → one second a window; p99 needs 500 → four seconds.
    const result = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 150, medianMs: 10 }],
      durationMs: 20_000,
      seed: 3,
    });
    expect(readWindowSeries(result.timeline, 'p95')).toHaveLength(20);
    expect(readWindowSeries(result.timeline, 'p99')).toHaveLength(5);
    const p50s = readWindowSeries(result.timeline, 'p50') ?? [];
    for (const v of p50s) expect(v).toBeGreaterThan(7);
    for (const v of p50s) expect(v).toBeLessThan(13);
  });

  it('pools rates over windows and leaves the partial last second out of throughput', () => {
    const result = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 50, medianMs: 10, errorRate: 0.1 }],
      durationMs: 10_000,
      seed: 4,
    });
    const errorRates = readWindowSeries(result.timeline, 'errorRate') ?? [];
    expect(errorRates).toHaveLength(5);
    for (const r of errorRates) expect(r).toBeLessThan(0.25);
    expect(readWindowSeries(result.timeline, 'rps')).toHaveLength(result.timeline.length - 1);
    expect(readWindowSeries(result.timeline, 'dropped')).toBeUndefined();
  });
});

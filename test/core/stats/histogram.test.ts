import { describe, expect, it } from 'vitest';
import {
  countCreatedHistograms,
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  type Histogram,
  mergeEncodedHistograms,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import { EMPTY_HISTOGRAM_ENCODING, ZERO_LATENCY_SUMMARY } from '../../helpers/empty-histogram.js';

describe('histograms', () => {
  it('stores milliseconds as whole microseconds, clamping negatives to 0', () => {
    const h = createHistogram();
    recordMs(h, 1.2344);
    recordMs(h, -0.5);
    expect(h.totalCount).toBe(2);
    expect(h.maxValue).toBe(1234);
    expect(summarizeHistogram(h).min).toBe(0);
    h.destroy();
  });

  it('round-trips through the compressed base64 encoding', () => {
    const h = createHistogram();
    for (let i = 1; i <= 5000; i++) recordMs(h, i * 0.37);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(5000);
    expect(summarizeHistogram(back)).toEqual(summarizeHistogram(h));
    h.destroy();
    back.destroy();
  });

  it('merges encoded parts exactly: the same as recording everything into one', () => {
    const whole = createHistogram();
    const parts = [createHistogram(), createHistogram(), createHistogram()];
    for (let i = 0; i < 30_000; i++) {
      // Parts cover different ranges, so the merge must resize (decoded histograms cannot).
      const ms = i % 3 === 0 ? i * 0.001 : i % 3 === 1 ? 50 + (i % 700) : 2000 + i;
      recordMs(whole, ms);
      recordMs(parts[i % 3] as Histogram, ms);
    }
    const merged = mergeEncodedHistograms(parts.map(encodeHistogram));
    expect(merged.totalCount).toBe(whole.totalCount);
    for (const p of [0, 10, 50, 90, 99, 99.9, 100]) {
      expect(merged.getValueAtPercentile(p)).toBe(whole.getValueAtPercentile(p));
    }
    for (const h of [whole, merged, ...parts]) h.destroy();
  });

  it('summarizes an empty histogram as zeros (not the library’s huge minimum)', () => {
    const h = createHistogram();
    recordMs(h, 5);
    h.reset();
    expect(summarizeHistogram(h)).toEqual({
      min: 0,
      mean: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      p999: 0,
      max: 0,
      stdev: 0,
    });
    h.destroy();
  });

  it('keeps 3 significant digits: percentiles of 1..1000 ms within 0.1 %', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i);
    const s = summarizeHistogram(h);
    expect(Math.abs(s.p50 - 500) / 500).toBeLessThan(0.001);
    expect(Math.abs(s.p99 - 990) / 990).toBeLessThan(0.001);
    expect(s.mean).toBeCloseTo(500.5, 0);
    h.destroy();
  });

  it('encodes an empty histogram as results files always stored it', () => {
    const h = createHistogram();
    expect(encodeHistogram(h)).toBe(EMPTY_HISTOGRAM_ENCODING);
    h.destroy();
  });

  it('encodes a histogram never built (undefined) as an empty one, built at most once', () => {
    const before = countCreatedHistograms();
    expect(encodeHistogram(undefined)).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(encodeHistogram(undefined)).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(encodeHistogram(undefined)).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(countCreatedHistograms() - before).toBeLessThanOrEqual(1);
  });

  it('summarizes a histogram never built (undefined) as zeros', () => {
    expect(summarizeHistogram(undefined)).toEqual(ZERO_LATENCY_SUMMARY);
  });

  it('counts the histograms it builds', () => {
    const before = countCreatedHistograms();
    const a = createHistogram();
    const b = createHistogram();
    expect(countCreatedHistograms() - before).toBe(2);
    a.destroy();
    b.destroy();
  });

  it('rejects text that is not an encoded histogram', () => {
    expect(() => decodeHistogram('not a histogram')).toThrow();
  });
});

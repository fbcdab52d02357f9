import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { decodeHistogram } from '../../../src/core/stats/histogram.js';
import {
  mergeFigures,
  mergeLiveSnapshots,
  mergeRecordings,
  mergeTimelines,
} from '../../../src/core/stats/merge-recordings.js';
import { type Recording, RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { mergeTimelinePoints } from '../../../src/core/stats/timeline.js';

const WARMUP_MS = 500;
const END_MS = 4400;

/**
 * Feeds the same seeded events (two scenarios, one journey, drops, errors, redirects, send
 * lag, warm-up) to `recorders`: event k goes to recorder k mod the count, as arrival k goes to
 * worker k mod N. One recorder gets the whole run.
 */
function record(recorders: RunRecorder[]): void {
  const random = createRandom(7);
  // Recorders see time move forward, as in a run: every event is applied in time order.
  const events: { atMs: number; apply: () => void }[] = [];
  const at = (atMs: number, apply: () => void) => events.push({ atMs, apply });
  for (let k = 0; k < 900; k++) {
    const r = recorders[k % recorders.length] as RunRecorder;
    const intended = k * 4;
    const scenario = random() < 0.3 ? 1 : 0;
    const sent = intended + random() * 2;
    const done = sent + 0.5 + random() * random() * 400;
    const released = intended + random();
    at(released, () => r.onReleased(scenario, intended, released));
    if (k % 97 === 5) {
      at(released, () => r.onDropped(scenario, intended, released));
      continue;
    }
    at(sent, () => r.onSent(scenario, intended, sent));
    if (k % 53 === 1) at(sent, () => r.onRedirected(scenario, intended));
    if (k % 41 === 0) at(done, () => r.onError(scenario, intended, done, 'timeout'));
    else if (k % 13 === 0)
      at(done, () => r.onResponse(scenario, intended, sent, done, 503, ResponseClass.http5xx));
    else if (k % 17 === 0)
      at(done, () => r.onResponse(scenario, intended, sent, done, 403, ResponseClass.blocked));
    else at(done, () => r.onResponse(scenario, intended, sent, done, 200, ResponseClass.ok));
    if (k % 3 === 0) at(done + 10, () => r.onJourneyDone(0, intended, done + 10, ResponseClass.ok));
  }
  events.sort((a, b) => a.atMs - b.atMs);
  for (const event of events) {
    for (const r of recorders) r.tick(event.atMs);
    event.apply();
  }
}

function recordWith(count: number): Recording[] {
  const recorders = Array.from({ length: count }, () => new RunRecorder(2, WARMUP_MS, 1, true));
  record(recorders);
  recorders[0]?.onSetupDone(true);
  return recorders.map((r) => r.finish(END_MS, 3000));
}

/**
 * The recording with each histogram replaced by its content (every bucket's value and count):
 * the encoded text also depends on how large the histogram's arrays grew, which merging in a
 * different order may change without changing one count.
 */
function canonical(recording: Recording, ignoreMin = false): unknown {
  return JSON.parse(JSON.stringify(recording), (key, value) => {
    if (ignoreMin && key === 'min') return 0;
    if (typeof value !== 'string' || !value.startsWith('HISTFAA')) return value;
    const histogram = decodeHistogram(value);
    const content = `${histogram.totalCount}:${histogram.outputPercentileDistribution(20)}`;
    histogram.destroy();
    return content;
  });
}

describe('mergeRecordings', () => {
  it('gives exactly the recording of one recorder that saw every event', () => {
    const [whole] = recordWith(1) as [Recording];
    const merged = mergeRecordings(recordWith(2));
    // Summaries are read from histograms; min is read from the buckets once merged, so it may
    // differ within a bucket's width (0.1 %) from a live histogram's exact minimum.
    expect(canonical(merged, true)).toEqual(canonical(whole, true));
    const minMs = whole.overall.latencyMs.min;
    expect(Math.abs(merged.overall.latencyMs.min - minMs)).toBeLessThanOrEqual(minMs / 1000);
    expect(merged.overall.totals.requests).toBeGreaterThan(700);
    expect(merged.setup).toEqual({ runs: 1, failed: 0 });
  });

  it('merges four parts as exactly as two', () => {
    const two = mergeRecordings(recordWith(2));
    const four = mergeRecordings(recordWith(4));
    expect(canonical(four)).toEqual(canonical(two));
  });

  it('holds every recorded latency in the merged histogram, bucket by bucket', () => {
    const [whole] = recordWith(1) as [Recording];
    const parts = recordWith(3);
    const merged = decodeHistogram(mergeRecordings(parts).overall.histograms.latency);
    const single = decodeHistogram(whole.overall.histograms.latency);
    const decoded = parts.map((p) => decodeHistogram(p.overall.histograms.latency));
    expect(merged.totalCount).toBe(decoded.reduce((n, h) => n + h.totalCount, 0));
    // Every bucket's value and cumulative count, listed tick by tick.
    expect(merged.outputPercentileDistribution(20)).toBe(single.outputPercentileDistribution(20));
    for (const h of [merged, single, ...decoded]) h.destroy();
  });

  it('takes the longest window and sums warm-up counts', () => {
    const [a, b] = recordWith(2) as [Recording, Recording];
    const merged = mergeRecordings([a, { ...b, durationMs: 3100 }]);
    expect(merged.durationMs).toBe(3100);
    expect(merged.warmup.requests).toBe(a.warmup.requests + b.warmup.requests);
    expect(merged.overall.throughput.rps).toBe(
      Math.round((merged.overall.totals.requests / 3.1) * 1000) / 1000,
    );
  });

  it('refuses nothing to merge and parts of different profiles', () => {
    expect(() => mergeRecordings([])).toThrow(RangeError);
    const [a] = recordWith(1) as [Recording];
    const one = new RunRecorder(1, 0).finish(1000);
    expect(() => mergeRecordings([a, one])).toThrow(/scenarios/);
  });
});

describe('mergeTimelines', () => {
  it('fills the seconds one part lacks from the others', () => {
    const [a, b] = recordWith(2) as [Recording, Recording];
    const shorter = b.timeline.slice(0, 1);
    const merged = mergeTimelines([a.timeline, shorter]);
    expect(merged.map((p) => p.t)).toEqual(a.timeline.map((p) => p.t));
    expect(merged[1]).toEqual(mergeTimelinePoints([a.timeline[1] as TimelinePoint]));
    expect(merged[0]?.requests).toBe((a.timeline[0]?.requests ?? 0) + (shorter[0]?.requests ?? 0));
  });

  it('reads an empty second as zeros with no histogram', () => {
    const point = mergeTimelinePoints([zeroPoint(4), zeroPoint(4)]);
    expect(point).toEqual(zeroPoint(4));
    expect(() => mergeTimelinePoints([])).toThrow(RangeError);
  });

  it('lets a wider point absorb the seconds another part kept inside it', () => {
    const wide = { ...zeroPoint(10), widthSec: 10, requests: 50 };
    const merged = mergeTimelines([
      [{ ...zeroPoint(9), requests: 1 }, wide, { ...zeroPoint(20), requests: 2 }],
      [9, 10, 11, 19, 20].map((t) => ({ ...zeroPoint(t), requests: 1 })),
    ]);
    expect(merged.map((p) => [p.t, p.widthSec ?? 1, p.requests])).toEqual([
      [9, 1, 2],
      [10, 10, 53],
      [20, 1, 3],
    ]);
  });
});

function zeroPoint(t: number): TimelinePoint {
  return {
    t,
    requests: 0,
    sent: 0,
    ok: 0,
    blocked: 0,
    failed: 0,
    errors: 0,
    dropped: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
    mean: 0,
    histogram: '',
  };
}

describe('mergeLiveSnapshots', () => {
  it('judges the whole run: counts summed, percentiles from the merged histograms', () => {
    const single = new RunRecorder(2, WARMUP_MS, 1, true);
    const pair = [new RunRecorder(2, WARMUP_MS, 1, true), new RunRecorder(2, WARMUP_MS, 1, true)];
    record([single]);
    record(pair);
    const whole = single.snapshot(END_MS, true);
    const merged = mergeLiveSnapshots(pair.map((r) => r.snapshot(END_MS, true)));
    expect(merged.measuredMs).toBe(whole.measuredMs);
    expect(merged.overall.totals).toEqual(whole.overall.totals);
    expect(merged.overall.latencyMs.p99).toBe(whole.overall.latencyMs.p99);
    expect(merged.scenarios[1]?.latencyMs.p95).toBe(whole.scenarios[1]?.latencyMs.p95);
    expect(merged.sendLagP99).toBe(whole.sendLagP99);
  });

  it('sums counts of parts taken without histograms', () => {
    const r = new RunRecorder(1, 0);
    r.onResponse(0, 0, 0, 5, 200, ResponseClass.ok);
    const bare = r.snapshot(1000);
    const merged = mergeFigures([bare.overall, bare.overall], 1000);
    expect(merged.totals.requests).toBe(2);
    expect(merged.throughput.rps).toBe(2);
    expect(merged.latencyMs.p50).toBe(0);
  });
});

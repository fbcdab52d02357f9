import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { countCreatedHistograms, decodeHistogram } from '../../../src/core/stats/histogram.js';
import {
  chooseTimelineResolutionSec,
  measureTimelineSec,
  mergeTimelinePoints,
  readWidthSec,
  rewindowTimeline,
  TimelineBuilder,
} from '../../../src/core/stats/timeline.js';

describe('TimelineBuilder', () => {
  it('buckets by completion second and keeps empty seconds (a stall is a gap, not nothing)', () => {
    const t = new TimelineBuilder(1000);
    t.recordSent(1000);
    t.recordCompletion(1010, 10, 'ok');
    t.recordCompletion(1500, 30, 'ok');
    t.recordCompletion(1900, 5, 'errors');
    // Nothing completes during seconds 1 and 2.
    t.recordCompletion(4100, 2000, 'failed');
    const points = t.finish(4200);
    expect(points.map((p) => p.t)).toEqual([0, 1, 2, 3]);
    expect(points[0]).toMatchObject({ requests: 3, ok: 2, errors: 1, sent: 1 });
    expect(points[0]?.p99).toBeCloseTo(30, 1);
    expect(points[1]).toMatchObject({ requests: 0, p50: 0, p99: 0 });
    expect(points[3]).toMatchObject({ requests: 1, failed: 1 });
    // Bucket resolution: 3 significant digits, so within 0.1 % of the recorded 2 s.
    expect(Math.abs((points[3]?.max ?? 0) - 2000) / 2000).toBeLessThan(0.001);
  });

  it('drops a trailing partial second with no activity', () => {
    const t = new TimelineBuilder(0);
    t.recordCompletion(500, 1, 'ok');
    expect(t.finish(1000.5).length).toBe(1);
  });

  it('reports the last closed second for progress lines', () => {
    const t = new TimelineBuilder(0);
    expect(t.lastPoint()).toBeUndefined();
    t.recordCompletion(100, 4, 'ok');
    t.advanceTo(1200);
    expect(t.lastPoint()).toMatchObject({ t: 0, requests: 1 });
  });
});

/** Feeds both builders the same seconds: `perSecond` requests each, latencies varying by second. */
function feed(builders: TimelineBuilder[], seconds: number, perSecond: number): void {
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < perSecond; i++) {
      const at = s * 1000 + (i * 1000) / perSecond;
      const latencyMs = 5 + ((s * 7 + i * 13) % 50) + (s % 17 === 0 ? 200 : 0);
      for (const b of builders) {
        b.recordSent(at);
        if (i % 10 === 9) b.recordCompletion(at + 1, undefined, 'errors');
        else b.recordCompletion(at + 1, latencyMs, i % 5 === 0 ? 'failed' : 'ok');
      }
    }
  }
}

/** Histogram bucket counts of an encoded histogram, for exact comparisons. */
function bucketsOf(encoded: string): string {
  if (encoded === '') return '';
  const h = decodeHistogram(encoded);
  const counts: string[] = [];
  for (let q = 0; q <= 100; q += 0.5) counts.push(String(h.getValueAtPercentile(q)));
  const text = `${h.totalCount}:${h.mean}:${counts.join(',')}`;
  h.destroy();
  return text;
}

/** Points with their histograms read back, so equal buckets compare equal whatever the text. */
function comparable(points: readonly TimelinePoint[]) {
  return points.map((p) => ({ ...p, histogram: bucketsOf(p.histogram) }));
}

describe('TimelineBuilder folding a long run', () => {
  it('keeps the first and last edge seconds and folds the middle into exact windows', () => {
    // Edges of 20 s, windows of 10 s, a 95-second run: 0–19 per second, windows 20, 30, …, 70
    // (the last cut at 75 by the newest 20 s), then 75–94 per second.
    const folded = new TimelineBuilder(0, { resolutionSec: 10, edgeSec: 20 });
    const whole = new TimelineBuilder(0);
    feed([folded, whole], 95, 40);
    const points = folded.finish(95_000);
    const seconds = whole.finish(95_000);
    expect(points.map((p) => [p.t, readWidthSec(p)])).toEqual([
      ...Array.from({ length: 20 }, (_, t) => [t, 1]),
      [20, 10],
      [30, 10],
      [40, 10],
      [50, 10],
      [60, 10],
      [70, 5],
      ...Array.from({ length: 20 }, (_, i) => [75 + i, 1]),
    ]);
    // Per-second points are untouched; a window equals its seconds merged exactly.
    expect(points.slice(0, 20)).toEqual(seconds.slice(0, 20));
    expect(points.slice(-20)).toEqual(seconds.slice(-20));
    const window = points[24] as TimelinePoint;
    const merged = mergeTimelinePoints(seconds.slice(60, 70));
    // The same buckets (the text may differ: a reused histogram keeps its grown range).
    expect(comparable([window])).toEqual(comparable([merged]));
    expect(window.requests).toBe(400);
    // Nothing is lost: every count sums to the per-second total.
    for (const key of ['requests', 'sent', 'ok', 'failed', 'errors'] as const) {
      const sum = (list: TimelinePoint[]) => list.reduce((n, p) => n + p[key], 0);
      expect(sum(points)).toBe(sum(seconds));
    }
    expect(measureTimelineSec(points)).toBe(95);
    // Regrouped to 10 s, both give the same windows.
    expect(comparable(rewindowTimeline(points, 10))).toEqual(
      comparable(rewindowTimeline(seconds, 10)),
    );
  });

  it('folds nothing in a run no longer than both edges', () => {
    const folded = new TimelineBuilder(0, { resolutionSec: 60, edgeSec: 20 });
    feed([folded], 40, 3);
    const points = folded.finish(40_000);
    expect(points).toHaveLength(40);
    expect(points.every((p) => p.widthSec === undefined)).toBe(true);
  });

  it('holds a bounded number of points and histograms however long it runs', () => {
    const folded = new TimelineBuilder(0, { resolutionSec: 10, edgeSec: 20 });
    feed([folded], 60, 5);
    folded.advanceTo(60_000);
    const held = folded.heldPointCount();
    const histograms = countCreatedHistograms();
    // Nine times longer: only the final windows add up, one every 10 s; nothing is decoded.
    for (let s = 60; s < 600; s++) folded.recordCompletion(s * 1000 + 5, 12, 'ok');
    folded.advanceTo(600_000);
    expect(folded.heldPointCount()).toBe(held + (600 - 60) / 10);
    // 20 first seconds, 2 final windows, 2 windows and 30 seconds that may still be the last.
    expect(held).toBe(20 + 2 + 2 + 30);
    expect(countCreatedHistograms() - histograms).toBe(0);
    expect(folded.lastPoint()).toMatchObject({ t: 599, requests: 1 });
    const points = folded.finish(600_000);
    expect(points.reduce((n, p) => n + p.requests, 0)).toBe(60 * 5 + 540);
    expect(points).toHaveLength(20 + 56 + 20);
  });

  it('keeps reporting the last closed second while folding', () => {
    const folded = new TimelineBuilder(0, { resolutionSec: 10, edgeSec: 5 });
    for (let s = 0; s < 30; s++) folded.recordCompletion(s * 1000 + 1, s + 1, 'ok');
    folded.advanceTo(30_000);
    expect(folded.lastPoint()).toMatchObject({ t: 29, requests: 1 });
    expect(folded.lastPoint()?.p50).toBeCloseTo(30, 1);
  });
});

describe('chooseTimelineResolutionSec', () => {
  it.each([
    ['a profile setting wins', 60, 60_000, 60],
    ['auto: 30 minutes and less per second', undefined, 30 * 60_000, 1],
    ['auto: up to 3 hours in 10 s windows', undefined, 3 * 3_600_000, 10],
    ['auto: just over 30 minutes', undefined, 30 * 60_000 + 1, 10],
    ['auto: up to 12 hours in 60 s windows', undefined, 12 * 3_600_000, 60],
    ['auto: longer in 5 minute windows', undefined, 24 * 3_600_000, 300],
    ['auto: unknown length', undefined, Number.NaN, 1],
  ])('%s', (_what, setting, plannedMs, expected) => {
    expect(chooseTimelineResolutionSec(setting, plannedMs)).toBe(expected);
  });
});

describe('rewindowTimeline', () => {
  it('merges seconds into aligned windows and leaves a short last one narrower', () => {
    const whole = new TimelineBuilder(0);
    feed([whole], 25, 4);
    const seconds = whole.finish(25_000);
    const windows = rewindowTimeline(seconds, 10);
    expect(windows.map((p) => [p.t, readWidthSec(p), p.requests])).toEqual([
      [0, 10, 40],
      [10, 10, 40],
      [20, 5, 20],
    ]);
    expect(rewindowTimeline(seconds, 1)).toEqual(seconds);
  });
});

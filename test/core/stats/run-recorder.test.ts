import { describe, expect, it } from 'vitest';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { countCreatedHistograms } from '../../../src/core/stats/histogram.js';
import { chooseMeasuredWindowMs, RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { TimelineBuilder } from '../../../src/core/stats/timeline.js';
import { EMPTY_HISTOGRAM_ENCODING, ZERO_LATENCY_SUMMARY } from '../../helpers/empty-histogram.js';

describe('RunRecorder', () => {
  it('keeps warm-up requests out of every figure, by intended time', () => {
    const r = new RunRecorder(1, 1000);
    r.onResponse(0, 999, 999, 1200, 200, ResponseClass.ok);
    r.onError(0, 500, 600, 'timeout');
    r.onResponse(0, 1000, 1001, 1011, 200, ResponseClass.ok);
    const rec = r.finish(2000);
    expect(rec.warmup).toEqual({ requests: 2, errors: 1 });
    expect(rec.overall.totals.requests).toBe(1);
    expect(rec.overall.latencyMs.max).toBeCloseTo(11, 1);
    expect(rec.overall.serviceTimeMs.max).toBeCloseTo(10, 1);
    expect(rec.durationMs).toBe(1000);
    expect(rec.overall.throughput.rps).toBe(1);
  });

  it('measures latency from the intended time and send lag from the release', () => {
    const r = new RunRecorder(1, 0);
    r.onReleased(0, 100, 105);
    r.onSent(0, 100, 150);
    r.onResponse(0, 100, 150, 160, 200, ResponseClass.ok);
    const rec = r.finish(1000);
    expect(rec.overall.latencyMs.p50).toBeCloseTo(60, 1);
    expect(rec.overall.serviceTimeMs.p50).toBeCloseTo(10, 1);
    expect(rec.sendLagMs.max).toBeCloseTo(5, 1);
  });

  it('adds scenarios into the overall figures exactly', () => {
    const r = new RunRecorder(2, 0);
    for (let i = 0; i < 100; i++)
      r.onResponse(
        i % 2,
        i,
        i,
        i + 1 + (i % 2) * 100,
        i % 2 ? 503 : 200,
        i % 2 ? ResponseClass.http5xx : ResponseClass.ok,
      );
    r.onDropped(1, 10, 10);
    r.onQueued(0, 10);
    const rec = r.finish(1000);
    expect(rec.overall.totals).toMatchObject({
      requests: 100,
      ok: 50,
      failed: 50,
      dropped: 1,
      queued: 1,
    });
    expect(rec.overall.statusCodes).toEqual({ '200': 50, '503': 50 });
    expect(rec.overall.failureKinds.http_5xx).toBe(50);
    expect(rec.overall.errorRate).toBe(0.5);
    expect(rec.overall.dropRate).toBeCloseTo(1 / 101, 6);
    expect(rec.scenarios[1]?.latencyMs.p50).toBeCloseTo(101, 0);
  });

  it('counts a streak of unreachable errors until any HTTP answer', () => {
    const r = new RunRecorder(1, 0);
    r.onError(0, 1, 2, 'connection_refused');
    r.onError(0, 1, 2, 'connection_refused');
    r.onError(0, 1, 2, 'timeout');
    expect(r.unreachableStreak).toBe(2);
    expect(r.lastUnreachableKind).toBe('connection_refused');
    r.onResponse(0, 1, 1, 2, 500, ResponseClass.http5xx);
    expect(r.unreachableStreak).toBe(0);
    r.finish(10);
  });

  it('builds histograms only for what was recorded: 20,000 scenarios, one request', () => {
    // Each histogram holds ~16 KB of WebAssembly memory: one per scenario and kind would be
    // 80,000 of them (1.3 GB) for a profile of 20,000 scenarios, however few were picked.
    const before = countCreatedHistograms();
    const r = new RunRecorder(20_000, 0);
    for (let s = 0; s < 20_000; s += 97) r.onQueued(s, 5);
    r.onReleased(7, 100, 101);
    r.onSent(7, 100, 101);
    r.onResponse(7, 100, 101, 110, 200, ResponseClass.ok);
    r.onError(8, 200, 300, 'timeout');
    r.tick(1500);
    const live = r.snapshot(1500);
    const rec = r.finish(2500);
    // Scenario 7: latency, service time, send lag, timeline window; the run's timeline window;
    // the overall figures of the snapshot and of the finish (3 each); the empty encoding (once).
    expect(countCreatedHistograms() - before).toBeLessThanOrEqual(12);
    expect(live.scenarios).toHaveLength(20_000);
    expect(rec.scenarios).toHaveLength(20_000);
    expect(rec.scenarioTimelines).toHaveLength(20_000);
    expect(rec.overall.totals).toMatchObject({ requests: 2, ok: 1, errors: 1 });
  });

  it('reads a scenario that saw nothing exactly as an empty one: zeros, empty encodings', () => {
    const r = new RunRecorder(3, 0);
    r.onResponse(0, 100, 101, 110, 200, ResponseClass.ok);
    const live = r.snapshot(900);
    const rec = r.finish(1000);
    expect(live.scenarios[1]).toMatchObject({ latencyMs: ZERO_LATENCY_SUMMARY });
    expect(live.scenarios[1]?.histograms).toEqual({ latency: '', serviceTime: '', sendLag: '' });
    const figures = rec.scenarios[1];
    expect(figures?.totals).toEqual({
      requests: 0,
      ok: 0,
      blocked: 0,
      failed: 0,
      errors: 0,
      dropped: 0,
      queued: 0,
      interrupted: 0,
      redirects: 0,
    });
    expect(figures?.latencyMs).toEqual(ZERO_LATENCY_SUMMARY);
    expect(figures?.serviceTimeMs).toEqual(ZERO_LATENCY_SUMMARY);
    expect(figures?.histogram).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(figures?.histograms).toEqual({
      latency: EMPTY_HISTOGRAM_ENCODING,
      serviceTime: EMPTY_HISTOGRAM_ENCODING,
      sendLag: EMPTY_HISTOGRAM_ENCODING,
    });
    expect(figures?.statusCodes).toEqual({});
    expect(figures?.errorKinds).toEqual({});
    expect(rec.scenarios[0]?.histograms.sendLag).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(rec.sendLagMs).toEqual({ p50: 0, p99: 0, max: 0 });
  });

  it('gives every scenario its zero points for the seconds it saw nothing, as before', () => {
    const r = new RunRecorder(3, 0);
    r.onResponse(0, 100, 101, 110, 200, ResponseClass.ok);
    r.tick(1000);
    r.tick(2000);
    // Scenario 2's first event comes after two seconds have closed.
    r.onSent(2, 2400, 2400);
    r.onResponse(2, 2400, 2400, 2500, 200, ResponseClass.ok);
    const rec = r.finish(3200);
    // A timeline built at the start and moved on by the same ticks.
    const idle = new TimelineBuilder(0);
    idle.advanceTo(1000);
    idle.advanceTo(2000);
    expect(rec.scenarioTimelines[1]).toEqual(idle.finish(3200));
    expect(rec.scenarioTimelines[1]?.map((p) => p.t)).toEqual([0, 1, 2]);
    expect(rec.scenarioTimelines[1]?.[1]).toMatchObject({ requests: 0, p99: 0, histogram: '' });
    const late = rec.scenarioTimelines[2];
    expect(late?.map((p) => [p.t, p.requests, p.sent])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [2, 1, 1],
    ]);
    expect(late?.[2]?.p50).toBeCloseTo(100, 0);
  });

  it('folds the run timeline and every scenario timeline alike, a late scenario too', () => {
    const r = new RunRecorder(3, 0, 0, false, { resolutionSec: 10, edgeSec: 5 });
    for (let s = 0; s < 40; s++) {
      r.onSent(0, s * 1000, s * 1000);
      r.onResponse(0, s * 1000, s * 1000, s * 1000 + 20, 200, ResponseClass.ok);
      // Scenario 2 starts at 25 s, after seconds of it have been folded elsewhere.
      if (s >= 25) r.onResponse(2, s * 1000 + 1, s * 1000 + 1, s * 1000 + 31, 200, 0);
      r.tick(s * 1000 + 999);
    }
    const rec = r.finish(40_000);
    const shape = (points: readonly TimelinePoint[] | undefined) =>
      points?.map((p) => [p.t, p.widthSec ?? 1]);
    // 0–4 per second, windows 5, 15, 25 (cut at 35), then the newest five seconds.
    const expected = [
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 10],
      [15, 10],
      [25, 10],
      [35, 1],
      [36, 1],
      [37, 1],
      [38, 1],
      [39, 1],
    ];
    expect(shape(rec.timeline)).toEqual(expected);
    for (const timeline of rec.scenarioTimelines) expect(shape(timeline)).toEqual(expected);
    expect(rec.scenarioTimelines[2]?.map((p) => p.requests)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 10, 1, 1, 1, 1, 1,
    ]);
    expect(rec.timeline[7]).toMatchObject({ t: 25, widthSec: 10, requests: 20 });
    expect(rec.scenarioTimelines[1]?.every((p) => p.requests === 0)).toBe(true);
  });

  it('refuses a scenario index it does not have', () => {
    const r = new RunRecorder(2, 0);
    expect(() => r.onResponse(2, 1, 1, 2, 200, ResponseClass.ok)).toThrow(RangeError);
    expect(() => r.onError(-1, 1, 2, 'timeout')).toThrow(RangeError);
    r.finish(10);
  });
});

describe('chooseMeasuredWindowMs', () => {
  it.each([
    ['completed, ended early (last arrival of a sparse run)', 'completed', 9_003, 10_000, 10_000],
    ['completed, drained past the end', 'completed', 10_450, 10_000, 10_000],
    ['interrupted keeps what really ran', 'interrupted', 4_200, 10_000, 4_200],
    ['aborted keeps what really ran', 'aborted', 3_100, 10_000, 3_100],
    ['no schedule known', 'completed', 1_234, 0, 1_234],
  ] as const)('%s', (_what, status, elapsedMs, scheduledMs, expected) => {
    expect(chooseMeasuredWindowMs(status, elapsedMs, scheduledMs)).toBe(expected);
  });
});

describe('RunRecorder.finish with a measured window', () => {
  it('divides throughput by the window, not by the time to the last completion', () => {
    const recorder = new RunRecorder(1, 0);
    for (let i = 0; i < 10; i++) recorder.onResponse(0, i * 1000, i * 1000, i * 1000 + 2, 200, 0);
    const recording = recorder.finish(9_002, 10_000);
    expect(recording.durationMs).toBe(10_000);
    expect(recording.overall.throughput.rps).toBe(1);
    expect(recording.timeline.map((p) => p.requests)).toEqual(Array(10).fill(1));
  });

  it('counts followed redirects of the measured window only', () => {
    const recorder = new RunRecorder(1, 1000);
    recorder.onRedirected(0, 500);
    recorder.onRedirected(0, 1500);
    recorder.onRedirected(0, 1500);
    expect(recorder.finish(2000).overall.totals.redirects).toBe(2);
  });
});

describe('RunRecorder journey rows', () => {
  it('counts journeys by outcome, with durations from the intended start, never in overall', () => {
    const recorder = new RunRecorder(2, 1000, 2);
    // Steps are requests: they count in their rows and overall.
    recorder.onResponse(0, 1000, 1000, 1010, 200, ResponseClass.ok);
    recorder.onResponse(1, 1510, 1511, 1530, 200, ResponseClass.ok);
    recorder.onJourneyDone(0, 1000, 1530, ResponseClass.ok);
    recorder.onJourneyDone(0, 2000, 2100, ResponseClass.http5xx);
    recorder.onJourneyDone(0, 3000, 3050, 'extract_failed');
    recorder.onJourneyDropped(0, 4000);
    recorder.onJourneyQueued(0, 4000);
    recorder.onJourneyInterrupted(0, 5000);
    // A journey begun in the warm-up is left out, as its first request is.
    recorder.onJourneyDone(0, 999, 1500, ResponseClass.ok);
    const recording = recorder.finish(6000);
    expect(recording.overall.totals.requests).toBe(2);
    const journey = recording.journeys?.[0];
    expect(journey?.totals).toMatchObject({
      requests: 3,
      ok: 1,
      failed: 1,
      errors: 1,
      dropped: 1,
      queued: 1,
      interrupted: 1,
    });
    expect(journey?.errorKinds).toEqual({ extract_failed: 1 });
    expect(journey?.failureKinds.http_5xx).toBe(1);
    expect(journey?.statusCodes).toEqual({});
    expect(journey?.latencyMs.max).toBeCloseTo(530, 0);
    expect(journey?.latencyMs.min).toBeCloseTo(100, 0);
    // A journey that never ran reads as an empty one.
    expect(recording.journeys?.[1]?.totals.requests).toBe(0);
  });

  it('leaves journeys and setup out of a recording without them', () => {
    const recording = new RunRecorder(1, 0).finish(1000);
    expect(recording).not.toHaveProperty('journeys');
    expect(recording).not.toHaveProperty('setup');
  });

  it('counts setup runs and records a measured once setup on its row whatever the warm-up', () => {
    const recorder = new RunRecorder(2, 5000, 0, true);
    recorder.onSetupDone(true);
    recorder.onSetupDone(false);
    recorder.onSetupMeasured(1, 42, 200, ResponseClass.ok);
    recorder.onSetupMeasured(1, 0, undefined, 'connection_refused');
    const recording = recorder.finish(6000);
    expect(recording.setup).toEqual({ runs: 1, failed: 1 });
    expect(recording.scenarios[1]?.totals).toMatchObject({ requests: 2, ok: 1, errors: 1 });
    expect(recording.scenarios[1]?.latencyMs.max).toBeCloseTo(42, 0);
    expect(recording.warmup.requests).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';

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
});

import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/core/profile/types.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { checkResultsContent } from '../../../src/core/result/check-results-content.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import { HeartbeatRecorder, type ProbeResult } from '../../../src/core/stats/heartbeat-recorder.js';
import { countCreatedHistograms } from '../../../src/core/stats/histogram.js';

function record(failAfter = 3) {
  const results: ProbeResult[] = [];
  const recorder = new HeartbeatRecorder(2, 1000, failAfter, (r) => results.push(r));
  return { recorder, results };
}

/** A probe of `scenario` due at `intendedMs`, answered `status` after `latencyMs`. */
function answer(
  recorder: HeartbeatRecorder,
  scenario: number,
  intendedMs: number,
  latencyMs: number,
  cls: ResponseClass = ResponseClass.ok,
  status = 200,
) {
  recorder.onReleased(scenario, intendedMs, intendedMs + 1, 0);
  recorder.onSent(scenario, intendedMs, intendedMs + 2);
  recorder.onResponse(scenario, intendedMs, intendedMs + 1, intendedMs + latencyMs, status, cls);
}

describe('HeartbeatRecorder', () => {
  it('reports each finished probe with its outcome, latency, send lag and failure streak', () => {
    const { recorder, results } = record();
    answer(recorder, 0, 1000, 12);
    answer(recorder, 1, 6000, 3, ResponseClass.blocked, 403);
    answer(recorder, 0, 11_000, 8, ResponseClass.http5xx, 503);
    recorder.onReleased(1, 16_000, 16_003, 0);
    recorder.onError(1, 16_000, 16_004, 'connection_refused');
    expect(results).toEqual([
      expect.objectContaining({ scenario: 0, outcome: 'ok', success: true, latencyMs: 12 }),
      expect.objectContaining({ scenario: 1, outcome: 'blocked', success: true, status: 403 }),
      expect.objectContaining({
        scenario: 0,
        outcome: 'failed',
        success: false,
        kind: 'http_5xx',
        sendLagMs: 1,
        health: { consecutiveFailures: 1 },
      }),
      expect.objectContaining({
        scenario: 1,
        outcome: 'error',
        kind: 'connection_refused',
        sendLagMs: 3,
        health: { consecutiveFailures: 1 },
      }),
    ]);
    expect(results[3]?.latencyMs).toBeUndefined();
    recorder.destroy();
  });

  it('reaches fail-after per scenario and says so on that probe', () => {
    const { recorder, results } = record(2);
    recorder.onError(0, 1000, 1001, 'timeout');
    answer(recorder, 1, 2000, 1);
    recorder.onError(0, 3000, 3001, 'timeout');
    expect(results.map((r) => r.health.transition)).toEqual([undefined, undefined, 'down']);
    expect(recorder.isDown(0)).toBe(true);
    expect(recorder.isDown(1)).toBe(false);
    recorder.destroy();
  });

  it('snapshots totals since the start and the last minute, per scenario and overall', () => {
    const { recorder } = record();
    answer(recorder, 0, 1000, 10);
    answer(recorder, 0, 2000, 30, ResponseClass.bodyMismatch);
    recorder.onReleased(1, 3000, 3000, 2);
    recorder.onError(1, 3000, 3005, 'timeout');
    // Long after: the window is empty again, totals stay.
    answer(recorder, 1, 100_000, 4);
    const snap = recorder.snapshot(100_010);
    expect(snap).toMatchObject({ upMs: 99_010, probes: 4, missedSlots: 2, latencyCount: 3 });
    expect(snap.latencySumMs).toBeCloseTo(44, 6);
    expect(snap.window).toMatchObject({ completions: 1, failures: 0, latencyCount: 1 });
    expect(snap.scenarios[0]).toMatchObject({
      ok: 1,
      failed: 1,
      errors: 0,
      errorKinds: { body_mismatch: 1 },
      latencySumMs: 40,
      latencyCount: 2,
      window: { completions: 0, failures: 0, latencyCount: 0 },
      lastSuccess: false,
      consecutiveFailures: 1,
    });
    expect(snap.scenarios[1]).toMatchObject({
      ok: 1,
      errors: 1,
      errorKinds: { timeout: 1 },
      lastSuccess: true,
      consecutiveFailures: 0,
    });
    recorder.destroy();
  });

  it('does not count a probe cut by a stop as a success or a failure', () => {
    const { recorder, results } = record();
    recorder.onReleased(0, 1000, 1000, 0);
    recorder.onInterrupted(0, 1000);
    expect(results).toEqual([]);
    const snap = recorder.snapshot(2000);
    expect(snap.scenarios[0]).toMatchObject({ ok: 0, failed: 0, errors: 0 });
    expect(snap.scenarios[0]?.lastSuccess).toBeUndefined();
    const recording = recorder.finish(2000);
    expect(recording.overall.totals.interrupted).toBe(1);
  });

  it('finishes as a recording that makes a valid results file, without timelines', () => {
    const { recorder } = record();
    for (let k = 0; k < 40; k++) {
      if (k % 7 === 3) recorder.onError(k % 2, 1000 + k * 5000, 1000 + k * 5000 + 10, 'timeout');
      else answer(recorder, k % 2, 1000 + k * 5000, 5 + (k % 5));
    }
    const recording = recorder.finish(201_000);
    expect(recording.durationMs).toBe(200_000);
    expect(recording.timeline).toEqual([]);
    expect(recording.scenarioTimelines).toEqual([[], []]);
    expect(recording.overall.totals).toMatchObject({ requests: 40, errors: 6, ok: 34 });
    expect(recording.sendLagMs).toEqual({ p50: 1, p99: 1, max: 1 });
    const scenarios = ['health', 'policy'];
    const profile = {
      name: 'heartbeat',
      baseUrl: 'http://127.0.0.1:1',
      scenarios: scenarios.map((name) => ({
        name,
        weight: 1,
        method: 'GET',
        path: '/',
        pathTemplate: '/',
        headers: {},
        expect: { status: [200] },
        timeoutMs: 5000,
        maxRedirects: 0,
      })),
      seed: 1,
      secretValues: [],
      rules: defaultRules(scenarios),
      load: {
        plan: { executor: 'constant-arrival-rate', ratePerSec: 0.2, durationMs: 200_000 },
        connections: 2,
        maxInFlight: 2,
        onMaxInFlight: 'queue',
        warmupMs: 0,
        thinkTime: { minMs: 0, maxMs: 0 },
        gracefulStopMs: 5000,
      },
    } satisfies Profile;
    const result = buildResultsFile(profile, recording, {
      toolVersion: 'test',
      startedAtEpochMs: 0,
      status: 'completed',
      environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: false },
      run: { layer: 'heartbeat', interval: 'every-5s' },
    });
    expect(checkResultsContent(result)).toEqual([]);
  });

  it('holds no per-probe state: a day of probes at 5 s builds no histogram after the first minute', () => {
    const { recorder } = record();
    const intervalMs = 5000;
    let k = 0;
    const probe = () => {
      const intended = 1000 + k * intervalMs;
      if (k % 13 === 0) {
        recorder.onReleased(k % 2, intended, intended, 0);
        recorder.onError(k % 2, intended, intended + 3, 'timeout');
      } else answer(recorder, k % 2, intended, 2 + (k % 9));
      k++;
    };
    // The first minute and a half builds the slots' histograms once.
    while (k < 18) probe();
    recorder.snapshot(1000 + k * intervalMs);
    const before = countCreatedHistograms();
    while (k < 17_280) {
      probe();
      if (k % 3 === 0) recorder.snapshot(1000 + k * intervalMs);
    }
    expect(countCreatedHistograms()).toBe(before);
    const snap = recorder.snapshot(1000 + k * intervalMs);
    expect(snap.probes).toBe(17_280);
    expect(snap.window.completions).toBeLessThanOrEqual(12);
    recorder.destroy();
  });
});

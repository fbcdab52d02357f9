import { describe, expect, it } from 'vitest';
import { chooseMeasuredWindowMs } from '../../../src/core/stats/measured-window.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';

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

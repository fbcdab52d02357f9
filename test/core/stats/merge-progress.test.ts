import { describe, expect, it } from 'vitest';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import { mergeProgress } from '../../../src/core/stats/merge-progress.js';
import type { ProgressSnapshot } from '../../../src/core/stats/progress-snapshot.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';

function snapshot(overrides: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
  return {
    elapsedMs: 2000,
    totalMs: 10_000,
    phase: 'measuring',
    requests: 10,
    errors: 1,
    failed: 2,
    dropped: 3,
    inFlight: 4,
    queued: 5,
    lastSecondRps: 0,
    lastSecondP95Ms: 0,
    ...overrides,
  };
}

/** Seconds 0..2 of a recorder answering `latenciesMs` in each second. */
function seconds(latenciesMs: number[]): TimelinePoint[] {
  const r = new RunRecorder(1, 0);
  for (let second = 0; second < 3; second++) {
    for (const ms of latenciesMs) {
      const intended = second * 1000 + 10;
      r.onResponse(0, intended, intended, intended + ms, 200, ResponseClass.ok);
    }
  }
  r.tick(3000);
  return r.finish(3000).timeline;
}

describe('mergeProgress', () => {
  it('sums the counts and the shares of target rate and VUs', () => {
    const merged = mergeProgress([
      { snapshot: snapshot({ targetRatePerSec: 50, elapsedMs: 2010 }), recentSeconds: [] },
      { snapshot: snapshot({ targetRatePerSec: 50 }), recentSeconds: [] },
    ]);
    expect(merged).toEqual({
      ...snapshot(),
      elapsedMs: 2010,
      requests: 20,
      errors: 2,
      failed: 4,
      dropped: 6,
      inFlight: 8,
      queued: 10,
      targetRatePerSec: 100,
    });
    expect(
      mergeProgress([{ snapshot: snapshot({ activeVus: 3 }), recentSeconds: [] }]).activeVus,
    ).toBe(3);
  });

  it('merges the newest second every thread closed, p95 from the merged histogram', () => {
    const fast = seconds(Array.from({ length: 90 }, () => 1));
    const slow = seconds(Array.from({ length: 10 }, () => 100));
    const merged = mergeProgress([
      // One thread is a second ahead: the line shows second 1, which both closed.
      { snapshot: snapshot(), recentSeconds: fast.slice(0, 3) },
      { snapshot: snapshot(), recentSeconds: slow.slice(0, 2) },
    ]);
    expect(merged.lastSecondRps).toBe(100);
    // 90 answers at 1 ms and 10 at 100 ms: the 95th is a slow one, which neither thread's own
    // p95 alone would give as a sum or mean (1 and 100).
    expect(merged.lastSecondP95Ms).toBeCloseTo(100, 0);
  });

  it('drains only when every thread drains', () => {
    const phase = (...phases: ProgressSnapshot['phase'][]) =>
      mergeProgress(phases.map((p) => ({ snapshot: snapshot({ phase: p }), recentSeconds: [] })))
        .phase;
    expect(phase('draining', 'measuring')).toBe('measuring');
    expect(phase('draining', 'draining')).toBe('draining');
    expect(phase('warmup', 'warmup')).toBe('warmup');
    expect(() => mergeProgress([])).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { TimelineBuilder } from '../../../src/core/stats/timeline.js';

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

import { describe, expect, it } from 'vitest';
import { collectRunWarnings } from '../../../src/core/judge/run-warnings.js';
import {
  describeSoakDrift,
  describeSoakDriftWarnings,
  measureSoakDrift,
} from '../../../src/core/judge/soak-drift.js';
import { renderReport } from '../../../src/core/render/report.js';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import type { TimelinePoint } from '../../../src/core/stats/figures.js';
import {
  createHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
} from '../../../src/core/stats/histogram.js';
import { mergeTimelinePoints } from '../../../src/core/stats/timeline.js';
import { makeVerdict } from '../../helpers/make-verdict.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const HOUR_MS = 3_600_000;

/** One timeline point of `widthSec` holding `latenciesMs` (answered) and `errors` on top. */
function pointOf(t: number, widthSec: number, latenciesMs: number[], errors = 0): TimelinePoint {
  const h = createHistogram();
  for (const ms of latenciesMs) recordMs(h, ms);
  const point = mergeTimelinePoints([
    {
      t,
      requests: latenciesMs.length + errors,
      sent: latenciesMs.length + errors,
      ok: latenciesMs.length,
      blocked: 0,
      failed: 0,
      errors,
      dropped: 0,
      p50: 0,
      p90: 0,
      p95: 0,
      p99: 0,
      max: 0,
      mean: 0,
      histogram: encodeHistogram(h),
    },
  ]);
  h.destroy();
  return { ...point, ...(widthSec === 1 ? {} : { widthSec }), p95: latenciesMs.at(-1) ?? 0 };
}

/** 1..n ms spread evenly, scaled: p95 of a set of these is 95 % of the scale, give or take. */
function spread(n: number, scaleMs: number): number[] {
  return Array.from({ length: n }, (_, i) => ((i + 1) / n) * scaleMs);
}

/**
 * A soak's whole-run timeline: 600 one-second points, then 300 s windows to the end (the last
 * 600 s as one window here: measureSoakDrift reads points, whatever their width). Latencies of
 * each point scale with `scaleAt(t)`; `errorsAt(t)` transport errors each.
 */
function soakResult(
  durationMs: number,
  scaleAt: (t: number) => number,
  errorsAt: (t: number) => number = () => 0,
): Pick<ResultsFileV1, 'durationMs' | 'timeline'> {
  const timeline: TimelinePoint[] = [];
  for (let t = 0; t < 600; t++) timeline.push(pointOf(t, 1, spread(20, scaleAt(t)), errorsAt(t)));
  const endSec = durationMs / 1000;
  for (let t = 600; t < endSec; t += 300) {
    const widthSec = Math.min(300, endSec - t);
    timeline.push(pointOf(t, widthSec, spread(20 * widthSec, scaleAt(t)), errorsAt(t) * widthSec));
  }
  return { durationMs, timeline };
}

/** p95 of every latency the points would hold, computed from one histogram (the reference). */
function p95Of(sets: number[][]): number {
  const h: Histogram = createHistogram();
  for (const set of sets) for (const ms of set) recordMs(h, ms);
  const p95 = h.getValueAtPercentile(95) / 1000;
  h.destroy();
  return p95;
}

describe('measureSoakDrift', () => {
  it('compares the first hour with the last, exactly, and warns above +20 %', () => {
    // 40 ms for the first 2 hours, 56 ms from then on (+40 %); errors 0 → 2 per 100.
    const result = soakResult(
      4 * HOUR_MS,
      (t) => (t < 7_200 ? 40 : 56),
      (t) => (t < 7_200 ? 0 : 0.4),
    );
    const drift = measureSoakDrift(result);
    const firstSets = [
      ...Array.from({ length: 600 }, () => spread(20, 40)),
      ...Array.from({ length: 10 }, () => spread(6_000, 40)),
    ];
    expect(drift?.firstHour).toMatchObject({ fromSec: 0, spanSec: 3_600, requests: 72_000 });
    expect(drift?.firstHour.p95Ms).toBe(p95Of(firstSets));
    expect(drift?.lastHour).toMatchObject({ fromSec: 10_800, spanSec: 3_600 });
    expect(drift?.lastHour.p95Ms).toBe(p95Of(Array.from({ length: 12 }, () => spread(6_000, 56))));
    expect(drift?.lastHour.errorRate).toBeCloseTo(120 / 6_120, 6);
    expect(drift?.p95Relative).toBeCloseTo(0.4, 2);
    const line = describeSoakDrift(drift as NonNullable<typeof drift>);
    expect(line).toBe(
      'Soak drift, first hour → last hour: p95 38 ms → 53.2 ms (+40 %), error rate 0 % → 1.96 %',
    );
    expect(describeSoakDriftWarnings(drift as NonNullable<typeof drift>)).toEqual([
      'p95 latency drifted up +40 % from the first hour (38 ms) to the last hour (53.2 ms) of this soak: a leak or a slow degradation? (warned above +20 %)',
      'The error rate drifted up from 0 % in the first hour to 1.96 % in the last hour of this soak (warned above a rise of 1 percentage point).',
    ]);
  });

  it('does not warn about a soak that held steady', () => {
    const drift = measureSoakDrift(soakResult(3 * HOUR_MS, (t) => (t < 5_400 ? 40 : 44)));
    expect(drift?.p95Relative).toBeCloseTo(0.1, 2);
    expect(describeSoakDriftWarnings(drift as NonNullable<typeof drift>)).toEqual([]);
  });

  it('says how long the last stretch is when the windows do not meet the hour', () => {
    // 2 h 2 m 30 s: the last hour starts at 3,750 s, inside the window 3,600–3,900.
    const drift = measureSoakDrift(soakResult(2 * HOUR_MS + 150_000, () => 40));
    expect(drift?.lastHour).toMatchObject({ fromSec: 3_900, spanSec: 3_450 });
    expect(describeSoakDrift(drift as NonNullable<typeof drift>)).toMatch(
      /^Soak drift, first hour → last 57m30s: p95 /,
    );
  });

  it('leaves runs under 2 hours and files without timelines alone', () => {
    expect(measureSoakDrift(soakResult(2 * HOUR_MS - 60_000, () => 40))).toBeUndefined();
    expect(measureSoakDrift({ durationMs: 3 * HOUR_MS, timeline: [] })).toBeUndefined();
  });
});

describe('soak drift in the run summary, the report and the run warnings', () => {
  const base = simulateRun({
    scenarios: [{ name: 'api', ratePerSec: 20, medianMs: 10 }],
    durationMs: 5_000,
    seed: 9,
  });
  const soak: ResultsFileV1 = {
    ...base,
    ...soakResult(
      2 * HOUR_MS,
      (t) => (t < 3_600 ? 40 : 60),
      () => 0,
    ),
  };

  it('prints the drift line and its warning in the terminal summary', () => {
    const text = renderRunSummary(soak);
    expect(text).toContain(
      'Soak drift, first hour → last hour: p95 38 ms → 57 ms (+50 %), error rate 0 % → 0 %',
    );
    expect(text).toContain('warning: p95 latency drifted up +50 % from the first hour');
    expect(collectRunWarnings(soak).filter((w) => w.includes('drifted'))).toHaveLength(1);
  });

  it('puts the drift line in the whole run details of the report', () => {
    const { markdown } = renderReport({ verdict: makeVerdict([]), current: soak });
    expect(markdown).toContain(
      '- Soak drift, first hour → last hour: p95 38 ms → 57 ms (+50 %), error rate 0 % → 0 %',
    );
  });

  it('says nothing of drift for a short run', () => {
    expect(renderRunSummary(base)).not.toContain('Soak drift');
    expect(collectRunWarnings(base).some((w) => w.includes('drifted'))).toBe(false);
  });
});

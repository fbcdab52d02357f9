import type { ResultsFileV1, ScenarioResult } from '../../src/core/result/types.js';
import type { Figures, LatencySummaryMs, TimelinePoint } from '../../src/core/stats/figures.js';
import { makeFigures, makeResult } from './make-result.js';

/** A measured timeline of `seconds` points, 100 requests each, p95 from `p95At(t)`. */
export function makeTimeline(seconds: number, p95At: (t: number) => number): TimelinePoint[] {
  return Array.from({ length: seconds }, (_, t) => {
    const p95 = p95At(t);
    return {
      t,
      requests: 100,
      sent: 100,
      ok: 99,
      blocked: 0,
      failed: 1,
      errors: 0,
      dropped: 0,
      p50: p95 / 2,
      p90: p95 * 0.9,
      p95,
      p99: p95 * 1.5,
      max: p95 * 2,
      mean: p95 / 2,
      histogram: '',
    };
  });
}

/** Figures whose latency percentiles are all scaled by `factor` (1: `makeFigures`' values). */
export function makeScaledFigures(factor: number, overrides: Partial<Figures> = {}): Figures {
  const base = makeFigures();
  const scale = (summary: LatencySummaryMs): LatencySummaryMs => {
    const scaled = { ...summary };
    for (const key of Object.keys(scaled) as (keyof LatencySummaryMs)[]) scaled[key] *= factor;
    return scaled;
  };
  return {
    ...base,
    latencyMs: scale(base.latencyMs),
    serviceTimeMs: scale(base.serviceTimeMs),
    ...overrides,
  };
}

/** A scenario of the results file with plausible figures. */
export function makeScenarioResult(
  name: string,
  overrides: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    name,
    method: 'GET',
    path: '/',
    weight: 1,
    timeline: [],
    ...makeFigures(),
    ...overrides,
  };
}

/** A results file with these scenarios and timeline (deterministic: fixed dates, no clock). */
export function makeRunResults(
  scenarios: ScenarioResult[],
  overrides: Partial<ResultsFileV1> = {},
): ResultsFileV1 {
  return makeResult({ scenarios, ...overrides });
}

import type { ReportInput } from '../../../src/core/render/report.js';
import type { JourneyResult, ResultsFileV1 } from '../../../src/core/result/types.js';
import { makeFigures } from '../../helpers/make-result.js';
import {
  makeRunResults,
  makeScaledFigures,
  makeScenarioResult,
  makeTimeline,
} from '../../helpers/make-run-results.js';
import { makeMetric, makeScenario, makeVerdict } from '../../helpers/make-verdict.js';

/**
 * A run with a journey of three steps (one name with a pipe), a second journey of ten steps,
 * a plain scenario, per-VU log-ins of which two failed, and a measured setup row.
 */

const STEPS = ['list', 'add | cart', 'checkout'];

function journeyFigures(factor: number): ReturnType<typeof makeFigures> {
  return makeScaledFigures(factor * 80, {
    totals: {
      requests: 240,
      ok: 228,
      blocked: 0,
      failed: 9,
      errors: 3,
      dropped: 4,
      queued: 0,
      interrupted: 0,
    },
    statusCodes: {},
    errorKinds: { extract_failed: 3 },
  });
}

function journeys(factor: number): JourneyResult[] {
  return [
    {
      name: 'shopper',
      category: 'normal',
      weight: 3,
      steps: STEPS.map((s) => `shopper/${s}`),
      ...journeyFigures(factor),
    },
    {
      name: 'browse <b>',
      weight: 1,
      steps: Array.from({ length: 10 }, (_, i) => `browse <b>/page ${i + 1}`),
      ...makeScaledFigures(factor * 200, {
        totals: { ...makeFigures().totals, requests: 0, ok: 0, failed: 0 },
        latencyMs: { ...makeFigures().latencyMs, p50: 0, p95: 0, p99: 0 },
      }),
    },
  ];
}

function results(factor: number): ResultsFileV1 {
  const step = (name: string) =>
    makeScenarioResult(`shopper/${name}`, { journey: 'shopper', category: 'normal', weight: 3 });
  return makeRunResults(
    [
      makeScenarioResult('health'),
      ...STEPS.map(step),
      makeScenarioResult('setup/login', { method: 'POST', path: '/auth/token', setup: true }),
    ],
    {
      ...makeScaledFigures(factor),
      timeline: makeTimeline(30, (t) => (10 + (t % 5) * 0.4) * factor),
      journeys: journeys(factor),
      setup: { perVu: true, measured: true, runs: 40, failed: 2 },
    },
  );
}

export function journeysCase(): ReportInput {
  const verdict = makeVerdict(
    [
      makeScenario('all', [makeMetric('p95', 10, 10.2), makeMetric('errorRate', 0.01, 0.01)]),
      makeScenario('health', [makeMetric('p95', 10, 10.1)]),
      ...STEPS.map((s) => makeScenario(`shopper/${s}`, [makeMetric('p95', 10, 10.3)])),
      makeScenario('setup/login', [makeMetric('p95', 10, 10)]),
    ],
    {
      reasons: ['No regression beyond the rules in 6 comparisons against the baseline.'],
      runWarnings: ['2 of 40 per-VU log-ins (setup) failed and were retried.'],
    },
  );
  return { verdict, current: results(1), baseline: results(1), title: 'Shop journeys' };
}

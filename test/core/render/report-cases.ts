import type { ReportInput } from '../../../src/core/render/report.js';
import { makeFigures } from '../../helpers/make-result.js';
import {
  makeRunResults,
  makeScaledFigures,
  makeScenarioResult,
  makeTimeline,
} from '../../helpers/make-run-results.js';
import {
  makeMetric,
  makeScenario,
  makeSignificance,
  makeThreshold,
  makeVerdict,
} from '../../helpers/make-verdict.js';
import { failNastyCase } from './report-cases-nasty.js';
import { noBaselineCase } from './report-cases-no-baseline.js';

/** Inputs of the golden reports: fixed values only, so the goldens never change by themselves. */

const steady = (t: number) => 10 + (t % 5) * 0.4;

function passCase(): ReportInput {
  const results = () =>
    makeRunResults([makeScenarioResult('list'), makeScenarioResult('search')], {
      timeline: makeTimeline(30, steady),
    });
  const verdict = makeVerdict(
    [
      makeScenario(
        'all',
        [
          makeMetric('p50', 4, 4.1),
          makeMetric('p95', 10, 10.2, {
            significance: makeSignificance({ pValue: 0.41, low: -0.3, high: 0.6, shift: 0.1 }),
          }),
          makeMetric('p99', 20, 19),
          makeMetric('errorRate', 0.01, 0.01),
          makeMetric('rps', 100, 100),
        ],
        {
          thresholds: [
            makeThreshold(
              { metric: 'p95', failUnless: { op: '<=', value: 300 }, source: 'p95 <= 300ms' },
              10.2,
              'pass',
              'p95 10.2 ms <= 300 ms',
            ),
          ],
        },
      ),
      makeScenario('list', [
        makeMetric('p95', 10, 8, {
          status: 'improved',
          significance: makeSignificance({ pValue: 0.999, low: -2.4, high: -1.6, shift: -2 }),
        }),
      ]),
      makeScenario('search', [
        makeMetric('p95', 10, 10.4, {
          significance: {
            method: 'insufficient-data',
            confidence: 0.95,
            baselineWindows: 3,
            currentWindows: 4,
          },
        }),
      ]),
    ],
    { reasons: ['No regression beyond the rules in 3 comparisons against the baseline.'] },
  );
  return { verdict, current: results(), baseline: results(), marker: 'pr-checks' };
}

function warnCase(): ReportInput {
  const current = makeRunResults(
    [makeScenarioResult('checkout', { method: 'POST', path: '/cart' })],
    {
      ...makeScaledFigures(1.15),
      totals: { ...makeFigures().totals, queued: 120 },
      timeline: makeTimeline(30, (t) => steady(t) * 1.15),
    },
  );
  const baseline = makeRunResults(
    [makeScenarioResult('checkout', { method: 'POST', path: '/cart' })],
    {
      timeline: makeTimeline(30, steady),
    },
  );
  const verdict = makeVerdict(
    [
      makeScenario('all', [
        makeMetric('p95', 10, 11.5, {
          status: 'warn',
          rule: 'p95 +10 % (floor 1 ms)',
          significance: makeSignificance({ pValue: 0.02, low: 0.9, high: 2.1, shift: 1.5 }),
        }),
        makeMetric('p99', 20, 23, {
          significance: makeSignificance({ pValue: 0.08, low: -0.5, high: 4.1, shift: 3 }),
        }),
        makeMetric('errorRate', 0.01, 0.012),
      ]),
      makeScenario(
        'checkout',
        [
          makeMetric('p99', 20, 24, {
            status: 'noise',
            rule: 'p99 +20 % (floor 2 ms)',
            significance: makeSignificance({ pValue: 0.31, low: -1.2, high: 6.3, shift: 4 }),
          }),
        ],
        { category: 'cart' },
      ),
    ],
    {
      rulesDefaulted: true,
      reasons: ['p95 latency of all scenarios rose 15 % (+1.5 ms), beyond the 10 % warn limit.'],
      runWarnings: [
        '120 arrivals waited for a free slot (maxInFlight 16 reached); their latency includes the wait. If the target was healthy, raise connections.',
      ],
      baseline: { commit: '0f1e2d3c4b5a', ref: 'refs/heads/main', date: '2026-11-19' },
    },
  );
  return { verdict, current, baseline, title: 'Checkout API' };
}

export const GOLDEN_CASES: Record<string, () => ReportInput> = {
  pass: passCase,
  warn: warnCase,
  fail: failNastyCase,
  'no-baseline': noBaselineCase,
};

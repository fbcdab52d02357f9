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
import { journeysCase } from './report-cases-journeys.js';
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

/** A scheduled run against a rolling baseline whose breaches were measured again. */
function confirmedCase(): ReportInput {
  const results = (factor: number) =>
    makeRunResults([makeScenarioResult('list'), makeScenarioResult('search')], {
      ...makeScaledFigures(factor),
      timeline: makeTimeline(30, (t) => steady(t) * factor),
    });
  const acrossRuns = (pValue: number, shift: number) => ({
    method: 'between-runs' as const,
    pValue,
    shift,
    confidence: 0.95,
    baselineWindows: 0,
    currentWindows: 0,
    runs: 5,
  });
  const p95Target = {
    metric: 'p95' as const,
    scenario: 'search',
    warnUnless: { op: '<=' as const, value: 11 },
    source: 'search: p95 <= 11ms',
  };
  const verdict = makeVerdict(
    [
      makeScenario('all', [
        makeMetric('p95', 10, 13, {
          status: 'warn',
          rule: 'p95 +10 % warn, +15 % fail (floor 1 ms)',
          significance: acrossRuns(0.0004, 2.9),
          confirmation: { current: 11.4, status: 'warn' },
        }),
        makeMetric('p99', 20, 23, {
          status: 'unconfirmed',
          rule: 'p99 +15 % warn, +30 % fail (floor 2 ms)',
          significance: acrossRuns(0.012, 2.8),
          confirmation: { current: 20.5, status: 'pass' },
        }),
        makeMetric('errorRate', 0.01, 0.01, { confirmation: { current: 0.011, status: 'pass' } }),
      ]),
      makeScenario('list', [
        makeMetric('p95', 10, 12.9, {
          significance: { ...acrossRuns(0.08, 2.8), pValue: 0.08 },
          status: 'noise',
          rule: 'list: p95 +10 % warn, +20 % fail (floor 1 ms)',
          confirmation: { current: 10.1, status: 'pass' },
        }),
      ]),
      makeScenario(
        'search',
        [
          makeMetric('p95', 10, 10.3, {
            significance: acrossRuns(0.3, 0.2),
            confirmation: { current: 10.6, status: 'pass' },
          }),
        ],
        {
          thresholds: [
            {
              ...makeThreshold(
                p95Target,
                13,
                'pass',
                'search: p95 13 ms, needs <= 11 ms (target); met on re-measuring (10.6 ms)',
              ),
              unconfirmed: true,
              confirmation: { value: 10.6, level: 'pass' },
            },
          ],
        },
      ),
    ],
    {
      reasons: [
        'p95 +30 % (+3 ms) vs baseline: over the +10 % warn limit (floor 1 ms), 95 % confident across 5 earlier runs (p < 0.001); confirmed on re-measuring (11.4 ms)',
        '2 breaches of the first measurement did not hold on re-measuring: shown, not gated.',
      ],
      confirmation: { confirmed: 1, unconfirmed: 2 },
      baseline: { commit: '0f1e2d3c4b5a', ref: 'refs/heads/main', date: '2026-11-19' },
    },
  );
  return { verdict, current: results(1.3), baseline: results(1), title: 'Nightly shop' };
}

export const GOLDEN_CASES: Record<string, () => ReportInput> = {
  confirmed: confirmedCase,
  pass: passCase,
  warn: warnCase,
  fail: failNastyCase,
  'no-baseline': noBaselineCase,
  journeys: journeysCase,
};

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

/** The failing golden: hostile names (pipes, HTML, mentions, backticks) everywhere they can go. */

const steady = (t: number) => 10 + (t % 5) * 0.4;

export const NASTY_NAME = 'a | b <script>alert(1)</script>';
export const NASTY_RULE = 'http_req_duration{scenario:a | b}: p(95)<20';

/** A failed verdict over scenarios with hostile names, a spike in the timeline, dropped load. */
export function failNastyCase(): ReportInput {
  const nasty = makeScenarioResult(NASTY_NAME, {
    category: '@team',
    path: '/search?q=<b>|`x`',
    ...makeScaledFigures(2.5),
    statusCodes: { '200': 960, '503': 40 },
    errorKinds: { timeout: 12, connection_reset: 3 },
  });
  const current = makeRunResults(
    [nasty, makeScenarioResult('``cat`` | `x`'), makeScenarioResult('list')],
    {
      ...makeScaledFigures(1.4, { errorRate: 0.04 }),
      totals: { ...makeFigures().totals, dropped: 50 },
      dropRate: 0.048,
      timeline: makeTimeline(120, (t) => (t === 61 ? 250 : steady(t) * 1.4)),
    },
  );
  const baseline = makeRunResults(
    [
      makeScenarioResult(NASTY_NAME),
      makeScenarioResult('``cat`` | `x`'),
      makeScenarioResult('list'),
    ],
    { timeline: makeTimeline(120, steady) },
  );
  const verdict = makeVerdict(
    [
      makeScenario('all', [
        makeMetric('p95', 10, 14, {
          status: 'warn',
          rule: 'p95 +20 % | floor 2 ms',
          significance: makeSignificance({ pValue: 0.011, low: 1.8, high: 5.9, shift: 4 }),
        }),
        makeMetric('p99', 20, 31, {
          status: 'fail',
          rule: 'p99 +50 % (floor 5 ms)',
          significance: makeSignificance({ pValue: 0.0004, low: 7.5, high: 14.2, shift: 11 }),
        }),
        makeMetric('errorRate', 0.01, 0.04, { status: 'fail', rule: 'errorRate +0.5 pp' }),
        makeMetric('rps', 100, 90),
        makeMetric('dropped', 0, 50, { status: 'warn', rule: 'dropped > 0' }),
      ]),
      makeScenario(
        NASTY_NAME,
        [
          makeMetric('p95', 10, 25, {
            status: 'fail',
            rule: 'p95 +20 % (floor 2 ms)',
            significance: makeSignificance({ pValue: 0.0004, low: 12, high: 18, shift: 15 }),
          }),
        ],
        {
          category: '@team',
          thresholds: [
            makeThreshold(
              {
                metric: 'p95',
                scenario: NASTY_NAME,
                failUnless: { op: '<', value: 20 },
                source: NASTY_RULE,
              },
              25,
              'fail',
              'p95 25 ms >= 20 ms (limit) for @team',
            ),
          ],
        },
      ),
      makeScenario('``cat`` | `x`', [
        makeMetric('p50', 4, 4.8, {
          significance: {
            method: 'insufficient-data',
            confidence: 0.95,
            baselineWindows: 2,
            currentWindows: 2,
          },
        }),
      ]),
      makeScenario('list', [makeMetric('p95', 10, 10.1)]),
    ],
    {
      reasons: [
        'p99 latency of all scenarios rose 55 % (+11 ms), beyond the 50 % fail limit.',
        `p95 latency of ${NASTY_NAME} is 25 ms, over the 20 ms limit (${NASTY_RULE}).`,
        'The error rate rose from 1 % to 4 % (@oncall: look at the 503s).',
      ],
      runWarnings: [
        '50 arrivals (4.8 %) were never sent: the target did not get the load asked for. They were still queued when the run ended.',
      ],
    },
  );
  return { verdict, current, baseline };
}

import type { ReportInput } from '../../../src/core/render/report.js';
import {
  makeRunResults,
  makeScenarioResult,
  makeTimeline,
} from '../../helpers/make-run-results.js';
import {
  makeMetric,
  makeScenario,
  makeThreshold,
  makeVerdict,
} from '../../helpers/make-verdict.js';

const steady = (t: number) => 10 + (t % 5) * 0.4;

/** A first run: nothing to compare with, so only the absolute thresholds decide. */
export function noBaselineCase(): ReportInput {
  const current = makeRunResults([makeScenarioResult('home')], {
    timeline: makeTimeline(20, steady),
  });
  const verdict = makeVerdict(
    [
      makeScenario(
        'all',
        [makeMetric('p95', undefined, 10), makeMetric('errorRate', undefined, 0.01)],
        {
          thresholds: [
            makeThreshold(
              { metric: 'p95', failUnless: { op: '<=', value: 300 }, source: 'p95 <= 300ms' },
              10,
              'pass',
              'p95 10 ms <= 300 ms',
            ),
            makeThreshold(
              {
                metric: 'errorRate',
                warnUnless: { op: '<', value: 0.01 },
                source: 'errorRate < 1%',
              },
              0.01,
              'warn',
              'error rate 1 % >= 1 % (target)',
            ),
          ],
        },
      ),
      makeScenario('home', [makeMetric('p95', undefined, 10)]),
    ],
    { hasBaseline: false, baseline: undefined, reasons: ['error rate 1 % >= 1 % (target).'] },
  );
  return { verdict, current };
}

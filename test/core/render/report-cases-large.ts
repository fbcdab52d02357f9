import type { ScenarioComparison } from '../../../src/core/judge/types.js';
import type { ReportInput } from '../../../src/core/render/report.js';
import {
  makeRunResults,
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

/** Golden inputs with many scenarios: collapsing quiet passes, and the size budget. */

const pad = (n: number) => String(n).padStart(2, '0');

function manyScenario(i: number): ScenarioComparison {
  const name = `endpoint-${pad(i)}`;
  if (i === 7) {
    return makeScenario(name, [
      makeMetric('p95', 10, 12.5, {
        status: 'warn',
        rule: 'p95 +20 % (floor 2 ms)',
        significance: makeSignificance({ pValue: 0.004, low: 1.9, high: 3.1, shift: 2.5 }),
      }),
    ]);
  }
  if (i === 15) {
    return makeScenario(name, [
      makeMetric('p95', 10, 7, {
        status: 'improved',
        significance: makeSignificance({ pValue: 0.9999, low: -3.4, high: -2.6, shift: -3 }),
      }),
    ]);
  }
  if (i === 33) {
    return makeScenario(name, [
      makeMetric('p95', 10, 13, {
        status: 'noise',
        rule: 'p95 +20 % (floor 2 ms)',
        significance: makeSignificance({ pValue: 0.27, low: -1.1, high: 6.8, shift: 3 }),
      }),
    ]);
  }
  return makeScenario(name, [makeMetric('p95', 10, 10 + (i % 3) * 0.1)]);
}

function manyScenariosCase(): ReportInput {
  const names = Array.from({ length: 40 }, (_, i) => `endpoint-${pad(i + 1)}`);
  const results = () =>
    makeRunResults(
      names.map((name) => makeScenarioResult(name, { path: `/${name}` })),
      { durationMs: 300_000, timeline: makeTimeline(300, (t) => 10 + Math.sin(t / 20) * 2) },
    );
  const verdict = makeVerdict(
    [
      makeScenario('all', [makeMetric('p95', 10, 10.2), makeMetric('errorRate', 0.01, 0.01)]),
      ...names.map((_, i) => manyScenario(i + 1)),
    ],
    { reasons: ['p95 latency of endpoint-07 rose 25 % (+2.5 ms), beyond the 20 % warn limit.'] },
  );
  return { verdict, current: results(), baseline: results(), marker: 'many' };
}

export const HUGE_SCENARIOS = 400;

function hugeScenario(i: number): ScenarioComparison {
  const name = `svc-${i} | tier <${i % 7}> @ops`;
  const warn = (rule: string) => ({ status: 'warn' as const, rule });
  return makeScenario(
    name,
    [
      makeMetric('p50', 4, 4.6, {
        ...warn('p50 +10 % (floor 0.5 ms)'),
        significance: makeSignificance({ low: 0.4, high: 0.8 }),
      }),
      makeMetric('p95', 10, 11.5, {
        ...warn('p95 +10 % (floor 1 ms)'),
        significance: makeSignificance(),
      }),
      makeMetric('p99', 20, 22, { significance: makeSignificance({ pValue: 0.2 }) }),
      makeMetric('errorRate', 0.01, 0.011),
    ],
    {
      category: i % 2 === 0 ? 'api' : 'web',
      thresholds: [
        makeThreshold(
          {
            metric: 'p95',
            scenario: name,
            warnUnless: { op: '<', value: 11 },
            source: `p95{${name}} < 11ms`,
          },
          11.5,
          'warn',
          'p95 11.5 ms >= 11 ms (target)',
        ),
      ],
    },
  );
}

function hugeProfileCase(): ReportInput {
  const names = Array.from({ length: HUGE_SCENARIOS }, (_, i) => hugeScenario(i + 1).name);
  const results = () =>
    makeRunResults(
      names.map((name) => makeScenarioResult(name)),
      { durationMs: 600_000, timeline: makeTimeline(600, (t) => 10 + (t % 60) / 10) },
    );
  const scenarios = names.map((_, i) => hugeScenario(i + 1));
  const verdict = makeVerdict(
    [
      makeScenario('all', [makeMetric('p95', 10, 11.5, { status: 'warn', rule: 'p95 +10 %' })]),
      ...scenarios,
    ],
    { reasons: scenarios.map((s) => `p95 latency of ${s.name} rose 15 % (+1.5 ms).`) },
  );
  return { verdict, current: results(), baseline: results() };
}

export const LARGE_CASES: Record<string, () => ReportInput> = {
  'many-scenarios': manyScenariosCase,
  'huge-profile': hugeProfileCase,
};

import { describe, expect, it } from 'vitest';
import type { ThresholdRule } from '../../../src/core/rules/types.js';
import { expectRules, issueLines, userThresholds } from './rules-fixtures.js';

function failRule(
  metric: ThresholdRule['metric'],
  op: '<' | '<=' | '>' | '>=',
  value: number,
  source: string,
): ThresholdRule {
  return { metric, failUnless: { op, value }, source };
}

describe('k6 thresholds', () => {
  it.each<[string, Record<string, unknown>, ThresholdRule[]]>([
    [
      'http_req_duration aggregations, in ms',
      {
        http_req_duration: ['p(95)<200', 'p(99)<=500', 'avg<100', 'med < 50', 'max<2000'],
      },
      [
        failRule('p95', '<', 200, 'http_req_duration p(95)<200'),
        failRule('p99', '<=', 500, 'http_req_duration p(99)<=500'),
        failRule('mean', '<', 100, 'http_req_duration avg<100'),
        failRule('p50', '<', 50, 'http_req_duration med < 50'),
        failRule('max', '<', 2000, 'http_req_duration max<2000'),
      ],
    ],
    [
      'every supported percentile, however written',
      { http_req_duration: ['p(50)<1', 'p(90)<2', 'p(99.9)<3', 'p(95.0)<4'] },
      [
        failRule('p50', '<', 1, 'http_req_duration p(50)<1'),
        failRule('p90', '<', 2, 'http_req_duration p(90)<2'),
        failRule('p999', '<', 3, 'http_req_duration p(99.9)<3'),
        failRule('p95', '<', 4, 'http_req_duration p(95.0)<4'),
      ],
    ],
    [
      'rates and counts',
      {
        http_req_failed: ['rate<0.01'],
        http_reqs: ['rate>100'],
        dropped_iterations: ['count<1'],
      },
      [
        failRule('errorRate', '<', 0.01, 'http_req_failed rate<0.01'),
        failRule('rps', '>', 100, 'http_reqs rate>100'),
        failRule('dropped', '<', 1, 'dropped_iterations count<1'),
      ],
    ],
    [
      'a sub-metric by scenario tag, and its name alias',
      {
        'http_req_duration{scenario:search}': ['p(95)<100'],
        'http_req_failed{name: sql injection probe}': ['rate<0.5'],
      },
      [
        {
          ...failRule('p95', '<', 100, 'http_req_duration{scenario:search} p(95)<100'),
          scenario: 'search',
        },
        {
          ...failRule('errorRate', '<', 0.5, 'http_req_failed{name: sql injection probe} rate<0.5'),
          scenario: 'sql injection probe',
        },
      ],
    ],
    [
      'the mapping form with abort settings',
      {
        http_req_duration: [
          { threshold: 'p(99)<1000', abortOnFail: true, delayAbortEval: '10s' },
          { threshold: 'p(95)<800', abortOnFail: false },
        ],
      },
      [
        {
          ...failRule('p99', '<', 1000, 'http_req_duration p(99)<1000'),
          abortOnFail: true,
          abortGraceMs: 10_000,
        },
        failRule('p95', '<', 800, 'http_req_duration p(95)<800'),
      ],
    ],
    ['an empty list', { http_reqs: [] }, []],
  ])('%s', (_, thresholds, rules) => {
    expect(userThresholds(thresholds)).toEqual(rules);
  });

  it('warns when a k6 and a friendly rule judge the same metric', () => {
    const { warnings } = expectRules({
      thresholds: { p95: '300ms', http_req_duration: ['p(95)<200'] },
    });
    expect(warnings).toEqual([
      'thresholds: two rules on p95 for the whole run ("p95 <= 300 ms (critical)", "http_req_duration p(95)<200"); both apply',
    ]);
  });
});

describe('k6 threshold issues', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'a method the metric type does not have',
      { http_req_duration: ['value<200', 'rate<3'] },
      [
        'thresholds.http_req_duration[0]: expected one of avg, min, max, med, p(N) for http_req_duration (a k6 Trend), got "value<200"',
        'thresholds.http_req_duration[1]: expected one of avg, min, max, med, p(N) for http_req_duration (a k6 Trend), got "rate<3"',
      ],
    ],
    [
      'the wrong aggregation for a rate or counter',
      { http_req_failed: ['count<3'], http_reqs: ['p(95)<10'] },
      [
        'thresholds.http_req_failed[0]: expected one of rate for http_req_failed (a k6 Rate), got "count<3"',
        'thresholds.http_reqs[0]: expected one of count, rate for http_reqs (a k6 Counter), got "p(95)<10"',
      ],
    ],
    [
      'bad numbers and nonsense',
      { http_req_duration: ['p(95)<abc', 'fast', 5] },
      [
        'thresholds.http_req_duration[0]: expected a number after "<" like 200, 0.01 or 1e3 (k6 values have no unit: ms, 0..1 for rates), got "p(95)<abc"',
        'thresholds.http_req_duration[1]: expected a k6 threshold like "p(95)<200", got "fast"',
        'thresholds.http_req_duration[2]: expected a k6 threshold like "p(95)<200", or a mapping with threshold, abortOnFail and delayAbortEval, got 5',
      ],
    ],
    [
      'a bare string instead of a list',
      { http_reqs: 'rate>100' },
      ['thresholds.http_reqs: expected a list of k6 thresholds like ["rate>100"], got "rate>100"'],
    ],
    [
      'mapping items with problems',
      {
        http_req_duration: [
          { threshold: 'p(95)<1', abortOnFail: 'yes' },
          { delayAbortEval: '10s', abortOnFail: true },
          { threshold: 'p(95)<1', delayAbortEval: '10s', extra: 1 },
        ],
      },
      [
        'thresholds.http_req_duration[0].abortOnFail: expected true or false, got "yes"',
        'thresholds.http_req_duration[1].threshold: required: expected a k6 threshold like "p(95)<200"',
        'thresholds.http_req_duration[2]: unknown key "extra"; allowed keys: threshold, abortOnFail, delayAbortEval',
        'thresholds.http_req_duration[2].delayAbortEval: only delays abortOnFail: add abortOnFail: true, or remove it',
      ],
    ],
    [
      'unsupported k6 metrics',
      { http_req_waiting: ['p(95)<200'], iteration_duration: ['avg<1'] },
      [
        'thresholds.http_req_waiting: unsupported k6 metric "http_req_waiting"; supported: http_req_duration (Trend: avg → mean, min, max, med → p50, p(N) → pN), http_req_failed (Rate: rate → errorRate), http_reqs (Counter: count → requests, rate → rps), dropped_iterations (Counter: count → dropped, rate → droppedRps)',
        'thresholds.iteration_duration: unsupported k6 metric "iteration_duration"; supported: http_req_duration (Trend: avg → mean, min, max, med → p50, p(N) → pN), http_req_failed (Rate: rate → errorRate), http_reqs (Counter: count → requests, rate → rps), dropped_iterations (Counter: count → dropped, rate → droppedRps)',
      ],
    ],
    [
      'a misspelt k6 metric',
      { http_req_duraton: ['p(95)<200'] },
      [
        'thresholds.http_req_duraton: unknown key "http_req_duraton" (did you mean "http_req_duration"?); expected a metric (p50, p90, p95, p99, p999, max, mean, min, errorRate, blockRate, dropRate, rps, requests, dropped, droppedRps, sendLagP99, startSkew, or a percentile from p0 to p100 like p97.5), scenarios, or a k6 metric (http_req_duration, http_req_failed, http_reqs, dropped_iterations)',
      ],
    ],
    [
      'an unknown scenario or tag in a sub-metric',
      {
        'http_req_duration{scenario:serch}': ['p(95)<100'],
        'http_req_duration{status:200}': ['p(95)<100'],
      },
      [
        'thresholds["http_req_duration{scenario:serch}"]: unknown scenario "serch" (did you mean "search"?); the profile\'s scenarios: "search", "sql injection probe", "list products"',
        'thresholds["http_req_duration{status:200}"]: expected a sub-metric tag {scenario:NAME} or {name:NAME}, got "{status:200}"',
      ],
    ],
  ])('%s', (_, thresholds, lines) => {
    expect(issueLines({ thresholds })).toEqual(lines);
  });
});

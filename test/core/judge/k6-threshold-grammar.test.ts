/**
 * k6's threshold grammar, case by case, from k6's own documentation
 * (grafana.com/docs/k6/latest/using-k6/thresholds: "Threshold expression syntax", "Aggregation
 * methods by type", the copy-and-paste examples) and k6's parser tests
 * (metrics/thresholds_parser_test.go). Each accepted expression is pasted as a k6 user would
 * and must mean what it means in k6; each refused one is refused by k6 too, and named by path.
 */
import { describe, expect, it } from 'vitest';
import { evaluateThreshold } from '../../../src/core/judge/judge-scenario.js';
import { readK6Expression } from '../../../src/core/rules/parse-k6-threshold.js';
import type { Condition, MetricName } from '../../../src/core/rules/types.js';
import { makeFigures } from '../../helpers/make-result.js';
import { issueLines, userThresholds } from '../rules/rules-fixtures.js';

describe('k6 expressions loadgate accepts, with their k6 meaning', () => {
  it.each<[string, string, MetricName, Condition['op'], number]>([
    // "Threshold expression syntax" and the copy-and-paste examples.
    ['http_req_duration', 'avg < 200', 'mean', '<', 200],
    ['http_reqs', 'count >= 500', 'requests', '>=', 500],
    ['http_req_duration', 'p(90) < 300', 'p90', '<', 300],
    ['http_req_failed', 'rate<0.01', 'errorRate', '<', 0.01],
    ['http_req_duration', 'p(95)<200', 'p95', '<', 200],
    ['http_req_duration', 'p(99.9) < 2000', 'p999', '<', 2000],
    ['http_req_duration', 'p(99) < 10', 'p99', '<', 10],
    // The Trend example: 'p(99)<300', 'p(70)<250', 'avg<200', 'med<150', 'min<100'.
    ['http_req_duration', 'p(70)<250', 'p70', '<', 250],
    ['http_req_duration', 'med<150', 'p50', '<', 150],
    ['http_req_duration', 'min<100', 'min', '<', 100],
    // "p(N) where N is a number between 0.0 and 100. E.g. p(99.99)".
    ['http_req_duration', 'p(99.99)<=500', 'p99.99', '<=', 500],
    ['http_req_duration', 'p(0)<100', 'min', '<', 100],
    ['http_req_duration', 'p(100)<1000', 'max', '<', 1000],
    ['http_req_duration', 'p(95.5)<200', 'p95.5', '<', 200],
    ['http_req_duration', 'p(95.0)<200', 'p95', '<', 200],
    ['http_req_duration', 'p(1e1)<200', 'p10', '<', 200],
    ['http_req_duration', 'max<2000', 'max', '<', 2000],
    ['http_req_duration', 'min==1', 'min', '==', 1],
    // Every operator: "==" and "===" are the same test in k6.
    ['http_req_failed', 'rate==0.01', 'errorRate', '==', 0.01],
    ['http_req_failed', 'rate===0.01', 'errorRate', '==', 0.01],
    ['http_req_failed', 'rate!=0.01', 'errorRate', '!=', 0.01],
    ['http_req_failed', 'rate>=0', 'errorRate', '>=', 0],
    ['http_req_failed', 'rate<2', 'errorRate', '<', 2],
    // Counters: count and rate (per second).
    ['http_reqs', 'count>20', 'requests', '>', 20],
    ['http_reqs', 'rate>100', 'rps', '>', 100],
    ['dropped_iterations', 'count<1', 'dropped', '<', 1],
    ['dropped_iterations', 'rate<0.5', 'droppedRps', '<', 0.5],
    // Numbers as k6 (Go's ParseFloat) and JavaScript both read them.
    ['http_req_duration', 'avg<1e3', 'mean', '<', 1000],
    ['http_reqs', 'count>-1', 'requests', '>', -1],
    ['http_req_duration', 'avg<.5', 'mean', '<', 0.5],
    ['http_req_duration', 'avg<5.', 'mean', '<', 5],
    ['http_req_duration', 'avg<+2E2', 'mean', '<', 200],
    // "expression's method is trimmed", "expression's value is trimmed".
    ['http_req_duration', '  avg  <=  200  ', 'mean', '<=', 200],
    ['http_req_duration', '\tavg<=200\t', 'mean', '<=', 200],
  ])('%s: %j → %s %s %d', (k6Metric, expression, metric, op, value) => {
    expect(readK6Expression(k6Metric, expression)).toEqual({
      ok: true,
      metric,
      condition: { op, value },
    });
    expect(userThresholds({ [k6Metric]: [expression] })).toEqual([
      {
        metric,
        failUnless: { op, value },
        source: `${k6Metric} ${expression.trim()}`,
      },
    ]);
  });

  // What the verdict makes of a condition: k6's comparison, exactly (no tolerance on ==).
  const figures = makeFigures({ errorRate: 0.01 });
  it.each<[string, string, 'pass' | 'fail']>([
    ['http_req_failed', 'rate==0.01', 'pass'],
    ['http_req_failed', 'rate===0.01', 'pass'],
    ['http_req_failed', 'rate==0.02', 'fail'],
    ['http_req_failed', 'rate!=0.01', 'fail'],
    ['http_req_failed', 'rate!=0', 'pass'],
    ['http_req_duration', 'min==1', 'pass'],
    ['http_req_duration', 'min!=1', 'fail'],
    ['http_req_duration', 'avg<1e3', 'pass'],
    ['http_req_duration', 'p(100)<50', 'fail'],
    ['http_req_duration', 'p(100)<=50', 'pass'],
    ['http_reqs', 'count>-1', 'pass'],
    ['http_reqs', 'count>1000', 'fail'],
    ['http_reqs', 'count>=1000', 'pass'],
  ])('%s %j on measured figures: %s', (k6Metric, expression, level) => {
    const [rule] = userThresholds({ [k6Metric]: [expression] });
    if (rule === undefined) throw new Error('no rule');
    expect(evaluateThreshold(rule, figures, {}).level).toBe(level);
  });
});

describe('k6 expressions k6 refuses, refused with the path and the form expected', () => {
  const TREND = 'expected one of avg, min, max, med, p(N) for http_req_duration (a k6 Trend)';
  const PERCENTILE = 'expected p(N) with N a number from 0 to 100, like p(99.9)';
  const OPERATOR = 'expected one operator of <, <=, >, >=, ==, === or !=';
  const NUMBER =
    'expected a number after "<" like 200, 0.01 or 1e3 (k6 values have no unit: ms, 0..1 for rates)';
  const COMPOUND =
    'expected one condition per item (k6 has no && or ||: list each condition as its own item)';
  const MALFORMED = 'expected a k6 threshold like "p(95)<200"';
  it.each<[string, string, string]>([
    // k6's parser tests.
    ['http_reqs', 'count!20', MALFORMED],
    ['http_req_duration', 'foo>20', TREND],
    ['http_reqs', 'count>abc', NUMBER.replace('"<"', '">"')],
    ['http_req_duration', 'p()<200', PERCENTILE],
    ['http_req_duration', 'p(99<200', TREND],
    ['http_req_duration', 'p(foo)<200', PERCENTILE],
    ['http_req_duration', 'p(-1)<200', PERCENTILE],
    ['http_req_duration', 'p(101)<200', PERCENTILE],
    ['http_req_duration', 'p(NaN)<200', PERCENTILE],
    ['http_req_duration', 'p(+Inf)<200', PERCENTILE],
    // Operators k6 does not have.
    ['http_req_duration', 'p(95)=<200', OPERATOR],
    ['http_req_duration', 'p(95)=>200', OPERATOR],
    ['http_req_failed', 'rate!==0.01', OPERATOR],
    ['http_req_duration', 'p(95)< =200', OPERATOR],
    ['http_req_duration', 'p(95)<', MALFORMED],
    // Aggregations: a bare p, spaces inside p( ), names in another case, methods of other types.
    ['http_req_duration', 'p<200', PERCENTILE],
    ['http_req_duration', 'p( 95 )<200', PERCENTILE],
    ['http_req_duration', 'P(95)<200', 'expected lower-case p(95) as k6 writes it'],
    ['http_req_duration', 'AVG<200', 'expected lower-case avg as k6 writes it'],
    ['http_req_duration', 'value<200', TREND],
    ['http_req_duration', 'count<200', TREND],
    ['http_req_failed', 'count<3', 'expected one of rate for http_req_failed (a k6 Rate)'],
    ['http_reqs', 'avg<3', 'expected one of count, rate for http_reqs (a k6 Counter)'],
    // One condition per item.
    ['http_req_duration', 'p(95)<200 && p(99)<500', COMPOUND],
    ['http_req_duration', 'p(95)<200 || avg<100', COMPOUND],
    // Numbers Go's ParseFloat refuses (hex without exponent, units, empty), and infinities.
    ['http_req_duration', 'avg<0x10', NUMBER],
    ['http_req_duration', 'avg<200ms', NUMBER],
    ['http_req_duration', 'avg<1_000', NUMBER],
    ['http_req_duration', 'avg<Infinity', NUMBER],
    ['http_req_duration', 'avg<NaN', NUMBER],
    ['http_req_duration', 'avg<1e999', NUMBER],
  ])('%s %j', (k6Metric, expression, message) => {
    // A good expression first, so the path must point at the bad one.
    const good = k6Metric === 'http_req_duration' ? 'avg<1' : 'rate<1';
    expect(issueLines({ thresholds: { [k6Metric]: [good, expression] } })).toEqual([
      `thresholds.${k6Metric}[1]: ${message}, got ${JSON.stringify(expression)}`,
    ]);
  });

  it('names the path of an item in k6 mapping form, under a sub-metric key', () => {
    const key = 'http_req_duration{scenario:search}';
    expect(
      issueLines({ thresholds: { [key]: [{ threshold: 'p(101)<1', abortOnFail: true }] } }),
    ).toEqual([`thresholds["${key}"][0]: ${PERCENTILE}, got "p(101)<1"`]);
  });
});

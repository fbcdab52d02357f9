import { describe, expect, it } from 'vitest';
import {
  isMetricName,
  METRIC_NAMES,
  METRICS,
  parseMetricValue,
  readMetric,
} from '../../../src/core/compare/metrics.js';
import type { Direction, MetricName, MetricUnit } from '../../../src/core/compare/types.js';
import { makeFigures } from '../../helpers/make-result.js';

const FIGURES = makeFigures({
  totals: { ...makeFigures().totals, dropped: 7 },
  throughput: { rps: 123.5, okRps: 120 },
  latencyMs: { min: 1, mean: 6, p50: 4, p90: 8, p95: 10, p99: 20, p999: 40, max: 50, stdev: 3 },
  errorRate: 0.02,
  blockRate: 0.5,
  dropRate: 0.03,
});

describe('metric registry', () => {
  it.each<[MetricName, MetricUnit, Direction, string, number]>([
    ['p50', 'ms', 'lower-is-better', 'p50', 4],
    ['p90', 'ms', 'lower-is-better', 'p90', 8],
    ['p95', 'ms', 'lower-is-better', 'p95', 10],
    ['p99', 'ms', 'lower-is-better', 'p99', 20],
    ['p999', 'ms', 'lower-is-better', 'p99.9', 40],
    ['max', 'ms', 'lower-is-better', 'max', 50],
    ['mean', 'ms', 'lower-is-better', 'mean', 6],
    ['errorRate', 'fraction', 'lower-is-better', 'error rate', 0.02],
    ['blockRate', 'fraction', 'none', 'block rate', 0.5],
    ['dropRate', 'fraction', 'lower-is-better', 'drop rate', 0.03],
    ['rps', 'rps', 'higher-is-better', 'throughput', 123.5],
    ['dropped', 'count', 'lower-is-better', 'dropped', 7],
    ['sendLagP99', 'ms', 'lower-is-better', 'send lag p99', 2.5],
  ])('%s: %s, %s, "%s", reads %d', (metric, unit, direction, label, value) => {
    expect(METRICS[metric]).toMatchObject({ unit, direction, label });
    expect(readMetric(FIGURES, metric, { sendLagP99: 2.5 })).toBe(value);
  });

  it('lists every metric once and knows its names', () => {
    expect(new Set(METRIC_NAMES).size).toBe(13);
    expect(METRIC_NAMES.every(isMetricName)).toBe(true);
    expect(['P95', 'p97', 'toString', 'error_rate'].some(isMetricName)).toBe(false);
  });

  it('reads sendLagP99 as NaN without the run extras (scenarios have none)', () => {
    expect(readMetric(FIGURES, 'sendLagP99')).toBeNaN();
    expect(METRICS.sendLagP99.wholeRunOnly).toBe(true);
  });
});

describe('parseMetricValue', () => {
  it.each<[MetricName, string | number, number | undefined]>([
    ['p95', '300ms', 300],
    ['p95', '1.5s', 1500],
    ['p95', ' 2m ', 120_000],
    ['p95', 300, 300],
    ['p95', '300', 300],
    ['p95', '0.25ms', 0.25],
    ['p95', '300 msec', undefined],
    ['p95', -1, undefined],
    ['p95', '', undefined],
    ['sendLagP99', '10ms', 10],
    ['errorRate', '1%', 0.01],
    ['errorRate', '0.5 %', 0.005],
    ['errorRate', 0.01, 0.01],
    ['errorRate', '0.01', 0.01],
    ['errorRate', 1, 1],
    ['errorRate', 5, undefined],
    ['errorRate', '150%', undefined],
    ['errorRate', '-1%', undefined],
    ['blockRate', '99%', 0.99],
    ['rps', 100, 100],
    ['rps', '100/s', 100],
    ['rps', '6000/m', 100],
    ['rps', '100 rps', undefined],
    ['dropped', 0, 0],
    ['dropped', '3', 3],
    ['dropped', 1.5, undefined],
    ['dropped', '1%', undefined],
  ])('%s %j → %s', (metric, input, expected) => {
    expect(parseMetricValue(metric, input)).toBe(expected);
  });
});

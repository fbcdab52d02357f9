import { describe, expect, it } from 'vitest';
import {
  bracketPercentile,
  readLatencyPercentiles,
  readMetric,
} from '../../../src/core/judge/read-metric.js';
import {
  isMetricName,
  METRIC_NAMES,
  metricInfo,
  orderMetrics,
  parseMetricValue,
  percentileMetric,
  readMetricKey,
} from '../../../src/core/rules/metrics.js';
import type { Direction, MetricName, MetricUnit } from '../../../src/core/rules/types.js';
import { countCreatedHistograms } from '../../../src/core/stats/histogram.js';
import { makeFigures } from '../../helpers/make-result.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

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
    ['min', 'ms', 'lower-is-better', 'min', 1],
    ['errorRate', 'fraction', 'lower-is-better', 'error rate', 0.02],
    ['blockRate', 'fraction', 'none', 'block rate', 0.5],
    ['dropRate', 'fraction', 'lower-is-better', 'drop rate', 0.03],
    ['rps', 'rps', 'higher-is-better', 'throughput', 123.5],
    ['requests', 'count', 'higher-is-better', 'requests', 1000],
    ['dropped', 'count', 'lower-is-better', 'dropped', 7],
    ['droppedRps', 'rps', 'lower-is-better', 'dropped/s', 0.7],
    ['sendLagP99', 'ms', 'lower-is-better', 'send lag p99', 2.5],
    ['startSkew', 'ms', 'lower-is-better', 'start skew', 140],
  ])('%s: %s, %s, "%s", reads %d', (metric, unit, direction, label, value) => {
    expect(metricInfo(metric)).toMatchObject({ unit, direction, label });
    const extras = { sendLagP99: 2.5, startSkewMs: 140, durationMs: 10_000 };
    expect(readMetric(FIGURES, metric, extras)).toBe(value);
  });

  it('lists every metric once and knows its names, percentiles spelt one way', () => {
    expect(new Set(METRIC_NAMES).size).toBe(17);
    expect(METRIC_NAMES.every(isMetricName)).toBe(true);
    expect(['p97', 'p97.5', 'p99.99', 'p0.1'].every(isMetricName)).toBe(true);
    expect(
      ['P95', 'p97.50', 'p0', 'p100', 'p101', 'p', 'p-1', 'pNaN', 'toString', 'error_rate'].some(
        isMetricName,
      ),
    ).toBe(false);
  });

  it('reads sendLagP99 as NaN without the run extras (scenarios have none)', () => {
    expect(readMetric(FIGURES, 'sendLagP99')).toBeNaN();
    expect(metricInfo('sendLagP99').wholeRunOnly).toBe(true);
  });

  it('reads droppedRps as NaN without the measured window', () => {
    expect(readMetric(FIGURES, 'droppedRps')).toBeNaN();
    expect(readMetric(FIGURES, 'droppedRps', { durationMs: 0 })).toBeNaN();
  });
});

describe('percentile metrics', () => {
  it.each<[number, string]>([
    [50, 'p50'],
    [90, 'p90'],
    [95, 'p95'],
    [99, 'p99'],
    [99.9, 'p999'],
    [0, 'min'],
    [100, 'max'],
    [97, 'p97'],
    [97.5, 'p97.5'],
    [99.99, 'p99.99'],
    [0.5, 'p0.5'],
  ])('p(%d) is %s', (q, name) => {
    expect(percentileMetric(q)).toBe(name);
  });

  it('refuses percentiles outside 0..100', () => {
    for (const q of [-1, 100.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => percentileMetric(q)).toThrow(RangeError);
    }
  });

  it('describes a percentile without a name from the registry: ms, lower is better, its label', () => {
    expect(metricInfo('p97.5')).toMatchObject({
      unit: 'ms',
      direction: 'lower-is-better',
      label: 'p97.5',
      percentile: 97.5,
      fromHistogram: true,
      wholeRunOnly: false,
    });
    expect(metricInfo('p95')).toMatchObject({ percentile: 95, fromHistogram: false });
    expect(readMetric(FIGURES, 'p97.5')).toBeNaN();
    expect(readMetric(FIGURES, 'p97.5', { percentilesMs: new Map([[97.5, 12]]) })).toBe(12);
  });

  it.each<[string, ReturnType<typeof readMetricKey>]>([
    ['p95', { metric: 'p95' }],
    ['p999', { metric: 'p999' }],
    ['p99.9', { metric: 'p999' }],
    ['p95.0', { metric: 'p95' }],
    ['p97', { metric: 'p97' }],
    ['p97.50', { metric: 'p97.5' }],
    ['p0', { metric: 'min' }],
    ['p100', { metric: 'max' }],
    ['min', { metric: 'min' }],
    [
      'p101',
      {
        message: 'expected a percentile from p0 to p100 like p97.5 (p999 means p99.9), got "p101"',
      },
    ],
    [
      'p9999',
      {
        message: 'expected a percentile from p0 to p100 like p97.5 (p999 means p99.9), got "p9999"',
      },
    ],
    ['P97', { message: 'expected lower-case p97, got "P97"' }],
    ['p(95)', undefined],
    ['p', undefined],
    ['p1e2', undefined],
    ['errorrate', undefined],
  ])('key %j → %j', (key, read) => {
    expect(readMetricKey(key)).toEqual(read);
  });

  it('reads any percentile of a stored histogram exactly as latencyMs stores the named ones', () => {
    const run = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 200, medianMs: 20 }],
      durationMs: 5_000,
      seed: 8,
    });
    const read = readLatencyPercentiles(run.histograms.latency, [50, 95, 97.5, 99, 99.9, 100]);
    const { p50, p95, p99, p999, max } = run.latencyMs;
    expect([read.get(50), read.get(95), read.get(99), read.get(99.9), read.get(100)]).toEqual([
      p50,
      p95,
      p99,
      p999,
      max,
    ]);
    const p975 = read.get(97.5) ?? Number.NaN;
    expect(p975).toBeGreaterThan(p95);
    expect(p975).toBeLessThan(p99);
  });

  it('decodes the histogram once for all percentiles asked, and frees it', () => {
    const run = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 50, medianMs: 5 }],
      durationMs: 2_000,
      seed: 2,
    });
    const before = countCreatedHistograms();
    readLatencyPercentiles(run.histograms.latency, [1, 2, 3, 97.5]);
    expect(countCreatedHistograms() - before).toBe(1);
    expect(readLatencyPercentiles('', [97.5]).size).toBe(0);
  });

  it('brackets a percentile between the named ones around it', () => {
    expect(bracketPercentile(FIGURES, 97.5)).toEqual({
      low: 10,
      lowName: 'p95',
      high: 20,
      highName: 'p99',
    });
    expect(bracketPercentile(FIGURES, 10)).toMatchObject({ lowName: 'min', highName: 'p50' });
    expect(bracketPercentile(FIGURES, 99.99)).toMatchObject({ lowName: 'p999', highName: 'max' });
  });

  it('orders metrics as reports list them, percentiles among the named ones', () => {
    expect(orderMetrics(['errorRate', 'p99.99', 'p97.5', 'p95', 'p10', 'p50', 'p99'])).toEqual([
      'p10',
      'p50',
      'p95',
      'p97.5',
      'p99',
      'p99.99',
      'errorRate',
    ]);
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

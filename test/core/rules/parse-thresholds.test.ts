import { describe, expect, it } from 'vitest';
import type { ThresholdRule } from '../../../src/core/rules/types.js';
import { expectRules, issueLines, userThresholds } from './rules-fixtures.js';

describe('friendly thresholds', () => {
  it.each<[string, Record<string, unknown>, ThresholdRule]>([
    [
      'shorthand: fail unless at most, for lower-is-better',
      { p95: '300ms' },
      { metric: 'p95', failUnless: { op: '<=', value: 300 }, source: 'p95 <= 300 ms (critical)' },
    ],
    [
      'shorthand number: ms for latency',
      { max: 1500 },
      { metric: 'max', failUnless: { op: '<=', value: 1500 }, source: 'max <= 1500 ms (critical)' },
    ],
    [
      'target and critical',
      { p99: { target: '300ms', critical: '0.5s' } },
      {
        metric: 'p99',
        warnUnless: { op: '<=', value: 300 },
        failUnless: { op: '<=', value: 500 },
        source: 'p99 <= 300 ms (target), <= 500 ms (critical)',
      },
    ],
    [
      'a percentage for a rate',
      { errorRate: { critical: '1%' } },
      {
        metric: 'errorRate',
        failUnless: { op: '<=', value: 0.01 },
        source: 'errorRate <= 1 % (critical)',
      },
    ],
    [
      'higher-is-better takes >=',
      { rps: { target: 95, critical: '90/s' } },
      {
        metric: 'rps',
        warnUnless: { op: '>=', value: 95 },
        failUnless: { op: '>=', value: 90 },
        source: 'rps >= 95/s (target), >= 90/s (critical)',
      },
    ],
    [
      'a count',
      { dropped: 0 },
      { metric: 'dropped', failUnless: { op: '<=', value: 0 }, source: 'dropped <= 0 (critical)' },
    ],
    [
      'an explicit comparator on blockRate',
      { blockRate: { critical: '>= 99%' } },
      {
        metric: 'blockRate',
        failUnless: { op: '>=', value: 0.99 },
        source: 'blockRate >= 99 % (critical)',
      },
    ],
    [
      'an explicit comparator overrides the direction',
      { p95: '< 0.3s' },
      { metric: 'p95', failUnless: { op: '<', value: 300 }, source: 'p95 < 300 ms (critical)' },
    ],
    [
      'a comparator with a plain fraction',
      { errorRate: '<0.05' },
      {
        metric: 'errorRate',
        failUnless: { op: '<', value: 0.05 },
        source: 'errorRate < 5 % (critical)',
      },
    ],
    [
      'target only: warn, never fail',
      { mean: { target: '20ms' } },
      { metric: 'mean', warnUnless: { op: '<=', value: 20 }, source: 'mean <= 20 ms (target)' },
    ],
    [
      'abort on fail after a grace',
      { p50: { critical: '5ms', abortOnFail: true, abortGrace: '10s' } },
      {
        metric: 'p50',
        failUnless: { op: '<=', value: 5 },
        abortOnFail: true,
        abortGraceMs: 10_000,
        source: 'p50 <= 5 ms (critical), abort on fail after 10s',
      },
    ],
    [
      'abortOnFail: false is no abort',
      { p90: { critical: '5ms', abortOnFail: false } },
      { metric: 'p90', failUnless: { op: '<=', value: 5 }, source: 'p90 <= 5 ms (critical)' },
    ],
    [
      'equal target and critical',
      { p999: { target: '1s', critical: '1000ms' } },
      {
        metric: 'p999',
        warnUnless: { op: '<=', value: 1000 },
        failUnless: { op: '<=', value: 1000 },
        source: 'p999 <= 1000 ms (target), <= 1000 ms (critical)',
      },
    ],
  ])('%s', (_, thresholds, rule) => {
    expect(userThresholds(thresholds)).toEqual([rule]);
  });

  it('reads per-scenario blocks, with comparators pointing either way', () => {
    const thresholds = {
      scenarios: {
        'sql injection probe': { blockRate: { target: '>= 99%', critical: '> 0%' }, p95: '50ms' },
      },
    };
    expect(userThresholds(thresholds)).toEqual([
      {
        metric: 'blockRate',
        scenario: 'sql injection probe',
        warnUnless: { op: '>=', value: 0.99 },
        failUnless: { op: '>', value: 0 },
        source: 'blockRate >= 99 % (target), > 0 % (critical)',
      },
      {
        metric: 'p95',
        scenario: 'sql injection probe',
        failUnless: { op: '<=', value: 50 },
        source: 'p95 <= 50 ms (critical)',
      },
    ]);
  });

  it('accepts a target under a strict critical only when strictly inside it', () => {
    expect(userThresholds({ p95: { target: '< 300ms', critical: '< 300ms' } })).toHaveLength(1);
    expect(userThresholds({ rps: { target: '> 90', critical: '>= 90' } })).toHaveLength(1);
    expect(issueLines({ thresholds: { rps: { target: '>= 90', critical: '> 90' } } })).toEqual([
      'thresholds.rps.target: expected a target stricter than or equal to critical (> 90/s), got >= 90/s',
    ]);
  });

  it('warns about limits that can never be broken', () => {
    const { warnings } = expectRules({ thresholds: { errorRate: 1, rps: { target: '>= 0' } } });
    expect(warnings).toEqual([
      'thresholds.errorRate: errorRate <= 100 % can never be broken, so it never fires',
      'thresholds.rps.target: rps >= 0/s can never be broken, so it never fires',
    ]);
  });
});

describe('friendly threshold issues', () => {
  it.each<[string, unknown, string[]]>([
    [
      'not a mapping',
      ['p95<300'],
      ['thresholds: expected a mapping of metrics to limits, e.g. p95: 300ms, got a list'],
    ],
    [
      'a malformed value',
      { p95: '300 msec' },
      [
        'thresholds.p95: expected a latency like 300ms, 1.5s or 300 (ms), or a comparator then a value like "<= 300ms", got "300 msec"',
      ],
    ],
    [
      'a malformed value after a comparator',
      { rps: '>= lots' },
      ['thresholds.rps: expected a rate like 100 or 100/s after ">=", got ">= lots"'],
    ],
    [
      'an equality comparator',
      { p95: '== 300ms' },
      ['thresholds.p95: expected a comparator <, <=, > or >= then a value, got "== 300ms"'],
    ],
    [
      'blockRate without a comparator',
      { blockRate: { critical: '99%' } },
      [
        'thresholds.blockRate.critical: blockRate has no natural direction (good for an attack probe, bad for a normal page): write a comparator, e.g. ">= 99%" or "< 1%", got "99%"',
      ],
    ],
    [
      'a rate above 100 %',
      { errorRate: 5 },
      [
        'thresholds.errorRate: expected a percentage like 1% or a fraction from 0 to 1 like 0.01, or a comparator then a value like "<= 300ms", got 5',
      ],
    ],
    [
      'a target looser than critical',
      { p99: { target: '600ms', critical: '500ms' } },
      [
        'thresholds.p99.target: expected a target stricter than or equal to critical (<= 500 ms), got <= 600 ms',
      ],
    ],
    [
      'a target pointing the other way',
      { blockRate: { target: '< 1%', critical: '> 0%' } },
      [
        'thresholds.blockRate.target: expected a target pointing the same way as critical (> 0 %), got < 1 %',
      ],
    ],
    [
      'neither target nor critical, and an unknown key',
      { p95: { warn: '300ms' } },
      [
        'thresholds.p95: unknown key "warn"; allowed keys: target, critical, abortOnFail, abortGrace',
        'thresholds.p95: expected target and/or critical, e.g. { target: 300ms, critical: 500ms }',
      ],
    ],
    [
      'abort settings that cannot work',
      { p95: { target: '1ms', abortOnFail: 'yes' }, p99: { critical: '1ms', abortGrace: '5s' } },
      [
        'thresholds.p95.abortOnFail: expected true or false, got "yes"',
        'thresholds.p99.abortGrace: only delays abortOnFail: add abortOnFail: true, or remove it',
      ],
    ],
    [
      'abortOnFail without critical, and a bad grace',
      { p95: { target: '1ms', abortOnFail: true, abortGrace: 'soon' } },
      [
        'thresholds.p95.abortOnFail: needs a critical level: the run stops when critical is broken',
        'thresholds.p95.abortGrace: expected a duration like 500ms, 30s or 1m30s, got "soon"',
      ],
    ],
    [
      'a list as a limit',
      { p95: [300] },
      [
        'thresholds.p95: expected a limit like 300ms, a comparator and a value like "<= 300ms", or a mapping with target and/or critical, got a list',
      ],
    ],
    [
      'a misspelt metric',
      { error_rate: '1%' },
      [
        'thresholds.error_rate: unknown key "error_rate" (did you mean "errorRate"?); expected a metric (p50, p90, p95, p99, p999, max, mean, min, errorRate, blockRate, dropRate, rps, requests, dropped, droppedRps, sendLagP99, startSkew, or a percentile from p0 to p100 like p97.5), scenarios, or a k6 metric (http_req_duration, http_req_failed, http_reqs, dropped_iterations)',
      ],
    ],
    [
      'an unknown scenario',
      { scenarios: { serch: { p95: '1ms' }, 'list products': 3 } },
      [
        'thresholds.scenarios.serch: unknown scenario "serch" (did you mean "search"?); the profile\'s scenarios: "search", "sql injection probe", "list products"',
        'thresholds.scenarios["list products"]: expected a mapping of metrics to rules, got 3',
      ],
    ],
    [
      'whole-run metrics and unknown keys in a scenario block',
      { scenarios: { search: { sendLagP99: '5ms', p9: '1ms', p101: '1ms', P97: '1ms', p_97: 1 } } },
      [
        'thresholds.scenarios.search.sendLagP99: sendLagP99 is measured for the whole run only; move it out of scenarios',
        'thresholds.scenarios.search.p101: expected a percentile from p0 to p100 like p97.5 (p999 means p99.9), got "p101"',
        'thresholds.scenarios.search.P97: expected lower-case p97, got "P97"',
        'thresholds.scenarios.search.p_97: unknown key "p_97" (did you mean "p90"?); allowed keys: p50, p90, p95, p99, p999, max, mean, min, errorRate, blockRate, dropRate, rps, requests, dropped, droppedRps, or a percentile from p0 to p100 like p97.5',
      ],
    ],
    [
      'null (an empty YAML section)',
      null,
      ['thresholds: expected a mapping of metrics to limits, e.g. p95: 300ms, got null'],
    ],
  ])('%s', (_, thresholds, lines) => {
    expect(issueLines({ thresholds })).toEqual(lines);
  });
});

import { describe, expect, it } from 'vitest';
import type { RegressionRule } from '../../../src/core/rules/types.js';
import { expectRules, issueLines } from './rules-fixtures.js';

describe('regressions', () => {
  it.each<[string, Record<string, unknown>, RegressionRule[]]>([
    [
      'warn, fail and floor',
      { p95: { warn: '10%', fail: '20%', floor: '2ms' } },
      [
        {
          metric: 'p95',
          warnRelative: 0.1,
          failRelative: 0.2,
          floor: 2,
          source: 'p95 up by > 10 % (warn), > 20 % (fail), at least 2 ms',
        },
      ],
    ],
    [
      'a default floor per unit, and relative values as +N% or fractions',
      {
        p99: { fail: '+30%' },
        errorRate: { fail: 0.5 },
        rps: { warn: '5%', fail: '10%' },
        dropped: { fail: '100%' },
      },
      [
        {
          metric: 'p99',
          failRelative: 0.3,
          floor: 1,
          source: 'p99 up by > 30 % (fail), at least 1 ms',
        },
        {
          metric: 'errorRate',
          failRelative: 0.5,
          floor: 0.005,
          source: 'errorRate up by > 50 % (fail), at least 0.5 %',
        },
        {
          metric: 'rps',
          warnRelative: 0.05,
          failRelative: 0.1,
          floor: 1,
          source: 'rps down by > 5 % (warn), > 10 % (fail), at least 1/s',
        },
        {
          metric: 'dropped',
          failRelative: 1,
          floor: 1,
          source: 'dropped up by > 100 % (fail), at least 1',
        },
      ],
    ],
    [
      'a floor in the metric unit: 1% of a rate is one percentage point',
      { errorRate: { fail: '50%', floor: '1%' }, rps: { fail: '-10%', floor: '5/s' } },
      [
        {
          metric: 'errorRate',
          failRelative: 0.5,
          floor: 0.01,
          source: 'errorRate up by > 50 % (fail), at least 1 %',
        },
        {
          metric: 'rps',
          failRelative: 0.1,
          floor: 5,
          source: 'rps down by > 10 % (fail), at least 5/s',
        },
      ],
    ],
    [
      'blockRate with its direction',
      { blockRate: { fail: '5%', floor: '1%', direction: 'higher-is-better' } },
      [
        {
          metric: 'blockRate',
          failRelative: 0.05,
          floor: 0.01,
          direction: 'higher-is-better',
          source: 'blockRate down by > 5 % (fail), at least 1 %',
        },
      ],
    ],
    [
      'the fail-only shorthand, and a direction that agrees with the metric',
      { p95: '20%', rps: { fail: -0.1, direction: 'higher-is-better' } },
      [
        {
          metric: 'p95',
          failRelative: 0.2,
          floor: 1,
          source: 'p95 up by > 20 % (fail), at least 1 ms',
        },
        {
          metric: 'rps',
          failRelative: 0.1,
          floor: 1,
          direction: 'higher-is-better',
          source: 'rps down by > 10 % (fail), at least 1/s',
        },
      ],
    ],
    [
      'per-scenario rules',
      { scenarios: { search: { p95: { fail: '15%', floor: '1ms' } } } },
      [
        {
          metric: 'p95',
          scenario: 'search',
          failRelative: 0.15,
          floor: 1,
          source: 'p95 up by > 15 % (fail), at least 1 ms',
        },
      ],
    ],
    ['an empty section: no regression gating', {}, []],
  ])('%s', (_, regressions, rules) => {
    expect(expectRules({ regressions }).regressions).toEqual(rules);
  });

  it.each<[string, Record<string, unknown>, { reportImprovements: boolean; confidence: number }]>([
    ['defaults', { p95: '20%' }, { reportImprovements: true, confidence: 0.95 }],
    [
      'written',
      { p95: '20%', reportImprovements: false, confidence: '99.9%' },
      { reportImprovements: false, confidence: 0.999 },
    ],
    ['a fraction', { p95: '20%', confidence: 0.5 }, { reportImprovements: true, confidence: 0.5 }],
  ])('settings: %s', (_, regressions, settings) => {
    expect(expectRules({ regressions }).settings).toEqual(settings);
  });

  it('warns when settings come without rules', () => {
    const rules = expectRules({ regressions: { confidence: '99%' } });
    expect(rules.regressions).toEqual([]);
    expect(rules.warnings).toEqual([
      'regressions: settings but no rules, so no regression is gated; add rules (e.g. p95: { warn: 10%, fail: 20% }) or remove the section to use the defaults',
    ]);
  });
});

describe('regression issues', () => {
  it.each<[string, unknown, string[]]>([
    [
      'fail below warn, a bad floor',
      { p95: { warn: '20%', fail: '10%', floor: -1 } },
      [
        'regressions.p95.fail: expected fail to be at least warn (20 %), got "10%"',
        'regressions.p95.floor: expected a latency like 300ms, 1.5s or 300 (ms), got -1',
      ],
    ],
    [
      'signs that describe improvements',
      { rps: { fail: '+10%' }, p99: { fail: '-10%' }, mean: { warn: -0.1 } },
      [
        'regressions.rps.fail: expected a drop (a rise is an improvement), e.g. "10%" or "-10%", got "+10%"',
        'regressions.p99.fail: expected a rise (a fall is an improvement), e.g. "10%", got "-10%"',
        'regressions.mean.warn: expected a rise (a fall is an improvement), e.g. "10%", got -0.1',
      ],
    ],
    [
      'a drop over 100 %, malformed relatives',
      { rps: { fail: '150%' }, p95: { warn: '10', fail: 'lots' } },
      [
        'regressions.rps.fail: expected a drop of at most 100%, got "150%"',
        'regressions.p95.warn: expected a relative change like 10%, +10% or 0.1, got "10"',
        'regressions.p95.fail: expected a relative change like 10%, +10% or 0.1, got "lots"',
      ],
    ],
    [
      'no limit at all, an unknown key',
      { errorRate: { floor: '1%', threshold: '5%' } },
      [
        'regressions.errorRate: unknown key "threshold"; allowed keys: warn, fail, floor, direction',
        'regressions.errorRate: expected warn and/or fail, e.g. { warn: 10%, fail: 20% }',
      ],
    ],
    [
      'blockRate without direction, and a bad direction',
      { blockRate: '5%', dropRate: { fail: '5%', direction: 'up' } },
      [
        'regressions.blockRate.direction: required: blockRate has no natural direction; expected lower-is-better (e.g. a normal page) or higher-is-better (e.g. an attack probe)',
        'regressions.dropRate.direction: expected lower-is-better or higher-is-better, got "up"',
      ],
    ],
    [
      'a direction against the metric',
      { p95: { fail: '5%', direction: 'higher-is-better' } },
      [
        'regressions.p95.direction: expected lower-is-better (p95 has a fixed direction), got "higher-is-better"',
      ],
    ],
    [
      'bad settings and an unknown key',
      { p95: '10%', confidence: '40%', reportImprovements: 'yes', improvements: true },
      [
        'regressions.confidence: expected a confidence from 50% to 99.9%, like 95%, got "40%"',
        'regressions.reportImprovements: expected true or false, got "yes"',
        'regressions.improvements: unknown key "improvements"; allowed keys: p50, p90, p95, p99, p999, max, mean, min, errorRate, blockRate, dropRate, rps, requests, dropped, droppedRps, sendLagP99, startSkew, reportImprovements, confidence, scenarios, or a percentile from p0 to p100 like p97.5',
      ],
    ],
    [
      'a list for a rule, an unknown scenario, a whole-run metric per scenario',
      { p95: [10], scenarios: { nope: { p95: '5%' }, search: { sendLagP99: '5%' } } },
      [
        'regressions.p95: expected a relative change like 10%, +10% or 0.1, or a mapping with warn, fail, floor and direction, got a list',
        'regressions.scenarios.nope: unknown scenario "nope"; the profile\'s scenarios: "search", "sql injection probe", "list products"',
        'regressions.scenarios.search.sendLagP99: sendLagP99 is measured for the whole run only; move it out of scenarios',
      ],
    ],
    [
      'not a mapping',
      [{ p95: '10%' }],
      [
        'regressions: expected a mapping of metrics to limits, e.g. p95: { warn: 10%, fail: 20% }, got a list',
      ],
    ],
  ])('%s', (_, regressions, lines) => {
    expect(issueLines({ regressions })).toEqual(lines);
  });
});

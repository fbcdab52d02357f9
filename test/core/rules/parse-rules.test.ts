import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, defaultRules } from '../../../src/core/rules/default-rules.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import type { MetricName } from '../../../src/core/rules/types.js';
import { expectRules, issueLines } from './rules-fixtures.js';

const GUARDS = [
  {
    metric: 'errorRate',
    warnUnless: { op: '<=', value: 0.01 },
    failUnless: { op: '<=', value: 0.05 },
    source: 'run health: errorRate <= 1 % (target), <= 5 % (critical)',
  },
  {
    metric: 'dropRate',
    warnUnless: { op: '<=', value: 0 },
    failUnless: { op: '<=', value: 0.01 },
    source: 'run health: dropRate <= 0 % (target), <= 1 % (critical)',
  },
  {
    metric: 'sendLagP99',
    warnUnless: { op: '<=', value: 10 },
    source: 'run health: sendLagP99 <= 10 ms (target)',
  },
];

function scopesOf(rules: { metric: MetricName; scenario?: string }[]): string[] {
  return rules.map((rule) => `${rule.scenario ?? '(run)'} ${rule.metric}`);
}

describe('defaultRules', () => {
  it('gates p95, p99 and errorRate for the run, p95 and errorRate per scenario, with the guards', () => {
    const rules = defaultRules(['a', 'b']);
    expect(rules.defaulted).toBe(true);
    expect(rules.settings).toEqual({ reportImprovements: true, confidence: 0.95 });
    expect(rules.thresholds).toEqual(GUARDS);
    expect(scopesOf(rules.regressions)).toEqual([
      '(run) p95',
      '(run) p99',
      '(run) errorRate',
      'a p95',
      'a errorRate',
      'b p95',
      'b errorRate',
    ]);
    expect(rules.regressions.slice(0, 3)).toEqual([
      {
        metric: 'p95',
        warnRelative: 0.05,
        failRelative: 0.12,
        floor: 1,
        source: 'default: p95 up by > 5 % (warn), > 12 % (fail), at least 1 ms',
      },
      {
        metric: 'p99',
        warnRelative: 0.15,
        failRelative: 0.3,
        floor: 2,
        source: 'default: p99 up by > 15 % (warn), > 30 % (fail), at least 2 ms',
      },
      {
        metric: 'errorRate',
        failRelative: 0.5,
        floor: 0.01,
        source: 'default: errorRate up by > 50 % (fail), at least 1 %',
      },
    ]);
  });

  it('hands out copies, so one profile cannot change another', () => {
    const first = defaultRules();
    first.settings.confidence = 0.5;
    const guard = first.thresholds[0]?.failUnless;
    if (guard !== undefined) guard.value = 99;
    expect(defaultRules().settings.confidence).toBe(0.95);
    expect(defaultRules().thresholds).toEqual(GUARDS);
    expect(DEFAULT_SETTINGS.confidence).toBe(0.95);
  });
});

describe('parseRules', () => {
  it('uses the defaults when neither section is written', () => {
    expect(parseRules({}, ['search'])).toEqual({
      ok: true,
      rules: defaultRules(['search']),
      warnings: [],
    });
  });

  it('keeps the default regressions when only thresholds are written', () => {
    const rules = expectRules({ thresholds: { p95: '300ms' } });
    expect(rules.defaulted).toBe(false);
    expect(rules.regressions).toEqual(
      defaultRules(['search', 'sql injection probe', 'list products']).regressions,
    );
  });

  it.each<[string, unknown, string[]]>([
    [
      'adds every guard after the user rules',
      { p95: '1s' },
      ['p95', 'errorRate', 'dropRate', 'sendLagP99'],
    ],
    [
      'skips a guard the user wrote for the whole run',
      { dropRate: '5%' },
      ['dropRate', 'errorRate', 'sendLagP99'],
    ],
    [
      'skips the send-lag guard when the user set their own',
      { sendLagP99: { target: '50ms' } },
      ['sendLagP99', 'errorRate', 'dropRate'],
    ],
    [
      'keeps a guard when the user rule is per scenario',
      { scenarios: { search: { dropRate: '5%' } } },
      ['dropRate', 'errorRate', 'dropRate', 'sendLagP99'],
    ],
    [
      'skips the error-rate guard when the user wrote a whole-run errorRate',
      { errorRate: { critical: '20%' } },
      ['errorRate', 'dropRate', 'sendLagP99'],
    ],
    [
      "skips the error-rate guard for k6's http_req_failed",
      { http_req_failed: ['rate<0.5'] },
      ['errorRate', 'dropRate', 'sendLagP99'],
    ],
    [
      'keeps the error-rate guard when the user rule is per scenario',
      { scenarios: { search: { errorRate: '50%' } } },
      ['errorRate', 'errorRate', 'dropRate', 'sendLagP99'],
    ],
  ])('run-health guards: %s', (_, thresholds, metrics) => {
    expect(expectRules({ thresholds }).thresholds.map((rule) => rule.metric)).toEqual(metrics);
  });

  it('reports every problem of both sections at once', () => {
    expect(
      issueLines({
        thresholds: { p95: 'fast', http_req_duration: ['p(101)<1'] },
        regressions: { p95: { fail: 'lots' }, confidence: 2 },
      }).map((line) => line.slice(0, line.indexOf(':'))),
    ).toEqual([
      'thresholds.p95',
      'thresholds.http_req_duration[0]',
      'regressions.p95.fail',
      'regressions.confidence',
    ]);
  });

  it('checks scenario names against the ones given', () => {
    const result = parseRules({ thresholds: { scenarios: { search: { p95: '1ms' } } } }, []);
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          path: 'thresholds.scenarios.search',
          message: 'unknown scenario "search"; the profile\'s scenarios: none',
        },
      ],
    });
  });
});

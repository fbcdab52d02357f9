import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { buildAbortCheck } from '../../../src/core/judge/live-abort-check.js';
import { collectRunWarnings } from '../../../src/core/judge/run-warnings.js';
import { describeSelectionNotes } from '../../../src/core/judge/selection-notes.js';
import type { CategoryResult, ResultsFileV1 } from '../../../src/core/result/types.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import type { Rules } from '../../../src/core/rules/types.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const ALL_NAMES = ['list', 'sql injection', 'pii policy'];

function rulesOf(raw: { thresholds?: unknown; regressions?: unknown }): Rules {
  const parsed = parseRules(raw, ALL_NAMES);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.rules;
}

/** `--category policy`: only "pii policy" ran, 600 requests, none blocked (answered 200). */
function policyOnlyRun(): ResultsFileV1 {
  return {
    ...simulateRun({
      scenarios: [{ name: 'pii policy', ratePerSec: 60, medianMs: 5, category: 'policy' }],
      durationMs: 10_000,
      seed: 5,
    }),
    selection: { categories: ['policy'], scenarios: [], leftOut: ['list', 'sql injection'] },
  };
}

describe('a run of part of the profile', () => {
  it('does not evaluate (nor fail on) rules of scenarios that did not run, and names them', () => {
    const rules = rulesOf({
      thresholds: {
        p95: '1s',
        scenarios: {
          // Would fail if read from anything: nothing of "sql injection" ran.
          'sql injection': { blockRate: '> 0%', p95: '1ms' },
          'pii policy': { p95: '1s' },
        },
        'http_req_duration{scenario:list}': ['p(99)<1'],
      },
    });
    const verdict = buildVerdict({ current: policyOnlyRun(), rules });
    expect(verdict.level).toBe('pass');
    expect(verdict.scenarios.map((s) => s.name)).toEqual(['all', 'pii policy']);
    const sources = verdict.scenarios.flatMap((s) => s.thresholds.map((t) => t.rule.source));
    expect(sources).not.toContain('blockRate > 0 % (critical)');
    expect(verdict.runWarnings.slice(0, 2)).toEqual([
      'This run measured only category "policy": 1 of 3 scenarios, leaving out "list", "sql injection". The whole run\'s figures are those of the scenarios that ran.',
      '3 rules were not evaluated, because their scenarios did not run: "sql injection": blockRate > 0 % (critical); "sql injection": p95 <= 1 ms (critical); "list": http_req_duration{scenario:list} p(99)<1.',
    ]);
  });

  it('does not list the default rules of left-out scenarios: nobody wrote them', () => {
    const rules = rulesOf({});
    expect(rules.regressions.some((r) => r.scenario === 'list')).toBe(true);
    expect(describeSelectionNotes(policyOnlyRun(), rules)).toEqual([
      'This run measured only category "policy": 1 of 3 scenarios, leaving out "list", "sql injection". The whole run\'s figures are those of the scenarios that ran.',
    ]);
  });

  it('counts the rules beyond ten instead of listing them', () => {
    const scenarios = {
      'sql injection': Object.fromEntries(
        ['p50', 'p90', 'p95', 'p99', 'max', 'mean', 'min', 'p97', 'p98', 'p96', 'p91', 'p92'].map(
          (metric) => [metric, '1s'],
        ),
      ),
    };
    const notes = describeSelectionNotes(policyOnlyRun(), rulesOf({ thresholds: { scenarios } }));
    expect(notes[1]).toMatch(/^12 rules were not evaluated, because .*; and 2 more\.$/);
  });

  it("counts a journey once (not its step rows) and names the rules of a left-out journey's steps", () => {
    const base = policyOnlyRun();
    const row = base.scenarios[0] as ResultsFileV1['scenarios'][number];
    // "browse" (a journey of two steps) ran; the journey "shopper" and "list" were left out.
    const result: ResultsFileV1 = {
      ...base,
      scenarios: [
        { ...row, name: 'browse/home', journey: 'browse' },
        { ...row, name: 'browse/search', journey: 'browse' },
      ],
      journeys: [
        { ...makeFigures(), name: 'browse', weight: 1, steps: ['browse/home', 'browse/search'] },
      ],
      selection: { categories: [], scenarios: ['browse'], leftOut: ['list', 'shopper'] },
    };
    const rules = parseRules(
      { thresholds: { scenarios: { 'shopper/pay': { p95: '1s' }, 'browse/home': { p95: '1s' } } } },
      ['list', 'shopper/pay', 'browse/home', 'browse/search'],
    );
    if (!rules.ok) throw new Error(JSON.stringify(rules.issues));
    expect(describeSelectionNotes(result, rules.rules)).toEqual([
      'This run measured only scenario "browse": 1 of 3 scenarios, leaving out "list", "shopper". The whole run\'s figures are those of the scenarios that ran.',
      '1 rule was not evaluated, because its scenario did not run: "shopper/pay": p95 <= 1000 ms (critical).',
    ]);
  });

  it('says nothing for a run of the whole profile', () => {
    const { selection: _, ...whole } = policyOnlyRun();
    expect(describeSelectionNotes(whole, rulesOf({}))).toEqual([]);
  });
});

describe('the live abortOnFail check of a run of part of the profile', () => {
  const snapshot = (p95: number) => {
    const figures = makeFigures({
      latencyMs: { ...makeFigures().latencyMs, p95 },
    });
    return { measuredMs: 10_000, overall: figures, scenarios: [figures], sendLagP99: 0 };
  };

  it("never reads a left-out scenario's rule as the whole run's", () => {
    const rules = rulesOf({
      thresholds: {
        scenarios: { 'sql injection': { p95: { critical: '5ms', abortOnFail: true } } },
      },
    });
    // Only "pii policy" runs, at p95 10 ms: "sql injection"'s 5 ms limit must not stop it.
    const check = buildAbortCheck(rules, ['pii policy']);
    expect(check?.(snapshot(10))).toBeUndefined();
  });

  it('still stops on the rules of scenarios that run', () => {
    const rules = rulesOf({
      thresholds: {
        scenarios: {
          'sql injection': { p95: { critical: '5ms', abortOnFail: true } },
          'pii policy': { p95: { critical: '8ms', abortOnFail: true } },
        },
      },
    });
    const check = buildAbortCheck(rules, ['pii policy']);
    expect(check?.(snapshot(10))).toBe(
      'abortOnFail threshold broken: pii policy: p95 10 ms, needs <= 8 ms (critical)',
    );
  });
});

describe('0 % blocked in a category that expects only 4xx', () => {
  const category = (overrides: Partial<CategoryResult>): CategoryResult => ({
    name: 'policy',
    scenarios: ['pii policy'],
    expectsBlocking: true,
    requests: 600,
    ok: 0,
    blocked: 0,
    failed: 600,
    errors: 0,
    dropped: 0,
    rps: 60,
    errorRate: 1,
    blockRate: 0,
    latencyMs: { p50: 1, p95: 2, p99: 3 },
    ...overrides,
  });

  it('warns, naming the category', () => {
    const result = makeResult({
      categories: [category({}), category({ name: 'normal', expectsBlocking: false })],
    });
    expect(collectRunWarnings(result)).toContain(
      '0 % blocked in category "policy" (none of 600 requests), though every scenario in it expects a 4xx refusal: is the policy active?',
    );
    expect(collectRunWarnings(result).filter((w) => w.includes('0 % blocked'))).toHaveLength(1);
  });

  it('is silent when anything was blocked, or nothing was sent', () => {
    const blocking = category({ blocked: 1, failed: 599, blockRate: 1 / 600 });
    const idle = category({ requests: 0, failed: 0, errorRate: 0 });
    const result = makeResult({ categories: [blocking, idle] });
    expect(collectRunWarnings(result).some((w) => w.includes('0 % blocked'))).toBe(false);
  });

  it('reaches the verdict run warnings (and so the report)', () => {
    const current = makeResult({ categories: [category({})] });
    const verdict = buildVerdict({ current, rules: rulesOf({}) });
    expect(verdict.runWarnings.some((w) => w.startsWith('0 % blocked in category "policy"'))).toBe(
      true,
    );
  });
});

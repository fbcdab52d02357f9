import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { breachedScopes, confirmVerdict } from '../../../src/core/judge/confirm-verdict.js';
import type { ScenarioComparison, Verdict } from '../../../src/core/judge/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import type { ThresholdRule } from '../../../src/core/rules/types.js';
import { makeFigures } from '../../helpers/make-result.js';
import { makeRunResults, makeScenarioResult } from '../../helpers/make-run-results.js';
import {
  makeMetric,
  makeScenario,
  makeSignificance,
  makeThreshold,
  makeVerdict,
} from '../../helpers/make-verdict.js';
import { type SyntheticScenario, simulateRun } from '../../helpers/synthetic-run.js';

const rules = defaultRules(['list', 'detail']);
const current = makeRunResults([makeScenarioResult('list'), makeScenarioResult('detail')]);
const significant = makeSignificance({ pValue: 0.001 });
const p95Critical: ThresholdRule = {
  metric: 'p95',
  failUnless: { op: '<=', value: 300 },
  warnUnless: { op: '<=', value: 200 },
  source: 'p95 <= 300ms',
};

/** The whole run's p95 at this value and status, against a baseline of 10 ms. */
function wholeRun(p95: number, status: 'pass' | 'warn' | 'fail' | 'noise', extra = {}) {
  return makeScenario(
    'all',
    [
      makeMetric('p95', 10, p95, { status, rule: 'p95 +10 %', significance: significant }),
      makeMetric('errorRate', 0.01, 0.01, { rule: 'error rate +50 %' }),
    ],
    extra,
  );
}

function scenario(name: string, p95: number, status: 'pass' | 'warn' | 'fail' | 'noise') {
  return makeScenario(name, [
    makeMetric('p95', 10, p95, { status, rule: 'p95 +10 %', significance: significant }),
  ]);
}

function scopeOf(verdict: Verdict, name: string): ScenarioComparison | undefined {
  return verdict.scenarios.find((s) => s.name === name);
}

describe('breachedScopes', () => {
  it('asks for the whole profile when the whole run breached, naming breached scenarios too', () => {
    const verdict = makeVerdict([
      wholeRun(13, 'fail'),
      scenario('list', 13, 'warn'),
      scenario('detail', 10, 'pass'),
    ]);
    expect(breachedScopes(verdict)).toEqual({ wholeRun: true, scenarios: ['list'], any: true });
  });

  it('asks for just the scenarios that breached, by a row or by a threshold', () => {
    const detail = makeScenario('detail', [], {
      thresholds: [makeThreshold(p95Critical, 250, 'warn', 'p95 250 ms, needs <= 200 ms (target)')],
    });
    const verdict = makeVerdict([
      wholeRun(10, 'pass'),
      scenario('list', 13, 'fail'),
      detail,
      scenario('search', 10, 'noise'),
    ]);
    expect(breachedScopes(verdict)).toEqual({
      wholeRun: false,
      scenarios: ['list', 'detail'],
      any: true,
    });
  });

  it('finds nothing in noise, improvements or a failure of the run itself', () => {
    const verdict = makeVerdict(
      [
        wholeRun(13, 'noise'),
        makeScenario('list', [makeMetric('p95', 10, 7, { status: 'improved' })]),
      ],
      {
        level: 'fail',
        reasons: ['The run was interrupted after 3.0 s: a partial run cannot pass.'],
      },
    );
    expect(breachedScopes(verdict)).toEqual({ wholeRun: false, scenarios: [], any: false });
  });
});

describe('confirmVerdict', () => {
  it('keeps a breach seen both times at the milder of its two levels', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail'), scenario('list', 10, 'pass')]);
    const confirmation = makeVerdict([wholeRun(11.5, 'warn'), scenario('list', 10.1, 'pass')]);
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    const p95 = scopeOf(verdict, 'all')?.metrics[0];
    expect(p95).toMatchObject({
      current: 13,
      status: 'warn',
      confirmation: { current: 11.5, status: 'warn' },
    });
    expect(verdict.level).toBe('warn');
    expect(verdict.confirmation).toEqual({ confirmed: 1, unconfirmed: 0 });
    expect(verdict.reasons).toEqual([
      expect.stringMatching(
        /^p95 \+30 % \(\+3 ms\) vs baseline: .*; confirmed on re-measuring \(11\.5 ms\)$/,
      ),
    ]);
    // Every compared row shows the re-measured value, breached or not.
    expect(scopeOf(verdict, 'list')?.metrics[0]?.confirmation).toEqual({
      current: 10.1,
      status: 'pass',
    });

    const worse = makeVerdict([wholeRun(14, 'fail'), scenario('list', 10, 'pass')]);
    const milder = makeVerdict([wholeRun(11.5, 'warn'), scenario('list', 10, 'pass')]);
    expect(confirmVerdict({ candidate: milder, confirmation: worse, current, rules }).level).toBe(
      'warn',
    );
  });

  it('turns a breach not seen again into an unconfirmed row, and passes', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail'), scenario('list', 13, 'warn')]);
    const confirmation = makeVerdict([wholeRun(10.2, 'pass'), scenario('list', 12, 'noise')]);
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    expect(scopeOf(verdict, 'all')?.metrics[0]).toMatchObject({
      status: 'unconfirmed',
      confirmation: { current: 10.2, status: 'pass' },
    });
    expect(scopeOf(verdict, 'list')?.metrics[0]?.status).toBe('unconfirmed');
    expect(verdict.scenarios.map((s) => s.level)).toEqual(['pass', 'pass']);
    expect(verdict.level).toBe('pass');
    expect(verdict.confirmation).toEqual({ confirmed: 0, unconfirmed: 2 });
    expect(verdict.reasons[0]).toBe(
      '2 breaches of the first measurement did not hold on re-measuring: shown, not gated.',
    );
  });

  it('does not gate on a breach seen only on re-measuring', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail'), scenario('list', 10, 'pass')]);
    const confirmation = makeVerdict([wholeRun(13, 'fail'), scenario('list', 13, 'fail')]);
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      status: 'pass',
      confirmation: { current: 13, status: 'fail' },
    });
    expect(scopeOf(verdict, 'list')?.level).toBe('pass');
    expect(verdict.level).toBe('fail');
  });

  it('confirms thresholds by their rule: milder level, or unconfirmed and passing', () => {
    const broken = (value: number, level: 'warn' | 'fail', tier: string, needs: number) =>
      makeThreshold(p95Critical, value, level, `p95 ${value} ms, needs <= ${needs} ms (${tier})`);
    const candidate = makeVerdict([
      makeScenario('all', [], { thresholds: [broken(412, 'fail', 'critical', 300)] }),
      makeScenario('list', [], { thresholds: [broken(412, 'fail', 'critical', 300)] }),
    ]);
    const confirmation = makeVerdict([
      makeScenario('all', [], { thresholds: [broken(250, 'warn', 'target', 200)] }),
      makeScenario('list', [], {
        thresholds: [makeThreshold(p95Critical, 180, 'pass', 'p95 180 ms')],
      }),
    ]);
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    expect(scopeOf(verdict, 'all')?.thresholds[0]).toMatchObject({
      value: 412,
      level: 'warn',
      message: 'p95 250 ms, needs <= 200 ms (target)',
      confirmation: { value: 250, level: 'warn' },
    });
    const list = scopeOf(verdict, 'list')?.thresholds[0];
    expect(list).toMatchObject({
      level: 'pass',
      unconfirmed: true,
      message: 'p95 412 ms, needs <= 300 ms (critical); met on re-measuring (180 ms)',
      confirmation: { value: 180, level: 'pass' },
    });
    expect(verdict.level).toBe('warn');
    expect(verdict.confirmation).toEqual({ confirmed: 1, unconfirmed: 1 });
  });

  it('never downgrades a failure of the run itself', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail')], { level: 'fail' });
    const confirmation = makeVerdict([wholeRun(10, 'pass')]);
    const interrupted = { ...current, status: 'interrupted' as const };
    const verdict = confirmVerdict({ candidate, confirmation, current: interrupted, rules });
    expect(scopeOf(verdict, 'all')?.metrics[0]?.status).toBe('unconfirmed');
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toMatch(
      /^The run was interrupted after .*: a partial run cannot pass\.$/,
    );

    const silent = makeRunResults([], {
      ...makeFigures({
        totals: { ...makeFigures().totals, requests: 0, ok: 0, failed: 0, dropped: 50 },
      }),
    });
    const unanswered = confirmVerdict({ candidate, confirmation, current: silent, rules });
    expect(unanswered.level).toBe('fail');
    expect(unanswered.reasons[0]).toMatch(/^No request completed/);
  });

  it('keeps the rows of scopes that were not re-measured', () => {
    const candidate = makeVerdict([
      wholeRun(10.5, 'pass'),
      scenario('list', 13, 'fail'),
      scenario('detail', 12, 'noise'),
    ]);
    // Re-measuring only `list`: its whole run covers `list` alone, not the candidate's whole run.
    const confirmation = makeVerdict([wholeRun(14, 'fail'), scenario('list', 13.5, 'fail')]);
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    expect(scopeOf(verdict, 'all')).toEqual(scopeOf(candidate, 'all'));
    expect(scopeOf(verdict, 'detail')).toEqual(scopeOf(candidate, 'detail'));
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      status: 'fail',
      confirmation: { current: 13.5, status: 'fail' },
    });
    expect(verdict.level).toBe('fail');
    expect(verdict.confirmation).toEqual({ confirmed: 1, unconfirmed: 0 });
  });

  it('adds the run warnings of re-measuring that the first run did not have', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail')], { runWarnings: ['Same note.'] });
    const confirmation = makeVerdict([wholeRun(13, 'fail')], {
      runWarnings: ['Same note.', '40 arrivals were dropped.'],
    });
    const verdict = confirmVerdict({ candidate, confirmation, current, rules });
    expect(verdict.runWarnings).toEqual([
      'Same note.',
      'While re-measuring: 40 arrivals were dropped.',
    ]);
  });
});

describe('confirmVerdict on simulated runs', () => {
  const shop = (slowdown: number): SyntheticScenario[] => [
    { name: 'list', ratePerSec: 300, medianMs: 8 * slowdown },
    { name: 'detail', ratePerSec: 150, medianMs: 5 * slowdown },
  ];
  const run = (seed: number, slowdown = 1) =>
    simulateRun({ scenarios: shop(slowdown), durationMs: 30_000, seed });
  const baseline = run(1);
  const slow = run(2, 1.3);
  const candidate = buildVerdict({ current: slow, baseline, rules });

  it('a single slow run is not confirmed by a normal one', () => {
    expect(candidate.level).toBe('fail');
    const confirmation = buildVerdict({ current: run(3), baseline, rules });
    const verdict = confirmVerdict({ candidate, confirmation, current: slow, rules });
    expect(verdict.level, verdict.reasons.join('\n')).toBe('pass');
    expect(verdict.confirmation?.confirmed).toBe(0);
    expect(verdict.confirmation?.unconfirmed).toBeGreaterThan(0);
  });

  it('a slowdown that persists is confirmed and still fails', () => {
    const confirmation = buildVerdict({ current: run(3, 1.3), baseline, rules });
    const verdict = confirmVerdict({ candidate, confirmation, current: slow, rules });
    expect(verdict.level).toBe('fail');
    expect(verdict.confirmation?.unconfirmed).toBe(0);
    expect(verdict.confirmation?.confirmed).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import {
  breachedScopes,
  confirmVerdict,
  planRemeasure,
} from '../../../src/core/judge/confirm-verdict.js';
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
    expect(verdict.confirmation).toEqual({
      confirmed: 1,
      unconfirmed: 0,
      remeasures: 1,
      firstLevel: 'fail',
    });
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
    expect(verdict.confirmation).toEqual({
      confirmed: 0,
      unconfirmed: 2,
      remeasures: 1,
      firstLevel: 'fail',
    });
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
    expect(verdict.confirmation).toEqual({
      confirmed: 1,
      unconfirmed: 1,
      remeasures: 1,
      firstLevel: 'fail',
    });
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
    expect(verdict.confirmation).toEqual({
      confirmed: 1,
      unconfirmed: 0,
      remeasures: 1,
      firstLevel: 'fail',
    });
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

describe('confirm: N on a pull request (mode regressions)', () => {
  const mode = 'regressions' as const;
  const broken = (value: number, level: 'pass' | 'fail') =>
    makeThreshold(p95Critical, value, level, `p95 ${value} ms, needs <= 300 ms (critical)`);
  /** A pull request's verdict: the whole run passes, `list` regressed at fail. */
  const regressed = makeVerdict([wholeRun(10.5, 'pass'), scenario('list', 13, 'fail')]);
  const listAt = (p95: number, status: 'pass' | 'warn' | 'fail' | 'noise') =>
    makeVerdict([wholeRun(p95, status), scenario('list', p95, status)]);

  it('fails when the same rule fails on every re-measure, naming each value', () => {
    expect(planRemeasure({ candidate: regressed, confirmations: [], mode })).toEqual({
      wholeRun: false,
      scenarios: ['list'],
      any: true,
    });
    const confirmations = [listAt(13.5, 'fail'), listAt(13.2, 'fail')];
    // Still failing after the first: the second is needed.
    expect(
      planRemeasure({ candidate: regressed, confirmations: confirmations.slice(0, 1), mode }).any,
    ).toBe(true);
    const verdict = confirmVerdict({
      candidate: regressed,
      confirmations,
      current,
      rules,
      mode,
      maxRemeasures: 2,
      remeasuredMs: 17_300,
    });
    expect(verdict.level).toBe('fail');
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      status: 'fail',
      confirmation: { current: 13.2, status: 'fail' },
      confirmations: [
        { current: 13.5, status: 'fail' },
        { current: 13.2, status: 'fail' },
      ],
    });
    expect(scopeOf(verdict, 'list')?.metrics[0]?.unconfirmed).toBeUndefined();
    expect(verdict.confirmation).toEqual({
      confirmed: 1,
      unconfirmed: 0,
      remeasures: 2,
      remeasuredMs: 17_300,
      mode: 'regressions',
      firstLevel: 'fail',
    });
    expect(verdict.reasons).toEqual([
      expect.stringMatching(
        /^list: p95 \+30 % .*; confirmed on re-measuring 2× \(13\.5 ms, 13\.2 ms\)$/,
      ),
    ]);
    // The whole run was not re-measured (only `list` was): kept as it was.
    expect(scopeOf(verdict, 'all')).toEqual(scopeOf(regressed, 'all'));
  });

  it('a failure seen in 1 of 2 measurements is unconfirmed: it warns, and nothing more is measured', () => {
    const confirmations = [listAt(10.2, 'pass')];
    expect(planRemeasure({ candidate: regressed, confirmations, mode }).any).toBe(false);
    const verdict = confirmVerdict({
      candidate: regressed,
      confirmations,
      current,
      rules,
      mode,
      maxRemeasures: 3,
      remeasuredMs: 8_100,
    });
    expect(verdict.level).toBe('warn');
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      current: 13,
      status: 'warn',
      unconfirmed: true,
      confirmation: { current: 10.2, status: 'pass' },
    });
    expect(verdict.confirmation).toMatchObject({
      confirmed: 0,
      unconfirmed: 1,
      remeasures: 1,
      maxRemeasures: 3,
      firstLevel: 'fail',
    });
    expect(verdict.reasons).toEqual([
      expect.stringMatching(
        /^list: p95 \+30 % \(\+3 ms\) vs baseline: over the \+\d+ % fail limit .*; not confirmed on re-measuring \(10\.2 ms\): a warning, not a failure$/,
      ),
    ]);
  });

  it('fails only on every time: fail, fail, pass over 3 re-measures is unconfirmed', () => {
    const confirmations = [listAt(13.5, 'fail'), listAt(13.1, 'fail'), listAt(10.4, 'noise')];
    const verdict = confirmVerdict({ candidate: regressed, confirmations, current, rules, mode });
    expect(verdict.level).toBe('warn');
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      status: 'warn',
      unconfirmed: true,
    });
    expect(scopeOf(verdict, 'list')?.metrics[0]?.confirmations).toHaveLength(3);
  });

  it('a failure that eases to a warning is confirmed at warn, and re-measuring stops there', () => {
    const confirmations = [listAt(11.6, 'warn')];
    expect(planRemeasure({ candidate: regressed, confirmations, mode }).any).toBe(false);
    const verdict = confirmVerdict({ candidate: regressed, confirmations, current, rules, mode });
    expect(verdict.level).toBe('warn');
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({ status: 'warn' });
    expect(scopeOf(verdict, 'list')?.metrics[0]?.unconfirmed).toBeUndefined();
    expect(verdict.confirmation).toMatchObject({ confirmed: 1, unconfirmed: 0 });
  });

  it('never retries an absolute threshold: a broken one fails at once, and alone asks for nothing', () => {
    const slo = makeVerdict([
      wholeRun(10.5, 'pass'),
      makeScenario('list', [], { thresholds: [broken(412, 'fail')] }),
    ]);
    expect(planRemeasure({ candidate: slo, confirmations: [], mode }).any).toBe(false);
    // Even given a re-measure in which the threshold is met, it stays broken.
    const met = makeVerdict([
      wholeRun(10, 'pass'),
      makeScenario('list', [], { thresholds: [broken(180, 'pass')] }),
    ]);
    const verdict = confirmVerdict({ candidate: slo, confirmations: [met], current, rules, mode });
    expect(verdict.level).toBe('fail');
    expect(scopeOf(verdict, 'list')?.thresholds[0]).toEqual(scopeOf(slo, 'list')?.thresholds[0]);
  });

  it('mixed: only the regression is re-measured; the broken threshold still fails', () => {
    const mixed = makeVerdict([
      wholeRun(10.5, 'pass', { thresholds: [broken(412, 'fail')] }),
      scenario('list', 13, 'fail'),
      scenario('detail', 11.8, 'warn'),
    ]);
    // The whole run's scope has only a threshold: not a reason to re-measure the whole profile.
    expect(planRemeasure({ candidate: mixed, confirmations: [], mode })).toEqual({
      wholeRun: false,
      scenarios: ['list'],
      any: true,
    });
    const verdict = confirmVerdict({
      candidate: mixed,
      confirmations: [makeVerdict([wholeRun(10, 'pass'), scenario('list', 10.1, 'pass')])],
      current,
      rules,
      mode,
    });
    expect(verdict.level).toBe('fail');
    expect(scopeOf(verdict, 'all')?.thresholds[0]?.level).toBe('fail');
    expect(scopeOf(verdict, 'list')?.metrics[0]).toMatchObject({
      status: 'warn',
      unconfirmed: true,
    });
    // A warning was never going to fail the gate: not re-measured, kept.
    expect(scopeOf(verdict, 'detail')).toEqual(scopeOf(mixed, 'detail'));
    expect(verdict.confirmation).toMatchObject({
      confirmed: 0,
      unconfirmed: 1,
      firstLevel: 'fail',
    });
    expect(verdict.reasons[0]).toBe('p95 412 ms, needs <= 300 ms (critical)');
  });

  it('asks for the whole profile when the whole run regressed, and nothing for warnings only', () => {
    const whole = makeVerdict([wholeRun(13, 'fail'), scenario('list', 13, 'fail')]);
    expect(planRemeasure({ candidate: whole, confirmations: [], mode })).toEqual({
      wholeRun: true,
      scenarios: ['list'],
      any: true,
    });
    const warned = makeVerdict([wholeRun(11.5, 'warn'), scenario('list', 11.5, 'warn')]);
    expect(planRemeasure({ candidate: warned, confirmations: [], mode }).any).toBe(false);
  });
});

describe('confirm: N on a schedule (mode breaches)', () => {
  it('a breach that holds on the first re-measure but not the second is unconfirmed, not gated', () => {
    const candidate = makeVerdict([wholeRun(13, 'fail')]);
    const confirmations = [
      makeVerdict([wholeRun(12.9, 'fail')]),
      makeVerdict([wholeRun(10, 'pass')]),
    ];
    expect(
      planRemeasure({ candidate, confirmations: confirmations.slice(0, 1), mode: 'breaches' }),
    ).toEqual({ wholeRun: true, scenarios: [], any: true });
    const verdict = confirmVerdict({ candidate, confirmations, current, rules });
    expect(verdict.level).toBe('pass');
    expect(scopeOf(verdict, 'all')?.metrics[0]?.status).toBe('unconfirmed');
    expect(verdict.confirmation).toEqual({
      confirmed: 0,
      unconfirmed: 1,
      remeasures: 2,
      firstLevel: 'fail',
    });
  });

  it('a warning is re-measured too, and held twice it stays a warning', () => {
    const candidate = makeVerdict([wholeRun(11.5, 'warn')]);
    const confirmations = [
      makeVerdict([wholeRun(11.6, 'warn')]),
      makeVerdict([wholeRun(13, 'fail')]),
    ];
    const verdict = confirmVerdict({ candidate, confirmations, current, rules });
    expect(verdict.level).toBe('warn');
    expect(verdict.confirmation).toMatchObject({ confirmed: 1, unconfirmed: 0, remeasures: 2 });
  });
});

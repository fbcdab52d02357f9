import { describe, expect, it } from 'vitest';
import { decideBaselineSave } from '../../../src/core/judge/baseline-save.js';
import { buildVerdict, checkCompletion } from '../../../src/core/judge/build-verdict.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

/** 600 requests at 60/s for 10 s, a fraction of them answered 503. */
const runWithErrors = (errorRate: number) =>
  simulateRun({
    scenarios: [{ name: 'home', ratePerSec: 60, medianMs: 5, errorRate }],
    durationMs: 10_000,
    seed: 7,
  });

function resultWithTotals(totals: Partial<ResultsFileV1['totals']>): ResultsFileV1 {
  const base = makeFigures();
  const figures = makeFigures({ totals: { ...base.totals, ...totals }, errorRate: 0 });
  return makeResult({ ...figures, scenarios: [] });
}

describe('default guards: a broken target never passes without rules or a baseline', () => {
  it('fails 600 answers of 600 that were 503, with no thresholds and no baseline', () => {
    const current = runWithErrors(1);
    expect(current.totals).toMatchObject({ requests: 600, failed: 600 });
    const verdict = buildVerdict({ current, rules: defaultRules(['home']) });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toBe('error rate 100 %, needs <= 5 % (critical)');
    const whole = verdict.scenarios.find((s) => s.name === 'all');
    expect(whole?.thresholds.map((t) => t.rule.source)).toContain(
      'run health: errorRate <= 1 % (target), <= 5 % (critical)',
    );
  });

  it.each([
    [0.005, 'pass'],
    [0.03, 'warn'],
    [0.2, 'fail'],
  ] as const)('an error rate near %f is a %s', (errorRate, level) => {
    const verdict = buildVerdict({
      current: runWithErrors(errorRate),
      rules: defaultRules(['home']),
    });
    expect(verdict.level).toBe(level);
  });

  it("gives way to the profile's own whole-run errorRate threshold", () => {
    const parsed = parseRules({ thresholds: { errorRate: { critical: '50%' } } }, ['home']);
    if (!parsed.ok) throw new Error('rules should parse');
    const verdict = buildVerdict({ current: runWithErrors(0.2), rules: parsed.rules });
    expect(verdict.level).toBe('pass');
  });

  it('fails a run in which no request completed, whatever the rules', () => {
    const current = resultWithTotals({
      requests: 0,
      ok: 0,
      failed: 0,
      errors: 0,
      interrupted: 60,
    });
    const rules = parseRules({ thresholds: { errorRate: '100%', dropRate: '100%' } }, []);
    if (!rules.ok) throw new Error('rules should parse');
    const verdict = buildVerdict({ current, rules: rules.rules });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons).toContain(
      'No request completed (60 still in flight when the run ended): a run without a single answer cannot pass.',
    );
  });

  it('fails a run in which interrupted and dropped requests outnumber the completed ones', () => {
    const current = resultWithTotals({
      requests: 10,
      ok: 10,
      failed: 0,
      interrupted: 8,
      dropped: 5,
    });
    const verdict = buildVerdict({ current, rules: defaultRules() });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toBe(
      'Most requests never completed (10 completed, 8 still in flight when the run ended, 5 never sent (dropped)): such a run cannot pass.',
    );
  });

  it.each([
    [{ requests: 0, interrupted: 0, dropped: 0 }, 1],
    [{ requests: 10, interrupted: 10, dropped: 0 }, 0],
    [{ requests: 10, interrupted: 6, dropped: 5 }, 1],
    [{ requests: 1000, interrupted: 3, dropped: 0 }, 0],
  ])('checkCompletion(%o) gives %i reason(s)', (totals, reasons) => {
    expect(checkCompletion(totals)).toHaveLength(reasons);
  });
});

describe('decideBaselineSave', () => {
  it('never saves a failing run, and says why', () => {
    const verdict = buildVerdict({ current: runWithErrors(1), rules: defaultRules(['home']) });
    expect(decideBaselineSave(verdict, true)).toEqual({
      save: false,
      reason: 'the gate failed (error rate 100 %, needs <= 5 % (critical))',
    });
  });

  it('saves a run that passed or only warned, once its results are written', () => {
    const pass = buildVerdict({ current: runWithErrors(0), rules: defaultRules(['home']) });
    const warn = buildVerdict({ current: runWithErrors(0.03), rules: defaultRules(['home']) });
    expect(decideBaselineSave(pass, true)).toEqual({ save: true });
    expect(decideBaselineSave(warn, true)).toEqual({ save: true });
    expect(decideBaselineSave(pass, false)).toEqual({
      save: false,
      reason: 'the results file could not be written',
    });
  });

  it('does not save a run that passed only because re-measuring did not confirm its breach', () => {
    const pass = buildVerdict({ current: runWithErrors(0), rules: defaultRules(['home']) });
    const odd = { ...pass, confirmation: { confirmed: 0, unconfirmed: 2 } };
    expect(decideBaselineSave(odd, true)).toEqual({
      save: false,
      reason:
        'its first measurement breached and did not hold on re-measuring, so its figures are the odd ones',
    });
    // Re-measured and confirmed nothing odd: a normal save.
    expect(
      decideBaselineSave({ ...pass, confirmation: { confirmed: 0, unconfirmed: 0 } }, true),
    ).toEqual({
      save: true,
    });
  });
});

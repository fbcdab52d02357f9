import { describe, expect, it } from 'vitest';
import { evaluateThreshold } from '../../../src/core/judge/judge-scenario.js';
import { buildAbortCheck } from '../../../src/core/judge/live-abort-check.js';
import type { Rules, ThresholdRule } from '../../../src/core/rules/types.js';
import { makeFigures } from '../../helpers/make-result.js';

const p95: ThresholdRule = {
  metric: 'p95',
  warnUnless: { op: '<=', value: 8 },
  failUnless: { op: '<=', value: 12 },
  source: 'p95',
};

describe('evaluateThreshold', () => {
  it.each([
    [7, 'pass'],
    [10, 'warn'],
    [12, 'warn'],
    [12.5, 'fail'],
  ] as const)('p95 %s ms → %s', (value, level) => {
    const figures = makeFigures({ latencyMs: { ...makeFigures().latencyMs, p95: value } });
    expect(evaluateThreshold(p95, figures, {}).level).toBe(level);
  });

  it('says which level was broken and by how much', () => {
    const figures = makeFigures({ latencyMs: { ...makeFigures().latencyMs, p95: 20 } });
    expect(evaluateThreshold({ ...p95, scenario: 'list' }, figures, {}).message).toBe(
      'list: p95 20 ms, needs <= 12 ms (critical)',
    );
  });

  it('handles higher-is-better conditions', () => {
    const rule: ThresholdRule = {
      metric: 'blockRate',
      failUnless: { op: '>=', value: 0.99 },
      source: 'block',
    };
    expect(evaluateThreshold(rule, makeFigures({ blockRate: 1 }), {}).level).toBe('pass');
    expect(evaluateThreshold(rule, makeFigures({ blockRate: 0.5 }), {}).level).toBe('fail');
  });

  it('passes, with a note, a metric that was not measured', () => {
    const rule: ThresholdRule = {
      metric: 'sendLagP99',
      warnUnless: { op: '<=', value: 10 },
      source: 'lag',
    };
    expect(evaluateThreshold(rule, makeFigures(), {})).toMatchObject({
      level: 'pass',
      value: undefined,
      message: 'send lag p99 not measured',
    });
  });
});

describe('buildAbortCheck', () => {
  const rules = (thresholds: ThresholdRule[]): Rules => ({
    thresholds,
    regressions: [],
    settings: { reportImprovements: true, confidence: 0.95 },
    defaulted: false,
  });

  it('does nothing when no rule asks to abort', () => {
    expect(buildAbortCheck(rules([p95]), [])).toBeUndefined();
  });

  it('aborts on a broken critical level once the grace period is over', () => {
    const check = buildAbortCheck(rules([{ ...p95, abortOnFail: true, abortGraceMs: 5000 }]), []);
    const slow = makeFigures({ latencyMs: { ...makeFigures().latencyMs, p95: 30 } });
    const snapshot = (measuredMs: number) => ({
      measuredMs,
      overall: slow,
      scenarios: [],
      sendLagP99: 0,
    });
    expect(check?.(snapshot(4000))).toBeUndefined();
    expect(check?.(snapshot(6000))).toBe(
      'abortOnFail threshold broken: p95 30 ms, needs <= 12 ms (critical)',
    );
  });
});

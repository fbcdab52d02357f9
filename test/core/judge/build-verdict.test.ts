import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import type { Rules } from '../../../src/core/rules/types.js';
import { type SyntheticScenario, simulateRun } from '../../helpers/synthetic-run.js';

const shop = (slowdown = 1, errorRate = 0): SyntheticScenario[] => [
  { name: 'list', ratePerSec: 300, medianMs: 8 * slowdown, errorRate },
  { name: 'detail', ratePerSec: 150, medianMs: 5 * slowdown, errorRate },
];
const run = (seed: number, slowdown = 1, extra: Partial<Parameters<typeof simulateRun>[0]> = {}) =>
  simulateRun({ scenarios: shop(slowdown), durationMs: 30_000, seed, ...extra });
const defaults = defaultRules(['list', 'detail']);

function rulesFrom(raw: { thresholds?: unknown; regressions?: unknown }): Rules {
  const parsed = parseRules(raw, ['list', 'detail']);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.rules;
}

describe('buildVerdict', () => {
  it('two runs of the same build do not fail or warn each other', () => {
    for (const [a, b] of [
      [1, 2],
      [3, 4],
      [5, 6],
    ]) {
      const verdict = buildVerdict({
        current: run(b ?? 0),
        baseline: run(a ?? 0),
        rules: defaults,
      });
      expect(verdict.level, verdict.reasons.join('\n')).toBe('pass');
    }
  });

  it('fails a 30 % slower build, naming the metric, the limit and the confidence', () => {
    const verdict = buildVerdict({ current: run(2, 1.3), baseline: run(1), rules: defaults });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toMatch(
      /^p95 \+\d+(\.\d+)? % \(\+[\d.]+ ms\) vs baseline: over the \+12 % fail limit \(floor 1 ms\), 95 % confident \(p /,
    );
    const all = verdict.scenarios.find((s) => s.name === 'all');
    expect(all?.metrics.find((m) => m.metric === 'p95')?.significance?.method).toBe('mann-whitney');
  });

  it('reports a significantly faster build as improved, and passes it', () => {
    const verdict = buildVerdict({ current: run(2, 0.7), baseline: run(1), rules: defaults });
    expect(verdict.level).toBe('pass');
    expect(verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p95')?.status).toBe('improved');
  });

  it('without a baseline checks only absolute thresholds', () => {
    const rules = rulesFrom({ thresholds: { p95: { target: '5ms', critical: '50ms' } } });
    const verdict = buildVerdict({ current: run(1), rules });
    expect(verdict.hasBaseline).toBe(false);
    expect(verdict.level).toBe('warn');
    expect(verdict.reasons).toEqual([
      expect.stringMatching(/^p95 [\d.]+ ms, needs <= 5 ms \(target\)$/),
    ]);
    expect(verdict.scenarios[0]?.metrics.every((m) => m.status === 'no-baseline')).toBe(true);
  });

  it('fails on a broken critical threshold of one scenario (k6 syntax)', () => {
    const rules = rulesFrom({ thresholds: { 'http_req_duration{scenario:list}': ['p(95)<5'] } });
    const verdict = buildVerdict({ current: run(1), rules });
    expect(verdict.level).toBe('fail');
    expect(verdict.scenarios.find((s) => s.name === 'list')?.level).toBe('fail');
    expect(verdict.scenarios.find((s) => s.name === 'detail')?.level).toBe('pass');
  });

  it('fails an error-rate regression past its floor', () => {
    const current = simulateRun({ scenarios: shop(1, 0.05), durationMs: 30_000, seed: 2 });
    const verdict = buildVerdict({ current, baseline: run(1), rules: defaults });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons.join('\n')).toMatch(/error rate up from 0/);
  });

  it('never passes a partial run', () => {
    const verdict = buildVerdict({
      current: run(1, 1, { status: 'interrupted' }),
      rules: defaults,
    });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons[0]).toMatch(
      /^The run was interrupted after 30\.0 s: a partial run cannot pass\.$/,
    );
  });

  it('on a short run, a big change warns at most: too little data to rule out noise', () => {
    const short = (seed: number, slowdown: number) =>
      simulateRun({
        scenarios: [{ name: 'list', ratePerSec: 20, medianMs: 8 * slowdown }],
        durationMs: 5_000,
        seed,
      });
    const verdict = buildVerdict({
      current: short(2, 1.5),
      baseline: short(1, 1),
      rules: defaultRules(['list']),
    });
    expect(verdict.level).toBe('warn');
    expect(verdict.reasons.join('\n')).toMatch(/too few requests per window to rule out noise/);
  });

  it('notes scenarios that appeared or vanished and a baseline of another shape', () => {
    const baseline = simulateRun({
      scenarios: [
        { name: 'list', ratePerSec: 300, medianMs: 8 },
        { name: 'old', ratePerSec: 10, medianMs: 8 },
      ],
      durationMs: 30_000,
      seed: 1,
    });
    const verdict = buildVerdict({ current: run(2), baseline, rules: defaults });
    expect(verdict.runWarnings).toContain('New scenarios without a baseline: detail.');
    expect(verdict.runWarnings).toContain('Scenarios in the baseline but not in this run: old.');
    expect(verdict.scenarios.find((s) => s.name === 'detail')?.metrics[0]?.status).toBe(
      'no-baseline',
    );
  });
});

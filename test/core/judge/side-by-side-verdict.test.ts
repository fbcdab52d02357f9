import { describe, expect, it } from 'vitest';
import { buildVerdict, isSideBySidePair } from '../../../src/core/judge/build-verdict.js';
import { renderReport } from '../../../src/core/render/report.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const MAIN = 'http://main.staging.test';
const PR = 'http://pr-7.preview.test';

/** Two results of one side-by-side run: same start, each naming the other. */
function sides(slowdown: number): { current: ResultsFileV1; baseline: ResultsFileV1 } {
  const scenarios = (factor: number) => [{ name: 'root', ratePerSec: 150, medianMs: 20 * factor }];
  const a = simulateRun({ scenarios: scenarios(1), durationMs: 20_000, seed: 1 });
  const b = simulateRun({ scenarios: scenarios(slowdown), durationMs: 20_000, seed: 2 });
  return {
    baseline: { ...a, target: MAIN, sideBySide: { side: 'baseline', otherTarget: PR } },
    current: {
      ...b,
      target: PR,
      startedAt: a.startedAt,
      sideBySide: { side: 'target', otherTarget: MAIN },
    },
  };
}

const rules = defaultRules(['root']);

describe('judging a side-by-side run', () => {
  it('pairs the two sides of one run: the paired test, and the verdict says so', () => {
    const { current, baseline } = sides(1.3);
    expect(isSideBySidePair(current, baseline)).toBe(true);
    const verdict = buildVerdict({ current, baseline, rules });
    expect(verdict.level).toBe('fail');
    const p95 = verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p95');
    expect(p95?.significance?.method).toBe('paired-windows');
    expect(verdict.sideBySide).toEqual({ baselineTarget: MAIN, pairedWindows: 20 });
    expect(verdict.reasons[0]).toMatch(/side by side over 20 paired windows \(p /);
  });

  it('does not pair files that are not two sides of one run', () => {
    const { current, baseline } = sides(1);
    const later = { ...current, startedAt: '2030-01-01T00:00:00.000Z' };
    const unmarked = { ...current, sideBySide: undefined };
    const otherRun = { ...baseline, target: 'http://elsewhere.test' };
    for (const [c, b] of [
      [later, baseline],
      [unmarked, baseline],
      [current, otherRun],
      [baseline, current],
    ] as const) {
      expect(isSideBySidePair(c, b)).toBe(false);
      const verdict = buildVerdict({ current: c, baseline: b, rules });
      expect(verdict.sideBySide).toBeUndefined();
      const p95 = verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p95');
      expect(p95?.significance?.method).toBe('mann-whitney');
    }
  });

  it('reports "measured side by side" in the summary line and the baseline source', () => {
    const { current, baseline } = sides(1);
    const verdict = buildVerdict({ current, baseline, rules });
    expect(verdict.level).toBe('pass');
    const { markdown } = renderReport({ verdict, current, baseline });
    expect(markdown).toContain(
      'measured side by side against `http://main.staging.test` (paired over 20 windows; changes are the median ratio of paired windows)',
    );
    expect(markdown).toContain(
      'Baseline: `http://main.staging.test`, measured in the same run, its arrivals interleaved',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { readMetric } from '../../../src/core/judge/read-metric.js';
import { collectRunWarnings } from '../../../src/core/judge/run-warnings.js';
import { renderSummaryLine } from '../../../src/core/render/report-headline.js';
import { mergeResults } from '../../../src/core/result/merge-results.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { metricInfo } from '../../../src/core/rules/metrics.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import { makeFigures } from '../../helpers/make-result.js';
import { type StripedRun, simulateShards } from '../../helpers/synthetic-shards.js';

const RUN: StripedRun = {
  scenarios: [{ name: 'home', weight: 1, medianMs: 4 }],
  ratePerSec: 100,
  durationMs: 4000,
  seed: 3,
};
const NAMES = ['home'];

/** Two shards that waited for one --start-at, the second `skewMs` late. */
function mergedWithSkew(skewMs: number | undefined): ResultsFileV1 {
  const shards = simulateShards(
    RUN,
    2,
    skewMs === undefined
      ? {}
      : { startAtEpochMs: Date.UTC(2026, 10, 22, 12), skewsMs: [1, skewMs] },
  );
  const outcome = mergeResults(shards.map((result, i) => ({ name: `s${i + 1}.json`, result })));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome.result;
}

const skewRow = (result: ResultsFileV1, rules = defaultRules(NAMES)) =>
  buildVerdict({ current: result, rules })
    .scenarios.find((s) => s.name === 'all')
    ?.thresholds.find((t) => t.rule.metric === 'startSkew');

describe('start skew of merged shards: a run-health guard (target 100 ms, critical 1 s)', () => {
  it.each([
    [60, 'pass'],
    [-250, 'warn'],
    [1500, 'fail'],
  ] as const)('a shard %f ms off --start-at makes the verdict %s', (skewMs, level) => {
    const merged = mergedWithSkew(skewMs);
    const verdict = buildVerdict({ current: merged, rules: defaultRules(NAMES) });
    expect(verdict.level).toBe(level);
    expect(skewRow(merged)?.level).toBe(level);
    expect(skewRow(merged)?.rule.source).toBe(
      'run health: startSkew <= 100 ms (target), <= 1000 ms (critical)',
    );
  });

  it('names the skew in the reasons and in the run warnings', () => {
    const verdict = buildVerdict({ current: mergedWithSkew(1500), rules: defaultRules(NAMES) });
    expect(verdict.reasons).toContain('start skew 1.5 s, needs <= 1 s (critical)');
    expect(verdict.runWarnings).toContain(
      'The 2 shards did not start together: one began 1.5 s away from the agreed --start-at, so the target got a ragged rate at the start and end of the window. Give the shards more time before --start-at, and keep their clocks in sync (NTP).',
    );
    expect(collectRunWarnings(mergedWithSkew(100)).join('\n')).not.toContain('start together');
    expect(collectRunWarnings(mergedWithSkew(100.5)).join('\n')).toContain('start together');
  });

  it('is said in the report headline with the number of shards', () => {
    const merged = mergedWithSkew(-250);
    const verdict = buildVerdict({ current: merged, rules: defaultRules(NAMES) });
    expect(renderSummaryLine(verdict, merged)).toContain(
      'merged from 2 shards, max start skew 250 ms',
    );
  });

  it("gives way to the profile's own startSkew threshold", () => {
    const parsed = parseRules({ thresholds: { startSkew: '< 2s' } }, NAMES);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const merged = mergedWithSkew(1500);
    expect(buildVerdict({ current: merged, rules: parsed.rules }).level).toBe('pass');
    expect(skewRow(merged, parsed.rules)?.rule.source).not.toContain('run health');
  });

  it('is not judged, nor listed, for a run that measured no skew', () => {
    expect(skewRow(mergedWithSkew(undefined))).toBeUndefined();
    expect(skewRow(simulateShards(RUN, 1)[0] as ResultsFileV1)).toBeUndefined();
  });

  it('is a whole-run metric in ms, read from the merge info only', () => {
    expect(metricInfo('startSkew')).toMatchObject({
      unit: 'ms',
      direction: 'lower-is-better',
      label: 'start skew',
      wholeRunOnly: true,
    });
    expect(readMetric(makeFigures(), 'startSkew')).toBeNaN();
    expect(readMetric(makeFigures(), 'startSkew', { startSkewMs: 42 })).toBe(42);
    const perScenario = parseRules(
      { thresholds: { scenarios: { home: { startSkew: '< 1s' } } } },
      NAMES,
    );
    expect(perScenario.ok).toBe(false);
  });
});

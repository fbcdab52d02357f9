import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { buildAbortCheck } from '../../../src/core/judge/live-abort-check.js';
import { renderReport } from '../../../src/core/render/report.js';
import type { ResultsFileV1, ScenarioResult } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import type { LiveSnapshot } from '../../../src/core/stats/run-recorder.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';

/**
 * Complexity without a clock: the arrays a judging step scans are wrapped in proxies that count
 * element reads. A linear pass reads each element a few times; a `find` per scenario reads n² of
 * them. The bound (a few dozen reads per element) holds for any machine speed.
 */
function counted<T>(items: T[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { items: proxy, reads: () => reads };
}

const N = 2_000;
const READS_PER_ITEM = 40;
const names = Array.from({ length: N }, (_, i) => `scenario ${i}`);

function manyScenarios(count: number): ScenarioResult[] {
  const figures = makeFigures({
    histogram: '',
    histograms: { latency: '', serviceTime: '', sendLag: '' },
  });
  return Array.from({ length: count }, (_, i) => ({
    name: `scenario ${i}`,
    method: 'GET',
    path: `/p${i}`,
    weight: 1,
    ...figures,
    timeline: [],
  }));
}

function resultWith(scenarios: ScenarioResult[]): ResultsFileV1 {
  return makeResult({ scenarios });
}

describe('judging thousands of scenarios is linear', () => {
  it('buildVerdict reads each rule and each scenario a bounded number of times', () => {
    const rules = defaultRules(names);
    const regressions = counted(rules.regressions);
    const current = counted(manyScenarios(N));
    const baseline = counted(manyScenarios(N).reverse());
    const verdict = buildVerdict({
      current: resultWith(current.items),
      baseline: resultWith(baseline.items),
      rules: { ...rules, regressions: regressions.items },
    });
    expect(verdict.scenarios).toHaveLength(N + 1);
    expect(regressions.reads()).toBeLessThan(READS_PER_ITEM * rules.regressions.length);
    expect(current.reads()).toBeLessThan(READS_PER_ITEM * N);
    expect(baseline.reads()).toBeLessThan(READS_PER_ITEM * N);
  });

  it('renderReport looks scenarios up by name, not by scanning', () => {
    const rules = defaultRules(names);
    const verdict = buildVerdict({ current: resultWith(manyScenarios(N)), rules });
    const current = counted(manyScenarios(N));
    const baseline = counted(manyScenarios(N));
    const report = renderReport({
      verdict: { ...verdict, hasBaseline: true },
      current: resultWith(current.items),
      baseline: resultWith(baseline.items),
    });
    expect(report.markdown.length).toBeLessThanOrEqual(65_000);
    expect(current.reads()).toBeLessThan(READS_PER_ITEM * N);
    expect(baseline.reads()).toBeLessThan(READS_PER_ITEM * N);
  });

  it('parseRules checks scenario names against a set', () => {
    const scenarioNames = counted([...names]);
    const limits = Object.fromEntries(names.map((name) => [name, { p95: '300ms' }]));
    const changes = Object.fromEntries(names.map((name) => [name, { p95: '20%' }]));
    const parsed = parseRules(
      { thresholds: { scenarios: limits }, regressions: { scenarios: changes } },
      scenarioNames.items,
    );
    expect(parsed.ok).toBe(true);
    expect(scenarioNames.reads()).toBeLessThan(READS_PER_ITEM * N);
  });

  it('the live abort check resolves its scenarios once, not on every check', () => {
    const scenarioNames = counted([...names]);
    const block = Object.fromEntries(
      names.map((name) => [name, { p95: { critical: '1s', abortOnFail: true } }]),
    );
    const parsed = parseRules({ thresholds: { scenarios: block } }, names);
    if (!parsed.ok) throw new Error('rules should parse');
    const check = buildAbortCheck(parsed.rules, scenarioNames.items);
    const figures = makeFigures();
    const snapshot: LiveSnapshot = {
      measuredMs: 10_000,
      overall: figures,
      scenarios: names.map(() => figures),
      sendLagP99: 0,
    };
    for (let i = 0; i < 5; i++) expect(check?.(snapshot)).toBeUndefined();
    expect(scenarioNames.reads()).toBeLessThan(READS_PER_ITEM * N);
  });

  it('judges and renders 20,000 scenarios with the default rules well within the test timeout', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `scenario ${i}`);
    const current = resultWith(manyScenarios(20_000));
    const verdict = buildVerdict({ current, baseline: current, rules: defaultRules(many) });
    expect(verdict.scenarios).toHaveLength(20_001);
    expect(
      renderReport({ verdict, current, baseline: current }).markdown.length,
    ).toBeLessThanOrEqual(65_000);
  }, 20_000);
});

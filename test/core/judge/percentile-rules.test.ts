/**
 * Rules on any latency percentile (`p97.5`, k6's `p(99.99)`) and on k6's other aggregations,
 * judged from real results files: the value is read from the stored histogram, regressions
 * rank per-window values of the same percentile, live abort checks bracket it.
 */

import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { buildAbortCheck } from '../../../src/core/judge/live-abort-check.js';
import { readLatencyPercentiles } from '../../../src/core/judge/read-metric.js';
import { minWindowRequests, readWindowSeries } from '../../../src/core/judge/window-series.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import type { Rules } from '../../../src/core/rules/types.js';
import { countCreatedHistograms } from '../../../src/core/stats/histogram.js';
import type { LiveSnapshot } from '../../../src/core/stats/run-recorder.js';
import { makeFigures } from '../../helpers/make-result.js';
import { type SyntheticScenario, simulateRun } from '../../helpers/synthetic-run.js';

const NAMES = ['list', 'detail'];
const shop = (slowdown = 1): SyntheticScenario[] => [
  { name: 'list', ratePerSec: 300, medianMs: 8 * slowdown },
  { name: 'detail', ratePerSec: 150, medianMs: 5 * slowdown },
];
const run = (seed: number, slowdown = 1) =>
  simulateRun({ scenarios: shop(slowdown), durationMs: 30_000, seed });

function rulesFrom(raw: { thresholds?: unknown; regressions?: unknown }): Rules {
  const parsed = parseRules(raw, NAMES);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.rules;
}

describe('thresholds on any percentile', () => {
  const current = run(1);
  const exact = readLatencyPercentiles(current.histograms.latency, [97.5, 99.99]);
  const p975 = exact.get(97.5) ?? Number.NaN;

  it('reads p97.5 from the whole run’s histogram, between its p95 and p99', () => {
    expect(p975).toBeGreaterThan(current.latencyMs.p95);
    expect(p975).toBeLessThan(current.latencyMs.p99);
    const verdict = buildVerdict({
      current,
      rules: rulesFrom({
        regressions: {},
        thresholds: { 'p97.5': `${p975}ms`, http_req_duration: [`p(97.5)<${p975}`] },
      }),
    });
    const [friendly, k6] = verdict.scenarios[0]?.thresholds ?? [];
    expect(friendly).toMatchObject({ value: p975, level: 'pass' });
    expect(friendly?.message).toMatch(/^p97\.5 /);
    expect(k6).toMatchObject({ value: p975, level: 'fail' });
    expect(k6?.message).toMatch(/^p97\.5 .*needs < .* \(critical\)$/);
    expect(verdict.level).toBe('fail');
  });

  it('reads a scenario’s percentile from that scenario’s histogram', () => {
    const detail = current.scenarios[1];
    if (detail === undefined) throw new Error('no scenario');
    const own = readLatencyPercentiles(detail.histograms.latency, [99.99]).get(99.99);
    const verdict = buildVerdict({
      current,
      rules: rulesFrom({
        regressions: {},
        thresholds: { 'http_req_duration{scenario:detail}': ['p(99.99)<=100000'] },
      }),
    });
    expect(verdict.scenarios.find((s) => s.name === 'detail')?.thresholds[0]?.value).toBe(own);
    expect(own).not.toBe(exact.get(99.99));
  });

  it('decodes each histogram once per judging, however many percentiles its rules name', () => {
    const rules = rulesFrom({
      regressions: {},
      thresholds: {
        p97: '1s',
        'p97.5': '1s',
        http_req_duration: ['p(98.5)<1000', 'p(97.5)<999'],
        scenarios: { list: { p80: '1s' } },
      },
    });
    const before = countCreatedHistograms();
    buildVerdict({ current, rules });
    // The whole run's histogram and the list scenario's; detail has no percentile rule.
    expect(countCreatedHistograms() - before).toBe(2);
  });

  it('k6 counts and per-second rates judge the results file’s figures', () => {
    const verdict = buildVerdict({
      current,
      rules: rulesFrom({
        regressions: {},
        thresholds: {
          http_reqs: ['count>13000', 'count==13500', 'rate>=450'],
          dropped_iterations: ['count<1', 'rate==0'],
        },
      }),
    });
    expect(current.totals.requests).toBe(13_500);
    const written = verdict.scenarios[0]?.thresholds.filter(
      (t) => !t.rule.source.startsWith('run health:'),
    );
    expect(written?.map((t) => [t.rule.metric, t.value, t.level])).toEqual([
      ['requests', 13_500, 'pass'],
      ['requests', 13_500, 'pass'],
      ['rps', 450, 'pass'],
      ['dropped', 0, 'pass'],
      ['droppedRps', 0, 'pass'],
    ]);
  });
});

describe('regressions on any percentile', () => {
  it('windows hold five requests beyond the percentile', () => {
    expect(['p97.5', 'p80', 'p99.99', 'min'].map((m) => minWindowRequests(m as never))).toEqual([
      200, 25, 1000, 5,
    ]);
    const { timeline } = run(3);
    // About 300 requests in each second of this timeline: one second holds the 200 a p97.5
    // window needs; p99.99 takes four (1,200 ≥ 1,000), so 30 seconds make 7 windows and the
    // last, crowded second an eighth.
    expect(timeline.slice(0, -1).every((p) => p.requests >= 200 && p.requests < 334)).toBe(true);
    expect(readWindowSeries(timeline, 'p97.5')).toHaveLength(timeline.length);
    expect(readWindowSeries(timeline, 'p99.99')).toHaveLength(8);
  });

  it('fails a 30 % slower build on p97.5 and lists it between p95 and p99', () => {
    const rules = rulesFrom({ regressions: { 'p97.5': { warn: '10%', fail: '20%' } } });
    const verdict = buildVerdict({ current: run(2, 1.3), baseline: run(1), rules });
    const all = verdict.scenarios[0];
    expect(all?.metrics.map((m) => m.metric)).toEqual([
      'p50',
      'p95',
      'p97.5',
      'p99',
      'errorRate',
      'rps',
    ]);
    const p975 = all?.metrics.find((m) => m.metric === 'p97.5');
    expect(p975).toMatchObject({
      status: 'fail',
      unit: 'ms',
      significance: { method: 'mann-whitney' },
    });
    expect(verdict.level).toBe('fail');
    expect(verdict.reasons.join('\n')).toMatch(/^p97\.5 \+\d/m);
  });

  it('passes two runs of the same build on p99.99', () => {
    const rules = rulesFrom({
      regressions: { 'p99.99': { warn: '25%', fail: '50%', floor: '2ms' } },
    });
    const verdict = buildVerdict({ current: run(5), baseline: run(4), rules });
    expect(verdict.scenarios[0]?.metrics.find((m) => m.metric === 'p99.99')?.status).not.toBe(
      'fail',
    );
  });
});

describe('abortOnFail on a percentile without a name, live', () => {
  // Live figures carry the named percentiles (p95 10 ms, p99 20 ms here) and no histogram.
  const snapshot = (latency: Partial<ReturnType<typeof makeFigures>['latencyMs']> = {}) => {
    const overall = makeFigures();
    overall.latencyMs = { ...overall.latencyMs, ...latency };
    return { measuredMs: 20_000, overall, scenarios: [overall], sendLagP99: 0 } as LiveSnapshot;
  };
  const check = (expression: string) => {
    const rules = rulesFrom({
      regressions: {},
      thresholds: { http_req_duration: [{ threshold: expression, abortOnFail: true }] },
    });
    const abort = buildAbortCheck(rules, NAMES);
    if (abort === undefined) throw new Error('no abort check');
    return abort;
  };

  it.each<[string, string | undefined]>([
    // p95 (10 ms) ≤ p97.5 ≤ p99 (20 ms).
    [
      'p(97.5)<10',
      'abortOnFail threshold broken: p97.5 between 10 ms (p95) and 20 ms (p99), needs < 10 ms (critical)',
    ],
    [
      'p(97.5)<=9',
      'abortOnFail threshold broken: p97.5 between 10 ms (p95) and 20 ms (p99), needs <= 9 ms (critical)',
    ],
    [
      'p(97.5)>20',
      'abortOnFail threshold broken: p97.5 between 10 ms (p95) and 20 ms (p99), needs > 20 ms (critical)',
    ],
    [
      'p(97.5)==25',
      'abortOnFail threshold broken: p97.5 between 10 ms (p95) and 20 ms (p99), needs == 25 ms (critical)',
    ],
    // Between the two: only the end of the run can tell, so the run goes on.
    ['p(97.5)<15', undefined],
    ['p(97.5)>15', undefined],
    ['p(97.5)==15', undefined],
    ['p(97.5)!=15', undefined],
    ['p(97.5)<21', undefined],
    // Named percentiles are read exactly, as before.
    ['p(95)<10', 'abortOnFail threshold broken: p95 10 ms, needs < 10 ms (critical)'],
  ])('%s → %s', (expression, reason) => {
    expect(check(expression)(snapshot())).toBe(reason);
  });

  it('stops on != only when both neighbours equal the value', () => {
    expect(check('p(97.5)!=10')(snapshot({ p99: 10 }))).toMatch(/^abortOnFail threshold broken/);
    expect(check('p(97.5)!=10')(snapshot())).toBeUndefined();
  });
});

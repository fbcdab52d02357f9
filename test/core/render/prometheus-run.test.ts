import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRunFamilies, RUN_METRICS } from '../../../src/core/render/prometheus-run.js';
import { type MetricFamily, renderExposition } from '../../../src/core/render/prometheus-text.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';
import { makeScenario, makeThreshold, makeVerdict } from '../../helpers/make-verdict.js';
import {
  JOURNEY_RESULT,
  RUN_LABELS,
  RUN_RESULT,
  RUN_VERDICT,
} from '../../helpers/prometheus-run-case.js';

function family(families: MetricFamily[], name: string): MetricFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no family ${name}`);
  return found;
}

/** The value of the one sample whose labels include all of `labels`, and no scenario label when
 * `labels` has none (the whole-run sample). */
function sampleValue(families: MetricFamily[], name: string, labels: Record<string, string>) {
  const matches = family(families, name).samples.filter(
    (s) =>
      Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
      ('scenario' in labels || !('scenario' in s.labels)),
  );
  expect(matches, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return matches[0]?.value;
}

describe('buildRunFamilies', () => {
  const families = buildRunFamilies(RUN_RESULT, RUN_VERDICT, RUN_LABELS);

  it('matches the golden exposition', async () => {
    await expect(renderExposition(families)).toMatchFileSnapshot(
      '../../golden/prometheus-run.prom',
    );
  });

  it('exports latency in seconds as a summary, for the whole run and per scenario', () => {
    const name = RUN_METRICS.duration.name;
    expect(sampleValue(families, name, { quantile: '0.95' })).toBe(0.022);
    expect(sampleValue(families, name, { scenario: 'policy/deny', quantile: '0.95' })).toBe(
      0.00725,
    );
    expect(sampleValue(families, name, { scenario: 'list', quantile: '0.999' })).toBe(0.08);
    const count = family(families, name).samples.find(
      (s) => s.suffix === '_count' && s.labels.scenario === 'list',
    );
    // Answered requests only: the two transport errors have no latency.
    expect(count?.value).toBe(598);
    const sum = family(families, name).samples.find(
      (s) => s.suffix === '_sum' && s.labels.scenario === 'list',
    );
    expect(sum?.value).toBeCloseTo((12.5 * 598) / 1000, 9);
  });

  it('counts requests by outcome, errors by kind, dropped arrivals and the achieved rate', () => {
    const requests = RUN_METRICS.requests.name;
    expect(sampleValue(families, requests, { outcome: 'ok' })).toBe(594);
    expect(sampleValue(families, requests, { outcome: 'blocked' })).toBe(399);
    expect(sampleValue(families, requests, { outcome: 'failed' })).toBe(5);
    expect(sampleValue(families, requests, { outcome: 'error' })).toBe(2);
    expect(
      sampleValue(families, requests, {
        scenario: 'policy/deny',
        category: 'policy',
        outcome: 'blocked',
      }),
    ).toBe(399);
    const errors = RUN_METRICS.errors.name;
    expect(sampleValue(families, errors, { kind: 'timeout' })).toBe(2);
    expect(sampleValue(families, errors, { kind: 'http_5xx' })).toBe(4);
    // The whole run lists every kind, at 0 too; a scenario only those it saw.
    expect(sampleValue(families, errors, { kind: 'connection_refused' })).toBe(0);
    const policyKinds = family(families, errors)
      .samples.filter((s) => s.labels.scenario === 'policy/deny')
      .map((s) => s.labels.kind);
    expect(policyKinds).toEqual(['unexpected_status']);
    expect(sampleValue(families, RUN_METRICS.dropped.name, { scenario: 'list' })).toBe(1);
    expect(sampleValue(families, RUN_METRICS.rate.name, { scenario: 'list' })).toBe(60);
  });

  it('puts category on per-scenario samples only, never on dropped arrivals', () => {
    const dropped = family(families, RUN_METRICS.dropped.name).samples;
    expect(dropped.every((s) => !('category' in s.labels))).toBe(true);
    const rate = family(families, RUN_METRICS.rate.name).samples;
    expect(rate.map((s) => s.labels.category)).toEqual([undefined, undefined, 'policy']);
  });

  it('carries profile, environment and client on every sample', () => {
    for (const f of families) {
      for (const s of f.samples) {
        expect(s.labels, f.name).toMatchObject({
          profile: 'shop/checkout',
          environment: 'staging',
          client: 'team-a',
        });
      }
    }
  });

  it('leaves environment and client out when not given, and layer and interval on run_info', () => {
    const bare = buildRunFamilies(RUN_RESULT, RUN_VERDICT, {});
    const labels = bare.flatMap((f) => f.samples.flatMap((s) => Object.keys(s.labels)));
    expect(labels).not.toContain('environment');
    expect(labels).not.toContain('client');
    expect(family(bare, RUN_METRICS.info.name).samples[0]?.labels).toEqual({
      profile: 'shop/checkout',
      target: 'http://127.0.0.1:8080/api/v1',
      commit: '0123456789abcdef0123456789abcdef01234567',
    });
  });

  it('sets 1 on this run’s verdict and 0 on the others', () => {
    const verdict = RUN_METRICS.verdict.name;
    expect(sampleValue(families, verdict, { verdict: 'warn' })).toBe(1);
    expect(sampleValue(families, verdict, { verdict: 'pass' })).toBe(0);
    expect(sampleValue(families, verdict, { verdict: 'fail' })).toBe(0);
  });

  it('marks each threshold 1 when broken (warn or fail), 0 when met, once per rule', () => {
    const name = RUN_METRICS.threshold.name;
    expect(sampleValue(families, name, { threshold: 'p95 < 300ms' })).toBe(0);
    expect(sampleValue(families, name, { threshold: 'errorRate < 0.5%', scenario: 'list' })).toBe(
      1,
    );
    const rule = { metric: 'p95' as const, failUnless: { op: '<' as const, value: 1 } };
    const twice = makeVerdict([
      makeScenario('all', [], {
        thresholds: [
          makeThreshold({ ...rule, source: 'p95 < 1ms' }, 22, 'fail', 'x'),
          makeThreshold({ ...rule, source: 'p95 < 1ms' }, 22, 'pass', 'x'),
        ],
      }),
    ]);
    const samples = family(buildRunFamilies(RUN_RESULT, twice, {}), name).samples;
    expect(samples).toEqual([
      { labels: { profile: 'shop/checkout', threshold: 'p95 < 1ms' }, value: 1 },
    ]);
  });

  it('gives the run start and length in seconds', () => {
    expect(sampleValue(families, RUN_METRICS.timestamp.name, {})).toBe(
      Date.UTC(2026, 10, 22, 10, 0, 0) / 1000,
    );
    expect(sampleValue(families, RUN_METRICS.runDuration.name, {})).toBe(10);
  });

  it('writes NaN quantiles (no observation), not 0, for a scope nothing answered', () => {
    const silent = makeFigures({
      totals: {
        requests: 5,
        ok: 0,
        blocked: 0,
        failed: 0,
        errors: 5,
        dropped: 0,
        queued: 0,
        interrupted: 0,
      },
      latencyMs: { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, stdev: 0 },
      errorKinds: { connection_refused: 5 },
    });
    const result = makeResult({ ...silent, scenarios: [] });
    const text = renderExposition(buildRunFamilies(result, RUN_VERDICT, {}));
    expect(text).toContain(
      'loadgate_http_request_duration_seconds{profile="shop",quantile="0.95"} NaN',
    );
    expect(text).toContain('loadgate_http_request_duration_seconds_count{profile="shop"} 0');
    expect(text).toContain(
      'loadgate_http_request_errors_total{profile="shop",kind="connection_refused"} 5',
    );
  });

  it('keeps hostile names inside their label values', () => {
    const hostile = 'x"} 1\nloadgate_verdict{verdict="pass"} 1\\';
    const result = makeResult({
      profile: { name: hostile },
      scenarios: [
        {
          name: hostile,
          category: 'a\nb"c',
          method: 'GET',
          path: '/',
          weight: 1,
          ...makeFigures(),
          timeline: [],
        },
      ],
    });
    const text = renderExposition(buildRunFamilies(result, RUN_VERDICT, {}));
    const escaped = 'x\\"} 1\\nloadgate_verdict{verdict=\\"pass\\"} 1\\\\';
    expect(text).toContain(
      `loadgate_http_requests_per_second{profile="${escaped}",scenario="${escaped}",category="a\\nb\\"c"} 100`,
    );
    // Every line is a comment or one sample of a loadgate family: nothing broke out.
    for (const line of text.trimEnd().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) loadgate_|loadgate_\w+(\{.*\})? \S+$)/);
    }
    expect(text.match(/^loadgate_verdict\{/gm)).toHaveLength(3);
  });
});

describe('buildRunFamilies: journeys', () => {
  const families = buildRunFamilies(JOURNEY_RESULT, RUN_VERDICT, {});
  const journeyNames = [RUN_METRICS.journeyDuration.name, RUN_METRICS.journeys.name];

  it('matches the golden exposition of the journey families', async () => {
    const text = renderExposition(families.filter((f) => journeyNames.includes(f.name)));
    await expect(text).toMatchFileSnapshot('../../golden/prometheus-journeys.prom');
  });

  it('counts journeys by outcome and exports their duration in seconds, per journey', () => {
    const total = family(families, RUN_METRICS.journeys.name);
    const shopper = total.samples.filter((s) => s.labels.journey === 'shopper');
    expect(shopper).toEqual(
      [
        ['ok', 44],
        ['failed', 4],
        ['error', 2],
        ['dropped', 3],
      ].map(([outcome, value]) => ({
        labels: { profile: 'shop/checkout', journey: 'shopper', category: 'normal', outcome },
        value,
      })),
    );
    const duration = family(families, RUN_METRICS.journeyDuration.name).samples;
    const p95 = duration.find(
      (s) => s.labels.journey === 'shopper' && s.labels.quantile === '0.95',
    );
    expect(p95?.value).toBe(0.8);
    const count = duration.find((s) => s.labels.journey === 'shopper' && s.suffix === '_count');
    // Journeys that ended with answers (ok + failed); the two errors have no duration.
    expect(count?.value).toBe(48);
    const idle = duration.filter((s) => s.labels.journey === 'idle "x"\n' && !s.suffix);
    expect(idle.map((s) => s.value)).toEqual([NaN, NaN, NaN, NaN, NaN]);
  });

  it('gives journey samples no scenario label and no whole-run sample', () => {
    for (const name of journeyNames) {
      for (const s of family(families, name).samples) {
        expect(s.labels).not.toHaveProperty('scenario');
        expect(s.labels.journey, name).toBeDefined();
      }
    }
  });

  it('leaves the journey families out of a run without journeys', () => {
    const text = renderExposition(buildRunFamilies(RUN_RESULT, RUN_VERDICT, {}));
    expect(text).not.toContain('journey');
  });

  it('lists extract_failed with the other error kinds of the whole run', () => {
    expect(sampleValue(families, RUN_METRICS.errors.name, { kind: 'extract_failed' })).toBe(0);
  });
});

describe('the Grafana dashboard (examples/grafana)', () => {
  it('queries only metrics loadgate exports, through its datasource variable', () => {
    const dashboard = JSON.parse(readFileSync('examples/grafana/loadgate-dashboard.json', 'utf8'));
    const exported = new Set([
      ...Object.values(RUN_METRICS).map((m) => m.name),
      'loadgate_probe_success',
    ]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const target of panel.targets) {
        for (const name of target.expr.match(/\bloadgate_\w+/g) ?? []) {
          expect(exported, `${panel.title}: ${name}`).toContain(name);
        }
      }
    }
    expect(dashboard.panels.map((p: { title: string }) => p.title)).toEqual([
      'p95 latency per scenario',
      'Request rate by outcome',
      'Block rate per category',
      'Error rate',
      'Verdict',
      'Heartbeat success',
      'p95 journey duration',
    ]);
  });
});

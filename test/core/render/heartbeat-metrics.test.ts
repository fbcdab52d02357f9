import { describe, expect, it } from 'vitest';
import {
  buildHeartbeatFamilies,
  type HeartbeatMetricFacts,
} from '../../../src/core/render/heartbeat-metrics.js';
import { buildRunFamilies, RUN_METRICS } from '../../../src/core/render/prometheus-run.js';
import { renderExposition } from '../../../src/core/render/prometheus-text.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import {
  HeartbeatRecorder,
  type HeartbeatSnapshot,
} from '../../../src/core/stats/heartbeat-recorder.js';
import { RUN_LABELS, RUN_RESULT, RUN_VERDICT } from '../../helpers/prometheus-run-case.js';

const FACTS: HeartbeatMetricFacts = {
  labels: { profile: 'shop', environment: 'staging' },
  scenarios: [{ name: 'health' }, { name: 'policy only', category: 'policy' }],
  target: 'https://shop.example.com',
  interval: 'every-5s',
  commit: 'abc123',
  startedAtEpochMs: 1_750_000_000_000,
};

/** Six probes of two scenarios: health answers, then fails twice; policy is blocked as asked. */
function snapshotOfSixProbes(): HeartbeatSnapshot {
  const recorder = new HeartbeatRecorder(2, 0, 2);
  const answer = (scenario: number, at: number, ms: number, cls: ResponseClass, status: number) => {
    recorder.onReleased(scenario, at, at + 0.2, 0);
    recorder.onSent(scenario, at, at + 0.5);
    recorder.onResponse(scenario, at, at + 0.5, at + ms, status, cls);
  };
  answer(0, 0, 12, ResponseClass.ok, 200);
  answer(1, 5000, 3, ResponseClass.blocked, 403);
  answer(0, 10_000, 40, ResponseClass.http5xx, 503);
  answer(1, 15_000, 4, ResponseClass.blocked, 403);
  recorder.onReleased(0, 25_000, 25_000, 1);
  recorder.onError(0, 25_000, 25_002, 'connection_refused');
  answer(1, 30_000, 5, ResponseClass.blocked, 403);
  const snapshot = recorder.snapshot(31_000);
  recorder.destroy();
  return snapshot;
}

/** `name{labels} value` lines as [series, value], comments left out. */
function samplesOf(text: string): Map<string, string> {
  const samples = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), line.slice(cut + 1));
  }
  return samples;
}

describe('buildHeartbeatFamilies', () => {
  it('renders the heartbeat exposition (golden)', async () => {
    const text = renderExposition(buildHeartbeatFamilies(snapshotOfSixProbes(), FACTS));
    await expect(text).toMatchFileSnapshot('../../golden/heartbeat-metrics.prom');
  });

  it('says which scenario is failing: probe success 0 and its streak, the other 1', () => {
    const samples = samplesOf(
      renderExposition(buildHeartbeatFamilies(snapshotOfSixProbes(), FACTS)),
    );
    const health = 'profile="shop",environment="staging",scenario="health"';
    const policy = 'profile="shop",environment="staging",scenario="policy only",category="policy"';
    expect(samples.get(`loadgate_probe_success{${health}}`)).toBe('0');
    expect(samples.get(`loadgate_probe_consecutive_failures{${health}}`)).toBe('2');
    expect(samples.get(`loadgate_probe_success{${policy}}`)).toBe('1');
    expect(samples.get(`loadgate_probes_total{${health},outcome="failure"}`)).toBe('2');
    expect(samples.get(`loadgate_probes_total{${policy},outcome="success"}`)).toBe('3');
    // The run exporter's counters, whole heartbeat and per scenario.
    const whole = 'profile="shop",environment="staging"';
    expect(samples.get(`loadgate_http_requests_total{${whole},outcome="blocked"}`)).toBe('3');
    expect(samples.get(`loadgate_http_requests_total{${health},outcome="error"}`)).toBe('1');
    expect(samples.get(`loadgate_http_request_errors_total{${health},kind="http_5xx"}`)).toBe('1');
    expect(samples.get(`loadgate_dropped_arrivals_total{${whole}}`)).toBe('1');
    expect(samples.get(`loadgate_heartbeat_up_seconds{${whole}}`)).toBe('31');
    // Summary: `_count` counts answers (not the refused one), `_sum` in seconds.
    expect(samples.get(`loadgate_http_request_duration_seconds_count{${health}}`)).toBe('2');
    expect(samples.get(`loadgate_http_request_duration_seconds_sum{${health}}`)).toBe('0.052');
  });

  it('reads NaN quantiles for a scenario the last minute did not answer, counters kept', () => {
    const recorder = new HeartbeatRecorder(2, 0, 3);
    recorder.onReleased(0, 0, 0, 0);
    recorder.onResponse(0, 0, 0, 10, 200, ResponseClass.ok);
    const snapshot = recorder.snapshot(120_000);
    recorder.destroy();
    const samples = samplesOf(renderExposition(buildHeartbeatFamilies(snapshot, FACTS)));
    const health = 'profile="shop",environment="staging",scenario="health"';
    expect(samples.get(`loadgate_http_request_duration_seconds{${health},quantile="0.99"}`)).toBe(
      'NaN',
    );
    expect(samples.get(`loadgate_http_request_duration_seconds_count{${health}}`)).toBe('1');
    expect(samples.get(`loadgate_http_requests_per_second{${health}}`)).toBe('0');
    // A scenario never probed has no success sample yet (absent, not a false 0).
    expect(
      [...samples.keys()].some((k) =>
        k.startsWith(
          'loadgate_probe_success{profile="shop",environment="staging",scenario="policy only"',
        ),
      ),
    ).toBe(false);
  });

  it("shares the run exporter's names, types and HELP texts (a Pushgateway refuses two HELPs for one name)", () => {
    const heartbeat = buildHeartbeatFamilies(snapshotOfSixProbes(), FACTS);
    const run = buildRunFamilies(RUN_RESULT, RUN_VERDICT, RUN_LABELS);
    const shared = Object.values(RUN_METRICS).map((metric) => metric.name);
    for (const family of heartbeat.filter((f) => shared.includes(f.name))) {
      const twin = run.find((f) => f.name === family.name);
      expect(twin, family.name).toBeDefined();
      expect({ help: family.help, type: family.type }).toEqual({
        help: twin?.help,
        type: twin?.type,
      });
    }
  });
});

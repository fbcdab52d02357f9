/**
 * The heartbeat's `/metrics` (and what it pushes): the run exporter's names for the shared
 * figures, so one dashboard reads both, plus the heartbeat's own. Summary quantiles cover the
 * last minute (the Prometheus client convention for summaries: a sliding window) and read `NaN`
 * when the minute saw no answer; `_sum`, `_count` and every counter run since the start.
 * Values are in base units: seconds, counts, 0/1.
 */
import { ERROR_KINDS } from '../stats/error-kind.js';
import type { HeartbeatSnapshot, ScenarioPulse } from '../stats/heartbeat-recorder.js';
import {
  ROLLING_WINDOW_MS,
  type WindowFigures,
  type WindowQuantilesMs,
} from '../stats/rolling-window.js';
import { RUN_METRICS, SUMMARY_QUANTILES } from './prometheus-run.js';
import type { MetricFamily, MetricSample } from './prometheus-text.js';

/** The labels on every sample: the profile, and environment and client when given. */
export interface CommonMetricLabels {
  profile: string;
  environment?: string;
  client?: string;
}

/** What the metrics say about the heartbeat besides its figures. */
export interface HeartbeatMetricFacts {
  labels: CommonMetricLabels;
  /** In profile order, as the snapshot's scenarios. */
  scenarios: readonly { name: string; category?: string }[];
  /** The target without credentials or query (`sanitizeTarget`). */
  target: string;
  /** The series' interval slug (`every-5s`, or the profile's `interval`). */
  interval: string;
  /** The commit being watched, when known. */
  commit?: string;
  /** Wall-clock start of the heartbeat, epoch ms. */
  startedAtEpochMs: number;
}

const OUTCOMES = [
  ['ok', 'ok'],
  ['blocked', 'blocked'],
  ['failed', 'failed'],
  ['error', 'errors'],
] as const;

/** The heartbeat's own families (the shared ones take `RUN_METRICS`' names and HELP texts:
 * a Pushgateway refuses a name pushed with two different HELP texts). */
export const HEARTBEAT_METRICS = {
  success: {
    name: 'loadgate_probe_success',
    help: 'Whether the last probe of the scenario succeeded (1) or failed (0).',
  },
  consecutiveFailures: {
    name: 'loadgate_probe_consecutive_failures',
    help: 'Failed probes in a row for the scenario (0 after a success).',
  },
  probes: {
    name: 'loadgate_probes_total',
    help: 'Finished probes by outcome: success (ok, or blocked as expected) or failure (failed, or no answer).',
  },
  up: {
    name: 'loadgate_heartbeat_up_seconds',
    help: 'How long the heartbeat has been running, in seconds.',
  },
} as const;

type Labels = Record<string, string>;

/** The whole heartbeat (no scenario labels) or one scenario, with its counters. */
interface Scope {
  labels: Labels;
  pulse: Pick<
    ScenarioPulse,
    | 'ok'
    | 'blocked'
    | 'failed'
    | 'errors'
    | 'errorKinds'
    | 'latencySumMs'
    | 'latencyCount'
    | 'window'
  >;
  wholeRun: boolean;
}

function commonLabels(labels: CommonMetricLabels): Labels {
  return {
    profile: labels.profile,
    ...(labels.environment ? { environment: labels.environment } : {}),
    ...(labels.client ? { client: labels.client } : {}),
  };
}

function wholeRunPulse(snapshot: HeartbeatSnapshot): Scope['pulse'] {
  const errorKinds: Record<string, number> = {};
  for (const kind of ERROR_KINDS) errorKinds[kind] = 0;
  let ok = 0;
  let blocked = 0;
  let failed = 0;
  let errors = 0;
  for (const pulse of snapshot.scenarios) {
    ok += pulse.ok;
    blocked += pulse.blocked;
    failed += pulse.failed;
    errors += pulse.errors;
    for (const [kind, n] of Object.entries(pulse.errorKinds)) {
      errorKinds[kind] = (errorKinds[kind] ?? 0) + n;
    }
  }
  return {
    ok,
    blocked,
    failed,
    errors,
    errorKinds,
    latencySumMs: snapshot.latencySumMs,
    latencyCount: snapshot.latencyCount,
    window: snapshot.window,
  };
}

/** Quantiles over the last minute in seconds (NaN when it saw no answer), `_sum`, `_count`. */
function durationSamples({ labels, pulse }: Scope): MetricSample[] {
  const quantiles = pulse.window.quantilesMs;
  return [
    ...SUMMARY_QUANTILES.map(({ quantile, field }) => ({
      labels: { ...labels, quantile },
      value: quantiles ? secondsOf(quantiles[field as keyof WindowQuantilesMs]) : Number.NaN,
    })),
    { suffix: '_sum' as const, labels, value: secondsOf(pulse.latencySumMs) },
    { suffix: '_count' as const, labels, value: pulse.latencyCount },
  ];
}

function errorSamples({ labels, pulse, wholeRun }: Scope): MetricSample[] {
  return Object.entries(pulse.errorKinds)
    .filter(([, n]) => wholeRun || n > 0)
    .map(([kind, value]) => ({ labels: { ...labels, kind }, value }));
}

/**
 * The families of `/metrics` at one moment, ready for `renderExposition`. The shared families
 * (latency summary, requests by outcome, errors by kind, achieved rate) have a whole-heartbeat
 * sample and one per scenario, as the run exporter's do; `loadgate_dropped_arrivals_total`
 * counts grid slots passed over (whole heartbeat only); the probe families are per scenario.
 * @param snapshot the recorder's figures now; its scenarios in the order of `facts.scenarios`.
 */
export function buildHeartbeatFamilies(
  snapshot: HeartbeatSnapshot,
  facts: HeartbeatMetricFacts,
): MetricFamily[] {
  const common = commonLabels(facts.labels);
  const perScenario: Scope[] = snapshot.scenarios.map((pulse, i) => {
    const scenario = facts.scenarios[i];
    const labels = {
      ...common,
      scenario: scenario?.name ?? String(i),
      ...(scenario?.category ? { category: scenario.category } : {}),
    };
    return { labels, pulse, wholeRun: false };
  });
  const scopes: Scope[] = [
    { labels: common, pulse: wholeRunPulse(snapshot), wholeRun: true },
    ...perScenario,
  ];
  const windowSeconds = Math.min(snapshot.upMs, ROLLING_WINDOW_MS) / 1000;
  const rateOf = (window: WindowFigures) =>
    windowSeconds > 0 ? round6(window.completions / windowSeconds) : 0;
  const family = (
    metric: { name: string; help: string },
    type: MetricFamily['type'],
    samples: MetricSample[],
  ): MetricFamily => ({ ...metric, type, samples });
  const each = (sample: (pulse: ScenarioPulse, labels: Labels) => MetricSample[]) =>
    perScenario.flatMap(({ labels }, i) => sample(snapshot.scenarios[i] as ScenarioPulse, labels));

  return [
    family(RUN_METRICS.duration, 'summary', scopes.flatMap(durationSamples)),
    family(
      RUN_METRICS.requests,
      'counter',
      scopes.flatMap(({ labels, pulse }) =>
        OUTCOMES.map(([outcome, field]) => ({
          labels: { ...labels, outcome },
          value: pulse[field],
        })),
      ),
    ),
    family(RUN_METRICS.errors, 'counter', scopes.flatMap(errorSamples)),
    family(RUN_METRICS.dropped, 'counter', [{ labels: common, value: snapshot.missedSlots }]),
    family(
      RUN_METRICS.rate,
      'gauge',
      scopes.map(({ labels, pulse }) => ({ labels, value: rateOf(pulse.window) })),
    ),
    family(RUN_METRICS.timestamp, 'gauge', [
      { labels: common, value: facts.startedAtEpochMs / 1000 },
    ]),
    family(RUN_METRICS.info, 'gauge', [
      {
        labels: {
          ...common,
          target: facts.target,
          layer: 'heartbeat',
          interval: facts.interval,
          ...(facts.commit ? { commit: facts.commit } : {}),
        },
        value: 1,
      },
    ]),
    family(
      HEARTBEAT_METRICS.success,
      'gauge',
      each((pulse, labels) =>
        pulse.lastSuccess === undefined ? [] : [{ labels, value: pulse.lastSuccess ? 1 : 0 }],
      ),
    ),
    family(
      HEARTBEAT_METRICS.consecutiveFailures,
      'gauge',
      each((pulse, labels) => [{ labels, value: pulse.consecutiveFailures }]),
    ),
    family(
      HEARTBEAT_METRICS.probes,
      'counter',
      each((pulse, labels) => [
        { labels: { ...labels, outcome: 'success' }, value: pulse.ok + pulse.blocked },
        { labels: { ...labels, outcome: 'failure' }, value: pulse.failed + pulse.errors },
      ]),
    ),
    family(HEARTBEAT_METRICS.up, 'gauge', [
      { labels: common, value: round6(snapshot.upMs / 1000) },
    ]),
  ];
}

/** Milliseconds as seconds at the histograms' microsecond resolution (no `0.0021869999…`). */
function secondsOf(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

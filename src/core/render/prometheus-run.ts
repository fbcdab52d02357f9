/**
 * A judged run as Prometheus metric families: what `--prometheus-file` writes and
 * `--pushgateway` pushes. Base units throughout (seconds, counts, ratios); names follow
 * prometheus.io's conventions (`loadgate_` prefix, `_seconds`, `_total` on counters). Label
 * values come from the results file and the profile, escaped by `renderExposition`.
 *
 * Scopes: every family with per-scenario samples also has one whole-run sample, which carries
 * neither `scenario` nor `category` (select it with `{scenario=""}`; aggregate scenarios with
 * `{scenario!=""}`, so the whole run is not counted twice). The journey families have one
 * sample set per journey and no whole-run sample.
 */
import type { Verdict } from '../judge/types.js';
import type { ResultsFileV1 } from '../result/types.js';
import { ERROR_KINDS } from '../stats/error-kind.js';
import type { Figures, LatencySummaryMs } from '../stats/figures.js';
import type { MetricFamily, MetricSample } from './prometheus-text.js';

/** Labels of the run not in the results file: the profile's or the flags' `environment` and
 * `client` (on every sample), the resolved `layer` and `interval` (on `loadgate_run_info`). */
export interface RunMetricLabels {
  environment?: string;
  client?: string;
  layer?: string;
  interval?: string;
}

/** The summary's quantiles and the results-file percentile each one reads. */
export const SUMMARY_QUANTILES: ReadonlyArray<{
  quantile: string;
  field: keyof LatencySummaryMs;
}> = [
  { quantile: '0.5', field: 'p50' },
  { quantile: '0.9', field: 'p90' },
  { quantile: '0.95', field: 'p95' },
  { quantile: '0.99', field: 'p99' },
  { quantile: '0.999', field: 'p999' },
];

/** Names and HELP texts of the run's families (the heartbeat exports some of the same names). */
export const RUN_METRICS = {
  duration: {
    name: 'loadgate_http_request_duration_seconds',
    help: 'Latency of answered requests from their intended send time, in seconds.',
  },
  requests: {
    name: 'loadgate_http_requests_total',
    help: 'Completed requests by outcome: ok, blocked (an expected 4xx), failed (an unexpected answer), error (no answer).',
  },
  errors: {
    name: 'loadgate_http_request_errors_total',
    help: 'Failed requests and transport errors by kind (a stable code).',
  },
  dropped: {
    name: 'loadgate_dropped_arrivals_total',
    help: 'Scheduled arrivals never sent (dropped at max in flight, or still queued at the end).',
  },
  rate: {
    name: 'loadgate_http_requests_per_second',
    help: 'Completed requests per second over the measured window.',
  },
  verdict: {
    name: 'loadgate_verdict',
    help: "The gate's verdict: 1 for this run's (pass, warn or fail), 0 for the others.",
  },
  threshold: {
    name: 'loadgate_threshold_breached',
    help: 'Per threshold: 1 when it was not met (warn or fail level), 0 when it was.',
  },
  timestamp: {
    name: 'loadgate_run_timestamp_seconds',
    help: 'Start of the measured window, in Unix seconds.',
  },
  runDuration: {
    name: 'loadgate_run_duration_seconds',
    help: 'Length of the measured window (warm-up excluded), in seconds.',
  },
  info: {
    name: 'loadgate_run_info',
    help: 'Facts of the run (target, layer, interval, commit); always 1.',
  },
  journeyDuration: {
    name: 'loadgate_journey_duration_seconds',
    help: "Duration of journeys that ended with answers, from the journey's intended start to its last answer (think time included), in seconds.",
  },
  journeys: {
    name: 'loadgate_journeys_total',
    help: 'Journeys by outcome: ok (every step passed), failed (a step got an unexpected answer), error (a step got no answer, or extract_failed), dropped (an arrival never started).',
  },
} satisfies Record<string, { name: string; help: string }>;

const LEVELS = ['pass', 'warn', 'fail'] as const;

type Labels = Record<string, string>;

/** One scope of figures: the whole run (no scenario labels) or one scenario. */
interface Scope {
  labels: Labels;
  /** Labels for families that take `scenario` but not `category`. */
  scenarioOnly: Labels;
  figures: Figures;
  wholeRun: boolean;
}

function scopesOf(result: ResultsFileV1, common: Labels): Scope[] {
  const whole: Scope = { labels: common, scenarioOnly: common, figures: result, wholeRun: true };
  const scenarios = result.scenarios.map((scenario) => {
    const scenarioOnly = { ...common, scenario: scenario.name };
    return {
      labels: {
        ...scenarioOnly,
        ...(scenario.category === undefined ? {} : { category: scenario.category }),
      },
      scenarioOnly,
      figures: scenario,
      wholeRun: false,
    };
  });
  return [whole, ...scenarios];
}

/** The latency summary: quantiles in seconds (NaN when nothing was answered: Prometheus's
 * "no observation", so a panel shows a gap, not a false 0), `_sum` and `_count`. */
function durationSamples(scope: Scope): MetricSample[] {
  const { latencyMs, totals } = scope.figures;
  const answered = totals.ok + totals.blocked + totals.failed;
  const quantiles = SUMMARY_QUANTILES.map(({ quantile, field }) => ({
    labels: { ...scope.labels, quantile },
    value: answered === 0 ? Number.NaN : latencyMs[field] / 1000,
  }));
  return [
    ...quantiles,
    // The results file keeps the mean, not the sum: mean × count is the sum to within the
    // histogram's precision (3 significant digits).
    { suffix: '_sum', labels: scope.labels, value: (latencyMs.mean * answered) / 1000 },
    { suffix: '_count', labels: scope.labels, value: answered },
  ];
}

/** One scope per journey: `journey` and, when it has one, `category`; never `scenario`. */
function journeyScopesOf(result: ResultsFileV1, common: Labels): Scope[] {
  return (result.journeys ?? []).map((journey) => {
    const journeyOnly = { ...common, journey: journey.name };
    return {
      labels: {
        ...journeyOnly,
        ...(journey.category === undefined ? {} : { category: journey.category }),
      },
      scenarioOnly: journeyOnly,
      figures: journey,
      wholeRun: false,
    };
  });
}

function journeySamples(scope: Scope): MetricSample[] {
  const { totals } = scope.figures;
  const byOutcome: Array<[string, number]> = [
    ['ok', totals.ok + totals.blocked],
    ['failed', totals.failed],
    ['error', totals.errors],
    ['dropped', totals.dropped],
  ];
  return byOutcome.map(([outcome, value]) => ({ labels: { ...scope.labels, outcome }, value }));
}

function requestSamples(scope: Scope): MetricSample[] {
  const { totals } = scope.figures;
  const byOutcome: Array<[string, number]> = [
    ['ok', totals.ok],
    ['blocked', totals.blocked],
    ['failed', totals.failed],
    ['error', totals.errors],
  ];
  return byOutcome.map(([outcome, value]) => ({ labels: { ...scope.labels, outcome }, value }));
}

/**
 * Every kind with its count: transport errors (`ERROR_KINDS`) and answer failures (`http_5xx`,
 * `http_4xx`, `unexpected_status`, `body_mismatch`). The whole run lists every known kind, at 0
 * when none happened, so its series exist before the first error; a scenario lists those seen.
 */
function errorSamples(scope: Scope): MetricSample[] {
  const counts = new Map<string, number>();
  const add = (kind: string, n: number) => counts.set(kind, (counts.get(kind) ?? 0) + n);
  if (scope.wholeRun) for (const kind of ERROR_KINDS) add(kind, 0);
  for (const [kind, n] of Object.entries(scope.figures.errorKinds)) add(kind, n);
  for (const [kind, n] of Object.entries(scope.figures.failureKinds)) add(kind, n);
  return [...counts]
    .filter(([, n]) => scope.wholeRun || n > 0)
    .map(([kind, value]) => ({ labels: { ...scope.labels, kind }, value }));
}

/**
 * One sample per threshold (its source text, and its scenario when it has one): 1 when it was
 * not met at the warn or fail level. A rule written twice gives one sample, the worse.
 */
function thresholdSamples(verdict: Verdict, common: Labels): MetricSample[] {
  const byKey = new Map<string, MetricSample>();
  for (const scope of verdict.scenarios) {
    for (const threshold of scope.thresholds) {
      const { source, scenario } = threshold.rule;
      const labels = { ...common, threshold: source, ...(scenario ? { scenario } : {}) };
      const value = threshold.level === 'pass' ? 0 : 1;
      const key = JSON.stringify([source, scenario ?? null]);
      const seen = byKey.get(key);
      if (seen === undefined || seen.value < value) byKey.set(key, { labels, value });
    }
  }
  return [...byKey.values()];
}

/**
 * The run's metric families, in a fixed order (see `RUN_METRICS` for names and meanings):
 * latency summary, requests by outcome, errors by kind, dropped arrivals and achieved rate
 * (each for the whole run and per scenario; a journey's steps are scenarios `<journey>/<step>`),
 * then the verdict, each threshold's state, the run's start and length, the journeys' duration
 * summary and journeys by outcome (per journey only, labelled `journey` and its `category`;
 * absent without journeys), and `loadgate_run_info`.
 *
 * Every sample carries `profile` (the results file's) and `environment` / `client` when given;
 * per-scenario samples add `scenario` and, when the scenario has one, `category`
 * (`loadgate_dropped_arrivals_total` takes `scenario` only). `loadgate_run_info` adds `target`,
 * and `layer`, `interval` and `commit` when known. No timestamps (the Pushgateway refuses them).
 * Pure; a run with no requests gives NaN quantiles and zero counts.
 */
export function buildRunFamilies(
  result: ResultsFileV1,
  verdict: Verdict,
  labels: RunMetricLabels,
): MetricFamily[] {
  const common: Labels = {
    profile: result.profile.name,
    ...(labels.environment === undefined ? {} : { environment: labels.environment }),
    ...(labels.client === undefined ? {} : { client: labels.client }),
  };
  const scopes = scopesOf(result, common);
  const journeys = journeyScopesOf(result, common);
  const family = (
    metric: { name: string; help: string },
    type: MetricFamily['type'],
    samples: MetricSample[],
  ): MetricFamily => ({ ...metric, type, samples });
  const commit = result.environment.gitSha;
  return [
    family(RUN_METRICS.duration, 'summary', scopes.flatMap(durationSamples)),
    family(RUN_METRICS.requests, 'counter', scopes.flatMap(requestSamples)),
    family(RUN_METRICS.errors, 'counter', scopes.flatMap(errorSamples)),
    family(
      RUN_METRICS.dropped,
      'counter',
      scopes.map((s) => ({ labels: s.scenarioOnly, value: s.figures.totals.dropped })),
    ),
    family(
      RUN_METRICS.rate,
      'gauge',
      scopes.map((s) => ({ labels: s.labels, value: s.figures.throughput.rps })),
    ),
    family(
      RUN_METRICS.verdict,
      'gauge',
      LEVELS.map((level) => ({
        labels: { ...common, verdict: level },
        value: verdict.level === level ? 1 : 0,
      })),
    ),
    family(RUN_METRICS.threshold, 'gauge', thresholdSamples(verdict, common)),
    family(RUN_METRICS.timestamp, 'gauge', [
      // Date.parse of the recorded ISO time: reading a given date, not the clock.
      { labels: common, value: Date.parse(result.startedAt) / 1000 },
    ]),
    family(RUN_METRICS.runDuration, 'gauge', [{ labels: common, value: result.durationMs / 1000 }]),
    family(RUN_METRICS.journeyDuration, 'summary', journeys.flatMap(durationSamples)),
    family(RUN_METRICS.journeys, 'counter', journeys.flatMap(journeySamples)),
    family(RUN_METRICS.info, 'gauge', [
      {
        labels: {
          ...common,
          target: result.target,
          ...(labels.layer === undefined ? {} : { layer: labels.layer }),
          ...(labels.interval === undefined ? {} : { interval: labels.interval }),
          ...(commit === undefined ? {} : { commit }),
        },
        value: 1,
      },
    ]),
  ];
}

/**
 * The results file, version 1. These names are a contract other tools read: add fields freely,
 * never rename or change the meaning of one without bumping `schemaVersion`.
 *
 * Units: every `…Ms` is milliseconds (fractional, microsecond resolution); rates are fractions
 * in 0..1; `rps` is requests per second over the measured window (warm-up excluded).
 */
import type { Layer } from '../input/series-labels.js';
import type { Figures, TimelinePoint } from '../stats/figures.js';

export interface ScenarioResult extends Figures {
  name: string;
  /** This scenario's own per-second points (same shape as the run's). */
  timeline: TimelinePoint[];
  category?: string;
  method: string;
  /** As written in the profile, before `${VAR}` substitution. */
  path: string;
  weight: number;
}

export interface LoadDescription {
  executor: string;
  preset?: string;
  /** For arrival-rate executors: the requests the schedule asked for in the measured window. */
  plannedRequests?: number;
  /** Peak target rate (arrival-rate) or peak VUs (VU executors). */
  peakRatePerSec?: number;
  peakVus?: number;
  connections: number;
  maxInFlight: number;
  onMaxInFlight: 'queue' | 'drop';
  warmupMs: number;
}

/**
 * Which run this was and how it is filed: the series labels (`layer`, `interval`) and, in
 * GitHub Actions, the event and workflow run. Every field is optional (a CLI run may know none).
 */
export interface RunLabels {
  layer?: Layer;
  /** `hourly`, `daily`, `weekly`, or a slug (`[a-z0-9][a-z0-9-]{0,39}`). */
  interval?: string;
  /** The event that started the run (`schedule`, `push`, `workflow_dispatch`, `release`, …). */
  event?: string;
  /** GitHub Actions run id (a positive whole number). */
  runId?: number;
  /** Attempt of that run, from 1. */
  runAttempt?: number;
  /** Link to the workflow run. */
  runUrl?: string;
}

export interface ResultsFileV1 extends Figures {
  schemaVersion: 1;
  tool: { name: 'loadgate'; version: string };
  profile: { name: string };
  /** Base URL with any credentials removed. */
  target: string;
  /** ISO 8601, when the measured window started. */
  startedAt: string;
  /** Length of the measured window (warm-up excluded). */
  durationMs: number;
  /** `completed`: ran to the end; `interrupted`: stopped by a signal; `aborted`: stopped by a
   * rule (target unreachable, abort-on-fail threshold). Results up to the stop are kept. */
  status: 'completed' | 'interrupted' | 'aborted';
  abortReason?: string;
  /** Absent in files written before series existed: readers treat that as "not known". */
  run?: RunLabels;
  load: LoadDescription;
  scenarios: ScenarioResult[];
  timeline: TimelinePoint[];
  sendLagMs: { p50: number; p99: number; max: number };
  warmup: { durationMs: number; requests: number; errors: number };
  environment: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    gitSha?: string;
    gitRef?: string;
    ci: boolean;
  };
}

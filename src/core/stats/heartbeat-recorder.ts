import { FAILURE_KIND_NAMES, ResponseClass } from './classify-response.js';
import type { ErrorKind } from './error-kind.js';
import type { FailureKinds } from './figures.js';
import { type Histogram, roundMs } from './histogram.js';
import { type HealthChange, ProbeHealth } from './probe-health.js';
import {
  createScratchHistogram,
  RollingWindow,
  readWindows,
  type WindowFigures,
} from './rolling-window.js';
import type { Recording } from './run-recorder.js';
import { ScenarioStats } from './scenario-stats.js';

/** How a probe ended, as the requests counter names it. */
export type ProbeOutcome = 'ok' | 'blocked' | 'failed' | 'error';

/** One finished probe, as the heartbeat reports it. */
export interface ProbeResult {
  scenario: number;
  intendedMs: number;
  doneMs: number;
  outcome: ProbeOutcome;
  /** `ok` and `blocked` (an expected 4xx) succeed; `failed` and `error` do not. */
  success: boolean;
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** Why it failed: a transport error kind (`connection_refused`, `timeout` …) or a failure kind
   * (`http_5xx`, `body_mismatch` …). */
  kind?: ErrorKind | keyof FailureKinds;
  /** From the intended send time to the end of the answer; undefined without an answer. */
  latencyMs?: number;
  /** How late the scheduler released it against its due time (ms). Connecting and waiting for
   * a connection are not in it: they are part of the latency. */
  sendLagMs?: number;
  health: HealthChange;
}

/** One scenario's figures for `/metrics`. */
export interface ScenarioPulse {
  /** Counters since the start. */
  ok: number;
  blocked: number;
  failed: number;
  errors: number;
  /** Failures by stable code since the start: transport kinds and failure kinds together. */
  errorKinds: Record<string, number>;
  /** Latencies of answers since the start (the summary's `_sum` in ms and `_count`). */
  latencySumMs: number;
  latencyCount: number;
  /** The last minute. */
  window: WindowFigures;
  /** Undefined before the scenario's first finished probe. */
  lastSuccess?: boolean;
  consecutiveFailures: number;
}

/** The whole heartbeat's figures at one moment, for `/metrics` and the summary lines. */
export interface HeartbeatSnapshot {
  /** Since the heartbeat started (ms). */
  upMs: number;
  /** Probes sent so far. */
  probes: number;
  /** Grid slots passed over (the process was stalled a whole interval or more). */
  missedSlots: number;
  /** All scenarios' latencies since the start. */
  latencySumMs: number;
  latencyCount: number;
  /** All scenarios over the last minute. */
  window: WindowFigures;
  scenarios: ScenarioPulse[];
}

/**
 * Everything a heartbeat observes goes through here: the same calls the load engine's request
 * sender makes on a run's recorder, plus the schedule's. It keeps, per scenario, the totals
 * since the start (three histograms and counters: the results file's figures), a rolling window
 * of the last minute, and the consecutive-failure count; nothing per probe, so memory after a
 * week is what it was after a minute. Times are the caller's clock in ms (read nowhere here).
 */
export class HeartbeatRecorder {
  private readonly totals: ScenarioStats[];
  private readonly windows: RollingWindow[];
  private readonly latencySumMs: number[];
  private readonly health: ProbeHealth;
  private readonly scratch: Histogram;
  private probes = 0;
  private missedSlots = 0;
  private destroyed = false;
  /** Release lateness of the probes in flight, by due time (unique per probe): as many entries
   * as probes in flight, each removed when its probe ends. */
  private readonly inFlightLagMs = new Map<number, number>();

  /**
   * @param scenarioCount scenarios in the profile.
   * @param startMs when the heartbeat started (its first probe is due then).
   * @param failAfter consecutive failures that make a scenario down (see `ProbeHealth`).
   * @param onProbe called once per finished probe (not for probes cut by a stop).
   */
  constructor(
    private readonly scenarioCount: number,
    readonly startMs: number,
    failAfter: number,
    private readonly onProbe: (result: ProbeResult) => void = () => {},
  ) {
    this.totals = Array.from({ length: scenarioCount }, () => new ScenarioStats());
    this.windows = Array.from({ length: scenarioCount }, () => new RollingWindow());
    this.latencySumMs = new Array<number>(scenarioCount).fill(0);
    this.health = new ProbeHealth(scenarioCount, failAfter);
    this.scratch = createScratchHistogram();
  }

  /**
   * The schedule released a probe at `releasedMs` (its send lag: how late against `intendedMs`);
   * `missedSlots` grid slots before it were passed over.
   */
  onReleased(scenario: number, intendedMs: number, releasedMs: number, missedSlots: number): void {
    this.probes++;
    this.missedSlots += missedSlots;
    const lagMs = releasedMs - intendedMs;
    this.stats(scenario).recordSendLag(lagMs);
    this.inFlightLagMs.set(intendedMs, lagMs);
  }

  /** The HTTP client wrote the probe to a connection: nothing to keep (the send lag is the
   * scheduler's, taken at release; connecting is part of the latency). */
  onSent(_scenario: number, _intendedMs: number, _sentMs: number): void {}

  onResponse(
    scenario: number,
    intendedMs: number,
    sentMs: number,
    doneMs: number,
    status: number,
    cls: ResponseClass,
  ): void {
    const latencyMs = doneMs - intendedMs;
    this.stats(scenario).recordResponse(latencyMs, doneMs - sentMs, status, cls);
    this.latencySumMs[scenario] = (this.latencySumMs[scenario] ?? 0) + latencyMs;
    const outcome: ProbeOutcome =
      cls === ResponseClass.ok ? 'ok' : cls === ResponseClass.blocked ? 'blocked' : 'failed';
    const success = outcome !== 'failed';
    this.windows[scenario]?.record(doneMs, latencyMs, !success);
    const kind = FAILURE_KIND_NAMES[cls];
    this.onProbe({
      scenario,
      intendedMs,
      doneMs,
      outcome,
      success,
      status,
      ...(kind ? { kind } : {}),
      latencyMs: roundMs(latencyMs),
      ...this.takeSendLag(intendedMs),
      health: this.health.record(scenario, success),
    });
  }

  onError(scenario: number, intendedMs: number, doneMs: number, kind: ErrorKind): void {
    this.stats(scenario).recordError(kind);
    this.windows[scenario]?.record(doneMs, undefined, true);
    this.onProbe({
      scenario,
      intendedMs,
      doneMs,
      outcome: 'error',
      success: false,
      kind,
      ...this.takeSendLag(intendedMs),
      health: this.health.record(scenario, false),
    });
  }

  onRedirected(scenario: number, _intendedMs: number): void {
    this.stats(scenario).redirects++;
  }

  /** A probe still in flight when the heartbeat stopped: neither a success nor a failure. */
  onInterrupted(scenario: number, intendedMs: number): void {
    this.stats(scenario).interrupted++;
    this.inFlightLagMs.delete(intendedMs);
  }

  /** Whether `scenario` has failed `failAfter` times in a row and not recovered since. */
  isDown(scenario: number): boolean {
    return this.health.isDown(scenario);
  }

  /** The figures at `nowMs`: totals since the start and the last minute. */
  snapshot(nowMs: number): HeartbeatSnapshot {
    const scenarios: ScenarioPulse[] = [];
    let latencySumMs = 0;
    let latencyCount = 0;
    for (let i = 0; i < this.scenarioCount; i++) {
      const stats = this.stats(i);
      const answered = stats.ok + stats.blocked + stats.failed;
      const sumMs = this.latencySumMs[i] ?? 0;
      latencySumMs += sumMs;
      latencyCount += answered;
      const errorKinds: Record<string, number> = {};
      for (const [kind, n] of stats.errorKinds) errorKinds[kind] = n;
      for (const [kind, n] of Object.entries(stats.failureKinds)) if (n > 0) errorKinds[kind] = n;
      const lastSuccess = this.health.lastProbeSucceeded(i);
      scenarios.push({
        ok: stats.ok,
        blocked: stats.blocked,
        failed: stats.failed,
        errors: stats.errors,
        errorKinds,
        latencySumMs: roundMs(sumMs),
        latencyCount: answered,
        window: readWindows([this.windows[i] as RollingWindow], nowMs, this.scratch),
        ...(lastSuccess === undefined ? {} : { lastSuccess }),
        consecutiveFailures: this.health.consecutiveFailures(i),
      });
    }
    return {
      upMs: Math.max(0, nowMs - this.startMs),
      probes: this.probes,
      missedSlots: this.missedSlots,
      latencySumMs: roundMs(latencySumMs),
      latencyCount,
      window: readWindows(this.windows, nowMs, this.scratch),
      scenarios,
    };
  }

  /**
   * The whole heartbeat as a run's recording, for the results file: totals and histograms since
   * the start, the send lag (how late probes were released against the grid). No per-second
   * timeline: it would grow by a point a second for as long as the heartbeat runs. The recorder
   * must not be used afterwards.
   */
  finish(nowMs: number): Recording {
    const durationMs = Math.max(0, nowMs - this.startMs);
    const overall = new ScenarioStats();
    for (const stats of this.totals) overall.addFrom(stats);
    const lag = overall.summarizeSendLag();
    const recording: Recording = {
      durationMs: roundMs(durationMs),
      overall: overall.toFigures(durationMs),
      scenarios: this.totals.map((stats) => stats.toFigures(durationMs)),
      timeline: [],
      scenarioTimelines: this.totals.map(() => []),
      sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
      warmup: { requests: 0, errors: 0 },
    };
    overall.destroy();
    this.destroy();
    return recording;
  }

  /** Frees every histogram (`finish` does it too); a second call does nothing. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const stats of this.totals) stats.destroy();
    for (const window of this.windows) window.destroy();
    this.scratch.destroy();
  }

  /** The send lag of the probe due at `intendedMs`, forgotten as it ends. */
  private takeSendLag(intendedMs: number): { sendLagMs?: number } {
    const lagMs = this.inFlightLagMs.get(intendedMs);
    this.inFlightLagMs.delete(intendedMs);
    return lagMs === undefined ? {} : { sendLagMs: roundMs(lagMs) };
  }

  /** @throws RangeError for an unknown index (a bug: indices come from the schedule). */
  private stats(index: number): ScenarioStats {
    const stats = this.totals[index];
    if (stats === undefined) throw new RangeError(`scenario index ${index} out of range`);
    return stats;
  }
}

import type { Figures, TimelinePoint } from '../result/types.js';
import { ResponseClass } from './classify-response.js';
import { type ErrorKind, isUnreachableKind } from './error-kind.js';
import { recordMs } from './histogram.js';
import { ScenarioStats } from './scenario-stats.js';
import { roundMs } from './summarize.js';
import { TimelineBuilder } from './timeline.js';

/** Figures of a run still in progress. */
export interface LiveSnapshot {
  /** How much of the measured window has run, in ms (0 during the warm-up). */
  measuredMs: number;
  overall: Figures;
  scenarios: Figures[];
  sendLagP99: number;
}

export interface Recording {
  durationMs: number;
  overall: Figures;
  scenarios: Figures[];
  timeline: TimelinePoint[];
  /** Per scenario, in profile order. */
  scenarioTimelines: TimelinePoint[][];
  sendLagMs: { p50: number; p99: number; max: number };
  warmup: { requests: number; errors: number };
}

/**
 * Everything the engine observes goes through here. Times are engine-clock milliseconds passed
 * in by the caller (this module never reads a clock). A request belongs to the warm-up when its
 * intended send time is before `measureStartMs`; warm-up requests only count in `warmup`.
 */
export class RunRecorder {
  private readonly scenarios: ScenarioStats[];
  private readonly timeline: TimelineBuilder;
  /** One per scenario, so each scenario's comparison has its own per-second windows. */
  private readonly scenarioTimelines: TimelineBuilder[];
  private lastTickSecond = -1;
  private warmupRequests = 0;
  private warmupErrors = 0;
  /** Transport errors of an unreachable kind since the last HTTP answer of any kind. */
  unreachableStreak = 0;
  lastUnreachableKind: ErrorKind | undefined;

  constructor(
    scenarioCount: number,
    readonly measureStartMs: number,
  ) {
    this.scenarios = Array.from({ length: scenarioCount }, () => new ScenarioStats());
    this.timeline = new TimelineBuilder(measureStartMs);
    this.scenarioTimelines = Array.from(
      { length: scenarioCount },
      () => new TimelineBuilder(measureStartMs),
    );
  }

  /**
   * The generator released an arrival (open model only). Send lag is the generator's own
   * lateness against its schedule; waiting for a free connection afterwards is not counted here
   * (it shows in latency, not in the generator's health).
   */
  onReleased(scenario: number, intendedMs: number, releasedMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    recordMs(this.stats(scenario).sendLag, releasedMs - intendedMs);
  }

  /** The HTTP client wrote the request to a connection. */
  onSent(scenario: number, intendedMs: number, sentMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    this.timeline.recordSent(sentMs);
    this.scenarioTimelines[scenario]?.recordSent(sentMs);
  }

  onResponse(
    scenario: number,
    intendedMs: number,
    sentMs: number,
    doneMs: number,
    status: number,
    cls: ResponseClass,
  ): void {
    this.unreachableStreak = 0;
    if (intendedMs < this.measureStartMs) {
      this.warmupRequests++;
      return;
    }
    const latencyMs = doneMs - intendedMs;
    this.stats(scenario).recordResponse(latencyMs, doneMs - sentMs, status, cls);
    const outcome =
      cls === ResponseClass.ok ? 'ok' : cls === ResponseClass.blocked ? 'blocked' : 'failed';
    this.timeline.recordCompletion(doneMs, latencyMs, outcome);
    this.scenarioTimelines[scenario]?.recordCompletion(doneMs, latencyMs, outcome);
  }

  onError(scenario: number, intendedMs: number, doneMs: number, kind: ErrorKind): void {
    if (isUnreachableKind(kind)) {
      this.unreachableStreak++;
      this.lastUnreachableKind = kind;
    }
    if (intendedMs < this.measureStartMs) {
      this.warmupRequests++;
      this.warmupErrors++;
      return;
    }
    this.stats(scenario).recordError(kind);
    this.timeline.recordCompletion(doneMs, undefined, 'errors');
    this.scenarioTimelines[scenario]?.recordCompletion(doneMs, undefined, 'errors');
  }

  /** An arrival that will never be sent (drop policy, or still queued when the run ended). */
  onDropped(scenario: number, intendedMs: number, nowMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    this.stats(scenario).dropped++;
    this.timeline.recordDropped(nowMs);
    this.scenarioTimelines[scenario]?.recordDropped(nowMs);
  }

  /** An arrival that had to wait for a free in-flight slot (it is sent later, not lost). */
  onQueued(scenario: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.stats(scenario).queued++;
  }

  /** A redirect hop was followed: the request goes on to the `Location` it was given. */
  onRedirected(scenario: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.stats(scenario).redirects++;
  }

  /** A request still in flight when the run was stopped early. */
  onInterrupted(scenario: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.stats(scenario).interrupted++;
  }

  /** Lets the timeline close seconds in which nothing completed. */
  tick(nowMs: number): void {
    if (nowMs < this.measureStartMs) return;
    // Ticks come every millisecond; the timelines only change once a second.
    const second = Math.floor((nowMs - this.measureStartMs) / 1000);
    if (second === this.lastTickSecond) return;
    this.lastTickSecond = second;
    this.timeline.advanceTo(nowMs);
    for (const timeline of this.scenarioTimelines) timeline.advanceTo(nowMs);
  }

  lastSecond(): TimelinePoint | undefined {
    return this.timeline.lastPoint();
  }

  /** Totals so far across scenarios, for progress lines. */
  countSoFar(): {
    requests: number;
    errors: number;
    failed: number;
    dropped: number;
    warmup: number;
  } {
    let requests = 0;
    let errors = 0;
    let failed = 0;
    let dropped = 0;
    for (const s of this.scenarios) {
      requests += s.requests;
      errors += s.errors;
      failed += s.failed;
      dropped += s.dropped;
    }
    return { requests, errors, failed, dropped, warmup: this.warmupRequests };
  }

  /**
   * The figures so far, without closing anything: for live checks (abortOnFail) during a run.
   * Histograms are not encoded; `sendLagP99` is the whole run's, in ms.
   */
  snapshot(nowMs: number): LiveSnapshot {
    const durationMs = Math.max(0, nowMs - this.measureStartMs);
    const overall = new ScenarioStats();
    for (const s of this.scenarios) overall.addFrom(s);
    const snapshot: LiveSnapshot = {
      measuredMs: durationMs,
      overall: overall.toFigures(durationMs, false),
      scenarios: this.scenarios.map((s) => s.toFigures(durationMs, false)),
      sendLagP99:
        overall.sendLag.totalCount === 0
          ? 0
          : roundMs(overall.sendLag.getValueAtPercentile(99) / 1000),
    };
    overall.destroy();
    return snapshot;
  }

  /**
   * Closes the recording; the recorder must not be used afterwards.
   * @param endMs engine-clock time the run ended; the timeline runs up to it.
   * @param windowMs length of the measured window for throughput and `durationMs` (see
   *   `chooseMeasuredWindowMs`); default: from the start of measuring to `endMs`.
   */
  finish(endMs: number, windowMs = endMs - this.measureStartMs): Recording {
    const durationMs = Math.max(0, windowMs);
    const overall = new ScenarioStats();
    for (const s of this.scenarios) overall.addFrom(s);
    const lag = overall.sendLag;
    const recording: Recording = {
      durationMs: roundMs(durationMs),
      overall: overall.toFigures(durationMs),
      scenarios: this.scenarios.map((s) => s.toFigures(durationMs)),
      timeline: this.timeline.finish(endMs),
      scenarioTimelines: this.scenarioTimelines.map((t) => t.finish(endMs)),
      sendLagMs:
        lag.totalCount === 0
          ? { p50: 0, p99: 0, max: 0 }
          : {
              p50: roundMs(lag.getValueAtPercentile(50) / 1000),
              p99: roundMs(lag.getValueAtPercentile(99) / 1000),
              max: roundMs(lag.getValueAtPercentile(100) / 1000),
            },
      warmup: { requests: this.warmupRequests, errors: this.warmupErrors },
    };
    overall.destroy();
    for (const s of this.scenarios) s.destroy();
    return recording;
  }

  private stats(index: number): ScenarioStats {
    const stats = this.scenarios[index];
    if (!stats) throw new RangeError(`scenario index ${index} out of range`);
    return stats;
  }
}

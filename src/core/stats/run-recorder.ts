import { ResponseClass } from './classify-response.js';
import { type ErrorKind, isUnreachableKind } from './error-kind.js';
import type { Figures, TimelinePoint } from './figures.js';
import { roundMs } from './histogram.js';
import { ScenarioStats } from './scenario-stats.js';
import { TimelineBuilder, type TimelineOptions } from './timeline.js';

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
  /** Per journey (`Profile.journeys`), in order; absent without journeys. See `JourneyResult`. */
  journeys?: Figures[];
  /** Counts of setup runs, when the profile has a setup. */
  setup?: { runs: number; failed: number };
}

/**
 * How a journey ended: `ResponseClass.ok` when every step passed; else the first failing step's
 * class (a wrong answer) or error kind (no answer, or `extract_failed`).
 */
export type JourneyOutcome = ResponseClass | ErrorKind;

/**
 * Length of a run's measured window in ms: what `durationMs` reports and throughput divides by.
 *
 * A completed run is measured over its schedule's window (the plan after warm-up), not up to its
 * last completion: 1 request/s for 10 s sends its last request at 9 s, and measuring until then
 * would read 9.0 s and 1.11 req/s for a run that asked for (and got) 1.00 req/s over 10 s. A
 * drain past the end (slow answers finishing within the graceful stop) does not stretch the
 * window either. A run stopped early (interrupted, aborted) is measured over what really ran.
 *
 * @param status how the run ended.
 * @param elapsedMs from the start of measuring to the end of the run (≥ 0).
 * @param scheduledMs the plan's length after warm-up; ≤ 0 (unknown) falls back to `elapsedMs`.
 */
export function chooseMeasuredWindowMs(
  status: 'completed' | 'interrupted' | 'aborted',
  elapsedMs: number,
  scheduledMs: number,
): number {
  if (status === 'completed' && scheduledMs > 0) return scheduledMs;
  return Math.max(0, elapsedMs);
}

/**
 * Everything the engine observes goes through here. Times are engine-clock milliseconds passed
 * in by the caller (this module never reads a clock). A request belongs to the warm-up when its
 * intended send time is before `measureStartMs`; warm-up requests only count in `warmup`.
 *
 * Per-scenario state is built on a scenario's first event: a profile may list 20,000 scenarios
 * of which a short run picks a few, and memory must follow what was recorded, not the profile.
 * A scenario never touched reads exactly as one that was built and left empty.
 */
export class RunRecorder {
  /** `undefined` until the scenario's first event (see `stats`). */
  private readonly scenarios: (ScenarioStats | undefined)[];
  private readonly timeline: TimelineBuilder;
  /**
   * One per scenario, so each scenario's comparison has its own per-second windows; `undefined`
   * until the scenario's first event (see `scenarioTimeline`).
   */
  private readonly scenarioTimelines: (TimelineBuilder | undefined)[];
  private lastTickSecond = -1;
  /** The last `tick` time that moved the timelines on; a timeline built later starts there. */
  private lastTickMs: number | undefined;
  private warmupRequests = 0;
  private warmupErrors = 0;
  /** One per journey, built on its first event like `scenarios`. */
  private readonly journeys: (ScenarioStats | undefined)[];
  private readonly setupCounts: { runs: number; failed: number } | undefined;
  /** Transport errors of an unreachable kind since the last HTTP answer of any kind. */
  unreachableStreak = 0;
  lastUnreachableKind: ErrorKind | undefined;

  /**
   * @param journeyCount `Profile.journeys` length; 0 leaves `Recording.journeys` out.
   * @param hasSetup the profile has a `setup`: `Recording.setup` counts its runs.
   * @param timelineOptions how the run's and every scenario's timeline fold the middle of a
   *   long run (see `TimelineBuilder`; `chooseTimelineResolutionSec` picks the width); default:
   *   one point a second throughout.
   */
  constructor(
    private readonly scenarioCount: number,
    readonly measureStartMs: number,
    journeyCount = 0,
    hasSetup = false,
    private readonly timelineOptions: TimelineOptions = {},
  ) {
    this.journeys = new Array<ScenarioStats | undefined>(journeyCount).fill(undefined);
    this.setupCounts = hasSetup ? { runs: 0, failed: 0 } : undefined;
    this.scenarios = new Array<ScenarioStats | undefined>(scenarioCount).fill(undefined);
    this.timeline = new TimelineBuilder(measureStartMs, timelineOptions);
    this.scenarioTimelines = new Array<TimelineBuilder | undefined>(scenarioCount).fill(undefined);
  }

  /**
   * The generator released an arrival (open model only). Send lag is the generator's own
   * lateness against its schedule; waiting for a free connection afterwards is not counted here
   * (it shows in latency, not in the generator's health).
   */
  onReleased(scenario: number, intendedMs: number, releasedMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    this.stats(scenario).recordSendLag(releasedMs - intendedMs);
  }

  /** The HTTP client wrote the request to a connection. */
  onSent(scenario: number, intendedMs: number, sentMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    this.timeline.recordSent(sentMs);
    this.scenarioTimeline(scenario)?.recordSent(sentMs);
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
    this.scenarioTimeline(scenario)?.recordCompletion(doneMs, latencyMs, outcome);
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
    this.scenarioTimeline(scenario)?.recordCompletion(doneMs, undefined, 'errors');
  }

  /** An arrival that will never be sent (drop policy, or still queued when the run ended). */
  onDropped(scenario: number, intendedMs: number, nowMs: number): void {
    if (intendedMs < this.measureStartMs) return;
    this.stats(scenario).dropped++;
    this.timeline.recordDropped(nowMs);
    this.scenarioTimeline(scenario)?.recordDropped(nowMs);
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

  /**
   * A journey ended (its last step done, or a failed step ended it). It counts by its intended
   * start: one begun in the warm-up is left out, as its first request is. Its duration runs from
   * that intended start to `doneMs`, think times included; a journey that ended on an error
   * kind has no duration, as a request with no answer has no latency.
   */
  onJourneyDone(
    journey: number,
    intendedMs: number,
    doneMs: number,
    outcome: JourneyOutcome,
  ): void {
    if (intendedMs < this.measureStartMs) return;
    const stats = this.journeyStats(journey);
    if (typeof outcome === 'string') stats.recordError(outcome);
    else stats.recordOutcome(doneMs - intendedMs, outcome);
  }

  /** A journey's arrival never started (open model: dropped at `maxInFlight`, or still queued). */
  onJourneyDropped(journey: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.journeyStats(journey).dropped++;
  }

  /** A journey's arrival had to wait for a free in-flight slot. */
  onJourneyQueued(journey: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.journeyStats(journey).queued++;
  }

  /** A journey cut by the end of the run (in a step or in a think time); not in `requests`. */
  onJourneyInterrupted(journey: number, intendedMs: number): void {
    if (intendedMs >= this.measureStartMs) this.journeyStats(journey).interrupted++;
  }

  /** A setup run (once, or one VU's log-in) completed or failed. */
  onSetupDone(ok: boolean): void {
    if (this.setupCounts === undefined) return;
    if (ok) this.setupCounts.runs++;
    else this.setupCounts.failed++;
  }

  /**
   * A measured setup request of a once setup, run before the clock started: recorded on its
   * own row (`setup/<name>`) whatever the warm-up, with no timeline point (no second of the
   * measured window holds it). `status` undefined: no answer, `outcome` is the error kind.
   */
  onSetupMeasured(
    row: number,
    latencyMs: number,
    status: number | undefined,
    outcome: ResponseClass | ErrorKind,
  ): void {
    const stats = this.stats(row);
    if (status === undefined || typeof outcome === 'string') {
      stats.recordError(typeof outcome === 'string' ? outcome : 'other');
    } else stats.recordResponse(latencyMs, latencyMs, status, outcome);
  }

  /** Lets the timeline close seconds in which nothing completed. */
  tick(nowMs: number): void {
    if (nowMs < this.measureStartMs) return;
    // Ticks come every millisecond; the timelines only change once a second.
    const second = Math.floor((nowMs - this.measureStartMs) / 1000);
    if (second === this.lastTickSecond) return;
    this.lastTickSecond = second;
    this.lastTickMs = nowMs;
    this.timeline.advanceTo(nowMs);
    for (const timeline of this.scenarioTimelines) timeline?.advanceTo(nowMs);
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
      if (s === undefined) continue;
      requests += s.requests;
      errors += s.errors;
      failed += s.failed;
      dropped += s.dropped;
    }
    return { requests, errors, failed, dropped, warmup: this.warmupRequests };
  }

  /**
   * The figures so far, without closing anything: for live checks (abortOnFail) during a run.
   * `sendLagP99` is the whole run's, in ms.
   * @param encode true encodes the histograms too, so snapshots of several recorders (worker
   *   threads) can be merged exactly; false (default) leaves them empty, which is cheaper.
   */
  snapshot(nowMs: number, encode = false): LiveSnapshot {
    const durationMs = Math.max(0, nowMs - this.measureStartMs);
    const overall = new ScenarioStats();
    for (const s of this.scenarios) if (s) overall.addFrom(s);
    // Figures of a scenario never touched: those of an empty one (each call returns new objects).
    const none = new ScenarioStats();
    const snapshot: LiveSnapshot = {
      measuredMs: durationMs,
      overall: overall.toFigures(durationMs, encode),
      scenarios: this.scenarios.map((s) => (s ?? none).toFigures(durationMs, encode)),
      sendLagP99: overall.summarizeSendLag().p99,
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
    for (const s of this.scenarios) if (s) overall.addFrom(s);
    const none = new ScenarioStats();
    const lag = overall.summarizeSendLag();
    const recording: Recording = {
      durationMs: roundMs(durationMs),
      overall: overall.toFigures(durationMs),
      scenarios: this.scenarios.map((s) => (s ?? none).toFigures(durationMs)),
      timeline: this.timeline.finish(endMs),
      // A scenario that saw nothing still gets its zero points, one per closed second, as the
      // results file has always had them; they are only built now, not every second of the run.
      scenarioTimelines: this.scenarioTimelines.map((t) =>
        (t ?? this.startScenarioTimeline()).finish(endMs),
      ),
      sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
      warmup: { requests: this.warmupRequests, errors: this.warmupErrors },
    };
    // Journeys never add into `overall`: their steps are requests counted there already.
    if (this.journeys.length > 0) {
      recording.journeys = this.journeys.map((j) => (j ?? none).toFigures(durationMs));
    }
    if (this.setupCounts) recording.setup = { ...this.setupCounts };
    overall.destroy();
    for (const s of this.scenarios) s?.destroy();
    for (const j of this.journeys) j?.destroy();
    return recording;
  }

  /** The scenario's figures, built on first use. @throws RangeError for an unknown index. */
  private stats(index: number): ScenarioStats {
    if (!this.isScenario(index)) throw new RangeError(`scenario index ${index} out of range`);
    let stats = this.scenarios[index];
    if (stats === undefined) {
      stats = new ScenarioStats();
      this.scenarios[index] = stats;
    }
    return stats;
  }

  /** The journey's figures, built on first use. @throws RangeError for an unknown index. */
  private journeyStats(index: number): ScenarioStats {
    if (!Number.isInteger(index) || index < 0 || index >= this.journeys.length)
      throw new RangeError(`journey index ${index} out of range`);
    let stats = this.journeys[index];
    if (stats === undefined) {
      stats = new ScenarioStats();
      this.journeys[index] = stats;
    }
    return stats;
  }

  /** The scenario's timeline, built on first use; undefined for an unknown index. */
  private scenarioTimeline(index: number): TimelineBuilder | undefined {
    if (!this.isScenario(index)) return undefined;
    let timeline = this.scenarioTimelines[index];
    if (timeline === undefined) {
      timeline = this.startScenarioTimeline();
      this.scenarioTimelines[index] = timeline;
    }
    return timeline;
  }

  private isScenario(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.scenarioCount;
  }

  /**
   * A timeline in the state one built at the start would be in now: the ticks so far closed
   * the same empty seconds, so its points come out identical.
   */
  private startScenarioTimeline(): TimelineBuilder {
    const timeline = new TimelineBuilder(this.measureStartMs, this.timelineOptions);
    if (this.lastTickMs !== undefined) timeline.advanceTo(this.lastTickMs);
    return timeline;
  }
}

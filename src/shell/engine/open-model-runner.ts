import type { ArrivalSchedule } from '../../core/schedule/arrival-schedule.js';
import {
  BASELINE_SIDE,
  countSideArrivals,
  type Side,
  sideOfArrival,
  TARGET_SIDE,
} from '../../core/schedule/side-by-side.js';
import { countInStripe, type Stripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
import { ArrivalQueue } from './arrival-queue.js';
import type { JourneyDriver } from './journey-driver.js';
import type { LoadRunner } from './load-runner.js';
import type { RequestSender } from './request-sender.js';

/** A queue this long means the target is far behind; past it arrivals are dropped and counted. */
const MAX_QUEUED = 1_000_000;

export interface OpenModelOptions {
  /** Requests (journeys) in flight at most; side by side, per side. */
  maxInFlight: number;
  onMaxInFlight: 'queue' | 'drop';
  gracefulStopMs: number;
  /** Draws a mix entry: a code below `directCount` is a static plain scenario's index, sent
   * as it is; any other is entry `code - directCount` of `driver` (see `EngineMix`). */
  pickEntry: () => number;
  /** With a stripe: draws the mix entry of global arrival `k` (the draw a single process makes
   * for it, see `createIndexedScenarioPicker`); without one `pickEntry` is used. */
  pickEntryAt?: (k: number) => number;
  directCount: number;
  driver?: JourneyDriver;
  /** The share of the schedule to run: global arrivals k ≡ offset (mod step), each at its own
   * intended time; default the whole schedule. */
  stripe?: Stripe;
  /** Side by side (`--baseline-target`): the baseline target's sender and driver. Arrivals then
   * go in turn to it and to the runner's own (`sideOfArrival`), each side with its own
   * `maxInFlight` and queue, so a slow side never holds back the other's arrivals. */
  baselineLane?: SenderLane;
}

/** Where a side's arrivals are sent and recorded. */
export interface SenderLane {
  sender: RequestSender;
  driver?: JourneyDriver;
}

/** A side's state: its sender, its in-flight count and its queue. */
class Lane {
  readonly queue = new ArrivalQueue(MAX_QUEUED);
  inFlight = 0;
  /** Called when one of its requests (journeys) ends; made once, not per request. */
  done: () => void = () => {};
  constructor(
    readonly sender: RequestSender,
    readonly driver: JourneyDriver | undefined,
  ) {}
}

/**
 * Open model: a ~1 ms ticker releases every arrival that is due, each with its intended time
 * from the absolute schedule. A late tick releases the backlog at once but keeps the intended
 * times, so the lateness shows in latency and send lag instead of being forgiven.
 *
 * With a stripe (a shard, a worker thread) it walks only the global arrivals k = offset,
 * offset + step, … of the same schedule, at their own intended times: the stripes together
 * send exactly the single process's arrivals, with no bursts.
 *
 * Side by side (`baselineLane`), arrival k goes to the baseline target or the target by
 * `sideOfArrival` (A B, B A, … within the stripe), at its own intended time; each side has its
 * own in-flight slots and queue, so the two share the schedule and nothing else.
 *
 * An arrival of a journey starts the whole journey and holds its in-flight slot until its last
 * step ended, think times included (as a k6 VU is held through `sleep`): `maxInFlight` bounds
 * journeys in flight, not only requests.
 */
export class OpenModelRunner implements LoadRunner {
  /** One lane; side by side two: [baseline target, target]. */
  private readonly lanes: Lane[];
  private readonly stripe: Stripe;
  private readonly draw: (k: number) => number;
  /** The global index of the next arrival to release. */
  private next: number;
  private nextDueMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private finish: (() => void) | undefined;
  private drainDeadlineMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly sender: RequestSender,
    private readonly schedule: ArrivalSchedule,
    private readonly startMs: number,
    private readonly options: OpenModelOptions,
  ) {
    this.stripe = options.stripe ?? WHOLE_SCHEDULE;
    const own = new Lane(sender, options.driver);
    const baseline = options.baselineLane;
    this.lanes = baseline ? [new Lane(baseline.sender, baseline.driver), own] : [own];
    for (const lane of this.lanes) lane.done = () => this.onDone(lane);
    this.next = this.stripe.offset;
    const pickAt = options.pickEntryAt;
    this.draw = this.stripe.step > 1 && pickAt ? pickAt : options.pickEntry;
    this.nextDueMs = startMs + schedule.timeOfArrivalMs(this.next);
  }

  get totalDurationMs(): number {
    return this.schedule.totalDurationMs;
  }

  get queued(): number {
    let queued = 0;
    for (const lane of this.lanes) queued += lane.queue.size;
    return queued;
  }

  get inFlight(): number {
    let inFlight = 0;
    for (const lane of this.lanes) inFlight += lane.inFlight;
    return inFlight;
  }

  get draining(): boolean {
    return this.next >= this.schedule.totalArrivals;
  }

  /** The stripe's own target rate: its share of the schedule's. */
  progressFigures(elapsedMs: number): { targetRatePerSec: number } {
    return { targetRatePerSec: this.schedule.rateAtMs(elapsedMs) / this.stripe.step };
  }

  /** Arrivals of the stripe the schedule asks for in the measured window (side by side: of
   * each side). */
  outcomeFigures(): { plannedRequests: number; baselinePlannedRequests?: number } {
    const { totalArrivals, warmupArrivals } = this.schedule;
    if (this.lanes.length > 1) {
      const count = (side: Side) =>
        countSideArrivals(warmupArrivals, totalArrivals, this.stripe, side);
      return { plannedRequests: count(TARGET_SIDE), baselinePlannedRequests: count(BASELINE_SIDE) };
    }
    return {
      plannedRequests:
        countInStripe(totalArrivals, this.stripe) - countInStripe(warmupArrivals, this.stripe),
    };
  }

  /** Resolves when every arrival was sent and answered, or the graceful stop ran out. */
  run(): Promise<void> {
    return new Promise((resolve) => {
      this.finish = resolve;
      this.tick();
      this.timer = setInterval(() => this.tick(), 1);
    });
  }

  /** Stops releasing arrivals; queued ones are dropped. In-flight ones are left to the caller. */
  stop(): void {
    const nowMs = this.sender.nowMs();
    this.next = this.schedule.totalArrivals;
    for (const lane of this.lanes) {
      while (lane.queue.shift((code, intended) => this.drop(lane, code, intended, nowMs))) {}
    }
    this.end();
  }

  private tick(): void {
    const now = this.sender.nowMs();
    const total = this.schedule.totalArrivals;
    const step = this.stripe.step;
    const sideBySide = this.lanes.length > 1;
    while (this.next < total && this.nextDueMs <= now) {
      const lane = this.lanes[sideBySide ? sideOfArrival(this.next, this.stripe) : 0] as Lane;
      this.release(lane, this.draw(this.next), this.nextDueMs, now);
      this.next += step;
      if (this.next < total)
        this.nextDueMs = this.startMs + this.schedule.timeOfArrivalMs(this.next);
    }
    for (const lane of this.lanes) lane.sender.recorder.tick(now);
    if (this.next < total) return;
    if (this.drainDeadlineMs === Number.POSITIVE_INFINITY) {
      this.drainDeadlineMs = now + this.options.gracefulStopMs;
    }
    if ((this.inFlight === 0 && this.queued === 0) || now >= this.drainDeadlineMs) this.stop();
  }

  private release(lane: Lane, code: number, intendedMs: number, nowMs: number): void {
    const direct = code < this.options.directCount;
    const row = direct ? code : driverOf(lane).rowOf(code - this.options.directCount);
    lane.sender.recorder.onReleased(row, intendedMs, nowMs);
    if (lane.inFlight < this.options.maxInFlight) {
      this.send(lane, code, intendedMs);
      return;
    }
    if (this.options.onMaxInFlight === 'queue' && lane.queue.push(code, intendedMs)) {
      if (direct) lane.sender.recorder.onQueued(code, intendedMs);
      else driverOf(lane).onQueued(code - this.options.directCount, intendedMs);
    } else {
      this.drop(lane, code, intendedMs, nowMs);
    }
  }

  private drop(lane: Lane, code: number, intendedMs: number, nowMs: number): void {
    if (code < this.options.directCount) lane.sender.recorder.onDropped(code, intendedMs, nowMs);
    else driverOf(lane).onDropped(code - this.options.directCount, intendedMs, nowMs);
  }

  private send(lane: Lane, code: number, intendedMs: number): void {
    lane.inFlight++;
    if (code < this.options.directCount) lane.sender.send(code, intendedMs, lane.done);
    else driverOf(lane).start(code - this.options.directCount, intendedMs, 0, 0, lane.done);
  }

  private onDone(lane: Lane): void {
    lane.inFlight--;
    if (lane.inFlight < this.options.maxInFlight) {
      lane.queue.shift((s, intended) => this.send(lane, s, intended));
    }
  }

  private end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }
}

function driverOf(lane: Lane): JourneyDriver {
  const driver = lane.driver;
  if (driver === undefined) throw new RangeError('a journey was drawn without a driver');
  return driver;
}

import type { ArrivalSchedule } from '../../core/schedule/arrival-schedule.js';
import { ArrivalQueue } from './arrival-queue.js';
import type { JourneyDriver } from './journey-driver.js';
import type { LoadRunner } from './load-runner.js';
import type { RequestSender } from './request-sender.js';

/** A queue this long means the target is far behind; past it arrivals are dropped and counted. */
const MAX_QUEUED = 1_000_000;

export interface OpenModelOptions {
  maxInFlight: number;
  onMaxInFlight: 'queue' | 'drop';
  gracefulStopMs: number;
  /** Draws a mix entry: a code below `directCount` is a static plain scenario's index, sent
   * as it is; any other is entry `code - directCount` of `driver` (see `EngineMix`). */
  pickEntry: () => number;
  directCount: number;
  driver?: JourneyDriver;
}

/**
 * Open model: a ~1 ms ticker releases every arrival that is due, each with its intended time
 * from the absolute schedule. A late tick releases the backlog at once but keeps the intended
 * times, so the lateness shows in latency and send lag instead of being forgiven.
 *
 * An arrival of a journey starts the whole journey and holds its in-flight slot until its last
 * step ended, think times included (as a k6 VU is held through `sleep`): `maxInFlight` bounds
 * journeys in flight, not only requests.
 */
export class OpenModelRunner implements LoadRunner {
  private readonly queue = new ArrivalQueue(MAX_QUEUED);
  private next = 0;
  private nextDueMs = 0;
  inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private finish: (() => void) | undefined;
  private drainDeadlineMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly sender: RequestSender,
    private readonly schedule: ArrivalSchedule,
    private readonly startMs: number,
    private readonly options: OpenModelOptions,
  ) {
    this.nextDueMs = startMs + schedule.timeOfArrivalMs(0);
  }

  get totalDurationMs(): number {
    return this.schedule.totalDurationMs;
  }

  get queued(): number {
    return this.queue.size;
  }

  get draining(): boolean {
    return this.next >= this.schedule.totalArrivals;
  }

  progressFigures(elapsedMs: number): { targetRatePerSec: number } {
    return { targetRatePerSec: this.schedule.rateAtMs(elapsedMs) };
  }

  /** Arrivals the schedule asks for in the measured window. */
  outcomeFigures(): { plannedRequests: number } {
    return { plannedRequests: this.schedule.totalArrivals - this.schedule.warmupArrivals };
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
    while (this.queue.shift((code, intended) => this.drop(code, intended, nowMs))) {}
    this.end();
  }

  private tick(): void {
    const now = this.sender.nowMs();
    const total = this.schedule.totalArrivals;
    while (this.next < total && this.nextDueMs <= now) {
      this.release(this.options.pickEntry(), this.nextDueMs, now);
      this.next++;
      if (this.next < total)
        this.nextDueMs = this.startMs + this.schedule.timeOfArrivalMs(this.next);
    }
    this.sender.recorder.tick(now);
    if (this.next < total) return;
    if (this.drainDeadlineMs === Number.POSITIVE_INFINITY) {
      this.drainDeadlineMs = now + this.options.gracefulStopMs;
    }
    if ((this.inFlight === 0 && this.queue.size === 0) || now >= this.drainDeadlineMs) this.stop();
  }

  private release(code: number, intendedMs: number, nowMs: number): void {
    const direct = code < this.options.directCount;
    const row = direct ? code : this.driverOf().rowOf(code - this.options.directCount);
    this.sender.recorder.onReleased(row, intendedMs, nowMs);
    if (this.inFlight < this.options.maxInFlight) {
      this.send(code, intendedMs);
      return;
    }
    if (this.options.onMaxInFlight === 'queue' && this.queue.push(code, intendedMs)) {
      if (direct) this.sender.recorder.onQueued(code, intendedMs);
      else this.driverOf().onQueued(code - this.options.directCount, intendedMs);
    } else {
      this.drop(code, intendedMs, nowMs);
    }
  }

  private drop(code: number, intendedMs: number, nowMs: number): void {
    if (code < this.options.directCount) this.sender.recorder.onDropped(code, intendedMs, nowMs);
    else this.driverOf().onDropped(code - this.options.directCount, intendedMs, nowMs);
  }

  private send(code: number, intendedMs: number): void {
    this.inFlight++;
    if (code < this.options.directCount) this.sender.send(code, intendedMs, this.onDone);
    else this.driverOf().start(code - this.options.directCount, intendedMs, 0, 0, this.onDone);
  }

  private driverOf(): JourneyDriver {
    const driver = this.options.driver;
    if (driver === undefined) throw new RangeError('a journey was drawn without a driver');
    return driver;
  }

  private readonly onDone = (): void => {
    this.inFlight--;
    if (this.inFlight < this.options.maxInFlight) {
      this.queue.shift((s, intended) => this.send(s, intended));
    }
  };

  private end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }
}

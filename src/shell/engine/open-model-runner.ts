import type { ArrivalSchedule } from '../../core/schedule/arrival-schedule.js';
import { countInStripe, type Stripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
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
  /** With a stripe: draws the mix entry of global arrival `k` (the draw a single process makes
   * for it, see `createIndexedScenarioPicker`); without one `pickEntry` is used. */
  pickEntryAt?: (k: number) => number;
  directCount: number;
  driver?: JourneyDriver;
  /** The share of the schedule to run: global arrivals k ≡ offset (mod step), each at its own
   * intended time; default the whole schedule. */
  stripe?: Stripe;
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
 * An arrival of a journey starts the whole journey and holds its in-flight slot until its last
 * step ended, think times included (as a k6 VU is held through `sleep`): `maxInFlight` bounds
 * journeys in flight, not only requests.
 */
export class OpenModelRunner implements LoadRunner {
  private readonly queue = new ArrivalQueue(MAX_QUEUED);
  private readonly stripe: Stripe;
  private readonly draw: (k: number) => number;
  /** The global index of the next arrival to release. */
  private next: number;
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
    this.stripe = options.stripe ?? WHOLE_SCHEDULE;
    this.next = this.stripe.offset;
    const pickAt = options.pickEntryAt;
    this.draw = this.stripe.step > 1 && pickAt ? pickAt : options.pickEntry;
    this.nextDueMs = startMs + schedule.timeOfArrivalMs(this.next);
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

  /** The stripe's own target rate: its share of the schedule's. */
  progressFigures(elapsedMs: number): { targetRatePerSec: number } {
    return { targetRatePerSec: this.schedule.rateAtMs(elapsedMs) / this.stripe.step };
  }

  /** Arrivals of the stripe the schedule asks for in the measured window. */
  outcomeFigures(): { plannedRequests: number } {
    const { totalArrivals, warmupArrivals } = this.schedule;
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
    while (this.queue.shift((code, intended) => this.drop(code, intended, nowMs))) {}
    this.end();
  }

  private tick(): void {
    const now = this.sender.nowMs();
    const total = this.schedule.totalArrivals;
    const step = this.stripe.step;
    while (this.next < total && this.nextDueMs <= now) {
      this.release(this.draw(this.next), this.nextDueMs, now);
      this.next += step;
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

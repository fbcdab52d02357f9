import { sideOfIteration } from '../../core/schedule/side-by-side.js';
import { countInStripe, type Stripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
import type { VuSchedule } from '../../core/schedule/vu-schedule.js';
import type { JourneyDriver } from './journey-driver.js';
import type { LoadRunner } from './load-runner.js';
import type { SenderLane } from './open-model-runner.js';
import type { RequestSender } from './request-sender.js';

export interface ClosedModelOptions {
  gracefulStopMs: number;
  /** Draws a mix entry, as `OpenModelOptions.pickEntry`. */
  pickEntry: () => number;
  directCount: number;
  driver?: JourneyDriver;
  /** Think time after each iteration (a request, or a whole journey), in ms (0 = none). */
  thinkTimeMs: () => number;
  /**
   * Run before a user's first iteration (a per-VU setup, `vu` from 1); calls `ready` once,
   * when the user may start (also when the run stopped meanwhile).
   */
  prepareVu?: (vu: number, ready: () => void) => void;
  /** The share of the users to run: global VU ids v (0-based) with v ≡ offset (mod step);
   * default all of them. */
  stripe?: Stripe;
  /** Side by side (`--baseline-target`): the baseline target's sender and driver. Each user's
   * iterations then alternate between it and the runner's own (`sideOfIteration`), half of the
   * users starting on each side. */
  baselineLane?: SenderLane;
}

/** How often the wanted number of users is re-read from the schedule. */
const CONTROL_INTERVAL_MS = 50;

/**
 * Closed model: each virtual user sends, waits for the whole answer, thinks, and repeats. A
 * user beyond the wanted count retires after its current request (k6's graceful ramp-down).
 * Latency is measured from the user's send, which is all a closed model can honestly claim.
 *
 * With a stripe (a shard, a worker thread) it runs the users of the stripe among those the
 * schedule wants: `countInStripe(wanted, stripe)` of them, so the stripes' counts add up to the
 * schedule's at every moment of a ramp. Users keep their global numbers (`${vu}`, per-VU setup).
 */
export class ClosedModelRunner implements LoadRunner {
  private readonly running: boolean[] = [];
  /** Iterations each user started, for `${iteration}`. */
  private readonly iterations: number[] = [];
  /** Users whose `prepareVu` completed. */
  private readonly prepared: boolean[] = [];
  /** Users wanted now, of this stripe; local ids 0 … wanted−1. */
  private wanted = 0;
  private readonly stripe: Stripe;
  private readonly ownLane: SenderLane;
  activeVus = 0;
  inFlight = 0;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private finish: (() => void) | undefined;
  private drainDeadlineMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly sender: RequestSender,
    private readonly schedule: VuSchedule,
    private readonly startMs: number,
    private readonly options: ClosedModelOptions,
  ) {
    this.stripe = options.stripe ?? WHOLE_SCHEDULE;
    this.ownLane = { sender, ...(options.driver ? { driver: options.driver } : {}) };
  }

  get totalDurationMs(): number {
    return this.schedule.totalDurationMs;
  }

  /** A closed model has no queue: a user waits for its own answer instead. */
  get queued(): number {
    return 0;
  }

  progressFigures(): { activeVus: number } {
    return { activeVus: this.activeVus };
  }

  outcomeFigures(): { peakVus: number } {
    return { peakVus: countInStripe(this.schedule.peakVus, this.stripe) };
  }

  get draining(): boolean {
    return this.wanted === 0 && this.drainDeadlineMs !== Number.POSITIVE_INFINITY;
  }

  run(): Promise<void> {
    return new Promise((resolve) => {
      this.finish = resolve;
      this.control();
      this.timer = setInterval(() => this.control(), CONTROL_INTERVAL_MS);
    });
  }

  /** Stops all users; in-flight requests are left to the caller. */
  stop(): void {
    this.stopped = true;
    this.wanted = 0;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const finish = this.finish;
    this.finish = undefined;
    finish?.();
  }

  private control(): void {
    const now = this.sender.nowMs();
    this.sender.recorder.tick(now);
    this.options.baselineLane?.sender.recorder.tick(now);
    const elapsed = now - this.startMs;
    if (elapsed < this.schedule.totalDurationMs) {
      this.wanted = countInStripe(this.schedule.targetVusAt(elapsed), this.stripe);
      for (let id = 0; id < this.wanted; id++) if (!this.running[id]) this.startUser(id);
      return;
    }
    this.wanted = 0;
    if (this.drainDeadlineMs === Number.POSITIVE_INFINITY)
      this.drainDeadlineMs = now + this.options.gracefulStopMs;
    if (this.activeVus === 0 || now >= this.drainDeadlineMs) this.stop();
  }

  private startUser(id: number): void {
    this.running[id] = true;
    this.activeVus++;
    const prepare = this.options.prepareVu;
    if (prepare === undefined || this.prepared[id]) {
      this.iterate(id);
      return;
    }
    prepare(this.vuNumberOf(id), () => {
      this.prepared[id] = !this.stopped;
      this.iterate(id);
    });
  }

  private iterate(id: number): void {
    if (this.stopped || id >= this.wanted) {
      this.running[id] = false;
      this.activeVus--;
      return;
    }
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      const thinkMs = this.options.thinkTimeMs();
      if (thinkMs > 0) setTimeout(() => this.iterate(id), thinkMs).unref();
      else this.iterate(id);
    };
    const code = this.options.pickEntry();
    const nowMs = this.sender.nowMs();
    const iteration = this.iterations[id] ?? 0;
    this.iterations[id] = iteration + 1;
    const baseline = this.options.baselineLane;
    const lane =
      baseline && sideOfIteration(id, this.stripe.offset, iteration) === 0
        ? baseline
        : this.ownLane;
    if (code < this.options.directCount) {
      lane.sender.send(code, nowMs, done);
      return;
    }
    const driver = lane.driver;
    if (driver === undefined) throw new RangeError('a journey was drawn without a driver');
    driver.start(code - this.options.directCount, nowMs, this.vuNumberOf(id), iteration, done);
  }

  /** The user's global number from 1 (`${vu}`): local id j of the stripe is user offset + j·step. */
  private vuNumberOf(id: number): number {
    return this.stripe.offset + id * this.stripe.step + 1;
  }
}

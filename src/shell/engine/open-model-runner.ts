import type { ArrivalSchedule } from '../../core/schedule/arrival-schedule.js';
import { ArrivalQueue } from './arrival-queue.js';
import type { LoadRunner } from './load-runner.js';
import type { RequestSender } from './request-sender.js';

/** A queue this long means the target is far behind; past it arrivals are dropped and counted. */
const MAX_QUEUED = 1_000_000;

export interface OpenModelOptions {
  maxInFlight: number;
  onMaxInFlight: 'queue' | 'drop';
  gracefulStopMs: number;
  pickScenario: () => number;
}

/**
 * Open model: a ~1 ms ticker releases every arrival that is due, each with its intended time
 * from the absolute schedule. A late tick releases the backlog at once but keeps the intended
 * times, so the lateness shows in latency and send lag instead of being forgiven.
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
    while (this.queue.shift((s, intended) => this.sender.recorder.onDropped(s, intended, nowMs))) {}
    this.end();
  }

  private tick(): void {
    const now = this.sender.nowMs();
    const total = this.schedule.totalArrivals;
    while (this.next < total && this.nextDueMs <= now) {
      this.release(this.options.pickScenario(), this.nextDueMs, now);
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

  private release(scenario: number, intendedMs: number, nowMs: number): void {
    this.sender.recorder.onReleased(scenario, intendedMs, nowMs);
    if (this.inFlight < this.options.maxInFlight) {
      this.send(scenario, intendedMs);
      return;
    }
    const recorder = this.sender.recorder;
    if (this.options.onMaxInFlight === 'queue' && this.queue.push(scenario, intendedMs)) {
      recorder.onQueued(scenario, intendedMs);
    } else {
      recorder.onDropped(scenario, intendedMs, nowMs);
    }
  }

  private send(scenario: number, intendedMs: number): void {
    this.inFlight++;
    this.sender.send(scenario, intendedMs, this.onDone);
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

import type { Journey } from '../../core/profile/types.js';
import { ResponseClass } from '../../core/stats/classify-response.js';
import type { JourneyOutcome } from '../../core/stats/run-recorder.js';
import type { IterationContext, IterationSource } from './iteration-context.js';
import type { RequestSender } from './request-sender.js';

/** What the driver starts: a plain scenario filled per request, or a whole journey. */
export type DriverEntry =
  | { kind: 'scenario'; scenario: number }
  | { kind: 'journey'; journey: number; firstStep: number };

export interface JourneyDriverOptions {
  journeys: readonly Journey[];
  entries: readonly DriverEntry[];
  iterations: IterationSource;
  /** [0, 1) draws for think times between steps. */
  thinkRandom: () => number;
  /** The `${setup.*}` values of a user (`vu` from 1; 0 in the open model). */
  setupValuesOf: (vu: number) => Readonly<Record<string, string>>;
}

/**
 * Runs what the mix draws beyond a plain static request: a dynamic plain scenario (one request
 * with its own iteration values) or a journey (its steps in order).
 *
 * Journey timing, as k6's `sleep` between requests of one iteration: step 1 starts at the
 * journey's intended start (the arrival, or the user's turn); step i+1 is intended at step i's
 * end plus step i's drawn think time, and its latency counts from that intended start, so a
 * late timer shows in latency instead of being forgiven. A failed step (wrong answer, no
 * answer, extract_failed) ends the journey unless it has `continueOnFailure`. The journey's
 * duration runs from its intended start to its last step's end. A journey still running when
 * the run stops counts as interrupted.
 */
export class JourneyDriver {
  /** Journeys started and not ended: stopping interrupts those waiting out a think time. */
  private readonly active = new Set<JourneyRun>();
  stopped = false;

  constructor(
    readonly sender: RequestSender,
    private readonly options: JourneyDriverOptions,
  ) {}

  /** The row an entry's arrivals count on (send lag, queued, dropped): its (first) request. */
  rowOf(entry: number): number {
    const e = this.options.entries[entry] as DriverEntry;
    return e.kind === 'scenario' ? e.scenario : e.firstStep;
  }

  /** An arrival of `entry` was dropped (open model): a journey's row counts it too. */
  onDropped(entry: number, intendedMs: number, nowMs: number): void {
    const e = this.options.entries[entry] as DriverEntry;
    const recorder = this.sender.recorder;
    if (e.kind === 'scenario') {
      recorder.onDropped(e.scenario, intendedMs, nowMs);
      return;
    }
    recorder.onDropped(e.firstStep, intendedMs, nowMs);
    recorder.onJourneyDropped(e.journey, intendedMs);
  }

  /** An arrival of `entry` waits for an in-flight slot (open model). */
  onQueued(entry: number, intendedMs: number): void {
    const e = this.options.entries[entry] as DriverEntry;
    const recorder = this.sender.recorder;
    if (e.kind === 'scenario') {
      recorder.onQueued(e.scenario, intendedMs);
      return;
    }
    recorder.onQueued(e.firstStep, intendedMs);
    recorder.onJourneyQueued(e.journey, intendedMs);
  }

  /**
   * Starts `entry` intended at `intendedMs`.
   * @param vu the user's number from 1 (closed model), 0 in the open model.
   * @param iteration the user's iteration from 0.
   * @param done called once when the request or the whole journey has ended.
   */
  start(entry: number, intendedMs: number, vu: number, iteration: number, done: () => void): void {
    const e = this.options.entries[entry] as DriverEntry;
    const context = this.options.iterations.create(vu, iteration, this.options.setupValuesOf(vu));
    if (e.kind === 'scenario') {
      this.sender.send(e.scenario, intendedMs, done, context);
      return;
    }
    const journey = this.options.journeys[e.journey] as Journey;
    const run = new JourneyRun(this, e.journey, journey, intendedMs, context, done);
    this.active.add(run);
    run.sendStep();
  }

  /** Draws a think time in ms from `[minMs, maxMs]`. */
  drawThinkMs(thinkMs: { minMs: number; maxMs: number }): number {
    if (thinkMs.maxMs <= 0) return 0;
    return thinkMs.minMs + (thinkMs.maxMs - thinkMs.minMs) * this.options.thinkRandom();
  }

  ended(run: JourneyRun): void {
    this.active.delete(run);
  }

  /**
   * The run is over: journeys waiting out a think time are interrupted now; those with a step
   * in flight are when that step is cut (the sender is `stopping`).
   */
  interruptAll(): void {
    this.stopped = true;
    for (const run of [...this.active]) run.interruptIfWaiting();
  }
}

class JourneyRun {
  private step = 0;
  private stepIntendedMs: number;
  private outcome: JourneyOutcome = ResponseClass.ok;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly driver: JourneyDriver,
    private readonly index: number,
    private readonly journey: Journey,
    private readonly intendedMs: number,
    private readonly context: IterationContext,
    private readonly done: () => void,
  ) {
    this.stepIntendedMs = intendedMs;
  }

  sendStep(): void {
    this.timer = undefined;
    const step = this.journey.steps[this.step];
    if (step === undefined) return;
    this.driver.sender.send(step.scenario, this.stepIntendedMs, this.onStepDone, this.context);
  }

  private readonly onStepDone = (passed: boolean): void => {
    const sender = this.driver.sender;
    const step = this.journey.steps[this.step];
    const stepOutcome = this.context.stepOutcome;
    if (stepOutcome === 'interrupted') {
      this.interrupt();
      return;
    }
    const nowMs = sender.nowMs();
    if (!passed && this.outcome === ResponseClass.ok) this.outcome = stepOutcome;
    const last = this.step === this.journey.steps.length - 1;
    if (last || (!passed && !step?.continueOnFailure)) {
      this.end(nowMs);
      return;
    }
    if (this.driver.stopped || sender.stopping) {
      this.interrupt();
      return;
    }
    this.step++;
    const thinkMs = step ? this.driver.drawThinkMs(step.thinkMs) : 0;
    this.stepIntendedMs = nowMs + thinkMs;
    if (thinkMs > 0) {
      this.timer = setTimeout(() => this.sendStep(), thinkMs);
      this.timer.unref();
    } else this.sendStep();
  };

  /** Interrupts the journey if it is between two steps (a step in flight is cut by the pool). */
  interruptIfWaiting(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.interrupt();
  }

  private end(nowMs: number): void {
    this.driver.ended(this);
    this.driver.sender.recorder.onJourneyDone(this.index, this.intendedMs, nowMs, this.outcome);
    this.done();
  }

  private interrupt(): void {
    this.driver.ended(this);
    this.driver.sender.recorder.onJourneyInterrupted(this.index, this.intendedMs);
    this.done();
  }
}

import { planModel } from '../../core/profile/build-plan.js';
import type { LoadModel, LoadPlan } from '../../core/profile/types.js';
import { buildArrivalSchedule } from '../../core/schedule/arrival-schedule.js';
import { buildVuSchedule } from '../../core/schedule/vu-schedule.js';
import type { ProgressSnapshot } from '../../core/stats/progress-snapshot.js';
import { type ClosedModelOptions, ClosedModelRunner } from './closed-model-runner.js';
import { type OpenModelOptions, OpenModelRunner } from './open-model-runner.js';
import type { RequestSender } from './request-sender.js';

/**
 * What the engine asks of a load model. The engine holds one of these and never asks which
 * model it is: each model answers the figures it has (the closed model has no queue, so 0).
 */
export interface LoadRunner {
  /** Length of the schedule, warm-up included, in ms. */
  readonly totalDurationMs: number;
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
  /** Arrivals waiting for an in-flight slot (always 0 in the closed model). */
  readonly queued: number;
  /** The schedule is over; in-flight (and queued) requests are finishing. */
  readonly draining: boolean;
  /** Resolves when the schedule ran out and the drain ended, or after `stop()`. */
  run(): Promise<void>;
  /** Ends the run now; in-flight requests are left to the caller. */
  stop(): void;
  /** The model's own progress figures, `elapsedMs` after the schedule started. */
  progressFigures(elapsedMs: number): Pick<ProgressSnapshot, 'targetRatePerSec' | 'activeVus'>;
  /** The model's own figures for the outcome of the run; side by side, `plannedRequests` is
   * the target's share and `baselinePlannedRequests` the baseline target's. */
  outcomeFigures(): {
    plannedRequests?: number;
    peakVus?: number;
    baselinePlannedRequests?: number;
  };
}

/** Everything either model needs; each takes its part. */
export interface RunnerSetup extends OpenModelOptions, ClosedModelOptions {
  sender: RequestSender;
  plan: LoadPlan;
  warmupMs: number;
  /** Clock reading (ms) at which the schedule starts. */
  startMs: number;
}

const RUNNER_OF_MODEL: Record<LoadModel, (setup: RunnerSetup) => LoadRunner> = {
  open: (setup) =>
    new OpenModelRunner(
      setup.sender,
      buildArrivalSchedule(setup.plan, setup.warmupMs),
      setup.startMs,
      setup,
    ),
  closed: (setup) =>
    new ClosedModelRunner(
      setup.sender,
      buildVuSchedule(setup.plan, setup.warmupMs),
      setup.startMs,
      setup,
    ),
};

/** The runner of the plan's model, its schedule built with the warm-up first. */
export function createLoadRunner(setup: RunnerSetup): LoadRunner {
  return RUNNER_OF_MODEL[planModel(setup.plan)](setup);
}

import { availableParallelism } from 'node:os';
import { resolveWorkers, type WorkersRequest } from '../../core/schedule/worker-plan.js';
import type { Clock, LoadEngine } from '../../ports.js';
import { UndiciEngine } from './undici-engine.js';
import { WorkerEngine } from './worker-engine.js';

/** The engine a run gets, how many threads it asks for, and a line saying so for the log. */
export interface ChosenEngine {
  engine: LoadEngine;
  /** Engine threads asked for (`resolveWorkers`): 1 runs in this thread. */
  threads: number;
  /** `engine: 3 worker threads (--workers auto on 4 cores)`; absent for one thread. */
  note?: string;
}

/**
 * The load engine for `--workers` (the CLI) or input `workers` (the action), resolved against
 * the cores this process may use: the undici engine in this thread for one thread, else that
 * many engine threads (`WorkerEngine`).
 * @param label how the log names the setting: `--workers`, `input workers`.
 */
export function chooseLoadEngine(
  request: WorkersRequest,
  clock: Clock,
  label: string,
  cores: number = availableParallelism(),
): ChosenEngine {
  const threads = resolveWorkers(request, cores);
  if (threads <= 1) return { engine: new UndiciEngine(clock), threads: 1 };
  const why = request === 'auto' ? ` (${label} auto on ${cores} cores)` : '';
  return {
    engine: new WorkerEngine(clock, threads),
    threads,
    note: `engine: ${threads} worker threads${why}`,
  };
}

/**
 * `--workers N|auto`: how many engine threads one process runs, and the share of the schedule
 * and of the connections each one gets. Worker j of N runs the stripe `subStripe(parent, j, N)`
 * (arrival k goes to worker k mod N at its own intended time), so the workers together send
 * exactly the schedule one thread would.
 */

import { describeValue } from '../input/issue-text.js';
import type { Checked } from '../input/value-checks.js';
import type { Profile } from '../profile/types.js';
import { countInStripe, type Stripe, subStripe, WHOLE_SCHEDULE } from './stripe.js';

/** More threads than this would only contend for the same cores and connections. */
export const MAX_WORKERS = 64;

/** `--workers` as given: a count, or `auto` (see `chooseAutoWorkers`). */
export type WorkersRequest = number | 'auto';

/** What runs when `--workers` (the action's input `workers`) is not given. */
export const DEFAULT_WORKERS: WorkersRequest = 'auto';

export const WORKERS_FORM = `a whole number of worker threads from 1 to ${MAX_WORKERS}, or auto`;

/** Reads `--workers`: `auto` (any case) or a whole number from 1 to `MAX_WORKERS`. */
export function checkWorkers(text: string): Checked<WorkersRequest> {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'auto') return { ok: true, value: 'auto' };
  const count = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isInteger(count) && count >= 1 && count <= MAX_WORKERS) {
    return { ok: true, value: count };
  }
  return { ok: false, message: `expected ${WORKERS_FORM}, got ${describeValue(text)}` };
}

/**
 * `auto`: one thread on a machine of at most 2 cores (a second engine thread would fight the
 * first, and on CI the target often shares the machine), else one per core but one, left for
 * the target-side noise and the main thread; at most `MAX_WORKERS`.
 * @param cores the cores this process may use (≥ 1; fewer read as 1).
 */
export function chooseAutoWorkers(cores: number): number {
  if (!(cores > 2)) return 1;
  return Math.min(Math.floor(cores) - 1, MAX_WORKERS);
}

/** `--workers` resolved against the machine: `auto` by `chooseAutoWorkers`, a number as is. */
export function resolveWorkers(request: WorkersRequest, cores: number): number {
  return request === 'auto' ? chooseAutoWorkers(cores) : request;
}

/** One worker thread's part of the run. */
export interface WorkerShare {
  /** 0-based. */
  index: number;
  /** The arrivals (open model) or VU ids (closed model) it runs. */
  stripe: Stripe;
  /** Its share of `load.connections` and `load.maxInFlight` (each ≥ 1). */
  connections: number;
  maxInFlight: number;
}

export interface WorkerPlan {
  shares: WorkerShare[];
  /** Why fewer threads run than were asked for, one line; absent when all of them run. */
  note?: string;
}

/**
 * Splits a run over `requested` threads. Each gets the stripe j of N of `parent` (the shard's,
 * or the whole schedule) and its share of the connections and of `maxInFlight`, which add up
 * to the profile's (`countInStripe`). Fewer threads run when:
 * - a data source has `order: unique` or `sequential`: its rows are handed out in one order
 *   across the run, which threads drawing on their own would repeat (one thread, with a note);
 * - there are fewer connections (or `maxInFlight`) than threads: each needs at least one.
 * @param requested ≥ 1.
 */
export function planWorkers(
  profile: Pick<Profile, 'load' | 'data'>,
  requested: number,
  parent: Stripe = WHOLE_SCHEDULE,
): WorkerPlan {
  const ordered = (profile.data ?? []).find(
    (s) => s.order === 'unique' || s.order === 'sequential',
  );
  const { connections, maxInFlight } = profile.load;
  let count = Math.max(1, Math.floor(requested));
  let note: string | undefined;
  if (count > 1 && ordered !== undefined) {
    note = `${count} worker threads asked for, 1 runs: data.${ordered.name} has order: ${ordered.order}, whose rows are handed out once in order across the run, which separate threads would repeat`;
    count = 1;
  }
  const cap = Math.min(connections, maxInFlight);
  if (count > cap) {
    const what = connections <= maxInFlight ? `${connections} connections` : `maxInFlight ${cap}`;
    note = `${count} worker threads asked for, ${cap} run: each thread needs at least one of the ${what}`;
    count = cap;
  }
  const shares = Array.from({ length: count }, (_, index) => {
    // Resources split among this process's threads; the schedule stripe is within the parent's.
    const part = subStripe(WHOLE_SCHEDULE, index, count);
    return {
      index,
      stripe: subStripe(parent, index, count),
      connections: countInStripe(connections, part),
      maxInFlight: countInStripe(maxInFlight, part),
    };
  });
  return note === undefined ? { shares } : { shares, note };
}

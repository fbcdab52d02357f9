import type { Clock } from '../../ports.js';

/**
 * A monotonic clock every thread of the process reads alike: `process.hrtime` counts from one
 * origin for all of them, while each worker thread's `performance.now()` has its own origin
 * (and `performance.timeOrigin` differs between threads by up to a couple of milliseconds,
 * measured). Engine threads run on it so that one start time, sent from the coordinating
 * thread, is the same moment in every thread and their stripes interleave exactly.
 * Both clocks tick from the same source, so the offset between them is read once per thread
 * and reads stay as cheap as `performance.now()` (no array or BigInt per read).
 */
export const threadClock: Clock = createThreadClock();

function createThreadClock(): Clock {
  const [seconds, nanoseconds] = process.hrtime();
  const offsetMs = seconds * 1000 + nanoseconds / 1e6 - performance.now();
  return { nowMs: () => performance.now() + offsetMs, epochMs: () => Date.now() };
}

/**
 * Resolves once `clock` reads `atMs` or later: a timer for most of the wait, then the event
 * loop's turns for the last few milliseconds, since a timer may fire a millisecond late.
 */
export async function waitUntil(clock: Clock, atMs: number): Promise<void> {
  const coarseMs = atMs - clock.nowMs() - FINE_WAIT_MS;
  if (coarseMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, coarseMs));
  while (clock.nowMs() < atMs) await new Promise<void>((resolve) => setImmediate(resolve));
}

const FINE_WAIT_MS = 3;

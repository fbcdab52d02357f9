/**
 * Timing of a server-wide stall (think: a GC pause or a lock held by a cron job) for the target
 * server used in engine tests. Pure, so the semantics can be tested without sockets.
 */

/** A stall window on the performance.now() clock: [startMs, endMs). */
export interface StallWindowMs {
  startMs: number;
  endMs: number;
}

/**
 * Computes when a request should be answered, given its arrival time and normal latency.
 *
 * The stall freezes the whole server: work that was in progress when the window opened resumes
 * where it stopped once the window ends, and a request arriving inside the window only starts
 * being served at its end. So nothing is answered inside the window, and a request that arrives
 * during it still pays its full latency afterwards — which is what makes coordinated omission
 * visible to a load generator that measures from the intended send time.
 */
export function computeAnswerAtMs(
  arrivalMs: number,
  latencyMs: number,
  stall: StallWindowMs | undefined,
): number {
  const unstalledAtMs = arrivalMs + latencyMs;
  if (stall === undefined || stall.endMs <= stall.startMs) return unstalledAtMs;
  if (arrivalMs >= stall.endMs) return unstalledAtMs;
  if (arrivalMs >= stall.startMs) return stall.endMs + latencyMs;
  if (unstalledAtMs < stall.startMs) return unstalledAtMs;
  const remainingMs = unstalledAtMs - stall.startMs;
  return stall.endMs + remainingMs;
}

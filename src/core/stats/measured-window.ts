/**
 * Length of a run's measured window in ms: what `durationMs` reports and throughput divides by.
 *
 * A completed run is measured over its schedule's window (the plan after warm-up), not up to its
 * last completion: 1 request/s for 10 s sends its last request at 9 s, and measuring until then
 * would read 9.0 s and 1.11 req/s for a run that asked for (and got) 1.00 req/s over 10 s. A
 * drain past the end (slow answers finishing within the graceful stop) does not stretch the
 * window either. A run stopped early (interrupted, aborted) is measured over what really ran.
 *
 * @param status how the run ended.
 * @param elapsedMs from the start of measuring to the end of the run (≥ 0).
 * @param scheduledMs the plan's length after warm-up; ≤ 0 (unknown) falls back to `elapsedMs`.
 */
export function chooseMeasuredWindowMs(
  status: 'completed' | 'interrupted' | 'aborted',
  elapsedMs: number,
  scheduledMs: number,
): number {
  if (status === 'completed' && scheduledMs > 0) return scheduledMs;
  return Math.max(0, elapsedMs);
}

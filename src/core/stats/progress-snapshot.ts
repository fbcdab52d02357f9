/** A moment of a running test, for progress lines. */
export interface ProgressSnapshot {
  /** Milliseconds since the schedule (warm-up included) started. */
  elapsedMs: number;
  totalMs: number;
  phase: 'warmup' | 'measuring' | 'draining';
  requests: number;
  errors: number;
  failed: number;
  dropped: number;
  inFlight: number;
  queued: number;
  /** Last complete second: completions, latency p95 (ms), largest send lag seen so far (ms). */
  lastSecondRps: number;
  lastSecondP95Ms: number;
  /** Target rate (open model) or wanted VUs (closed model) right now. */
  targetRatePerSec?: number;
  activeVus?: number;
}

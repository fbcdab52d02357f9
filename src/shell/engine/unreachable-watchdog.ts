import type { RunRecorder } from '../../core/stats/run-recorder.js';

/** Consecutive unreachable errors, held this long with no HTTP answer, end the run. */
const MIN_STREAK = 20;
const MIN_STREAK_MS = 3000;

/**
 * Notices a target that went away mid-run (every request refused for seconds), so a run does
 * not spend minutes recording connection errors. Any HTTP answer resets it.
 */
export class UnreachableWatchdog {
  private streakSinceMs: number | undefined;

  constructor(private readonly recorder: RunRecorder) {}

  /** @returns a reason to abort, or undefined to go on. */
  check(nowMs: number): string | undefined {
    const streak = this.recorder.unreachableStreak;
    if (streak === 0) {
      this.streakSinceMs = undefined;
      return undefined;
    }
    this.streakSinceMs ??= nowMs;
    if (streak < MIN_STREAK || nowMs - this.streakSinceMs < MIN_STREAK_MS) return undefined;
    const kind = (this.recorder.lastUnreachableKind ?? 'unreachable').replace(/_/g, ' ');
    const seconds = ((nowMs - this.streakSinceMs) / 1000).toFixed(1);
    return `target unreachable: ${streak} consecutive requests failed (${kind}) for ${seconds} s with no HTTP answer`;
  }
}

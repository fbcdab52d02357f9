import * as core from '@actions/core';
import { formatProgressLine } from '../core/render/progress-line.js';
import type { Output, ProgressSnapshot } from '../ports.js';

const PROGRESS_EVERY_MS = 5000;

/** The Actions log: warnings and errors become annotations; secrets are registered with the
 * runner, which then masks them in every later log line. */
export class ActionsOutput implements Output {
  private lastProgressMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly nowMs: () => number) {}

  info(text: string): void {
    core.info(text);
  }

  warn(text: string): void {
    core.warning(text);
  }

  error(text: string): void {
    core.error(text);
  }

  progress(snapshot: ProgressSnapshot): void {
    const now = this.nowMs();
    if (now - this.lastProgressMs < PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    core.info(formatProgressLine(snapshot));
  }

  progressDone(): void {}

  mask(values: readonly string[]): void {
    for (const value of values) if (value) core.setSecret(value);
  }
}

import * as core from '@actions/core';
import { neutralizeLogText } from '../core/input/terminal-text.js';
import { formatProgressLine } from '../core/render/progress-line.js';
import type { Output, ProgressSnapshot } from '../ports.js';

const PROGRESS_EVERY_MS = 5000;

/**
 * The Actions log: warnings and errors become annotations; secrets are registered with the
 * runner, which then masks them in every later log line. `core.info` writes its text raw, so
 * every text goes through `neutralizeLogText` first: no line of it can start a workflow command
 * (`::…`, `##[…`) and no control character reaches the log.
 */
export class ActionsOutput implements Output {
  private lastProgressMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly nowMs: () => number) {}

  info(text: string): void {
    core.info(neutralizeLogText(text));
  }

  warn(text: string): void {
    core.warning(neutralizeLogText(text));
  }

  error(text: string): void {
    core.error(neutralizeLogText(text));
  }

  progress(snapshot: ProgressSnapshot): void {
    const now = this.nowMs();
    if (now - this.lastProgressMs < PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    core.info(neutralizeLogText(formatProgressLine(snapshot)));
  }

  progressDone(): void {}

  mask(values: readonly string[]): void {
    for (const value of values) if (value) core.setSecret(value);
  }
}

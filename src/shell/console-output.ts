import { neutralizeLogText } from '../core/input/terminal-text.js';
import { formatProgressLine } from '../core/render/progress-line.js';
import type { Output, ProgressSnapshot } from '../ports.js';

/** In CI logs a line every few seconds is enough; more buries the summary. */
const CI_PROGRESS_EVERY_MS = 5000;

export interface ConsoleStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

/**
 * Terminal and CI-log output: a live, rewritten progress line on a TTY; plain lines every
 * five seconds elsewhere. Secret values are replaced by *** in everything printed, and nothing
 * printed carries control characters or workflow commands (see `neutralizeLogText`).
 */
export class ConsoleOutput implements Output {
  private secrets: string[] = [];
  private liveLine = false;
  private lastProgressMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly streams: ConsoleStreams,
    private readonly nowMs: () => number,
  ) {}

  info(text: string): void {
    this.endLiveLine();
    this.streams.stdout.write(`${this.clean(text)}\n`);
  }

  warn(text: string): void {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, 'warning: ')}\n`);
  }

  error(text: string): void {
    this.endLiveLine();
    this.streams.stderr.write(`${this.clean(text, 'error: ')}\n`);
  }

  progress(snapshot: ProgressSnapshot): void {
    const line = this.clean(formatProgressLine(snapshot));
    if (this.streams.stdout.isTTY) {
      this.streams.stdout.write(`\r\x1b[2K${line}`);
      this.liveLine = true;
      return;
    }
    const now = this.nowMs();
    if (now - this.lastProgressMs < CI_PROGRESS_EVERY_MS) return;
    this.lastProgressMs = now;
    this.streams.stdout.write(`${line}\n`);
  }

  progressDone(): void {
    this.endLiveLine();
  }

  mask(values: readonly string[]): void {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set([...this.secrets, ...values.filter((v) => v.length > 0)])].sort(
      (a, b) => b.length - a.length,
    );
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  /**
   * Secrets masked first (a secret may hold any character), then made inert: the only control
   * characters that reach the stream are our own line ends and the live line's `\r\x1b[2K`, and
   * no line can be read as a GitHub Actions workflow command (the CLI runs in workflows too).
   */
  private clean(text: string, prefix = ''): string {
    return neutralizeLogText(`${prefix}${this.redact(text)}`);
  }

  private endLiveLine(): void {
    if (!this.liveLine) return;
    this.streams.stdout.write('\n');
    this.liveLine = false;
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressSnapshot } from '../../src/ports.js';
import { ActionsOutput } from '../../src/shell/actions-output.js';

const INJECTED = 'b\n::error title=pwned::injected';
const HOSTILE = [
  INJECTED,
  '  ::set-output name=verdict::pass\r::add-mask::after a CR',
  'mid ##[error]line',
  '\x1b[2J\x1b]0;title\x07red\x1b[31m\u009b0m\x7f\u202Eevil',
];

let written: string[] = [];
beforeEach(() => {
  written = [];
  // @actions/core writes workflow commands and info lines straight to process.stdout.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Lines as the GitHub runner reads them (it ends lines at CR as well as LF). */
function runnerLines(): string[] {
  return written
    .join('')
    .split(/\r\n|\r|\n/)
    .filter((l) => l !== '');
}

/** The runner's reading of an annotation's data: %0A, %0D, %25 unescaped. */
function unescapeData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

describe('ActionsOutput', () => {
  it('writes info lines that start no workflow command (core.info writes them raw)', () => {
    const output = new ActionsOutput(() => 0);
    for (const text of HOSTILE) output.info(text);
    const lines = runnerLines();
    expect(lines.filter((l) => /^[\s\u0085]*::/.test(l) || l.includes('##['))).toEqual([]);
    expect(lines.slice(0, 2)).toEqual(['b', ':\u200B:error title=pwned::injected']);
  });

  it('issues exactly one annotation per warning or error, whose text is inert too', () => {
    const output = new ActionsOutput(() => 0);
    for (const text of HOSTILE) {
      output.warn(text);
      output.error(text);
    }
    const lines = runnerLines();
    expect(lines).toHaveLength(HOSTILE.length * 2);
    expect(lines.every((l) => /^::(warning|error)::/.test(l))).toBe(true);
    const messages = lines.map((l) => unescapeData(l.replace(/^::(warning|error)::/, '')));
    expect(messages[0]).toBe('b\n:\u200B:error title=pwned::injected');
    for (const message of messages) {
      for (const line of message.split('\n')) expect(line).not.toMatch(/^[\s\u0085]*::/);
      expect(message).not.toContain('##[');
    }
  });

  it('lets no control character but LF reach the log', () => {
    const output = new ActionsOutput(() => 0);
    for (const text of HOSTILE) {
      output.info(text);
      output.warn(text);
      output.error(text);
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(written.join('')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('prints a progress line at most every 5 s', () => {
    let now = 0;
    const output = new ActionsOutput(() => now);
    const snapshot: ProgressSnapshot = {
      elapsedMs: 2000,
      totalMs: 10_000,
      phase: 'measuring',
      requests: 400,
      errors: 0,
      failed: 0,
      dropped: 0,
      inFlight: 1,
      queued: 0,
      lastSecondRps: 200,
      lastSecondP95Ms: 4.2,
    };
    output.progress(snapshot);
    now += 1000;
    output.progress(snapshot);
    now += 4000;
    output.progress(snapshot);
    expect(runnerLines()).toHaveLength(2);
    expect(runnerLines()[0]).toMatch(/^\[measuring 2\.0 s\/10\.0 s\] 400 req/);
  });
});

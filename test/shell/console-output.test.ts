import { describe, expect, it } from 'vitest';
import type { ProgressSnapshot } from '../../src/ports.js';
import { ConsoleOutput } from '../../src/shell/console-output.js';

function capture(isTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  let now = 0;
  const output = new ConsoleOutput(
    {
      stdout: { write: (t: string) => out.push(t), isTTY },
      stderr: { write: (t: string) => err.push(t) },
    },
    () => now,
  );
  return { out, err, output, advance: (ms: number) => (now += ms) };
}

const snapshot: ProgressSnapshot = {
  elapsedMs: 2000,
  totalMs: 10_000,
  phase: 'measuring',
  requests: 400,
  errors: 1,
  failed: 2,
  dropped: 0,
  inFlight: 3,
  queued: 0,
  lastSecondRps: 200,
  lastSecondP95Ms: 4.2,
  targetRatePerSec: 200,
};

const HOSTILE = [
  'b\n::error title=pwned::injected',
  '  ::warning::indented\r::notice::after a CR',
  'mid ##[error]line',
  '\x1b[2J\x1b]0;title\x07red\x1b[31m\u009b0m\x7f\u202Eevil',
];

/** Lines as the GitHub runner reads them (it ends lines at CR as well as LF). */
function runnerLines(chunks: string[]): string[] {
  return chunks.join('').split(/\r\n|\r|\n/);
}

describe('ConsoleOutput', () => {
  it('lets no line start a workflow command and no control character through, on any stream', () => {
    const { out, err, output } = capture(false);
    for (const text of HOSTILE) {
      output.info(text);
      output.warn(text);
      output.error(text);
    }
    const lines = runnerLines([...out, ...err]);
    expect(lines.filter((l) => /^[\s\u0085]*::/.test(l) || l.includes('##['))).toEqual([]);
    expect([...out, ...err].join('')).not.toMatch(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/,
    );
    expect(out[0]).toBe('b\n:\u200B:error title=pwned::injected\n');
    expect(err[0]).toBe('warning: b\n:\u200B:error title=pwned::injected\n');
  });

  it('masks a secret before neutralising, so a secret with odd characters is still masked', () => {
    const { out, output } = capture(false);
    output.mask(['to\nk\x1ben']);
    output.info('key=to\nk\x1ben');
    expect(out).toEqual(['key=***\n']);
  });

  it("on a terminal, the only escape sequence written is the live line's own", () => {
    const { out, output } = capture(true);
    output.progress(snapshot);
    output.info('\x1b[31mred\x1b[0m');
    expect(out[0]?.startsWith('\r\x1b[2K[measuring ')).toBe(true);
    expect(out.join('').split('\x1b')).toHaveLength(2);
    expect(out.at(-1)).toBe('␛[31mred␛[0m\n');
  });

  it('masks secrets everywhere, longest first', () => {
    const { out, err, output } = capture(false);
    output.mask(['abc', 'abcdef', '']);
    output.info('token abcdef and abc');
    output.error('abc!');
    expect(out.join('')).toBe('token *** and ***\n');
    expect(err.join('')).toBe('error: ***!\n');
  });

  it('keeps masking earlier secrets when more arrive during the run (setup log-ins)', () => {
    const { out, output } = capture(false);
    output.mask(['profile-secret']);
    output.mask(['token-vu-1']);
    output.mask(['token-vu-2']);
    output.info('profile-secret token-vu-1 token-vu-2');
    expect(out).toEqual(['*** *** ***\n']);
  });

  it('in CI logs, prints a progress line at most every 5 s', () => {
    const { out, output, advance } = capture(false);
    output.progress(snapshot);
    advance(1000);
    output.progress(snapshot);
    advance(4000);
    output.progress(snapshot);
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(
      '[measuring 2.0 s/10.0 s] 400 req · 200 req/s · p95 4.2 ms · errors 3 · in flight 3 · target 200/s\n',
    );
  });

  it('on a terminal, rewrites one live line and ends it before other output', () => {
    const { out, output } = capture(true);
    output.progress(snapshot);
    output.progress(snapshot);
    output.info('done');
    expect(out.filter((t) => t.startsWith('\r'))).toHaveLength(2);
    expect(out.slice(-2)).toEqual(['\n', 'done\n']);
  });
});

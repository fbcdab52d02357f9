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

describe('ConsoleOutput', () => {
  it('masks secrets everywhere, longest first', () => {
    const { out, err, output } = capture(false);
    output.mask(['abc', 'abcdef', '']);
    output.info('token abcdef and abc');
    output.error('abc!');
    expect(out.join('')).toBe('token *** and ***\n');
    expect(err.join('')).toBe('error: ***!\n');
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

import { describe, expect, it } from 'vitest';
import {
  decideAfterAnswer,
  describeNotReady,
  readWaitFor,
  WAIT_STARTED,
} from '../../../src/core/input/wait-for.js';
import { readWaitHeaders, splitHeaderLines } from '../../../src/core/input/wait-headers.js';

const LABEL = '--wait-for-header';
const SECRET = 'byp4ss-s3cret-value';

describe('readWaitHeaders', () => {
  it('reads Name: value entries: names lower-cased, values trimmed, colons after the first kept', () => {
    expect(
      readWaitHeaders(
        [
          `X-Vercel-Protection-Bypass: ${SECRET}`,
          'Authorization:Basic dXNlcjpwYXNz',
          'x-token :  a:b:c  ',
        ],
        LABEL,
      ),
    ).toEqual({
      ok: true,
      value: [
        { name: 'x-vercel-protection-bypass', value: SECRET },
        { name: 'authorization', value: 'Basic dXNlcjpwYXNz' },
        { name: 'x-token', value: 'a:b:c' },
      ],
    });
  });

  it('reports every problem at once, each at the label and its index', () => {
    const read = readWaitHeaders(
      [
        'x-ok: fine',
        SECRET,
        `x bypass: ${SECRET}`,
        `x-ok: ${SECRET}`,
        'x-empty:   ',
        `x-crlf: ${SECRET}\r\nx-injected: 1`,
        ': nothing before',
        'Content-Length: 5',
      ],
      LABEL,
    );
    expect(read).toEqual({
      ok: false,
      issues: [
        {
          path: '--wait-for-header[1]',
          message:
            'expected Name: value, like x-vercel-protection-bypass: <secret>, got text without a colon (not shown: it may be a secret)',
        },
        {
          path: '--wait-for-header[2]',
          message:
            "expected Name: value, like x-vercel-protection-bypass: <secret>: a header name holds letters, digits and !#$%&'*+-.^_`|~ only, got U+0020 (space) at character 2 of the name",
        },
        {
          path: '--wait-for-header[3]',
          message: 'repeats x-ok (first at --wait-for-header[0]): give each header once',
        },
        {
          path: '--wait-for-header[4]',
          message:
            'expected a value after "x-empty:", got nothing (an unset secret expands to nothing: is it available to this workflow?)',
        },
        {
          path: '--wait-for-header[5]',
          message: `the value of x-crlf has U+000D (carriage return) at character ${SECRET.length + 1}, which a header value cannot hold (expected tab, printable ASCII or U+0080–U+00FF; the value is not shown)`,
        },
        {
          path: '--wait-for-header[6]',
          message:
            'expected Name: value, like x-vercel-protection-bypass: <secret>, got no name before the colon',
        },
        {
          path: '--wait-for-header[7]',
          message: 'content-length cannot be set: a GET without a body has none',
        },
      ],
    });
  });

  it('never echoes a value, nor the text of an entry without a colon', () => {
    const read = readWaitHeaders(
      [SECRET, `x-a: ${SECRET}\n`, `x-b: \u0000${SECRET}`, `x-a: ${SECRET}`],
      LABEL,
    );
    expect(read.ok).toBe(false);
    expect(JSON.stringify(read)).not.toContain(SECRET);
  });

  it('refuses a value with a line feed (a second header smuggled in)', () => {
    const read = readWaitHeaders(['x-a: one\nx-b: two'], LABEL);
    expect(!read.ok && read.issues[0]?.message).toMatch(
      /^the value of x-a has U\+000A \(line feed\)/,
    );
  });
});

describe('splitHeaderLines', () => {
  it('takes one header a line, dropping blank lines and CRs; nothing is undefined', () => {
    expect(splitHeaderLines('x-a: 1\r\n\n  x-b: 2  \n')).toEqual(['x-a: 1', 'x-b: 2']);
    expect(splitHeaderLines(' \n ')).toBeUndefined();
    expect(splitHeaderLines(undefined)).toBeUndefined();
  });
});

describe('readWaitFor with headers', () => {
  const labels = {
    path: '--wait-for',
    status: '--wait-for-status',
    timeout: '--wait-timeout',
    body: '--wait-for-body',
    headers: LABEL,
  };

  it('adds the headers to the settings', () => {
    const read = readWaitFor({ path: '/healthz', headers: [`x-bypass: ${SECRET}`] }, labels);
    expect(read.ok && read.value?.headers).toEqual([{ name: 'x-bypass', value: SECRET }]);
  });

  it('leaves headers out of the settings when none are given', () => {
    const read = readWaitFor({ path: '/healthz' }, labels);
    expect(read.ok && read.value).not.toHaveProperty('headers');
  });

  it('refuses headers without --wait-for, with the path problems reported too', () => {
    expect(readWaitFor({ headers: [`x-bypass: ${SECRET}`] }, labels)).toEqual({
      ok: false,
      issues: [
        {
          path: LABEL,
          message: 'applies to the wait for the target: add --wait-for PATH (like /healthz)',
        },
      ],
    });
    const both = readWaitFor({ path: 'healthz', headers: ['nocolon'] }, labels);
    expect(!both.ok && both.issues.map((issue) => issue.path)).toEqual([
      '--wait-for',
      '--wait-for-header[0]',
    ]);
  });
});

describe('decideAfterAnswer and describeNotReady with a subject (the baseline target)', () => {
  const settings = { path: '/healthz', statuses: [200], timeoutMs: 2000, inRow: 2 };
  const subject = 'baseline target http://127.0.0.1:8081';

  it('names the subject when ready, when protected and when giving up', () => {
    const first = decideAfterAnswer(
      settings,
      WAIT_STARTED,
      { kind: 'answered', status: 200 },
      { elapsedMs: 500, random: 0.5, subject },
    );
    const ready = decideAfterAnswer(
      settings,
      first.progress,
      { kind: 'answered', status: 200 },
      { elapsedMs: 1000, random: 0.5, subject },
    );
    expect(ready).toMatchObject({
      kind: 'ready',
      message: `${subject} ready: GET /healthz answered 200 2 times in a row (2 tries, 1 s)`,
    });
    const late = decideAfterAnswer(
      settings,
      WAIT_STARTED,
      { kind: 'answered', status: 503 },
      { elapsedMs: 2000, random: 0.5, subject },
    );
    expect(late).toMatchObject({
      kind: 'give-up',
      message: `${subject} not ready after 2s: GET /healthz answered 503 (its only try)`,
    });
    expect(describeNotReady(settings, late.progress)).toMatch(/^target not ready after 2s/);
  });

  it('tells a protected target to check the header it sent, when one was sent', () => {
    let progress = WAIT_STARTED;
    let decision: ReturnType<typeof decideAfterAnswer> | undefined;
    for (const elapsedMs of [100, 200]) {
      decision = decideAfterAnswer(
        { ...settings, headers: [{ name: 'x-bypass', value: SECRET }] },
        progress,
        { kind: 'answered', status: 401 },
        { elapsedMs, random: 0.5, subject },
      );
      progress = decision.progress;
    }
    expect(decision?.kind === 'give-up' && decision.message).toBe(
      `${subject} deployed but protected: GET /healthz answered 401 2 times in a row (2 tries, 0 s); let the readiness path through without credentials, or send the host's bypass header (check the value of the one sent)`,
    );
  });
});

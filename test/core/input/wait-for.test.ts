import { describe, expect, it } from 'vitest';
import {
  ACTION_WAIT_FOR_LABELS,
  type BackoffPlan,
  CLI_WAIT_FOR_LABELS,
  DEFAULT_BACKOFF,
  decideAfterAnswer,
  describeNotReady,
  describeWaitProgress,
  describeWaitStart,
  isProgressDue,
  nextDelayMs,
  type ReadinessAnswer,
  readinessUrl,
  readWaitFor,
  tryTimeoutMs,
  WAIT_STARTED,
  type WaitDecision,
  type WaitForSettings,
  type WaitProgress,
} from '../../../src/core/input/wait-for.js';

const SETTINGS: WaitForSettings = {
  path: '/healthz',
  statuses: [200],
  timeoutMs: 600_000,
  inRow: 3,
};

const ok = (status = 200, bodyMatched?: boolean): ReadinessAnswer =>
  bodyMatched === undefined
    ? { kind: 'answered', status }
    : { kind: 'answered', status, bodyMatched };
const refused: ReadinessAnswer = { kind: 'failed', reason: 'connection refused' };

/** Feeds answers one by one (one second apart, no jitter) and returns every decision. */
function play(
  answers: ReadinessAnswer[],
  settings: WaitForSettings = SETTINGS,
  stepMs = 1000,
): WaitDecision[] {
  let progress: WaitProgress = WAIT_STARTED;
  return answers.map((answer, i) => {
    const decision = decideAfterAnswer(settings, progress, answer, {
      elapsedMs: (i + 1) * stepMs,
      random: 0.5,
    });
    progress = decision.progress;
    return decision;
  });
}

describe('readWaitFor (flags and inputs)', () => {
  it('is nothing when no path is given, and the defaults with only a path', () => {
    expect(readWaitFor({}, CLI_WAIT_FOR_LABELS)).toEqual({ ok: true });
    expect(readWaitFor({ path: '/healthz' }, CLI_WAIT_FOR_LABELS)).toEqual({
      ok: true,
      value: { path: '/healthz', statuses: [200], timeoutMs: 600_000, inRow: 3 },
    });
  });

  it('reads every flag: statuses, a timeout in units, the body text', () => {
    const read = readWaitFor(
      { path: ' /api/health?full=1 ', status: '200, 204', timeout: '1m30s', body: 'abc123' },
      CLI_WAIT_FOR_LABELS,
    );
    expect(read).toEqual({
      ok: true,
      value: {
        path: '/api/health?full=1',
        statuses: [200, 204],
        timeoutMs: 90_000,
        bodyIncludes: 'abc123',
        inRow: 3,
      },
    });
  });

  it('reports every problem at once, each at its flag, with the expected form', () => {
    const read = readWaitFor(
      { path: 'healthz', status: '2xx', timeout: '30', body: ' ' },
      CLI_WAIT_FOR_LABELS,
    );
    expect(read).toEqual({
      ok: false,
      issues: [
        {
          path: '--wait-for',
          message: 'expected a path on the target starting with /, like /healthz, got "healthz"',
        },
        {
          path: '--wait-for-status',
          message:
            'expected an HTTP status from 100 to 599, or several separated by commas, like 200,204, got "2xx"',
        },
        {
          path: '--wait-timeout',
          message:
            'expected a duration from 1s to 6h like 30s or 10m, got "30" (add a unit: "30s")',
        },
        {
          path: '--wait-for-body',
          message:
            'expected the text the ready answer\'s body contains (1 to 1000 characters, like the commit SHA), got " "',
        },
      ],
    });
  });

  it.each([
    ['0s', 'got "0s"'],
    ['7h', 'got "7h"'],
    ['soon', 'got "soon"'],
  ])('refuses the timeout %j', (timeout, got) => {
    const read = readWaitFor({ path: '/', timeout }, ACTION_WAIT_FOR_LABELS);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.issues).toEqual([
      {
        path: 'input wait-timeout',
        message: `expected a duration from 1s to 6h like 30s or 10m, ${got}`,
      },
    ]);
  });

  it.each(['600', '99', '200,abc', '', '200;204'])('refuses the status %j', (status) => {
    const read = readWaitFor({ path: '/', status }, CLI_WAIT_FOR_LABELS);
    expect(!read.ok && read.issues.map((issue) => issue.path)).toEqual(['--wait-for-status']);
  });

  it('refuses a full URL with why, and a path with spaces or a fragment', () => {
    const url = readWaitFor({ path: 'https://other.example/healthz' }, CLI_WAIT_FOR_LABELS);
    expect(!url.ok && url.issues[0]?.message).toContain(
      'got the URL "https://other.example/healthz": the path is polled on the target',
    );
    for (const path of ['/a b', '/a#top', '/a\u0007']) {
      expect(readWaitFor({ path }, CLI_WAIT_FOR_LABELS).ok).toBe(false);
    }
  });

  it('refuses the other flags without a path: they would do nothing', () => {
    const read = readWaitFor({ status: '204', timeout: '1m', body: 'sha' }, ACTION_WAIT_FOR_LABELS);
    expect(!read.ok && read.issues).toEqual(
      ['input wait-for-status', 'input wait-timeout', 'input wait-for-body'].map((path) => ({
        path,
        message: 'applies to the wait for the target: add input wait-for PATH (like /healthz)',
      })),
    );
  });
});

describe('readinessUrl', () => {
  it('keeps the base URL path prefix and drops its query', () => {
    expect(readinessUrl('http://127.0.0.1:8080', '/healthz')).toBe('http://127.0.0.1:8080/healthz');
    expect(readinessUrl('https://preview.example/app/?x=1', '/healthz?deep=1')).toBe(
      'https://preview.example/app/healthz?deep=1',
    );
  });
});

describe('backoff', () => {
  it('doubles from 1 s to the 15 s cap after misses; 1 s between matching answers', () => {
    const delays = [1, 2, 3, 4, 5, 6, 10].map((misses) =>
      nextDelayMs(DEFAULT_BACKOFF, misses, 0.5),
    );
    expect(delays).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000, 15_000]);
    expect(nextDelayMs(DEFAULT_BACKOFF, 0, 0.5)).toBe(1000);
  });

  it('spreads each delay by ±20 % with the randomness given, never above the cap', () => {
    expect(nextDelayMs(DEFAULT_BACKOFF, 3, 0)).toBe(3200);
    expect(nextDelayMs(DEFAULT_BACKOFF, 3, 0.999_999)).toBe(4800);
    expect(nextDelayMs(DEFAULT_BACKOFF, 9, 0.999_999)).toBe(15_000);
    expect(nextDelayMs(DEFAULT_BACKOFF, 9, 0)).toBe(12_000);
  });

  it('follows the plan it is given', () => {
    const plan: BackoffPlan = {
      initialDelayMs: 50,
      factor: 3,
      maxDelayMs: 400,
      confirmDelayMs: 20,
      jitter: 0,
    };
    expect([0, 1, 2, 3, 4].map((misses) => nextDelayMs(plan, misses, 0.9))).toEqual([
      20, 50, 150, 400, 400,
    ]);
  });

  it('gives a try 10 s, less near the deadline, never under 1 s', () => {
    expect(tryTimeoutMs(SETTINGS, 0)).toBe(10_000);
    expect(tryTimeoutMs(SETTINGS, 596_000)).toBe(4000);
    expect(tryTimeoutMs(SETTINGS, 600_000)).toBe(1000);
  });
});

describe('decideAfterAnswer', () => {
  it('is ready after 3 matching answers in a row, waiting 1 s between them', () => {
    const decisions = play([ok(), ok(), ok()]);
    expect(decisions.map((d) => d.kind)).toEqual(['wait', 'wait', 'ready']);
    expect(decisions[0]).toMatchObject({ delayMs: 1000 });
    expect(decisions[2]).toMatchObject({
      message: 'target ready: GET /healthz answered 200 3 times in a row (3 tries, 3 s)',
    });
  });

  it('starts counting again after a miss in between', () => {
    const decisions = play([ok(), ok(), ok(503), ok(), ok(), refused, ok(), ok(), ok()]);
    expect(decisions.map((d) => d.kind)).toEqual([
      'wait',
      'wait',
      'wait',
      'wait',
      'wait',
      'wait',
      'wait',
      'wait',
      'ready',
    ]);
    expect(decisions.map((d) => d.progress.matchesInRow)).toEqual([1, 2, 0, 1, 2, 0, 1, 2, 3]);
  });

  it('backs off while the target is down, from 1 s doubling', () => {
    const decisions = play([refused, refused, ok(502), ok(503)]);
    expect(decisions.map((d) => d.kind === 'wait' && d.delayMs)).toEqual([1000, 2000, 4000, 8000]);
  });

  it('accepts any of the expected statuses, and only those', () => {
    const settings = { ...SETTINGS, statuses: [204, 200] };
    expect(play([ok(204), ok(200), ok(204)], settings).at(-1)?.kind).toBe('ready');
    expect(play([ok(201), ok(201), ok(201)], settings).at(-1)?.kind).toBe('wait');
  });

  it('counts a right status only with the body text, when one is asked for', () => {
    const settings = { ...SETTINGS, bodyIncludes: 'abc123' };
    expect(play([ok(200, true), ok(200, true), ok(200, true)], settings).at(-1)?.kind).toBe(
      'ready',
    );
    const stale = play([ok(200, false), ok(200, false), ok(200, false)], settings);
    expect(stale.map((d) => d.progress.matchesInRow)).toEqual([0, 0, 0]);
  });

  it('never waits past the deadline: the last delay is cut so the last try lands on it', () => {
    const settings = { ...SETTINGS, timeoutMs: 10_000 };
    let progress: WaitProgress = WAIT_STARTED;
    for (let i = 0; i < 4; i++) {
      progress = decideAfterAnswer(settings, progress, refused, {
        elapsedMs: 0,
        random: 0.5,
      }).progress;
    }
    // Five misses: 15 s of backoff asked for, 2 s left.
    const decision = decideAfterAnswer(settings, progress, refused, {
      elapsedMs: 8000,
      random: 0.5,
    });
    expect(decision).toMatchObject({ kind: 'wait', delayMs: 2000 });
  });

  it('gives up once the time is spent, saying what the last try got', () => {
    const settings = { ...SETTINGS, timeoutMs: 10 * 60_000 };
    const answers = Array.from({ length: 41 }, () => ok(503));
    const decisions = play(answers, settings, 14_700);
    expect(decisions.at(-1)).toMatchObject({
      kind: 'give-up',
      message: 'target not ready after 10m: GET /healthz answered 503 (last of 41 tries)',
    });
    expect(decisions.slice(0, -1).every((d) => d.kind === 'wait')).toBe(true);
  });

  it('says connection refused and timed out as the shell words them', () => {
    const settings = { ...SETTINGS, timeoutMs: 2000 };
    expect(play([refused, refused], settings).at(-1)).toMatchObject({
      kind: 'give-up',
      message: 'target not ready after 2s: GET /healthz: connection refused (last of 2 tries)',
    });
    const timedOut: ReadinessAnswer = { kind: 'failed', reason: 'timed out after 10 s' };
    expect(play([timedOut], { ...settings, timeoutMs: 1000 }).at(-1)).toMatchObject({
      message: 'target not ready after 1s: GET /healthz: timed out after 10 s (its only try)',
    });
  });

  it('calls a right status without the body text a stale preview', () => {
    const settings = { ...SETTINGS, timeoutMs: 2000, bodyIncludes: 'abc123' };
    expect(play([ok(200, false), ok(200, false)], settings).at(-1)).toMatchObject({
      kind: 'give-up',
      message:
        'target not ready after 2s: GET /healthz answers 200 but its body does not contain abc123: stale preview? (last of 2 tries)',
    });
  });

  it('gives up at once on 401 or 403 three times in a row: deployed but protected', () => {
    const decisions = play([ok(503), ok(401), ok(403), ok(401)]);
    expect(decisions.map((d) => d.kind)).toEqual(['wait', 'wait', 'wait', 'give-up']);
    expect(decisions.at(-1)).toMatchObject({
      message:
        "target deployed but protected: GET /healthz answered 401 3 times in a row (4 tries, 4 s); let the readiness path through without credentials, or send the host's bypass header (with --wait-for-header, input wait-for-headers)",
    });
    // A single 401 at the deadline is named as such.
    expect(play([ok(401)], { ...SETTINGS, timeoutMs: 1000 }).at(-1)).toMatchObject({
      message:
        'target not ready after 1s: GET /healthz answered 401 (deployed but protected) (its only try)',
    });
    // Unless 401 is what was asked for.
    expect(play([ok(401), ok(401), ok(401)], { ...SETTINGS, statuses: [401] }).at(-1)?.kind).toBe(
      'ready',
    );
  });

  it('says how far a streak got when the time ran out during it', () => {
    const progress: WaitProgress = {
      tries: 7,
      matchesInRow: 2,
      missesInRow: 0,
      protectedInRow: 0,
      last: ok(),
    };
    expect(describeNotReady({ ...SETTINGS, timeoutMs: 30_000 }, progress)).toBe(
      'target not ready after 30s: GET /healthz answered 200, only 2 of the 3 in a row needed (last of 7 tries)',
    );
  });
});

describe('lines while waiting', () => {
  const url = 'http://127.0.0.1:8080/healthz';

  it('says what it waits for, and how long at most', () => {
    expect(describeWaitStart(SETTINGS, url)).toBe(
      'waiting for http://127.0.0.1:8080/healthz to answer 200 3 times in a row (up to 10m)',
    );
    expect(
      describeWaitStart({ ...SETTINGS, statuses: [200, 204], bodyIncludes: 'abc123' }, url),
    ).toBe(
      'waiting for http://127.0.0.1:8080/healthz to answer 200 or 204 with a body containing abc123 3 times in a row (up to 10m)',
    );
  });

  it('shows the last answer, the try and the time so far', () => {
    const at = (last: ReadinessAnswer, extra: Partial<WaitProgress> = {}) =>
      describeWaitProgress(
        { ...SETTINGS, bodyIncludes: 'abc123' },
        url,
        { ...WAIT_STARTED, tries: 4, last, ...extra },
        12_300,
      );
    expect(at(ok(503))).toBe('waiting for http://127.0.0.1:8080/healthz: 503 (try 4, 12 s so far)');
    expect(at(refused)).toBe(
      'waiting for http://127.0.0.1:8080/healthz: connection refused (try 4, 12 s so far)',
    );
    expect(at(ok(200, false))).toBe(
      'waiting for http://127.0.0.1:8080/healthz: 200 without abc123 in the body (try 4, 12 s so far)',
    );
    expect(at(ok(200, true), { matchesInRow: 2 })).toBe(
      'waiting for http://127.0.0.1:8080/healthz: 200 (2 of 3 in a row) (try 4, 12 s so far)',
    );
    expect(at(ok(403))).toContain(': 403 (deployed but protected?)');
  });

  it('is due at most every 10 s', () => {
    expect(isProgressDue(0, 9_999)).toBe(false);
    expect(isProgressDue(0, 10_000)).toBe(true);
  });
});

/**
 * The wait for a target (`--wait-for`) against real servers on 127.0.0.1: a target that gets
 * ready after a while, one that never does, a stale one, one that refuses, one that hangs, one
 * that flaps, one behind TLS. Backoff delays are shortened so each case takes about a second.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackoffPlan, WaitForSettings } from '../../src/core/input/wait-for.js';
import type { Clock } from '../../src/ports.js';
import {
  type ReadinessProbeOptions,
  UndiciReadinessProbe,
} from '../../src/shell/readiness-probe.js';
import { systemClock } from '../../src/shell/system-clock.js';
import { startH2TlsServer } from '../helpers/h2-tls-server.js';
import { findClosedPort, listenOnLoopback } from '../helpers/loopback-port.js';
import { makeProfile } from '../helpers/make-profile.js';

const FAST: BackoffPlan = {
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 300,
  confirmDelayMs: 50,
  jitter: 0,
};

const SETTINGS: WaitForSettings = {
  path: '/healthz',
  statuses: [200],
  timeoutMs: 5000,
  inRow: 3,
};

interface Seen {
  url: string;
  userAgent: string | undefined;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A loopback server answering each request with `answer(n)` (n from 0); records each request. */
async function startServer(
  answer: (n: number, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] });
    answer(seen.length - 1, req, res);
  });
  const port = await listenOnLoopback(server);
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, seen };
}

function reply(res: ServerResponse, status: number, body = '') {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

function profileOf(baseUrl: string) {
  return makeProfile(baseUrl, {
    executor: 'constant-arrival-rate',
    ratePerSec: 1,
    durationMs: 1000,
  });
}

async function wait(
  baseUrl: string,
  settings: Partial<WaitForSettings> = {},
  options: ReadinessProbeOptions & { clock?: Clock; signal?: AbortSignal } = {},
) {
  const { clock = systemClock, signal, ...probeOptions } = options;
  const probe = new UndiciReadinessProbe(clock, { backoff: FAST, ...probeOptions });
  const lines: string[] = [];
  const startMs = performance.now();
  const outcome = await probe.waitUntilReady(
    profileOf(baseUrl),
    { ...SETTINGS, ...settings },
    { ...(signal ? { signal } : {}), onLine: (line) => lines.push(line) },
  );
  return { outcome, lines, tookMs: performance.now() - startMs };
}

describe('UndiciReadinessProbe', { timeout: 10_000 }, () => {
  it('waits while the target answers 503 for 1.5 s, then is ready after 3 × 200', async () => {
    let readyAtMs = 0;
    const target = await startServer((_n, _req, res) => {
      if (readyAtMs === 0) readyAtMs = performance.now() + 1500;
      reply(res, performance.now() < readyAtMs ? 503 : 200, 'ok');
    });
    const { outcome, lines, tookMs } = await wait(target.url);

    expect(outcome).toMatchObject({
      kind: 'ready',
      message: expect.stringMatching(
        /^target ready: GET \/healthz answered 200 3 times in a row \(\d+ tries, \d s\)$/,
      ),
    });
    expect(tookMs).toBeGreaterThanOrEqual(1500);
    expect(tookMs).toBeLessThan(4000);
    expect(lines[0]).toBe(
      `waiting for ${target.url}/healthz to answer 200 3 times in a row (up to 5s)`,
    );
    // 503s while it deployed, then exactly three 200s: nothing more was sent once ready.
    const statuses = target.seen.length;
    expect(statuses).toBeGreaterThanOrEqual(6);
    expect(target.seen.every((s) => s.url === '/healthz')).toBe(true);
    expect(target.seen[0]?.userAgent).toMatch(/^loadgate\/\S+ \(readiness check\)$/);
  });

  it('gives up on a target that is never ready, naming the last answer and the tries', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 503));
    const { outcome, tookMs } = await wait(target.url, { timeoutMs: 1000 });

    expect(outcome).toEqual({
      kind: 'not-ready',
      message: `target not ready after 1s: GET /healthz answered 503 (last of ${target.seen.length} tries)`,
    });
    // The deadline holds: the last delay is cut to land on it.
    expect(tookMs).toBeGreaterThanOrEqual(1000);
    expect(tookMs).toBeLessThan(2000);
  });

  it('calls a 200 without the head SHA in its body a stale preview', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 200, 'build abc000 serving'));
    const { outcome } = await wait(target.url, { timeoutMs: 1000, bodyIncludes: 'abc123' });

    expect(outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(
        /^target not ready after 1s: GET \/healthz answers 200 but its body does not contain abc123: stale preview\? \(last of \d+ tries\)$/,
      ),
    });
  });

  it('is ready when the body holds the text; reads no more than 1 MiB of it', async () => {
    const fresh = await startServer((_n, _req, res) => reply(res, 200, 'build abc123 serving'));
    expect((await wait(fresh.url, { bodyIncludes: 'abc123' })).outcome.kind).toBe('ready');

    // The text only after the first MiB does not count.
    const padded = `${'x'.repeat(1024 * 1024)}abc123`;
    const late = await startServer((_n, _req, res) => reply(res, 200, padded));
    const { outcome } = await wait(late.url, { timeoutMs: 1000, bodyIncludes: 'abc123' });
    expect(outcome).toMatchObject({ kind: 'not-ready' });
    expect(outcome.kind === 'not-ready' && outcome.message).toContain('stale preview?');
  });

  it('says connection refused for a port nothing listens on', async () => {
    const port = await findClosedPort();
    const { outcome } = await wait(`http://127.0.0.1:${port}`, { timeoutMs: 1000 });

    expect(outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(
        /^target not ready after 1s: GET \/healthz: connection refused \(last of \d+ tries\)$/,
      ),
    });
  });

  it('says timed out for a target that never answers a try', async () => {
    const target = await startServer(() => {
      // Never answers; the per-try timeout ends each try.
    });
    const { outcome } = await wait(target.url, { timeoutMs: 1000 }, { tryTimeoutMs: () => 300 });

    expect(outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(
        /^target not ready after 1s: GET \/healthz: timed out after 0\.3 s \(last of \d+ tries\)$/,
      ),
    });
    expect(target.seen.length).toBeGreaterThanOrEqual(2);
  });

  it('counts K in a row afresh after a failure in between', async () => {
    const script = [200, 200, 503, 200, 200, 200, 200];
    const target = await startServer((n, _req, res) => reply(res, script[n] ?? 200));
    const { outcome } = await wait(target.url);

    expect(outcome).toEqual({
      kind: 'ready',
      message: expect.stringMatching(/answered 200 3 times in a row \(6 tries, \d s\)$/),
    });
    expect(target.seen).toHaveLength(6);
  });

  it('stops at 401 three times in a row: deployed but protected, without waiting it out', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 401));
    const { outcome, tookMs } = await wait(target.url, { timeoutMs: 60_000 });

    expect(outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(
        /^target deployed but protected: GET \/healthz answered 401 3/,
      ),
    });
    expect(tookMs).toBeLessThan(2000);
  });

  it('polls the path under the base URL path', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 200));
    await wait(`${target.url}/app/`, { path: '/healthz?deep=1' });
    expect(target.seen.map((s) => s.url)).toEqual(Array(3).fill('/app/healthz?deep=1'));
  });

  it('prints a progress line at most every 10 s of waiting', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 503));
    // A clock 4 s ahead at each reading: progress is due every third try or so.
    let fakeMs = 0;
    const clock: Clock = { nowMs: () => (fakeMs += 4000), epochMs: () => Date.now() };
    const { lines } = await wait(target.url, { timeoutMs: 60_000 }, { clock });

    const progress = lines.slice(1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (const line of progress) {
      expect(line).toMatch(
        new RegExp(`^waiting for ${target.url}/healthz: 503 \\(try \\d+, \\d+ s so far\\)$`),
      );
    }
    const seconds = progress.map((line) => Number(/, (\d+) s so far/.exec(line)?.[1]));
    for (let i = 1; i < seconds.length; i++) {
      expect((seconds[i] ?? 0) - (seconds[i - 1] ?? 0)).toBeGreaterThanOrEqual(10);
    }
  });

  it('ends at once when stopped', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 503));
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const { outcome, tookMs } = await wait(
      target.url,
      { timeoutMs: 60_000 },
      { signal: stop.signal },
    );
    expect(outcome).toEqual({ kind: 'stopped' });
    expect(tookMs).toBeLessThan(1500);
  });

  it('gets through a protected preview only with the bypass header, never printing its value', async () => {
    const secret = 'byp4ss-s3cret-value';
    // A protected preview: 401 unless the bypass header holds the secret.
    const target = await startServer((_n, req, res) =>
      reply(res, req.headers['x-vercel-protection-bypass'] === secret ? 200 : 401),
    );
    const without = await wait(target.url, { timeoutMs: 60_000 });
    expect(without.outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(/^target deployed but protected: GET \/healthz answered 401/),
    });
    const before = target.seen.length;

    const headers = [{ name: 'x-vercel-protection-bypass', value: secret }];
    const withHeader = await wait(target.url, { headers });
    expect(withHeader.outcome).toMatchObject({
      kind: 'ready',
      message: expect.stringMatching(/^target ready: GET \/healthz answered 200 3 times/),
    });
    expect(target.seen.length - before).toBe(3);
    const printed = [...withHeader.lines, ...without.lines, JSON.stringify(withHeader.outcome)];
    expect(printed.join('\n')).not.toContain(secret);
  });

  it("sends the profile's default headers, the explicit ones winning by name", async () => {
    const received: Record<string, string | string[] | undefined>[] = [];
    const target = await startServer((_n, req, res) => {
      received.push(req.headers);
      reply(res, 200);
    });
    const base = profileOf(target.url);
    const profile = {
      ...base,
      scenarios: base.scenarios.map((s) => ({
        ...s,
        headers: { ...s.headers, authorization: 'Bearer from-profile', 'x-team': 'profile' },
      })),
    };
    const probe = new UndiciReadinessProbe(systemClock, { backoff: FAST });
    const outcome = await probe.waitUntilReady(
      profile,
      { ...SETTINGS, headers: [{ name: 'x-team', value: 'explicit' }] },
      { onLine: () => {} },
    );
    expect(outcome.kind).toBe('ready');
    expect(received[0]).toMatchObject({
      authorization: 'Bearer from-profile',
      'x-team': 'explicit',
      'user-agent': expect.stringMatching(/\(readiness check\)$/),
    });
  });

  it('names the subject it waits for in its messages', async () => {
    const target = await startServer((_n, _req, res) => reply(res, 503));
    const probe = new UndiciReadinessProbe(systemClock, { backoff: FAST });
    const outcome = await probe.waitUntilReady(
      profileOf(target.url),
      { ...SETTINGS, timeoutMs: 1000 },
      { onLine: () => {}, subject: `baseline target ${target.url}` },
    );
    expect(outcome).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(
        new RegExp(`^baseline target ${target.url} not ready after 1s: GET /healthz answered 503`),
      ),
    });
  });

  it('trusts a private CA as the engine does (tls.ca), and says why it does not without it', async () => {
    const server = await startH2TlsServer({ allowHTTP1: true });
    closers.push(() => server.close());
    const { CERT_PEM } = await import('../helpers/h2-tls-server.js');
    const probe = new UndiciReadinessProbe(systemClock, { backoff: FAST });
    const trusted = {
      ...profileOf(server.url),
      tls: { rejectUnauthorized: true, ca: CERT_PEM },
    };
    const onLine = () => {};
    expect((await probe.waitUntilReady(trusted, SETTINGS, { onLine })).kind).toBe('ready');

    const untrusted = await probe.waitUntilReady(
      profileOf(server.url),
      { ...SETTINGS, timeoutMs: 1000 },
      { onLine },
    );
    expect(untrusted).toMatchObject({
      kind: 'not-ready',
      message: expect.stringMatching(/: TLS failed: self[- ]signed certificate/),
    });
  });
});

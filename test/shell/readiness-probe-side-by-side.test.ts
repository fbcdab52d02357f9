/**
 * The wait before a side-by-side run (`--wait-for` with `--baseline-target`): `waitForTarget`
 * with the real probe against two servers on 127.0.0.1, one ready at once and one after a few
 * tries, or never; and the wait headers kept out of every printed line. Backoff delays are
 * shortened so each case takes about a second at most.
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForTarget } from '../../src/app/wait-for-target.js';
import type { WaitForSettings } from '../../src/core/input/wait-for.js';
import { UndiciReadinessProbe } from '../../src/shell/readiness-probe.js';
import { systemClock } from '../../src/shell/system-clock.js';
import { MemoryOutput } from '../fakes/memory-ports.js';
import { listenOnLoopback } from '../helpers/loopback-port.js';
import { makeProfile } from '../helpers/make-profile.js';

const WAIT: WaitForSettings = { path: '/healthz', statuses: [200], timeoutMs: 60_000, inRow: 3 };

describe('waitForTarget with a baseline target (side by side), on loopback', {
  timeout: 15_000,
}, () => {
  const FAST = { initialDelayMs: 50, factor: 2, maxDelayMs: 100, confirmDelayMs: 30, jitter: 0 };
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  /** A loopback server answering try n (from 0) with `status(n)`; counts the tries. */
  async function startServer(status: (n: number) => number) {
    let tries = 0;
    const server = createServer((_req, res) => {
      res.writeHead(status(tries++));
      res.end();
    });
    const port = await listenOnLoopback(server);
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    return { url: `http://127.0.0.1:${port}`, tries: () => tries };
  }

  function profileOf(baseUrl: string) {
    return makeProfile(baseUrl, {
      executor: 'constant-arrival-rate',
      ratePerSec: 1,
      durationMs: 1000,
    });
  }

  const probe = new UndiciReadinessProbe(systemClock, { backoff: FAST });

  it('waits for both, each with its own lines and count: ready only when both are', async () => {
    const target = await startServer(() => 200);
    const baseline = await startServer((n) => (n < 3 ? 503 : 200));
    const output = new MemoryOutput();
    const outcome = await waitForTarget(
      { ...WAIT, timeoutMs: 5000 },
      profileOf(target.url),
      { readiness: probe, output },
      baseline.url,
    );
    expect(outcome).toBeUndefined();
    expect(target.tries()).toBe(3);
    // Three misses, then its own three in a row.
    expect(baseline.tries()).toBe(6);
    expect(output.events).toEqual(
      expect.arrayContaining([
        `info waiting for ${target.url}/healthz to answer 200 3 times in a row (up to 5s)`,
        `info waiting for ${baseline.url}/healthz to answer 200 3 times in a row (up to 5s)`,
        expect.stringMatching(
          /^info target ready: GET \/healthz answered 200 3 times in a row \(3 tries/,
        ),
        expect.stringMatching(
          new RegExp(
            `^info baseline target ${baseline.url} ready: GET /healthz answered 200 3 times in a row \\(6 tries`,
          ),
        ),
      ]),
    );
    // The target was ready first; the baseline target's line comes last: the run waits for it.
    expect(output.events.at(-1)).toMatch(/^info baseline target .* ready/);
  });

  it('ends as target-unusable naming a baseline target that never gets ready', async () => {
    const target = await startServer(() => 200);
    const baseline = await startServer(() => 503);
    const output = new MemoryOutput();
    const outcome = await waitForTarget(
      { ...WAIT, timeoutMs: 1000 },
      profileOf(target.url),
      { readiness: probe, output },
      baseline.url,
    );
    const message = `baseline target ${baseline.url} not ready after 1s: GET /healthz answered 503 (last of ${baseline.tries()} tries)`;
    expect(outcome).toEqual({ kind: 'target-unusable', message });
    expect(output.events).toContain(`error ${message}; no load was sent`);
  });

  it('stops waiting for the baseline target once the target gives up', async () => {
    const target = await startServer(() => 401);
    const baseline = await startServer(() => 503);
    const output = new MemoryOutput();
    const startMs = performance.now();
    const outcome = await waitForTarget(
      { ...WAIT, timeoutMs: 60_000 },
      profileOf(target.url),
      { readiness: probe, output },
      baseline.url,
    );
    expect(outcome).toMatchObject({
      kind: 'target-unusable',
      message: expect.stringMatching(/^target deployed but protected/),
    });
    expect(performance.now() - startMs).toBeLessThan(3000);
  });

  it('masks the wait headers before the first try, and never prints them', async () => {
    const secret = 'byp4ss-s3cret-value';
    const target = await startServer(() => 200);
    const output = new MemoryOutput();
    await waitForTarget(
      { ...WAIT, timeoutMs: 5000, headers: [{ name: 'x-bypass', value: secret }] },
      profileOf(target.url),
      { readiness: probe, output },
    );
    expect(output.masked).toEqual([secret]);
    expect(output.events.join('\n')).not.toContain(secret);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  BROKEN_REPLIES,
  type HostileServer,
  startBrokenServer,
  startTrickleServer,
} from '../../helpers/hostile-servers.js';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeProfile, makeScenario, runToCompletion } from '../../helpers/make-profile.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a body that never finishes in time', () => {
  it('is a timeout at the total deadline, not an interruption, and frees the connection', async () => {
    // Every gap (50 ms) is far below the 400 ms timeout; the whole body takes 3 s.
    const byteIntervalMs = 50;
    const totalBytes = 60;
    const bodyMs = byteIntervalMs * totalBytes;
    server = await startTrickleServer({ byteIntervalMs, totalBytes });
    const timeoutMs = 400;
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: 500 },
      // As in a profile that sets only `timeout`: the graceful stop defaults to it.
      { connections: 5, maxInFlight: 5, gracefulStopMs: timeoutMs },
      [makeScenario({ timeoutMs })],
    );
    const lag = await startMachineLagProbe();
    const started = performance.now();
    const run = await runToCompletion(profile);
    const elapsedMs = performance.now() - started;
    const lagMs = await lag.stop();
    const { overall, timeline } = run.recording;

    expect(run.status).toBe('completed');
    expect(overall.totals).toMatchObject({ requests: 5, ok: 0, errors: 5, interrupted: 0 });
    expect(overall.errorKinds).toEqual({ timeout: 5 });
    expect(overall.errorRate).toBe(1);
    // No latency is recorded for a request that never completed.
    expect(overall.latencyMs.max).toBe(0);
    // Sent at 0..400 ms, cut at 400..800 ms: all inside the first second of the timeline.
    expect(timeline[0]?.errors).toBe(5);
    // The connection is cut at the deadline (the sweep runs every few ms), not when the body ends.
    expect(server.requests).toHaveLength(5);
    for (const request of server.requests) {
      const heldMs = (request.closedAtMs ?? Number.POSITIVE_INFINITY) - request.atMs;
      expect(heldMs).toBeGreaterThanOrEqual(timeoutMs - 5);
      // A sweep is due every 5 ms; the rest is slack, plus what a loaded machine made us late.
      expect(heldMs).toBeLessThan(timeoutMs + 150 + lagMs);
    }
    // The first request went out at once: a run waiting for any body would last past bodyMs.
    expect(elapsedMs).toBeLessThan(bodyMs);
  });
});

describe('replies that are not valid HTTP', () => {
  it.each(Object.keys(BROKEN_REPLIES) as (keyof typeof BROKEN_REPLIES)[])(
    '%s is counted as a protocol error',
    async (name) => {
      server = await startBrokenServer(BROKEN_REPLIES[name]);
      const profile = makeProfile(
        server.url,
        { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 200 },
        { connections: 2, maxInFlight: 2, gracefulStopMs: 2000 },
        [makeScenario({ timeoutMs: 2000 })],
      );
      const run = await runToCompletion(profile);
      const { totals, errorKinds } = run.recording.overall;
      expect(totals.requests).toBe(4);
      expect(totals.interrupted).toBe(0);
      expect(errorKinds).toEqual({ protocol: 4 });
    },
  );
});

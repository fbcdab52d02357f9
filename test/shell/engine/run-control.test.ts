import { afterEach, describe, expect, it } from 'vitest';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeProfile, runToCompletion } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('stopping and saturation', () => {
  it('stops on abort and keeps the figures measured so far', async () => {
    server = await startTargetServer({ latencyMs: () => 5 });
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 100,
      durationMs: 30_000,
    });
    const controller = new AbortController();
    let abortedAtEpochMs = Number.NaN;
    setTimeout(() => {
      abortedAtEpochMs = Date.now();
      controller.abort();
    }, 1000);
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile, controller.signal);
    const lagMs = await lag.stop();
    expect(run.status).toBe('interrupted');
    // The measured window is the time from its start to the abort, wherever a loaded machine
    // put the abort (±2 ms of epoch-clock rounding, plus the machine's stalls while stopping).
    const untilAbortMs = abortedAtEpochMs - run.startedAtEpochMs;
    expect(untilAbortMs).toBeGreaterThan(900);
    expect(Math.abs(run.recording.durationMs - untilAbortMs)).toBeLessThan(50 + lagMs);
    expect(run.recording.overall.totals.ok).toBeGreaterThan(80);
    expect(run.recording.overall.totals.errors).toBe(0);
  });

  it('drop policy: arrivals beyond maxInFlight are dropped and counted, never silent', async () => {
    server = await startTargetServer({ latencyMs: () => 200 });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 1000 },
      { connections: 5, maxInFlight: 5, onMaxInFlight: 'drop' },
    );
    const run = await runToCompletion(profile);
    const { totals, dropRate } = run.recording.overall;
    expect(totals.requests + totals.dropped).toBe(100);
    expect(totals.dropped).toBeGreaterThan(60);
    expect(totals.queued).toBe(0);
    expect(dropRate).toBeCloseTo(totals.dropped / 100, 6);
    expect(server.requestCount()).toBe(totals.requests);
  });

  it('queue policy: arrivals wait for a slot and their latency includes the wait', async () => {
    server = await startTargetServer({ latencyMs: () => 50 });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 1000 },
      { connections: 2, maxInFlight: 2, onMaxInFlight: 'queue', gracefulStopMs: 10_000 },
    );
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile);
    const lagMs = await lag.stop();
    const { totals, latencyMs, serviceTimeMs } = run.recording.overall;
    expect(totals.requests).toBe(100);
    expect(totals.dropped).toBe(0);
    expect(totals.queued).toBeGreaterThan(50);
    // 2 slots × 20/s = 40/s served against 100/s asked: the queue grows to ~60 → waits of ~1.5 s.
    expect(latencyMs.max).toBeGreaterThan(1000);
    // Service time is the 50 ms answer alone (+ the machine's stalls), never the queue wait.
    expect(serviceTimeMs.p99).toBeLessThan(200 + lagMs);
  });

  it('opens the connections before the measured window', async () => {
    server = await startTargetServer();
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: 300 },
      { connections: 8, maxInFlight: 8 },
    );
    await runToCompletion(profile);
    // Eight connections at 10 req/s of instant answers: only pre-opening explains eight.
    expect(server.connectionCount()).toBe(8);
  });
});

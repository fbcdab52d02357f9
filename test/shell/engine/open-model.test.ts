import { afterEach, describe, expect, it } from 'vitest';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeProfile, makeScenario, runToCompletion } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('open model (constant-arrival-rate)', () => {
  it('sends exactly the scheduled arrivals, warm-up apart, in the weighted mix', async () => {
    server = await startTargetServer();
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 2000 },
      { warmupMs: 500 },
      [
        makeScenario({ name: 'a', path: '/a', weight: 3 }),
        makeScenario({ name: 'b', path: '/b', weight: 1 }),
      ],
    );
    const run = await runToCompletion(profile);
    const { overall, scenarios, warmup } = run.recording;
    expect(run.status).toBe('completed');
    expect(run.plannedRequests).toBe(400);
    expect(overall.totals.requests).toBe(400);
    expect(overall.totals.ok).toBe(400);
    // The warm-up ramps 20 → 200/s over 0.5 s: 55 arrivals, kept out of the figures.
    expect(warmup.requests).toBe(55);
    expect(server.requestCount()).toBe(455);
    const a = scenarios[0]?.totals.requests ?? 0;
    expect(a / 400).toBeGreaterThan(0.68);
    expect(a / 400).toBeLessThan(0.82);
    expect(overall.throughput.rps).toBeGreaterThan(190);
    expect(overall.throughput.rps).toBeLessThan(210);
  });

  it('spreads arrivals evenly (no once-a-second bursts)', async () => {
    server = await startTargetServer();
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 200,
      durationMs: 2000,
    });
    const lag = await startMachineLagProbe();
    await runToCompletion(profile);
    // Arrivals a machine stall of lagMs can shift from one window into the next (200/s).
    const shiftable = Math.ceil((200 * (await lag.stop())) / 1000);
    const times = server.requests.map((r) => r.atMs);
    const start = times[0] ?? 0;
    // 100 ms windows should each hold ~20 arrivals; a burst would pile hundreds into one.
    const perWindow = new Map<number, number>();
    for (const t of times) {
      const w = Math.floor((t - start) / 100);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    const counts = [...perWindow.entries()].filter(([w]) => w < 19).map(([, n]) => n);
    expect(counts.length).toBeGreaterThanOrEqual(18);
    expect(Math.max(...counts)).toBeLessThanOrEqual(32 + shiftable);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10 - shiftable);
  });

  it('records percentiles close to the latency the server injected', async () => {
    // A deterministic shuffle of 20..119 ms: the injected quantiles are known exactly.
    const delays = Array.from({ length: 300 }, (_, i) => 20 + ((i * 37) % 100));
    server = await startTargetServer({ latencyMs: (i) => delays[i % delays.length] ?? 0 });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 3000 },
      { connections: 32, maxInFlight: 32 },
    );
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile);
    const lagMs = await lag.stop();
    const lat = run.recording.overall.latencyMs;
    const sorted = [...delays].sort((x, y) => x - y);
    const injected = (q: number) => sorted[Math.ceil(q * sorted.length) - 1] ?? 0;
    // Measured = injected + timer and loopback overhead (a few ms), + the stalls of a loaded machine.
    for (const [measured, q] of [
      [lat.p50, 0.5],
      [lat.p90, 0.9],
      [lat.p99, 0.99],
    ] as const) {
      expect(measured).toBeGreaterThanOrEqual(injected(q) * 0.99);
      expect(measured).toBeLessThanOrEqual(injected(q) * 1.05 + 3 + lagMs);
    }
    expect(run.recording.overall.totals.queued).toBe(0);
  });

  it('shows a 1 s server stall in p99 (~0.9 s), measured from the intended send times', async () => {
    server = await startTargetServer({ stall: { afterFirstRequestMs: 4000, durationMs: 1000 } });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 10_000 },
      { connections: 64, maxInFlight: 64 },
    );
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile);
    const lagMs = await lag.stop();
    const { latencyMs, totals } = run.recording.overall;
    expect(totals.requests).toBe(2000);
    expect(totals.dropped).toBe(0);
    // ~200 of 2000 arrivals fall in the stall, waiting 1000..0 ms: the 99th percentile is ~0.9 s.
    expect(latencyMs.p99).toBeGreaterThan(850);
    expect(latencyMs.p99).toBeLessThan(1000 + lagMs);
    expect(latencyMs.max).toBeGreaterThan(950);
    expect(latencyMs.p50).toBeLessThan(20 + lagMs);
    // The generator itself stayed on schedule: the stall is the target's, not ours. (The probe
    // runs on its own thread: a generator that blocked its own loop would not be excused.)
    expect(run.recording.sendLagMs.p99).toBeLessThan(20 + lagMs);
  }, 30_000);
});

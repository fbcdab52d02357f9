import { afterEach, describe, expect, it } from 'vitest';
import { makeProfile, runToCompletion } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Most requests the server ever had open at once, from arrival times and fixed latency. */
function maxConcurrent(arrivalsMs: number[], latencyMs: number): number {
  let best = 0;
  for (const t of arrivalsMs)
    best = Math.max(best, arrivalsMs.filter((u) => u <= t && u > t - latencyMs + 1).length);
  return best;
}

describe('closed model (VU executors)', () => {
  it('constant-vus: each user waits for its answer, so throughput ≈ users / latency', async () => {
    server = await startTargetServer({ latencyMs: () => 20 });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-vus', vus: 4, durationMs: 1000 },
      { connections: 4, maxInFlight: 4 },
    );
    const run = await runToCompletion(profile);
    const requests = run.recording.overall.totals.requests;
    // 4 users × (1000 ms / ~21 ms) ≈ 190; timer slop on a busy machine lowers it.
    expect(requests).toBeGreaterThan(120);
    expect(requests).toBeLessThanOrEqual(200);
    expect(
      maxConcurrent(
        server.requests.map((r) => r.atMs),
        20,
      ),
    ).toBeLessThanOrEqual(4);
    expect(run.peakVus).toBe(4);
    expect(run.recording.sendLagMs.max).toBe(0);
  });

  it('think time spaces each user’s requests', async () => {
    server = await startTargetServer();
    const profile = makeProfile(
      server.url,
      { executor: 'constant-vus', vus: 2, durationMs: 1000 },
      { connections: 2, maxInFlight: 2, thinkTime: { minMs: 100, maxMs: 100 } },
    );
    const run = await runToCompletion(profile);
    // Each user: one request per ~100 ms → ~10 each.
    expect(run.recording.overall.totals.requests).toBeGreaterThanOrEqual(16);
    expect(run.recording.overall.totals.requests).toBeLessThanOrEqual(22);
  });

  it('ramping-vus: users are added along the ramp', async () => {
    server = await startTargetServer({ latencyMs: () => 10 });
    const profile = makeProfile(
      server.url,
      {
        executor: 'ramping-vus',
        startVus: 0,
        stages: [
          { durationMs: 1000, target: 6 },
          { durationMs: 500, target: 6 },
        ],
      },
      { connections: 6, maxInFlight: 6 },
    );
    const run = await runToCompletion(profile);
    const timeline = run.recording.timeline;
    expect(run.peakVus).toBe(6);
    expect(timeline.length).toBeGreaterThanOrEqual(2);
    // The first second ramps from 0 to 6 users; the held half-second runs all 6.
    const first = timeline[0]?.requests ?? 0;
    expect(first).toBeGreaterThan(50);
    expect(run.recording.overall.totals.requests).toBeGreaterThan(first);
  });
});

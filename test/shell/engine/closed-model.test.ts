import { afterEach, describe, expect, it } from 'vitest';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
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
    const { totals, latencyMs } = run.recording.overall;
    const requests = totals.requests;
    // Little's law for a closed loop: 4 users × (1000 ms / mean latency), ≈ 190 on a quiet
    // machine. A loaded one slows the answers and the throughput together, so the ratio holds.
    expect(latencyMs.mean).toBeGreaterThanOrEqual(20);
    expect(requests).toBeGreaterThan((0.8 * 4 * 1000) / latencyMs.mean);
    // The server answers in 20 ms at the soonest: 4 users can never pass 200.
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
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile);
    const lagMs = await lag.stop();
    // Each user: one request per ~100 ms → ~10 each; at most 1000 / 100 + 1 = 11 each.
    // The floor allows 25 ms of answer and timer slop per round, plus the machine's stalls.
    const requests = run.recording.overall.totals.requests;
    expect(requests).toBeGreaterThanOrEqual(2 * Math.floor(1000 / (100 + 25 + lagMs)));
    expect(requests).toBeLessThanOrEqual(22);
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

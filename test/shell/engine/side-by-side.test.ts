import { afterEach, describe, expect, it } from 'vitest';
import { sideOfIndex, sideOfIteration } from '../../../src/core/schedule/side-by-side.js';
import type { EngineOutcome } from '../../../src/ports.js';
import { WorkerEngine } from '../../../src/shell/engine/worker-engine.js';
import { systemClock } from '../../../src/shell/system-clock.js';
import { makeRequestScenario } from '../../helpers/make-journey.js';
import { makeEngine, makeProfile } from '../../helpers/make-profile.js';
import {
  findClosedPort,
  startTargetServer,
  type TargetServer,
} from '../../helpers/target-server.js';

let servers: TargetServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A: the baseline target; B: the target. */
async function startSides(latencyMs = 1): Promise<{ a: TargetServer; b: TargetServer }> {
  const [a, b] = await Promise.all([
    startTargetServer({ latencyMs: () => latencyMs }),
    startTargetServer({ latencyMs: () => latencyMs }),
  ]);
  servers.push(a, b);
  return { a, b };
}

function expectRan(outcome: EngineOutcome): Extract<EngineOutcome, { kind: 'ran' }> {
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got: ${outcome.message}`);
  return outcome;
}

/** The `n` query value of every request a target received. */
function seqsOf(server: TargetServer): number[] {
  return server.requests
    .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('n')))
    .sort((x, y) => x - y);
}

describe('side by side (--baseline-target): one schedule, two targets', () => {
  it('sends arrival k to A or B by pairs, A B then B A, and records both sides in full', async () => {
    const { a, b } = await startSides();
    const profile = makeProfile(
      b.url,
      { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 1000 },
      { connections: 8, maxInFlight: 8 },
      [makeRequestScenario({ name: 'seq', path: '/s?n=${seq}' })],
    );
    const outcome = expectRan(await makeEngine().run(profile, { baselineTarget: a.url }));

    // ${seq} is k + 1 for arrival k: which target got which arrival, whatever the timing.
    const planned = 200;
    const wantedA = Array.from({ length: planned }, (_, k) => k)
      .filter((k) => sideOfIndex(k) === 0)
      .map((k) => k + 1);
    const wantedB = Array.from({ length: planned }, (_, k) => k)
      .filter((k) => sideOfIndex(k) === 1)
      .map((k) => k + 1);
    expect(seqsOf(a)).toEqual(wantedA);
    expect(seqsOf(b)).toEqual(wantedB);
    // The first of each pair alternates: arrivals 1, 4, 5, 8, … go to A; 2, 3, 6, 7, … to B.
    expect(wantedA.slice(0, 4)).toEqual([1, 4, 5, 8]);
    expect(Math.abs(a.requestCount() - b.requestCount())).toBeLessThanOrEqual(1);

    const baseline = outcome.baselineSide;
    expect(baseline).toBeDefined();
    expect(outcome.recording.overall.totals.ok).toBe(b.requestCount());
    expect(baseline?.recording.overall.totals.ok).toBe(a.requestCount());
    expect(baseline?.recording.durationMs).toBe(outcome.recording.durationMs);
    expect(baseline?.recording.timeline.length).toBe(outcome.recording.timeline.length);
    expect(baseline?.protocolsSeen).toEqual(['http1']);
    // Each side plans its own share of the schedule.
    expect(baseline?.plannedRequests).toBe(wantedA.length);
    expect(outcome.plannedRequests).toBe(wantedB.length);
  });

  it('gives each side half of the connections', async () => {
    const { a, b } = await startSides(20);
    const profile = makeProfile(
      b.url,
      { executor: 'constant-arrival-rate', ratePerSec: 300, durationMs: 600 },
      { connections: 6, maxInFlight: 6 },
    );
    const outcome = expectRan(await makeEngine().run(profile, { baselineTarget: a.url }));
    expect(outcome.status).toBe('completed');
    expect(a.connectionCount()).toBe(3);
    expect(b.connectionCount()).toBe(3);
    expect(Math.abs(a.requestCount() - b.requestCount())).toBeLessThanOrEqual(1);
  });

  it('alternates each closed-model user between the sides, half of them starting on A', async () => {
    const { a, b } = await startSides(2);
    const profile = makeProfile(
      b.url,
      { executor: 'constant-vus', vus: 4, durationMs: 500 },
      { connections: 8, maxInFlight: 8 },
      [makeRequestScenario({ name: 'vu', path: '/v?vu=${vu}&it=${iteration}' })],
    );
    const outcome = expectRan(await makeEngine().run(profile, { baselineTarget: a.url }));
    const iterationsOf = (server: TargetServer) =>
      server.requests.map((r) => {
        const query = new URL(r.path, 'http://x').searchParams;
        return { vu: Number(query.get('vu')), it: Number(query.get('it')) };
      });
    for (const { vu, it } of iterationsOf(a)) expect(sideOfIteration(vu - 1, 0, it)).toBe(0);
    for (const { vu, it } of iterationsOf(b)) expect(sideOfIteration(vu - 1, 0, it)).toBe(1);
    expect(a.requestCount()).toBeGreaterThan(20);
    expect(b.requestCount()).toBeGreaterThan(20);
    expect(outcome.baselineSide?.recording.overall.totals.requests).toBe(a.requestCount());
    expect(outcome.recording.overall.totals.requests).toBe(b.requestCount());
  });

  it('runs on worker threads: each thread alternates within its stripe, both sides merged', async () => {
    const { a, b } = await startSides();
    const profile = makeProfile(
      b.url,
      { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 1000 },
      { connections: 8, maxInFlight: 8 },
      [makeRequestScenario({ name: 'seq', path: '/s?n=${seq}' })],
    );
    const outcome = expectRan(
      await new WorkerEngine(systemClock, 2).run(profile, { baselineTarget: a.url }),
    );
    expect((outcome.plannedRequests ?? 0) + (outcome.baselineSide?.plannedRequests ?? 0)).toBe(200);
    expect(outcome.plannedRequests).toBe(b.requestCount());
    expect(a.requestCount() + b.requestCount()).toBe(200);
    expect(Math.abs(a.requestCount() - b.requestCount())).toBeLessThanOrEqual(2);
    expect(outcome.baselineSide?.recording.overall.totals.ok).toBe(a.requestCount());
    expect(outcome.recording.overall.totals.ok).toBe(b.requestCount());
    // Each thread's four connections are split too: two a side.
    expect(a.connectionCount()).toBe(4);
    expect(b.connectionCount()).toBe(4);
  });

  it('says the baseline target could not be reached, naming it, before any load', async () => {
    const { b } = await startSides();
    const closed = `http://127.0.0.1:${await findClosedPort()}`;
    const profile = makeProfile(b.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 50,
      durationMs: 500,
    });
    const outcome = await makeEngine().run(profile, { baselineTarget: closed });
    expect(outcome.kind).toBe('unreachable');
    if (outcome.kind === 'unreachable') {
      expect(outcome.message).toContain('baseline target (--baseline-target)');
      expect(outcome.message).toContain(closed);
    }
    expect(b.requestCount()).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { planModel } from '../../../src/core/profile/build-plan.js';
import type { LoadPlan } from '../../../src/core/profile/types.js';
import type { ProgressSnapshot } from '../../../src/ports.js';
import { makeEngine, makeProfile } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs a profile and keeps every progress snapshot (one a second). */
async function runWithProgress(plan: LoadPlan) {
  server = await startTargetServer();
  const snapshots: ProgressSnapshot[] = [];
  const outcome = await makeEngine().run(
    makeProfile(server.url, plan, { connections: 4, maxInFlight: 4 }),
    { onProgress: (snapshot) => snapshots.push(snapshot) },
  );
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got: ${outcome.message}`);
  return { outcome, snapshots };
}

describe('one runner interface, chosen by the plan’s model', () => {
  it.each([
    [{ executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: 1 }, 'open'],
    [{ executor: 'ramping-arrival-rate', startRatePerSec: 0, stages: [] }, 'open'],
    [{ executor: 'constant-vus', vus: 1, durationMs: 1 }, 'closed'],
    [{ executor: 'ramping-vus', startVus: 0, stages: [] }, 'closed'],
  ] as const)('%o runs in the %s model', (plan, model) => {
    expect(planModel(plan as LoadPlan)).toBe(model);
  });

  it('open model: progress shows the schedule’s target rate at that moment, no users', async () => {
    const { outcome, snapshots } = await runWithProgress({
      executor: 'ramping-arrival-rate',
      startRatePerSec: 0,
      stages: [{ durationMs: 2000, target: 100 }],
    });
    expect(outcome.plannedRequests).toBe(100);
    expect(outcome.peakVus).toBeUndefined();
    expect(snapshots.length).toBeGreaterThan(0);
    for (const s of snapshots) {
      expect(s.totalMs).toBe(2000);
      // The ramp 0 → 100/s over 2 s: the rate at elapsed t is t / 20 (per second).
      if (s.elapsedMs < 2000) expect(s.targetRatePerSec).toBeCloseTo(s.elapsedMs / 20, 6);
      expect(s.activeVus).toBeUndefined();
    }
  });

  it('closed model: progress shows the active users, an empty queue and no target rate', async () => {
    const { outcome, snapshots } = await runWithProgress({
      executor: 'constant-vus',
      vus: 2,
      durationMs: 2000,
    });
    expect(outcome.peakVus).toBe(2);
    expect(outcome.plannedRequests).toBeUndefined();
    expect(snapshots.length).toBeGreaterThan(0);
    const measuring = snapshots.filter((s) => s.phase === 'measuring');
    expect(measuring.length).toBeGreaterThan(0);
    for (const s of measuring) expect(s.activeVus).toBe(2);
    for (const s of snapshots) {
      expect(s.totalMs).toBe(2000);
      expect(s.queued).toBe(0);
      expect(s.targetRatePerSec).toBeUndefined();
    }
  });
});

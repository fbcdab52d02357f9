import { afterEach, describe, expect, it } from 'vitest';
import { countCreatedHistograms } from '../../../src/core/stats/histogram.js';
import type { LiveSnapshot } from '../../../src/core/stats/run-recorder.js';
import { EMPTY_HISTOGRAM_ENCODING } from '../../helpers/empty-histogram.js';
import { makeEngine, makeProfile, makeScenario } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a profile of 20,000 scenarios', () => {
  it('holds histograms for the scenarios that were picked, not for every scenario', async () => {
    server = await startTargetServer();
    const scenarios = Array.from({ length: 20_000 }, (_, i) =>
      makeScenario({ name: `s${i}`, path: `/s${i}` }),
    );
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 2500 },
      { connections: 4, maxInFlight: 4 },
      scenarios,
    );
    const snapshots: LiveSnapshot[] = [];
    const before = countCreatedHistograms();
    const outcome = await makeEngine().run(profile, {
      // Live checks (every 2 s) build the figures of every scenario while the run goes on.
      liveCheck: (snapshot) => {
        snapshots.push(snapshot);
        return undefined;
      },
    });
    const created = countCreatedHistograms() - before;
    expect(outcome.kind).toBe('ran');
    if (outcome.kind !== 'ran') return;
    const { recording } = outcome;
    const requests = recording.overall.totals.requests;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThanOrEqual(50);
    expect(recording.scenarios).toHaveLength(20_000);
    expect(recording.scenarioTimelines).toHaveLength(20_000);
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    expect(snapshots[0]?.scenarios).toHaveLength(20_000);
    const picked = recording.scenarios.filter(
      (s) => s.totals.requests + s.totals.interrupted > 0,
    ).length;
    expect(picked).toBeGreaterThan(0);
    expect(picked).toBeLessThanOrEqual(50);
    // Per picked scenario: latency, service time, send lag, timeline window. Besides: the run's
    // timeline window, the overall figures of each live check and of the end (3 each), the
    // empty encoding. Building them for all 20,000 scenarios would be 80,000 (1.3 GB).
    expect(created).toBeLessThanOrEqual(4 * picked + 3 * (snapshots.length + 1) + 2);
    const untouched = recording.scenarios.find((s) => s.totals.requests === 0);
    expect(untouched?.histograms).toEqual({
      latency: EMPTY_HISTOGRAM_ENCODING,
      serviceTime: EMPTY_HISTOGRAM_ENCODING,
      sendLag: EMPTY_HISTOGRAM_ENCODING,
    });
  }, 20_000);
});

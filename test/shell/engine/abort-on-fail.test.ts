import { afterEach, describe, expect, it } from 'vitest';
import { buildAbortCheck } from '../../../src/core/judge/live-abort-check.js';
import type { Rules } from '../../../src/core/rules/types.js';
import { LIVE_CHECK_INTERVAL_MS } from '../../../src/shell/engine/undici-engine.js';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeEngine, makeProfile } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('abortOnFail while running', () => {
  it('stops a run whose p95 breaks its critical level, with the threshold as the cause', async () => {
    server = await startTargetServer({ latencyMs: () => 50 });
    const rules: Rules = {
      thresholds: [
        {
          metric: 'p95',
          failUnless: { op: '<', value: 20 },
          abortOnFail: true,
          source: 'p95 < 20 ms',
        },
      ],
      regressions: [],
      settings: { reportImprovements: true, confidence: 0.95 },
      defaulted: false,
    };
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 50,
      durationMs: 30_000,
    });
    const liveCheck = buildAbortCheck(rules, ['root']);
    const lag = await startMachineLagProbe();
    const started = performance.now();
    const outcome = await makeEngine().run(profile, { ...(liveCheck ? { liveCheck } : {}) });
    const elapsedMs = performance.now() - started;
    const lagMs = await lag.stop();
    expect(outcome.kind).toBe('ran');
    if (outcome.kind !== 'ran') return;
    expect(outcome.status).toBe('aborted');
    expect(outcome.abortCause).toBe('threshold');
    // The server answers in 50 ms; a loaded machine adds to it, so only the floor is certain.
    expect(outcome.abortReason).toMatch(
      /^abortOnFail threshold broken: p95 [\d.]+ ms, needs < 20 ms \(critical\)$/,
    );
    // Broken from the first answer, so the first check (or, at worst, the second) stops the 30 s
    // run; a loaded machine delays the checks by what the probe saw.
    expect(elapsedMs).toBeLessThan(2 * LIVE_CHECK_INTERVAL_MS + lagMs);
    expect(outcome.recording.overall.totals.requests).toBeGreaterThan(50);
  });
});

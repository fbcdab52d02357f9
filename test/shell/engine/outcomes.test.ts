import { afterEach, describe, expect, it } from 'vitest';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import {
  makeEngine,
  makeProfile,
  makeScenario,
  runToCompletion,
} from '../../helpers/make-profile.js';
import {
  findClosedPort,
  startTargetServer,
  type TargetServer,
} from '../../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const plan = { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 500 } as const;

describe('classifying what came back', () => {
  it('counts expected 4xx as blocked, unexpected statuses and bodies as failed, by kind', async () => {
    server = await startTargetServer({
      status: (r) =>
        r.path.startsWith('/attack')
          ? 403
          : r.path.startsWith('/broken')
            ? 503
            : r.path.startsWith('/gone')
              ? 404
              : 200,
      body: (r) => (r.path.startsWith('/attack') ? 'blocked by policy' : 'hello'),
    });
    const profile = makeProfile(server.url, plan, {}, [
      makeScenario({
        name: 'attack',
        path: '/attack',
        expect: { status: [403], bodyIncludes: 'blocked by policy' },
      }),
      makeScenario({ name: 'broken', path: '/broken' }),
      makeScenario({ name: 'gone', path: '/gone' }),
      makeScenario({
        name: 'wrong body',
        path: '/ok',
        expect: { status: [200], bodyIncludes: 'goodbye' },
      }),
      makeScenario({ name: 'fine', path: '/ok' }),
    ]);
    const { recording } = await runToCompletion(profile);
    const [attack, broken, gone, wrongBody, fine] = recording.scenarios;
    expect(attack?.totals.blocked).toBe(attack?.totals.requests);
    expect(attack?.blockRate).toBe(1);
    expect(broken?.failureKinds.http_5xx).toBe(broken?.totals.requests);
    expect(broken?.statusCodes['503']).toBe(broken?.totals.requests);
    expect(gone?.failureKinds.http_4xx).toBe(gone?.totals.requests);
    expect(wrongBody?.failureKinds.body_mismatch).toBe(wrongBody?.totals.requests);
    expect(fine?.totals.ok).toBe(fine?.totals.requests);
    expect(recording.overall.totals.requests).toBe(50);
    const { ok, blocked, failed, errors } = recording.overall.totals;
    expect(ok + blocked + failed + errors).toBe(50);
    expect(recording.overall.errorRate).toBeCloseTo(failed / 50, 6);
  });

  it('names transport errors: resets and timeouts are counted apart', async () => {
    server = await startTargetServer({
      resetWhen: (r) => r.path === '/reset',
      hangWhen: (r) => r.path === '/hang',
    });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 500 },
      {},
      [
        makeScenario({ name: 'reset', path: '/reset' }),
        makeScenario({ name: 'hang', path: '/hang', timeoutMs: 1000 }),
      ],
    );
    const { recording } = await runToCompletion(profile);
    const [reset, hang] = recording.scenarios;
    expect(reset?.totals.errors).toBe(reset?.totals.requests);
    expect(reset?.errorKinds.connection_reset).toBe(reset?.totals.errors);
    expect(hang?.errorKinds.timeout).toBe(hang?.totals.requests);
    expect(recording.overall.errorRate).toBe(1);
    // Transport errors have no response time: nothing enters the latency histogram.
    expect(recording.overall.latencyMs.max).toBe(0);
  });
});

describe('timeouts', () => {
  it('counts an answer slower than the timeout as a timeout, exactly, though undici cuts late', async () => {
    server = await startTargetServer({ latencyMs: (i) => (i % 2 === 0 ? 300 : 10) });
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 1000 },
      {},
      [makeScenario({ timeoutMs: 150 })],
    );
    const { recording } = await runToCompletion(profile);
    const { totals, errorKinds, latencyMs } = recording.overall;
    expect(totals.requests).toBe(20);
    expect(errorKinds.timeout).toBe(10);
    expect(totals.ok).toBe(10);
    // Only the fast answers are in the latency figures.
    expect(latencyMs.max).toBeLessThan(150);
  });
});

describe('a target that is not there', () => {
  it('gives up before the run when every connection is refused', async () => {
    const port = await findClosedPort();
    const lag = await startMachineLagProbe();
    const started = performance.now();
    const outcome = await makeEngine().run(makeProfile(`http://127.0.0.1:${port}`, plan), {});
    const elapsedMs = performance.now() - started;
    const lagMs = await lag.stop();
    expect(outcome.kind).toBe('unreachable');
    if (outcome.kind === 'unreachable')
      expect(outcome.message).toMatch(/connection refused \(ECONNREFUSED\)/);
    // Shorter than the plan: the schedule never started.
    expect(elapsedMs).toBeLessThan(plan.durationMs + lagMs);
  });

  it('aborts a run whose target goes away, keeping what was measured', async () => {
    server = await startTargetServer();
    const target = server;
    setTimeout(() => void target.close(), 1000);
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 50,
      durationMs: 20_000,
    });
    const started = performance.now();
    const run = await runToCompletion(profile);
    expect(run.status).toBe('aborted');
    expect(run.abortReason).toMatch(/target unreachable.*connection refused/);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(run.recording.overall.totals.ok).toBeGreaterThan(30);
    expect(run.recording.overall.errorKinds.connection_refused).toBeGreaterThan(0);
    server = undefined;
  }, 15_000);
});

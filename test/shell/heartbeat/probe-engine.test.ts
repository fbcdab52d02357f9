import { afterEach, describe, expect, it } from 'vitest';
import { HeartbeatRecorder, type ProbeResult } from '../../../src/core/stats/heartbeat-recorder.js';
import { DeadlineSweeper } from '../../../src/shell/engine/deadline-sweeper.js';
import { PROBE_DRAIN_MS, UndiciProbeEngine } from '../../../src/shell/heartbeat/probe-engine.js';
import { CERT_PEM, startH2TlsServer } from '../../helpers/h2-tls-server.js';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeProfile, makeScenario } from '../../helpers/make-profile.js';
import {
  findClosedPort,
  startTargetServer,
  type TargetServer,
} from '../../helpers/target-server.js';

const clock = { nowMs: () => performance.now(), epochMs: () => Date.now() };
const PLAN = { executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: 1000 } as const;

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs the engine for `forMs`, then stops it; resolves with what it recorded. */
async function probeFor(
  baseUrl: string,
  scenarios: ReturnType<typeof makeScenario>[],
  intervalMs: number,
  forMs: number,
  failAfter = 3,
) {
  const results: ProbeResult[] = [];
  const recorder = new HeartbeatRecorder(scenarios.length, clock.nowMs(), failAfter, (r) =>
    results.push(r),
  );
  const profile = makeProfile(baseUrl, PLAN, { connections: 2 }, scenarios);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), forMs);
  const startMs = recorder.startMs;
  await new UndiciProbeEngine(clock).run(profile, {
    intervalMs,
    recorder,
    signal: controller.signal,
  });
  clearTimeout(timer);
  const stoppedAfterMs = clock.nowMs() - startMs - forMs;
  const snapshot = recorder.snapshot(clock.nowMs());
  const recording = recorder.finish(clock.nowMs());
  return { results, snapshot, recording, startMs, stoppedAfterMs };
}

describe('UndiciProbeEngine (the heartbeat against a real target on 127.0.0.1)', () => {
  it('uses the profile’s tls.ca and protocol as the load engine does: an HTTPS/2 staging target is probed', async () => {
    const tlsServer = await startH2TlsServer();
    try {
      const scenarios = [makeScenario()];
      const recorder = new HeartbeatRecorder(1, clock.nowMs(), 3, () => undefined);
      const profile = {
        ...makeProfile(tlsServer.url, PLAN, { connections: 1 }, scenarios),
        protocol: 'http2' as const,
        tls: { rejectUnauthorized: true, caPath: 'cert.pem', ca: CERT_PEM },
      };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 250);
      await new UndiciProbeEngine(clock).run(profile, {
        intervalMs: 100,
        recorder,
        signal: controller.signal,
      });
      clearTimeout(timer);
      const totals = recorder.finish(clock.nowMs()).overall.totals;
      expect(totals.ok).toBeGreaterThan(0);
      expect(totals.errors).toBe(0);
      expect(tlsServer.versions).toEqual({ '2.0': totals.ok });
    } finally {
      await tlsServer.close();
    }
  });

  it('sends one probe per interval, cycling through the scenarios in profile order', async () => {
    server = await startTargetServer({
      status: (req) => (req.path === '/policy' ? 403 : 200),
    });
    const scenarios = [
      makeScenario({ name: 'policy', path: '/policy', expect: { status: [403] } }),
      makeScenario({ name: 'health', path: '/health' }),
    ];
    const lag = await startMachineLagProbe();
    const { results, snapshot } = await probeFor(server.url, scenarios, 100, 1050);
    const lagMs = await lag.stop();
    const paths = server.requests.map((r) => r.path);
    // Due at 0, 100, … 1000 ms: 11 probes, fewer only where a stalled machine skipped slots.
    expect(paths.length).toBeLessThanOrEqual(11);
    expect(paths.length + snapshot.missedSlots).toBeGreaterThanOrEqual(11 - Math.ceil(lagMs / 100));
    expect(paths).toEqual(paths.map((_, i) => (i % 2 === 0 ? '/policy' : '/health')));
    expect(results.map((r) => r.outcome)).toEqual(
      paths.map((p) => (p === '/policy' ? 'blocked' : 'ok')),
    );
    expect(results.every((r) => r.success)).toBe(true);
  });

  it('keeps the grid: each probe is sent at start + k × interval, late by little and never drifting', async () => {
    server = await startTargetServer();
    const intervalMs = 100;
    const lag = await startMachineLagProbe();
    const { startMs, snapshot, recording } = await probeFor(
      server.url,
      [makeScenario()],
      intervalMs,
      3000,
    );
    const lagMs = await lag.stop();
    expect(snapshot.missedSlots).toBe(0);
    // Arrival at the target (same process, same clock) against the intended time of probe k.
    const jitterMs = server.requests.map((r, k) => r.atMs - (startMs + k * intervalMs));
    expect(jitterMs.length).toBeGreaterThanOrEqual(29);
    // Never early (a probe sent before its time would be a scheduling bug, not noise).
    expect(Math.min(...jitterMs)).toBeGreaterThanOrEqual(0);
    // Late by a few ms at most, plus what the machine imposed; and the 30th probe no later than
    // the first ones: lateness does not add up.
    expect(Math.max(...jitterMs)).toBeLessThan(15 + lagMs);
    const lastFive = jitterMs.slice(-5);
    expect(Math.min(...lastFive)).toBeLessThan(5 + lagMs);
    // The recorder's own send lag (written to the connection against due time) agrees.
    expect(recording.sendLagMs.max).toBeLessThan(15 + lagMs);
  });

  it('a hanging scenario times out on its own deadline and never delays the others', async () => {
    server = await startTargetServer({ hangWhen: (req) => req.path === '/slow' });
    const scenarios = [
      makeScenario({ name: 'slow', path: '/slow', timeoutMs: 250 }),
      makeScenario({ name: 'fast', path: '/fast' }),
    ];
    const lag = await startMachineLagProbe();
    const { results, startMs } = await probeFor(server.url, scenarios, 100, 1050);
    const lagMs = await lag.stop();
    const fast = server.requests.filter((r) => r.path === '/fast');
    // Probes 1, 3, 5 … are due at 100, 300, 500 … ms whatever the slow ones do.
    fast.forEach((r, i) => {
      expect(r.atMs - (startMs + (2 * i + 1) * 100)).toBeLessThan(15 + lagMs);
    });
    const slow = results.filter((r) => r.scenario === 0);
    expect(slow.length).toBeGreaterThanOrEqual(3);
    expect(slow.every((r) => r.outcome === 'error' && r.kind === 'timeout')).toBe(true);
    expect(slow.map((r) => r.health.consecutiveFailures).slice(0, 3)).toEqual([1, 2, 3]);
    expect(slow[2]?.health.transition).toBe('down');
  });

  it('a closed port: every probe is a connection_refused error, still on the grid', async () => {
    const port = await findClosedPort();
    const { results, snapshot } = await probeFor(
      `http://127.0.0.1:${port}`,
      [makeScenario()],
      100,
      550,
      2,
    );
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(results.every((r) => r.kind === 'connection_refused')).toBe(true);
    expect(results[1]?.health.transition).toBe('down');
    expect(snapshot.scenarios[0]?.errors).toBe(results.length);
  });

  it('holds nothing per probe: finished probes leave the deadline lanes even when answered at once', async () => {
    server = await startTargetServer();
    let sweeper: DeadlineSweeper | undefined;
    const engine = new UndiciProbeEngine(clock, (timeoutsMs, nowMs) => {
      sweeper = new DeadlineSweeper(timeoutsMs, nowMs);
      return sweeper;
    });
    const recorder = new HeartbeatRecorder(1, clock.nowMs(), 3);
    const controller = new AbortController();
    const held: number[] = [];
    // Look between probes (50 ms after each is due): an answer on loopback takes ~1 ms, well
    // within the sweeper's first 5 ms interval.
    let look: NodeJS.Timeout | undefined;
    const lookFrom = setTimeout(() => {
      look = setInterval(() => held.push(sweeper?.held() ?? -1), 100);
    }, 50);
    setTimeout(() => controller.abort(), 1520);
    await engine.run(makeProfile(server.url, PLAN, { connections: 1 }, [makeScenario()]), {
      intervalMs: 100,
      recorder,
      signal: controller.signal,
    });
    clearTimeout(lookFrom);
    clearInterval(look);
    recorder.destroy();
    expect(server.requestCount()).toBeGreaterThanOrEqual(14);
    // At most the probe in flight at the moment of looking; never one per probe sent.
    expect(Math.max(...held)).toBeLessThanOrEqual(1);
  });

  it('a stop ends the probes: one in flight gets a moment, then is cut and counted as interrupted', async () => {
    server = await startTargetServer({ hangWhen: () => true });
    const lag = await startMachineLagProbe();
    const { results, recording, stoppedAfterMs } = await probeFor(
      server.url,
      [makeScenario({ timeoutMs: 60_000 })],
      1000,
      150,
    );
    const lagMs = await lag.stop();
    expect(server.requestCount()).toBe(1);
    expect(results).toEqual([]);
    expect(recording.overall.totals).toMatchObject({ requests: 0, interrupted: 1 });
    expect(stoppedAfterMs).toBeGreaterThanOrEqual(PROBE_DRAIN_MS - 5);
    expect(stoppedAfterMs).toBeLessThan(PROBE_DRAIN_MS + 500 + lagMs);
  });
});

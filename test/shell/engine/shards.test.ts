import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import type { LoadPlan } from '../../../src/core/profile/types.js';
import { buildArrivalSchedule } from '../../../src/core/schedule/arrival-schedule.js';
import {
  countInStripe,
  type Stripe,
  shardStripe,
  WHOLE_SCHEDULE,
} from '../../../src/core/schedule/stripe.js';
import {
  buildVuSchedule,
  createIndexedScenarioPicker,
  createRandom,
  createScenarioPicker,
} from '../../../src/core/schedule/vu-schedule.js';
import { ClosedModelRunner } from '../../../src/shell/engine/closed-model-runner.js';
import { OpenModelRunner } from '../../../src/shell/engine/open-model-runner.js';
import type { RequestSender } from '../../../src/shell/engine/request-sender.js';
import { makeEngine, makeProfile, makeScenario } from '../../helpers/make-profile.js';
import { startTargetServer, type TargetServer } from '../../helpers/target-server.js';

const servers: TargetServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(): Promise<TargetServer> {
  const server = await startTargetServer();
  servers.push(server);
  return server;
}

/** A sender that answers at once and logs what it was asked to send; its clock is `now()`. */
function fakeSender(
  now: () => number,
  onSend: (code: number, intendedMs: number, done: () => void) => void,
) {
  const recorder = { tick() {}, onReleased() {}, onQueued() {}, onDropped() {} };
  return { nowMs: now, recorder, send: onSend } as unknown as RequestSender;
}

const WEIGHTS = [3, 1, 2];
const SEED = 11;

/** Every arrival a stripe of the open model sends: [intended ms, mix code], and its plan. */
async function runOpenStripe(plan: LoadPlan, warmupMs: number, stripe: Stripe) {
  const sent: [number, number][] = [];
  const sender = fakeSender(
    // Far in the future: every arrival is due at the first tick.
    () => 1e12,
    (code, intendedMs, done) => {
      sent.push([intendedMs, code]);
      done();
    },
  );
  const runner = new OpenModelRunner(sender, buildArrivalSchedule(plan, warmupMs), 0, {
    maxInFlight: 10,
    onMaxInFlight: 'queue',
    gracefulStopMs: 0,
    pickEntry: createScenarioPicker(WEIGHTS, createRandom(SEED)),
    pickEntryAt: createIndexedScenarioPicker(WEIGHTS, SEED),
    directCount: WEIGHTS.length,
    stripe,
  });
  await runner.run();
  return { sent, planned: runner.outcomeFigures().plannedRequests };
}

describe('open model, striped: the shards together are the single process, arrival for arrival', () => {
  it.each([
    [
      'a constant rate, 2 shards',
      { executor: 'constant-arrival-rate', ratePerSec: 97, durationMs: 3000 } as LoadPlan,
      0,
      2,
    ],
    [
      'a ramp up and down after a warm-up, 3 shards',
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 0,
        stages: [
          { durationMs: 2000, target: 150 },
          { durationMs: 1500, target: 20 },
        ],
      } as LoadPlan,
      700,
      3,
    ],
  ])(
    '%s: same intended times, same scenario for every global arrival, planned counts add up',
    async (_, plan, warmupMs, count) => {
      const whole = await runOpenStripe(plan, warmupMs, WHOLE_SCHEDULE);
      expect(whole.sent.length).toBeGreaterThan(200);
      const shards = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          runOpenStripe(plan, warmupMs, shardStripe(i + 1, count)),
        ),
      );
      // Shard i sends global arrivals k ≡ i−1 (mod N), in order: whole[k] for each of them.
      shards.forEach((shard, i) => {
        expect(shard.sent).toEqual(whole.sent.filter((_, k) => k % count === i));
      });
      const union = shards.flatMap((shard) => shard.sent).sort((a, b) => a[0] - b[0] || 0);
      expect(union.map(([t]) => t)).toEqual(whole.sent.map(([t]) => t));
      expect(shards.reduce((sum, shard) => sum + shard.planned, 0)).toBe(whole.planned);
      // The mix really varies, so matching it arrival for arrival means something.
      expect(new Set(whole.sent.map(([, code]) => code)).size).toBe(3);
    },
  );
});

describe('closed model, striped: the shards’ users add up to the schedule’s at every moment', () => {
  it('a ramp up and down: Σ active users = wanted users, each global user in exactly one shard', () => {
    vi.useFakeTimers();
    const plan: LoadPlan = {
      executor: 'ramping-vus',
      startVus: 0,
      stages: [
        { durationMs: 2000, target: 7 },
        { durationMs: 2000, target: 2 },
      ],
    };
    const schedule = buildVuSchedule(plan, 0);
    let clockMs = 0;
    const pending: (() => void)[] = [];
    const vusOf: number[][] = [];
    const runners = [1, 2, 3].map((index) => {
      const seen: number[] = [];
      vusOf.push(seen);
      const runner = new ClosedModelRunner(
        fakeSender(
          () => clockMs,
          (_code, _intended, done) => pending.push(done),
        ),
        buildVuSchedule(plan, 0),
        0,
        {
          gracefulStopMs: 0,
          pickEntry: () => 0,
          directCount: 1,
          thinkTimeMs: () => 0,
          stripe: shardStripe(index, 3),
          prepareVu: (vu, ready) => {
            seen.push(vu);
            ready();
          },
        },
      );
      void runner.run();
      return runner;
    });
    let moments = 0;
    for (clockMs = 50; clockMs < 4000; clockMs += 50) {
      vi.advanceTimersByTime(50);
      // Every request answers: users beyond the wanted count retire, the others send again.
      for (const done of pending.splice(0)) done();
      const wanted = schedule.targetVusAt(clockMs);
      const active = runners.map((runner) => runner.activeVus);
      expect(active).toEqual([1, 2, 3].map((i) => countInStripe(wanted, shardStripe(i, 3))));
      expect(active.reduce((a, b) => a + b, 0)).toBe(wanted);
      moments++;
    }
    expect(moments).toBeGreaterThan(70);
    // ${vu} stays global: shard i runs users i, i+3, i+6 of the 7 at the peak.
    expect(vusOf.map((vus) => [...new Set(vus)].sort((a, b) => a - b))).toEqual([
      [1, 4, 7],
      [2, 5],
      [3, 6],
    ]);
    expect(runners.map((runner) => runner.outcomeFigures().peakVus)).toEqual([3, 2, 2]);
    for (const runner of runners) runner.stop();
  });
});

describe('the engine, sharded, against real servers', () => {
  it('two shards started together with --start-at send the whole mix interleaved, each at its own intended times', async () => {
    const [a, b] = [await startServer(), await startServer()];
    const scenarios = ['/a', '/b', '/c'].map((path, i) =>
      makeScenario({ name: path, path, weight: WEIGHTS[i] as number }),
    );
    const plan: LoadPlan = { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 1500 };
    const startAtEpochMs = Date.now() + 600;
    const waits: number[] = [];
    const run = (url: string, index: number) =>
      makeEngine().run(
        { ...makeProfile(url, plan, {}, scenarios), seed: SEED, shard: { index, count: 2 } },
        { startAtEpochMs, onStartWait: (ms) => waits.push(ms) },
      );
    const outcomes = await Promise.all([run(a.url, 1), run(b.url, 2)]);
    const expected = (() => {
      const pick = createScenarioPicker(WEIGHTS, createRandom(SEED));
      return Array.from({ length: 30 }, () => `/${'abc'[pick()]}`);
    })();
    // Each server saw its shard's arrivals, in order, with the single process's scenarios.
    expect(a.requests.map((r) => r.path)).toEqual(expected.filter((_, k) => k % 2 === 0));
    expect(b.requests.map((r) => r.path)).toEqual(expected.filter((_, k) => k % 2 === 1));
    for (const outcome of outcomes) {
      if (outcome.kind !== 'ran') throw new Error(outcome.message);
      expect(outcome.plannedRequests).toBe(15);
      expect(outcome.recording.overall.totals.requests).toBe(15);
      // Started at --start-at, never before it, and the skew recorded. Within a few ms alone;
      // here two engines share one event loop (and a busy machine), so one may hold the other.
      expect(outcome.startSkewMs).toBeGreaterThanOrEqual(0);
      expect(outcome.startSkewMs).toBeLessThan(100);
    }
    expect(waits).toHaveLength(2);
    for (const ms of waits) expect(ms).toBeGreaterThan(300);
    // Interleaved: shard 2's arrival j falls halfway between shard 1's j and j+1 (50 ms apart
    // at 20/s overall), once the difference of their recorded start skews is taken out. The
    // median keeps one late timer on a busy machine from deciding.
    const skewsMs = outcomes.map((o) => (o.kind === 'ran' ? (o.startSkewMs ?? 0) : 0));
    const skewDifferenceMs = (skewsMs[1] ?? 0) - (skewsMs[0] ?? 0);
    const gapsMs = b.requests
      .map((r, j) => r.atMs - (a.requests[j]?.atMs ?? Number.NaN) - skewDifferenceMs)
      .sort((x, y) => x - y);
    expect(gapsMs).toHaveLength(15);
    expect(gapsMs[7]).toBeGreaterThan(35);
    expect(gapsMs[7]).toBeLessThan(65);
    const firstA = a.requests[0]?.atMs ?? 0;
    // And the first arrival did not come before the agreed start.
    expect(performance.timeOrigin + firstA).toBeGreaterThanOrEqual(startAtEpochMs - 2);
  });

  it('closed model: each shard runs its users with their global ${vu}', async () => {
    const server = await startServer();
    const text = `name: vus
baseUrl: ${server.url}
scenarios: [{ name: user, path: "/vu/\${vu}" }]
load: { executor: constant-vus, vus: 3, duration: 400ms, warmup: 0s, connections: 3 }
`;
    const peaks: (number | undefined)[] = [];
    const pathsOf: string[][] = [];
    for (const shard of ['1/2', '2/2']) {
      const parsed = parseProfile(text, { env: {}, overrides: { shard } });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const before = server.requestCount();
      const outcome = await makeEngine().run(parsed.profile, {});
      if (outcome.kind !== 'ran') throw new Error(outcome.message);
      peaks.push(outcome.peakVus);
      pathsOf.push([...new Set(server.requests.slice(before).map((r) => r.path))].sort());
    }
    expect(peaks).toEqual([2, 1]);
    expect(pathsOf).toEqual([['/vu/1', '/vu/3'], ['/vu/2']]);
  });

  it('open model with a journey: each shard starts a whole journey per arrival of its stripe', async () => {
    const server = await startServer();
    const text = `name: shop
baseUrl: ${server.url}
seed: 5
scenarios:
  - { name: ping, path: /ping, weight: 2 }
  - name: buyer
    weight: 1
    steps:
      - { name: list, path: /list }
      - { name: buy, path: "/buy/\${seq}" }
load: { executor: constant-arrival-rate, rate: 40, duration: 1s, warmup: 0s }
`;
    const journeysOf: number[] = [];
    const pathsOf: string[][] = [];
    for (const shard of ['1/2', '2/2']) {
      const parsed = parseProfile(text, { env: {}, overrides: { shard } });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const before = server.requestCount();
      const outcome = await makeEngine().run(parsed.profile, {});
      if (outcome.kind !== 'ran') throw new Error(outcome.message);
      journeysOf.push(outcome.recording.journeys?.[0]?.totals.requests ?? -1);
      pathsOf.push(server.requests.slice(before).map((r) => r.path));
    }
    // The single process's draws: ping (index 0) or the journey (index 1) for arrivals 0…39.
    const pick = createScenarioPicker([2, 1], createRandom(5));
    const draws = Array.from({ length: 40 }, () => pick());
    const journeys = [0, 1].map((i) => draws.filter((d, k) => d === 1 && k % 2 === i).length);
    expect(journeys[0]).toBeGreaterThan(0);
    expect(journeysOf).toEqual(journeys);
    pathsOf.forEach((paths, i) => {
      expect(paths.filter((p) => p === '/list')).toHaveLength(journeys[i] as number);
      // ${seq} counts within the shard: 1 … its own journeys.
      const seqs = paths.filter((p) => p.startsWith('/buy/')).map((p) => Number(p.slice(5)));
      expect(seqs.sort((x, y) => x - y)).toEqual(
        Array.from({ length: journeys[i] as number }, (_, n) => n + 1),
      );
    });
  });

  it('--start-at: a stop during the wait ends the run at once, with nothing sent', async () => {
    const server = await startServer();
    const controller = new AbortController();
    const started = performance.now();
    const outcome = await makeEngine().run(
      makeProfile(server.url, {
        executor: 'constant-arrival-rate',
        ratePerSec: 50,
        durationMs: 1000,
      }),
      {
        signal: controller.signal,
        startAtEpochMs: Date.now() + 20_000,
        onStartWait: () => setTimeout(() => controller.abort(), 100),
      },
    );
    expect(performance.now() - started).toBeLessThan(3000);
    expect(outcome.kind === 'ran' && outcome.status).toBe('interrupted');
    expect(server.requestCount()).toBe(0);
  });
});

import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectRunWarnings } from '../../../src/core/judge/run-warnings.js';
import type { LoadPlan, Profile } from '../../../src/core/profile/types.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { buildArrivalSchedule } from '../../../src/core/schedule/arrival-schedule.js';
import { createRandom, createScenarioPicker } from '../../../src/core/schedule/vu-schedule.js';
import { decodeHistogram } from '../../../src/core/stats/histogram.js';
import type { LiveSnapshot } from '../../../src/core/stats/run-recorder.js';
import type { EngineOutcome, EngineRunOptions, ProgressSnapshot } from '../../../src/ports.js';
import { WorkerEngine } from '../../../src/shell/engine/worker-engine.js';
import { systemClock } from '../../../src/shell/system-clock.js';
import { listenOnLoopback } from '../../helpers/loopback-port.js';
import { makeDataSource, makeJourneyProfile } from '../../helpers/make-journey.js';
import { makeEngine, makeProfile, makeScenario } from '../../helpers/make-profile.js';
import { type ShopTarget, startShopTarget } from '../../helpers/shop-target.js';
import {
  findClosedPort,
  startTargetServer,
  type TargetServer,
} from '../../helpers/target-server.js';

let server: TargetServer | undefined;
let shop: ShopTarget | undefined;
let sockets: SocketServer | undefined;
afterEach(async () => {
  await server?.close();
  await shop?.close();
  await sockets?.close();
  server = undefined;
  shop = undefined;
  sockets = undefined;
});

async function runOnThreads(
  profile: Profile,
  options: EngineRunOptions = {},
  threads = 2,
): Promise<Extract<EngineOutcome, { kind: 'ran' }>> {
  const outcome = await new WorkerEngine(systemClock, threads).run(profile, options);
  if (outcome.kind !== 'ran') throw new Error(`expected a run, got: ${outcome.message}`);
  return outcome;
}

const WEIGHTED = [
  makeScenario({ name: 'a', path: '/a', weight: 3 }),
  makeScenario({ name: 'b', path: '/b', weight: 2 }),
  makeScenario({ name: 'c', path: '/c', weight: 1 }),
];

describe('WorkerEngine: 2 threads on one schedule', () => {
  it('sends exactly the planned arrivals in the single thread’s mix, measured exactly', async () => {
    server = await startTargetServer();
    const profile = makeProfile(
      server.url,
      { executor: 'constant-arrival-rate', ratePerSec: 300, durationMs: 1000 },
      { warmupMs: 300 },
      WEIGHTED,
    );
    const single = await makeEngine().run(profile, {});
    if (single.kind !== 'ran') throw new Error(single.message);
    const threads = await runOnThreads(profile);

    expect(threads.status).toBe('completed');
    expect(threads.plannedRequests).toBe(single.plannedRequests);
    const { overall, scenarios, timeline, warmup } = threads.recording;
    expect(overall.totals.requests).toBe(threads.plannedRequests);
    expect(overall.totals.ok).toBe(threads.plannedRequests);
    expect(warmup).toEqual(single.recording.warmup);
    // Arrival k's scenario is the one the single thread draws for k: the same counts, exactly.
    expect(scenarios.map((s) => s.totals.requests)).toEqual(
      single.recording.scenarios.map((s) => s.totals.requests),
    );
    const histogram = decodeHistogram(overall.histograms.latency);
    expect(histogram.totalCount).toBe(overall.totals.requests);
    histogram.destroy();
    expect(timeline.reduce((n, p) => n + p.requests, 0)).toBe(overall.totals.requests);
    expect(timeline.reduce((n, p) => n + p.sent, 0)).toBe(overall.totals.requests);
    expect(threads.recording.durationMs).toBe(1000);
    expect(overall.throughput.rps).toBe(single.recording.overall.throughput.rps);
  });

  it('starts both stripes at one moment: together they are the single schedule', async () => {
    sockets = await startSocketServer();
    const plan: LoadPlan = { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 1000 };
    // One connection per thread: the server tells the threads apart by their sockets.
    const profile = makeProfile(sockets.url, plan, { connections: 2 }, WEIGHTED.slice(0, 2));
    const run = await runOnThreads(profile);
    expect(run.recording.overall.totals.requests).toBe(200);

    const pick = createScenarioPicker([3, 2], createRandom(profile.seed));
    const singlePaths = Array.from({ length: 200 }, () => (pick() === 0 ? '/a' : '/b'));
    const schedule = buildArrivalSchedule(plan, 0);
    const bySocket = [...sockets.bySocket.values()];
    expect(bySocket).toHaveLength(2);
    const origins = bySocket.map((received) => {
      // Which stripe: the one whose arrivals' scenarios are exactly this socket's paths.
      const offset = [0, 1].find((o) =>
        received.every((r, i) => r.path === singlePaths[o + 2 * i]),
      );
      expect(offset).toBeDefined();
      expect(received).toHaveLength(100);
      const lateness = received.map(
        (r, i) => r.atMs - schedule.timeOfArrivalMs((offset as number) + 2 * i),
      );
      return { offset, origin: median(lateness) };
    });
    expect(origins.map((o) => o.offset).sort()).toEqual([0, 1]);
    // Each thread's arrivals reach the server at schedule time + the same origin: one start.
    // Threads starting on their own would differ by their start-up times (tens of ms).
    const [first, second] = origins.map((o) => o.origin) as [number, number];
    expect(Math.abs(first - second)).toBeLessThan(4);
  });

  it('closed model: the VUs split between the threads, their sum and global numbers kept', async () => {
    shop = await startShopTarget();
    const profile = makeJourneyProfile(shop.url, {
      plan: { executor: 'constant-vus', vus: 3, durationMs: 500 },
      load: { connections: 4, thinkTime: { minMs: 20, maxMs: 20 } },
      plain: [{ name: 'vu', path: '/api/products?vu=${vu}' }],
    });
    const run = await runOnThreads(profile);
    expect(run.peakVus).toBe(3);
    const vus = new Set(shop.requests.map((r) => r.path));
    expect([...vus].sort()).toEqual([
      '/api/products?vu=1',
      '/api/products?vu=2',
      '/api/products?vu=3',
    ]);
    expect(run.recording.overall.totals.requests).toBe(shop.requests.length);
  });

  it('gives each thread its own random values and its share of ${seq}: none repeats', async () => {
    shop = await startShopTarget();
    const profile = makeJourneyProfile(shop.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 500 },
      plain: [{ name: 'u', path: '/api/products?id=${random.uuid}&n=${seq}' }],
    });
    const run = await runOnThreads(profile);
    expect(run.recording.overall.totals.requests).toBe(100);
    const queries = shop.requests.map((r) => new URL(r.path, shop?.url).searchParams);
    expect(new Set(queries.map((q) => q.get('id'))).size).toBe(100);
    // Thread 1 counts 1, 3, 5 …, thread 2 counts 2, 4, 6 …: together 1 … 100, each once.
    const seqs = queries.map((q) => Number(q.get('n'))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('runs the once setup once, in the coordinator, and hands its values to every thread', async () => {
    shop = await startShopTarget({ users: { alice: 'pw-alice-secret' }, requireToken: true });
    const secrets: string[][] = [];
    const profile = makeJourneyProfile(shop.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 500 },
      data: [
        makeDataSource('users', ['name', 'password'], [['alice', 'pw-alice-secret']], {
          order: 'random',
          secretColumns: ['password'],
        }),
      ],
      setup: {
        measure: true,
        requests: [
          {
            name: 'login',
            method: 'POST',
            path: '/auth/token',
            json: { user: '${data.users.name}', password: '${data.users.password}' },
            extract: { token: 'json.$.token' },
          },
        ],
      },
      plain: [
        {
          name: 'cart',
          method: 'POST',
          path: '/api/cart',
          headers: { authorization: 'Bearer ${setup.token}' },
          expect: [201],
        },
      ],
    });
    const run = await runOnThreads(profile, { onSecretValues: (v) => secrets.push(v) });
    expect(shop.tokens).toHaveLength(1);
    expect(secrets).toEqual([[shop.tokens[0]]]);
    const [cart, login] = run.recording.scenarios;
    expect(cart?.totals).toMatchObject({ requests: 50, ok: 50 });
    expect(login?.totals).toMatchObject({ requests: 1, ok: 1 });
    expect(run.recording.setup).toEqual({ runs: 1, failed: 0 });
  });
});

/** The run warnings of the results file the app writes for `run`: what a user reads. */
function readRunWarnings(profile: Profile, run: Extract<EngineOutcome, { kind: 'ran' }>) {
  const result = buildResultsFile(profile, run.recording, {
    toolVersion: 'test',
    startedAtEpochMs: run.startedAtEpochMs,
    status: run.status,
    ...(run.warnings ? { warnings: run.warnings } : {}),
    ...(run.extractFailures ? { extractFailures: run.extractFailures } : {}),
    ...(run.firstVuLoginFailure ? { firstVuLoginFailure: run.firstVuLoginFailure } : {}),
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: false },
  });
  return collectRunWarnings(result);
}

describe('WorkerEngine: what the threads tell, told once for the run', () => {
  it('one extract_failed line with the count of both threads, not a line per thread', async () => {
    shop = await startShopTarget({ cartWithoutId: true });
    const profile = makeJourneyProfile(shop.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 60, durationMs: 500 },
      journeys: [
        {
          name: 'shopper',
          steps: [
            { name: 'list', path: '/api/products', extract: { firstId: 'json.$.items[0].id' } },
            {
              name: 'cart',
              method: 'POST',
              path: '/api/cart',
              json: { productId: '${vars.firstId}', qty: 1 },
              expect: [201],
              extract: { cartId: 'json.$.cartId' },
            },
          ],
        },
      ],
    });
    const run = await runOnThreads(profile);
    const cart = run.recording.scenarios[1];
    // 30 journeys, 15 a thread: every cart answer lacked the id, on both threads.
    expect(cart?.errorKinds).toEqual({ extract_failed: 30 });
    expect(run.extractFailures).toEqual([
      { row: 1, count: 30, firstReason: 'json.$.cartId is missing: $ has no key "cartId"' },
    ]);
    expect(readRunWarnings(profile, run).filter((w) => w.includes('extract_failed'))).toEqual([
      'shopper/cart: extract_failed 30 times; the first: json.$.cartId is missing: $ has no key "cartId"',
    ]);
  });

  it('one per-VU log-in warning counting the failures of both threads', async () => {
    shop = await startShopTarget({
      users: { alice: 'pw-alice-secret' },
      requireToken: true,
      refuseFirstLogins: 2,
    });
    const profile = makeJourneyProfile(shop.url, {
      plan: { executor: 'constant-vus', vus: 2, durationMs: 1500 },
      data: [
        makeDataSource('users', ['name', 'password'], [['alice', 'pw-alice-secret']], {
          order: 'random',
          secretColumns: ['password'],
        }),
      ],
      setup: {
        perVu: true,
        requests: [
          {
            name: 'login',
            method: 'POST',
            path: '/auth/token',
            json: { user: '${data.users.name}', password: '${data.users.password}' },
            extract: { token: 'json.$.token' },
          },
        ],
      },
      plain: [{ name: 'products', path: '/api/products' }],
    });
    const run = await runOnThreads(profile);
    // One VU a thread; the first log-in of each was refused, the retry a second later not.
    expect(run.recording.setup).toEqual({ runs: 2, failed: 2 });
    expect(run.firstVuLoginFailure).toBe(
      'setup request "login" (POST /auth/token) answered 503, expected 200: busy, try later',
    );
    expect(readRunWarnings(profile, run).filter((w) => w.includes('log-in'))).toEqual([
      '2 setup log-ins (per virtual user) failed and were retried; 2 succeeded. The first: setup request "login" (POST /auth/token) answered 503, expected 200: busy, try later',
    ]);
  });
});

describe('WorkerEngine: progress and stops', () => {
  it('prints one progress line a second, summed from the threads', async () => {
    server = await startTargetServer();
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 200,
      durationMs: 2500,
    });
    const lines: ProgressSnapshot[] = [];
    const run = await runOnThreads(profile, { onProgress: (s) => lines.push(s) });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const last = lines.at(-1) as ProgressSnapshot;
    // The target rate is the schedule's (each thread's share, summed), not one thread's.
    expect(last.targetRatePerSec).toBe(200);
    // Two seconds done of 500 arrivals: more than one thread alone could have sent.
    expect(last.requests).toBeGreaterThan(300);
    expect(last.requests).toBeLessThanOrEqual(run.recording.overall.totals.requests);
    // A whole second of both threads: ~200 answers, not one thread's ~100.
    expect(last.lastSecondRps).toBeGreaterThan(150);
    expect(last.lastSecondRps).toBeLessThanOrEqual(210);
  });

  it('an interrupt stops every thread; what was measured is kept', async () => {
    server = await startTargetServer();
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 100,
      durationMs: 20_000,
    });
    const stop = new AbortController();
    const started = performance.now();
    const run = await runOnThreads(profile, {
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(run.status).toBe('interrupted');
    expect(run.recording.overall.totals.requests).toBeGreaterThan(50);
    // Every answer the server gave was recorded; a request it read just as the stop cut the
    // connections is counted as interrupted, not as a request.
    const { requests, interrupted } = run.recording.overall.totals;
    expect(server.requestCount()).toBeGreaterThanOrEqual(requests);
    expect(server.requestCount()).toBeLessThanOrEqual(requests + interrupted);
    expect(run.recording.durationMs).toBeLessThan(3000);
  });

  it('judges the live abort check on the merged figures and stops every thread', async () => {
    server = await startTargetServer();
    const profile = makeProfile(server.url, {
      executor: 'constant-arrival-rate',
      ratePerSec: 200,
      durationMs: 20_000,
    });
    const seen: LiveSnapshot[] = [];
    const run = await runOnThreads(profile, {
      liveCheck: (snapshot) => {
        seen.push(snapshot);
        return 'p95 broke its threshold';
      },
    });
    expect(run.status).toBe('aborted');
    expect(run.abortCause).toBe('threshold');
    expect(run.abortReason).toBe('p95 broke its threshold');
    expect(seen).toHaveLength(1);
    // Checked at 2 s on both threads' figures (~400), not on one thread's (~200).
    const checked = seen[0] as LiveSnapshot;
    expect(checked.overall.totals.requests).toBeGreaterThan(300);
    expect(checked.overall.latencyMs.p95).toBeGreaterThan(0);
    expect(run.recording.overall.totals.requests).toBeLessThan(1500);
  });

  it('says the target is unreachable when the threads cannot connect', async () => {
    const port = await findClosedPort();
    const profile = makeProfile(`http://127.0.0.1:${port}`, {
      executor: 'constant-arrival-rate',
      ratePerSec: 10,
      durationMs: 1000,
    });
    const outcome = await new WorkerEngine(systemClock, 2).run(profile, {});
    expect(outcome.kind).toBe('unreachable');
    if (outcome.kind === 'unreachable') {
      expect(outcome.message).toBe(
        `could not connect to http://127.0.0.1:${port}: connection refused (ECONNREFUSED)`,
      );
    }
  });
});

interface SocketServer {
  url: string;
  /** Requests by the connection they came on, in arrival order. */
  bySocket: Map<Socket, { path: string; atMs: number }[]>;
  close(): Promise<void>;
}

/** A loopback server that answers at once and logs each request with its connection. */
async function startSocketServer(): Promise<SocketServer> {
  const bySocket = new Map<Socket, { path: string; atMs: number }[]>();
  const http: Server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const atMs = performance.now();
    const list = bySocket.get(req.socket) ?? [];
    list.push({ path: req.url ?? '/', atMs });
    bySocket.set(req.socket, list);
    res.writeHead(200, { 'content-length': 2 });
    res.end('ok');
  });
  const port = await listenOnLoopback(http);
  return {
    url: `http://127.0.0.1:${port}`,
    bySocket,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

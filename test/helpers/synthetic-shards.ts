import type { Scenario } from '../../src/core/profile/types.js';
import { buildResultsFile } from '../../src/core/result/build-result.js';
import type { ResultsFileV1, ShardInfo } from '../../src/core/result/types.js';
import { shardStripe, WHOLE_SCHEDULE } from '../../src/core/schedule/stripe.js';
import { randomAt } from '../../src/core/schedule/vu-schedule.js';
import { ResponseClass } from '../../src/core/stats/classify-response.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import { makeProfile, makeScenario } from './make-profile.js';

export interface StripedScenario {
  name: string;
  weight: number;
  /** Median latency in ms; each request draws from a log-normal around it. */
  medianMs: number;
  /** Fraction of requests answered 503. */
  errorRate?: number;
  /** Fraction of requests that get a transport error (no answer). */
  timeoutRate?: number;
  category?: string;
  /** Answers 403 as expected (a policy probe): every ok answer counts as blocked. */
  blocking?: boolean;
}

export interface StripedRun {
  scenarios: StripedScenario[];
  ratePerSec: number;
  durationMs: number;
  seed: number;
}

export interface ShardOptions {
  /** Per shard (0-based), ms its measured window started after shard 1's; default 0. */
  startOffsetsMs?: readonly number[];
  /** `--start-at` the shards waited for, and each shard's skew (ms, 0-based list). */
  startAtEpochMs?: number;
  skewsMs?: readonly number[];
  /** `profile.hash`; default one shared hash. */
  hash?: string;
  status?: ResultsFileV1['status'];
}

const START_EPOCH_MS = Date.UTC(2026, 10, 22, 12, 0, 0);
export const SHARED_HASH = 'a'.repeat(64);

/**
 * What arrival k of the run is, drawn from the seed and k alone (`randomAt`), so any stripe of
 * the schedule sees exactly the arrivals, scenarios, latencies and outcomes the whole schedule
 * has at those indexes: the union of N stripes is the single process's run, request for request.
 */
function arrivalOf(run: StripedRun, k: number) {
  const total = run.scenarios.reduce((n, s) => n + s.weight, 0);
  let pick = randomAt(run.seed, 4 * k) * total;
  let scenario = 0;
  while (scenario < run.scenarios.length - 1 && pick >= (run.scenarios[scenario]?.weight ?? 0)) {
    pick -= run.scenarios[scenario]?.weight ?? 0;
    scenario++;
  }
  const s = run.scenarios[scenario] as StripedScenario;
  const u1 = randomAt(run.seed, 4 * k + 1);
  const u2 = randomAt(run.seed, 4 * k + 2);
  const gaussian = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  const roll = randomAt(run.seed, 4 * k + 3);
  const outcome =
    roll < (s.timeoutRate ?? 0)
      ? 'timeout'
      : roll < (s.timeoutRate ?? 0) + (s.errorRate ?? 0)
        ? 'http5xx'
        : 'ok';
  return {
    scenario,
    latencyMs: s.medianMs * Math.exp(0.4 * gaussian),
    outcome,
    blocking: s.blocking,
  };
}

/**
 * A results file as the engine would write it for one stripe of an open-model schedule (the
 * whole one for `stripe` WHOLE_SCHEDULE), through the real RunRecorder and buildResultsFile.
 */
function simulateStripe(
  run: StripedRun,
  stripe: { offset: number; step: number },
  startEpochMs: number,
  status: ResultsFileV1['status'] = 'completed',
): ResultsFileV1 {
  const recorder = new RunRecorder(run.scenarios.length, 0);
  const arrivals = Math.floor((run.ratePerSec * run.durationMs) / 1000);
  // The recorder's timeline takes events in time order, as the engine delivers them.
  const events: { atMs: number; record: () => void }[] = [];
  let planned = 0;
  for (let k = stripe.offset; k < arrivals; k += stripe.step) {
    planned++;
    const intendedMs = (k * 1000) / run.ratePerSec;
    const a = arrivalOf(run, k);
    const sentMs = intendedMs + 0.05;
    const doneMs = intendedMs + a.latencyMs;
    events.push({
      atMs: sentMs,
      record: () => {
        recorder.onReleased(a.scenario, intendedMs, sentMs);
        recorder.onSent(a.scenario, intendedMs, sentMs);
      },
    });
    events.push({
      atMs: doneMs,
      record: () => {
        if (a.outcome === 'timeout') {
          recorder.onError(a.scenario, intendedMs, doneMs, 'timeout');
        } else if (a.outcome === 'http5xx') {
          recorder.onResponse(a.scenario, intendedMs, sentMs, doneMs, 503, ResponseClass.http5xx);
        } else {
          const status = a.blocking ? 403 : 200;
          const cls = a.blocking ? ResponseClass.blocked : ResponseClass.ok;
          recorder.onResponse(a.scenario, intendedMs, sentMs, doneMs, status, cls);
        }
      },
    });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  for (const event of events) event.record();
  const recording = recorder.finish(run.durationMs + 500, run.durationMs);
  const scenarios: Scenario[] = run.scenarios.map((s) =>
    makeScenario({
      name: s.name,
      path: `/${s.name}`,
      weight: s.weight,
      ...(s.category ? { category: s.category } : {}),
      expect: { status: s.blocking ? [403] : [200] },
    }),
  );
  const profile = makeProfile(
    'http://127.0.0.1:9',
    { executor: 'constant-arrival-rate', ratePerSec: run.ratePerSec, durationMs: run.durationMs },
    {},
    scenarios,
  );
  return buildResultsFile(profile, recording, {
    toolVersion: '0.0.0',
    startedAtEpochMs: startEpochMs,
    status,
    plannedRequests: planned,
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: true },
  });
}

/** The single process's results of the whole schedule. */
export function simulateWhole(run: StripedRun): ResultsFileV1 {
  return simulateStripe(run, WHOLE_SCHEDULE, START_EPOCH_MS);
}

/** The N shards' results files of `run` (`--shard i/N`), with their shard fields and hash. */
export function simulateShards(
  run: StripedRun,
  count: number,
  options: ShardOptions = {},
): ResultsFileV1[] {
  return Array.from({ length: count }, (_, i) => {
    const offsetMs = options.startOffsetsMs?.[i] ?? 0;
    const result = simulateStripe(
      run,
      shardStripe(i + 1, count),
      START_EPOCH_MS + offsetMs,
      i === 0 ? options.status : 'completed',
    );
    const shard: ShardInfo = {
      index: i + 1,
      count,
      ...(options.startAtEpochMs === undefined
        ? {}
        : { startAtEpochMs: options.startAtEpochMs, startSkewMs: options.skewsMs?.[i] ?? 0 }),
    };
    return { ...result, profile: { ...result.profile, hash: options.hash ?? SHARED_HASH }, shard };
  });
}

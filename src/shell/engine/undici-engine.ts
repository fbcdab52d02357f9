import { setTimeout as delay } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
import { Client, Pool } from 'undici';
import type { DataSource, Profile } from '../../core/profile/types.js';
import { buildMix } from '../../core/schedule/mix.js';
import {
  isWholeSchedule,
  type Stripe,
  shardStripe,
  WHOLE_SCHEDULE,
} from '../../core/schedule/stripe.js';
import {
  createIndexedScenarioPicker,
  createRandom,
  createScenarioPicker,
} from '../../core/schedule/vu-schedule.js';
import { prepareHistograms } from '../../core/stats/histogram.js';
import { chooseMeasuredWindowMs, RunRecorder } from '../../core/stats/run-recorder.js';
import { readTimelineOptions } from '../../core/stats/timeline.js';
import type {
  Clock,
  EngineOutcome,
  EngineRunOptions,
  LoadEngine,
  ProgressSnapshot,
} from '../../ports.js';
import { DeadlineSweeper, SWEEP_INTERVAL_MS } from './deadline-sweeper.js';
import { describeConnectError } from './describe-connect-error.js';
import { IterationSource } from './iteration-context.js';
import { type DriverEntry, JourneyDriver } from './journey-driver.js';
import { createLoadRunner, type LoadRunner } from './load-runner.js';
import { PreconnectingConnector } from './preconnecting-connector.js';
import { RequestSender } from './request-sender.js';
import {
  buildRequestTemplates,
  buildSetupTemplates,
  listLaneTimeoutsMs,
  type RequestTemplate,
  splitBaseUrl,
} from './request-templates.js';
import { type MeasuredSetupRequest, runSetup, VU_LOGIN_RETRY_MS, VuLogins } from './run-setup.js';
import { UnreachableWatchdog } from './unreachable-watchdog.js';

const PROGRESS_INTERVAL_MS = 1000;
const WATCHDOG_INTERVAL_MS = 250;
/** k6 evaluates thresholds every 2 s; so do live checks. */
export const LIVE_CHECK_INTERVAL_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;
/**
 * Added to the graceful stop: a request times out up to a sweep (plus event-loop lag) after
 * its deadline, and the default graceful stop equals the timeout, so without it the last
 * requests of a run against a hanging target would race the drain and end up `interrupted`
 * instead of `timeout`.
 */
const DRAIN_SLACK_MS = 10 * SWEEP_INTERVAL_MS;

/** The load engine: undici, kept-alive capped connections opened before measuring. */
export class UndiciEngine implements LoadEngine {
  constructor(private readonly clock: Clock) {}

  /** @param options.worker set when this engine is one worker thread of a run (worker-engine). */
  async run(
    profile: Profile,
    options: EngineRunOptions & { worker?: WorkerRunHooks },
  ): Promise<EngineOutcome> {
    const { load } = profile;
    const { origin } = splitBaseUrl(profile.baseUrl);
    const http2 = profile.protocol === 'http2';
    const tls = buildTlsOptions(profile);
    const connector = new PreconnectingConnector(origin, {
      timeout: CONNECT_TIMEOUT_MS,
      allowH2: http2,
      ...tls,
    });
    const streams = http2 ? (profile.maxConcurrentStreams ?? 1) : 1;
    const pool = new Pool(origin.origin, {
      connections: load.connections,
      pipelining: 1,
      connect: connector.connect,
      keepAliveTimeout: 60_000,
      keepAliveMaxTimeout: 600_000,
      ...(http2 ? { allowH2: true, maxConcurrentStreams: streams } : {}),
      // undici 7 caps requests in flight per connection by `pipelining`, on HTTP/2 too; only a
      // connection that did negotiate h2 may take `streams` at once, never an HTTP/1.1 one (a
      // server that refused h2 would otherwise get pipelined requests).
      factory: (clientOrigin, options) => {
        const client = new Client(clientOrigin, options);
        if (http2) {
          client.on('connect', () => {
            client.pipelining = connector.lastProtocol === 'http2' ? streams : 1;
          });
        }
        return client;
      },
    });
    prepareHistograms();
    const pre = await connector.open(load.connections);
    if (pre.opened === 0) {
      await pool.destroy();
      return {
        kind: 'unreachable',
        message: describeConnectError(origin.origin, pre.error, profile.tls?.ca !== undefined),
      };
    }

    // A worker thread waits here for the coordinator: it ran the once setup, and it names the
    // moment (shared by every thread) the schedule starts.
    const go = options.worker ? await options.worker.awaitStart() : undefined;
    if (options.worker && go === undefined) {
      await pool.destroy();
      connector.close();
      return { kind: 'setup-failed', message: 'stopped before the start' };
    }

    const random = createRandom(profile.seed);
    const thinkRandom = createRandom(seedOfStreams(profile, options) + 1);
    const templates = buildRequestTemplates(profile);
    const mix = buildEngineMix(profile, templates, random);
    const stripe = stripeOf(profile, options);
    const { minMs, maxMs } = load.thinkTime;
    const thinkTimeMs = () => minMs + (maxMs - minMs) * thinkRandom();
    const nowMs = () => this.clock.nowMs();

    // Per-request values: data sources that run out stop the run or warn, once the run is on.
    const warnings: string[] = [];
    let clockStartMs: number | undefined;
    let stopForData: ((reason: string) => void) | undefined;
    const iterations = new IterationSource(
      { ...profile, seed: seedOfStreams(profile, options) },
      {
        onWrapped: (source) => {
          const intoRunSec = clockStartMs === undefined ? 0 : (nowMs() - clockStartMs) / 1000;
          warnings.push(
            `data.${source.name}: all ${countRows(source)} unique rows were used ${intoRunSec.toFixed(1)} s into the run; rows repeat from then on (onExhausted: wrap)`,
          );
        },
        onExhausted: (source) =>
          stopForData?.(
            `data.${source.name}: all ${countRows(source)} unique rows were used (onExhausted: stop)`,
          ),
      },
      options.worker?.seqStripe,
    );

    // A once setup runs before the clock starts, on the connections just opened.
    const setup = profile.setup;
    const setupOptions = setup && {
      pool,
      templates: buildSetupTemplates(profile),
      setup,
      iterations,
      secretValues: profile.secretValues,
      nowMs,
      onSecretValues: options.onSecretValues,
    };
    let sharedSetup: Readonly<Record<string, string>> = {};
    const measuredOnce: MeasuredSetupRequest[] = [];
    if (go !== undefined) sharedSetup = go.setupValues;
    else if (setup && setupOptions && !setup.perVu) {
      const result = await runSetup(
        {
          ...setupOptions,
          ...(setup.measure
            ? { onMeasured: (m: MeasuredSetupRequest) => measuredOnce.push(m) }
            : {}),
        },
        0,
        options.signal,
      );
      if (!result.ok) {
        await pool.destroy();
        connector.close();
        return {
          kind: 'setup-failed',
          message: result.stopped ? 'the run was stopped during setup' : result.message,
        };
      }
      sharedSetup = result.values;
    }

    if (options.startAtEpochMs !== undefined) {
      await waitForStart(this.clock, options.startAtEpochMs, options, () =>
        connector.topUp(load.connections),
      );
    }
    const startMs = go?.startMs ?? this.clock.nowMs();
    clockStartMs = startMs;
    const startEpochMs = this.clock.epochMs();
    const measureStartMs = startMs + load.warmupMs;
    const recorder = new RunRecorder(
      profile.scenarios.length,
      measureStartMs,
      profile.journeys?.length ?? 0,
      setup !== undefined,
      readTimelineOptions(load),
    );
    if (setup && !setup.perVu && go === undefined) {
      recorder.onSetupDone(true);
      for (const m of measuredOnce) {
        if (m.row >= 0) recorder.onSetupMeasured(m.row, m.doneMs - m.startMs, m.status, m.outcome);
      }
    }
    const logins =
      setup && setupOptions && setup.perVu
        ? new VuLogins({
            ...setupOptions,
            onLogin: (ok) => recorder.onSetupDone(ok),
            ...(setup.measure
              ? { onMeasured: (m: MeasuredSetupRequest) => recordSetupRequest(recorder, m) }
              : {}),
          })
        : undefined;
    const deadlines = new DeadlineSweeper(listLaneTimeoutsMs(templates), nowMs);
    const sender = new RequestSender(pool, templates, recorder, nowMs, deadlines, {
      origin: origin.origin,
      connections: load.connections,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      tls,
    });
    const driver =
      mix.driverEntries.length > 0
        ? new JourneyDriver(sender, {
            journeys: profile.journeys ?? [],
            entries: mix.driverEntries,
            iterations,
            thinkRandom,
            setupValuesOf: logins ? (vu) => logins.valuesOf(vu) : () => sharedSetup,
          })
        : undefined;
    const gracefulStopMs = load.gracefulStopMs + DRAIN_SLACK_MS;
    const runner = createLoadRunner({
      sender,
      plan: load.plan,
      warmupMs: load.warmupMs,
      startMs,
      maxInFlight: load.maxInFlight,
      onMaxInFlight: load.onMaxInFlight,
      gracefulStopMs,
      pickEntry: mix.pickEntry,
      ...(isWholeSchedule(stripe) ? {} : { stripe, pickEntryAt: mix.pickEntryAt }),
      directCount: profile.scenarios.length,
      driver,
      thinkTimeMs,
      ...(logins
        ? { prepareVu: (vu: number, ready: () => void) => logins.prepare(vu, ready) }
        : {}),
    });
    const totalMs = runner.totalDurationMs;

    let status: 'completed' | 'interrupted' | 'aborted' = 'completed';
    let abortReason: string | undefined;
    const onAbort = () => {
      status = 'interrupted';
      runner.stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    let abortCause: 'unreachable' | 'threshold' | 'data' | undefined;
    const abort = (cause: 'unreachable' | 'threshold' | 'data', reason: string) => {
      if (status !== 'completed') return;
      status = 'aborted';
      abortReason = reason;
      abortCause = cause;
      runner.stop();
      options.worker?.onAborted(cause, reason);
    };
    stopForData = (reason) => abort('data', reason);
    options.worker?.onStarted({ recorder, abort });
    const watchdog = new UnreachableWatchdog(recorder);
    const watch = setInterval(() => {
      const reason = watchdog.check(this.clock.nowMs());
      if (reason) abort('unreachable', reason);
    }, WATCHDOG_INTERVAL_MS);
    const liveCheck = options.liveCheck;
    const live = liveCheck
      ? setInterval(() => {
          const now = this.clock.nowMs();
          if (now < measureStartMs) return;
          const reason = liveCheck(recorder.snapshot(now));
          if (reason) abort('threshold', reason);
        }, LIVE_CHECK_INTERVAL_MS)
      : undefined;
    const progress = setInterval(() => {
      const now = this.clock.nowMs();
      options.onProgress?.(buildSnapshot(now - startMs, totalMs, load.warmupMs, recorder, runner));
    }, PROGRESS_INTERVAL_MS);

    deadlines.start();
    try {
      await runner.run();
    } finally {
      deadlines.stop();
      clearInterval(watch);
      clearInterval(live);
      clearInterval(progress);
      options.signal?.removeEventListener('abort', onAbort);
    }
    const endMs = this.clock.nowMs();
    // Whatever is still in flight (graceful stop ran out, or a stop) is torn down and counted
    // as interrupted, not as errors of the target: journeys between two steps now, the rest
    // as the pool cuts their requests.
    sender.stopping = true;
    driver?.interruptAll();
    logins?.close();
    if (logins?.firstFailure !== undefined) {
      const failed =
        logins.failures === 1
          ? '1 log-in failed and was'
          : `${logins.failures} log-ins failed and were`;
      warnings.push(
        `setup.perVu: ${failed} tried again after ${VU_LOGIN_RETRY_MS / 1000} s; the first: ${logins.firstFailure}`,
      );
    }
    for (const [row, failures] of sender.extractFailures) {
      const times = failures.count === 1 ? 'once' : `${failures.count} times`;
      warnings.push(
        `${profile.scenarios[row]?.name ?? row}: extract_failed ${times}; the first: ${failures.firstReason}`,
      );
    }
    const cut = runner.inFlight > 0;
    await Promise.all([cut ? pool.destroy() : pool.close(), sender.closeOtherOrigins(cut)]);
    connector.close();
    const scheduledMs = totalMs - load.warmupMs;
    const recording = recorder.finish(
      endMs,
      chooseMeasuredWindowMs(status, endMs - measureStartMs, scheduledMs),
    );
    return {
      kind: 'ran',
      recording,
      startedAtEpochMs: startEpochMs + load.warmupMs,
      status,
      ...(abortReason ? { abortReason } : {}),
      ...(abortCause ? { abortCause } : {}),
      ...runner.outcomeFigures(),
      protocolsSeen: [...connector.protocolsSeen].sort(),
      ...(options.startAtEpochMs === undefined
        ? {}
        : { startSkewMs: startEpochMs - options.startAtEpochMs }),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
}

/** How a worker thread's engine takes part in a run coordinated by another thread. */
export interface WorkerRunHooks {
  /**
   * Called once the connections are open, instead of the once setup (the coordinator ran it).
   * Resolves at the start: with the clock time (`Clock.nowMs`, a clock every thread shares) at
   * which the schedule starts, the same in every thread so their stripes interleave exactly,
   * and the setup's values; undefined to stop without sending anything.
   */
  awaitStart(): Promise<{ startMs: number; setupValues: Record<string, string> } | undefined>;
  /** The run started: its recorder (for snapshots) and a way to stop it from outside. */
  onStarted(run: {
    recorder: RunRecorder;
    abort(cause: 'unreachable' | 'threshold' | 'data', reason: string): void;
  }): void;
  /** The run stopped itself (target lost, data ran out) or was stopped through `abort`. */
  onAborted(cause: 'unreachable' | 'threshold' | 'data', reason: string): void;
  /** This thread's share of the process's `${seq}` values, so threads never send the same. */
  seqStripe?: Stripe;
}

/**
 * The seed of the per-request streams (think times, `random.*`, data rows): the profile's for
 * the whole schedule; for a stripe (a shard, a worker thread) one of its own, so that two
 * stripes do not send the same `${random.uuid}` or draw the same rows in step. The scenario
 * mix is not among them: it follows the global arrival index (`pickEntryAt`).
 */
function seedOfStreams(profile: Profile, options: Pick<EngineRunOptions, 'stripe'>): number {
  const stripe = stripeOf(profile, options);
  if (isWholeSchedule(stripe)) return profile.seed;
  return (profile.seed + Math.imul(stripe.offset + 1, 0x9e3779b1)) | 0;
}

/** The mix as the runners draw it: codes below the scenario count are sent as they are. */
interface EngineMix {
  pickEntry: () => number;
  /** The entry a single process draws for global arrival `k`, for a stripe of the schedule. */
  pickEntryAt: (k: number) => number;
  /** What codes from `scenarios.length` on start: `code - scenarios.length` indexes here. */
  driverEntries: DriverEntry[];
}

/**
 * Draws from `buildMix` with the run's mix stream. A plain scenario with nothing filled per
 * request is drawn as its own index and sent without an iteration (no per-request object);
 * dynamic plain scenarios and journeys go through the journey driver. A profile without
 * either draws exactly as before journeys existed (same weights, same stream).
 */
function buildEngineMix(
  profile: Profile,
  templates: readonly RequestTemplate[],
  random: () => number,
): EngineMix {
  const entries = buildMix(profile);
  const driverEntries: DriverEntry[] = [];
  const codes = entries.map((entry) => {
    if (entry.kind === 'scenario' && templates[entry.scenario]?.dynamic === undefined) {
      return entry.scenario;
    }
    driverEntries.push(
      entry.kind === 'scenario'
        ? { kind: 'scenario', scenario: entry.scenario }
        : { kind: 'journey', journey: entry.journey, firstStep: entry.firstStep },
    );
    return profile.scenarios.length + driverEntries.length - 1;
  });
  const weights = entries.map((entry) => entry.weight);
  const pickIndex = createScenarioPicker(weights, random);
  const pickIndexAt = createIndexedScenarioPicker(weights, profile.seed);
  const identity = codes.every((code, index) => code === index);
  return {
    pickEntry: identity ? pickIndex : () => codes[pickIndex()] as number,
    pickEntryAt: identity ? pickIndexAt : (k) => codes[pickIndexAt(k)] as number,
    driverEntries,
  };
}

/** The share this engine runs: the caller's stripe (a worker's), else the profile's shard. */
function stripeOf(profile: Profile, options: EngineRunOptions): Stripe {
  if (options.stripe !== undefined) return options.stripe;
  const shard = profile.shard;
  return shard === undefined ? WHOLE_SCHEDULE : shardStripe(shard.index, shard.count);
}

/** Connections are refreshed this long before `--start-at`: a server may have closed idle ones. */
const TOP_UP_BEFORE_START_MS = 1000;
/** The last stretch of the wait yields to the event loop instead of trusting a timer's ms. */
const FINE_WAIT_MS = 5;

/**
 * Waits until the wall clock reaches `startAtEpochMs` (`--start-at`), so that shards on other
 * machines start their schedules together. A second before, `topUp` re-opens connections the
 * target closed while idle; the last few ms are waited out with `setImmediate`, since a timer
 * may fire a millisecond or more late. An abort ends the wait at once (the run then stops
 * before its first arrival).
 */
async function waitForStart(
  clock: Clock,
  startAtEpochMs: number,
  options: Pick<EngineRunOptions, 'signal' | 'onStartWait'>,
  topUp: () => Promise<void>,
): Promise<void> {
  const waitMs = startAtEpochMs - clock.epochMs();
  if (waitMs <= 0) return;
  options.onStartWait?.(waitMs);
  const signal = options.signal;
  if (waitMs > TOP_UP_BEFORE_START_MS * 2) {
    await sleep(startAtEpochMs - TOP_UP_BEFORE_START_MS - clock.epochMs(), signal);
    if (!signal?.aborted) await topUp();
  }
  await sleep(startAtEpochMs - FINE_WAIT_MS - clock.epochMs(), signal);
  while (!signal?.aborted && clock.epochMs() < startAtEpochMs) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function countRows(source: DataSource): number {
  return source.table?.rowCount ?? 0;
}

/** A per-VU setup request on its row (`setup.measure`), timed like any request. */
function recordSetupRequest(recorder: RunRecorder, m: MeasuredSetupRequest): void {
  if (m.row < 0) return;
  recorder.onSent(m.row, m.startMs, m.startMs);
  if (m.status === undefined || typeof m.outcome === 'string') {
    recorder.onError(
      m.row,
      m.startMs,
      m.doneMs,
      typeof m.outcome === 'string' ? m.outcome : 'other',
    );
  } else {
    recorder.onResponse(m.row, m.startMs, m.startMs, m.doneMs, m.status, m.outcome);
  }
}

/** TLS options for undici's connector; `tls.ca` adds to Node's trusted roots, never replaces them. */
export function buildTlsOptions(profile: Profile): { ca?: string[]; rejectUnauthorized?: boolean } {
  const tls = profile.tls;
  if (tls === undefined) return {};
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.ca === undefined ? {} : { ca: [...rootCertificates, tls.ca] }),
  };
}

function buildSnapshot(
  elapsedMs: number,
  totalMs: number,
  warmupMs: number,
  recorder: RunRecorder,
  runner: LoadRunner,
): ProgressSnapshot {
  const counts = recorder.countSoFar();
  const last = recorder.lastSecond();
  return {
    elapsedMs,
    totalMs,
    phase: runner.draining ? 'draining' : elapsedMs < warmupMs ? 'warmup' : 'measuring',
    requests: counts.requests,
    errors: counts.errors,
    failed: counts.failed,
    dropped: counts.dropped,
    inFlight: runner.inFlight,
    queued: runner.queued,
    lastSecondRps: last?.requests ?? 0,
    lastSecondP95Ms: last?.p95 ?? 0,
    ...runner.progressFigures(elapsedMs),
  };
}

/** Waits `ms` (nothing when ≤ 0), or less when `signal` aborts: never rejects. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}

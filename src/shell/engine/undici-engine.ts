import { setTimeout as delay } from 'node:timers/promises';
import { rootCertificates } from 'node:tls';
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
import { openTransport } from './engine-transport.js';
import { IterationSource } from './iteration-context.js';
import { type DriverEntry, JourneyDriver } from './journey-driver.js';
import { createLoadRunner, type LoadRunner } from './load-runner.js';
import { RequestSender } from './request-sender.js';
import {
  buildRequestTemplates,
  buildSetupTemplates,
  listLaneTimeoutsMs,
  type RequestTemplate,
  splitBaseUrl,
} from './request-templates.js';
import { type MeasuredSetupRequest, runSetup, VuLogins } from './run-setup.js';
import { createBaselineSide, openBaselineConnections, splitSideBudgets } from './side-by-side.js';
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

/** The load engine: kept-alive capped connections opened before measuring (`openTransport`:
 * loadgate's own HTTP/1.1 pool for plain http:, undici for TLS and HTTP/2). */
export class UndiciEngine implements LoadEngine {
  constructor(private readonly clock: Clock) {}

  /** @param options.worker set when this engine is one worker thread of a run (worker-engine). */
  async run(
    profile: Profile,
    options: EngineRunOptions & { worker?: WorkerRunHooks },
  ): Promise<EngineOutcome> {
    const { origin } = splitBaseUrl(profile.baseUrl);
    const tls = buildTlsOptions(profile);
    // Side by side, each side gets half of the connections and of maxInFlight.
    const baselineTarget = options.baselineTarget;
    const load =
      baselineTarget === undefined
        ? profile.load
        : { ...profile.load, ...splitSideBudgets(profile.load) };
    const transport = openTransport(profile, origin, {
      connections: load.connections,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      tls,
    });
    const baselineSide =
      baselineTarget === undefined
        ? undefined
        : createBaselineSide(profile, baselineTarget, {
            connections: load.connections,
            connectTimeoutMs: CONNECT_TIMEOUT_MS,
            tls,
          });
    const destroyTransports = () =>
      Promise.all([transport.destroy(), baselineSide?.transport.destroy()]);
    const pool = transport.dispatcher;
    prepareHistograms();
    const [pre, baselineUnreachable] = await Promise.all([
      transport.open(load.connections),
      baselineSide &&
        openBaselineConnections(baselineSide, load.connections, profile.tls?.ca !== undefined),
    ]);
    if (pre.opened === 0 || baselineUnreachable !== undefined) {
      await destroyTransports();
      return {
        kind: 'unreachable',
        message:
          pre.opened === 0
            ? describeConnectError(origin.origin, pre.error, profile.tls?.ca !== undefined)
            : (baselineUnreachable as string),
      };
    }

    // A worker thread waits here for the coordinator: it ran the once setup, and it names the
    // moment (shared by every thread) the schedule starts.
    const go = options.worker ? await options.worker.awaitStart() : undefined;
    if (options.worker && go === undefined) {
      await destroyTransports();
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
        await destroyTransports();
        return {
          kind: 'setup-failed',
          message: result.stopped ? 'the run was stopped during setup' : result.message,
        };
      }
      sharedSetup = result.values;
    }

    if (options.startAtEpochMs !== undefined) {
      await waitForStart(this.clock, options.startAtEpochMs, options, async () => {
        await Promise.all([
          transport.topUp(load.connections),
          baselineSide?.transport.topUp(load.connections),
        ]);
      });
    }
    const startMs = go?.startMs ?? this.clock.nowMs();
    clockStartMs = startMs;
    const startEpochMs = this.clock.epochMs();
    const measureStartMs = startMs + load.warmupMs;
    const newRecorder = () =>
      new RunRecorder(
        profile.scenarios.length,
        measureStartMs,
        profile.journeys?.length ?? 0,
        setup !== undefined,
        readTimelineOptions(load),
      );
    const recorder = newRecorder();
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
    const driverOf = (laneSender: RequestSender) =>
      mix.driverEntries.length > 0
        ? new JourneyDriver(laneSender, {
            journeys: profile.journeys ?? [],
            entries: mix.driverEntries,
            iterations,
            thinkRandom,
            setupValuesOf: logins ? (vu) => logins.valuesOf(vu) : () => sharedSetup,
          })
        : undefined;
    const driver = driverOf(sender);
    // The baseline target's side: its own recorder and sender on its own connections; the
    // deadlines (same timeouts), the iterations and the think times are shared.
    const baseline = baselineSide && {
      recorder: newRecorder(),
      side: baselineSide,
    };
    const baselineSender =
      baseline &&
      new RequestSender(
        baseline.side.transport.dispatcher,
        baseline.side.templates,
        baseline.recorder,
        nowMs,
        deadlines,
        {
          origin: baseline.side.origin.origin,
          connections: load.connections,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          tls,
        },
      );
    const baselineDriver = baselineSender && driverOf(baselineSender);
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
      ...(baselineSender
        ? {
            baselineLane: {
              sender: baselineSender,
              ...(baselineDriver ? { driver: baselineDriver } : {}),
            },
          }
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
    const baselineWatchdog = baseline && new UnreachableWatchdog(baseline.recorder);
    const watch = setInterval(() => {
      const now = this.clock.nowMs();
      const reason = watchdog.check(now);
      if (reason) abort('unreachable', reason);
      const baselineReason = baselineWatchdog?.check(now);
      if (baselineReason) abort('unreachable', `baseline target: ${baselineReason}`);
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
    if (baselineSender) baselineSender.stopping = true;
    baselineDriver?.interruptAll();
    logins?.close();
    // Facts, not lines: the threads of `--workers` add them up, and the results word them once.
    const firstVuLoginFailure = logins?.firstFailure;
    const extractFailures = [...sender.extractFailures].map(([row, failures]) => ({
      row,
      ...failures,
    }));
    const cut = runner.inFlight > 0;
    await Promise.all([
      cut ? transport.destroy() : transport.close(),
      sender.closeOtherOrigins(cut),
      baselineSide && (cut ? baselineSide.transport.destroy() : baselineSide.transport.close()),
      baselineSender?.closeOtherOrigins(cut),
    ]);
    const scheduledMs = totalMs - load.warmupMs;
    const { baselinePlannedRequests, ...ownFigures } = runner.outcomeFigures();
    const measuredMs = chooseMeasuredWindowMs(status, endMs - measureStartMs, scheduledMs);
    const recording = recorder.finish(endMs, measuredMs);
    const baselineExtractFailures = [...(baselineSender?.extractFailures ?? [])].map(
      ([row, failures]) => ({ row, ...failures }),
    );
    return {
      kind: 'ran',
      recording,
      startedAtEpochMs: startEpochMs + load.warmupMs,
      status,
      ...(abortReason ? { abortReason } : {}),
      ...(abortCause ? { abortCause } : {}),
      ...ownFigures,
      protocolsSeen: [...transport.protocolsSeen].sort(),
      ...(options.startAtEpochMs === undefined
        ? {}
        : { startSkewMs: startEpochMs - options.startAtEpochMs }),
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(extractFailures.length > 0 ? { extractFailures } : {}),
      ...(firstVuLoginFailure === undefined ? {} : { firstVuLoginFailure }),
      ...(baseline
        ? {
            baselineSide: {
              recording: baseline.recorder.finish(endMs, measuredMs),
              protocolsSeen: [...baseline.side.transport.protocolsSeen].sort(),
              ...(baselinePlannedRequests === undefined
                ? {}
                : { plannedRequests: baselinePlannedRequests }),
              ...(baselineExtractFailures.length > 0
                ? { extractFailures: baselineExtractFailures }
                : {}),
            },
          }
        : {}),
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

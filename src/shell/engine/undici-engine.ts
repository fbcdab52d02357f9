import { rootCertificates } from 'node:tls';
import { Client, Pool } from 'undici';
import type { DataSource, Profile } from '../../core/profile/types.js';
import { buildMix } from '../../core/schedule/mix.js';
import { createRandom, createScenarioPicker } from '../../core/schedule/vu-schedule.js';
import { prepareHistograms } from '../../core/stats/histogram.js';
import { chooseMeasuredWindowMs, RunRecorder } from '../../core/stats/run-recorder.js';
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

  async run(profile: Profile, options: EngineRunOptions): Promise<EngineOutcome> {
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

    const random = createRandom(profile.seed);
    const thinkRandom = createRandom(profile.seed + 1);
    const templates = buildRequestTemplates(profile);
    const mix = buildEngineMix(profile, templates, random);
    const { minMs, maxMs } = load.thinkTime;
    const thinkTimeMs = () => minMs + (maxMs - minMs) * thinkRandom();
    const nowMs = () => this.clock.nowMs();

    // Per-request values: data sources that run out stop the run or warn, once the run is on.
    const warnings: string[] = [];
    let clockStartMs: number | undefined;
    let stopForData: ((reason: string) => void) | undefined;
    const iterations = new IterationSource(profile, {
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
    });

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
    if (setup && setupOptions && !setup.perVu) {
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

    const startMs = this.clock.nowMs();
    clockStartMs = startMs;
    const startEpochMs = this.clock.epochMs();
    const measureStartMs = startMs + load.warmupMs;
    const recorder = new RunRecorder(
      profile.scenarios.length,
      measureStartMs,
      profile.journeys?.length ?? 0,
      setup !== undefined,
    );
    if (setup && !setup.perVu) {
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
    };
    stopForData = (reason) => abort('data', reason);
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
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }
}

/** The mix as the runners draw it: codes below the scenario count are sent as they are. */
interface EngineMix {
  pickEntry: () => number;
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
  const pickIndex = createScenarioPicker(
    entries.map((entry) => entry.weight),
    random,
  );
  const identity = codes.every((code, index) => code === index);
  return {
    pickEntry: identity ? pickIndex : () => codes[pickIndex()] as number,
    driverEntries,
  };
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

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Profile } from '../../core/profile/types.js';
import { sumExtractFailures } from '../../core/result/extract-failures.js';
import { type Stripe, shardStripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
import { planWorkers, type WorkerPlan } from '../../core/schedule/worker-plan.js';
import type { TimelinePoint } from '../../core/stats/figures.js';
import { mergeProgress } from '../../core/stats/merge-progress.js';
import { mergeLiveSnapshots, mergeRecordings } from '../../core/stats/merge-recordings.js';
import type { LiveSnapshot, Recording } from '../../core/stats/run-recorder.js';
import type {
  Clock,
  EngineOutcome,
  EngineRunOptions,
  LoadEngine,
  ProgressSnapshot,
} from '../../ports.js';
import { runSetupOnce } from './run-setup-once.js';
import { threadClock } from './thread-clock.js';
import { LIVE_CHECK_INTERVAL_MS, sleep, UndiciEngine } from './undici-engine.js';
import {
  type AbortCause,
  type FromWorker,
  packProfile,
  type ToWorker,
  type WorkerInput,
} from './worker-protocol.js';

/** Between the `start` message and the schedule's start: every thread has it by then. */
const START_MARGIN_MS = 30;
/** With `--start-at` further ahead than this, threads are started this long before it (they
 * connect, and connections kept idle for minutes might be closed by the server meanwhile). */
const PREPARE_BEFORE_START_MS = 5000;
/** Seconds each thread's progress keeps, to find one every thread has closed. */
const RECENT_SECONDS = 3;

/**
 * `--workers N`: the run on N engine threads (node:worker_threads), each the undici engine on
 * its stripe of the schedule (`planWorkers`: arrival k to thread k mod N at its own intended
 * time, VUs split with their sum kept) with its share of the connections and of `maxInFlight`.
 * The threads start at one moment of a clock they share, so together they send exactly the
 * single thread's schedule. This thread coordinates: it runs the once setup, sums the progress
 * lines, runs the live abort check on the merged figures every 2 s, passes a stop (Ctrl-C, a
 * thread that lost the target, a broken abortOnFail threshold) to every thread, and merges
 * their recordings exactly. With one thread to run it is the undici engine in this thread.
 */
export class WorkerEngine implements LoadEngine {
  /** @param workers threads asked for (≥ 1; `--workers` resolved). */
  constructor(
    private readonly clock: Clock,
    private readonly workers: number,
  ) {}

  async run(profile: Profile, options: EngineRunOptions): Promise<EngineOutcome> {
    const plan = planWorkers(profile, this.workers, parentStripe(profile, options));
    if (plan.shares.length > 1) return runOnThreads(profile, options, plan);
    const outcome = await new UndiciEngine(this.clock).run(profile, options);
    if (plan.note === undefined || outcome.kind !== 'ran') return outcome;
    return { ...outcome, warnings: [...(outcome.warnings ?? []), plan.note] };
  }
}

/** The share of this process: the caller's stripe, else the profile's shard, else all. */
function parentStripe(profile: Profile, options: EngineRunOptions): Stripe {
  if (options.stripe !== undefined) return options.stripe;
  const shard = profile.shard;
  return shard === undefined ? WHOLE_SCHEDULE : shardStripe(shard.index, shard.count);
}

async function runOnThreads(
  profile: Profile,
  options: EngineRunOptions,
  plan: WorkerPlan,
): Promise<EngineOutcome> {
  const clock = threadClock;
  const startAt = options.startAtEpochMs;
  // The wait is announced once, whether this thread waits before starting the threads or
  // only for the last moments.
  let announced = false;
  const announce = (waitMs: number) => {
    if (!announced) options.onStartWait?.(waitMs);
    announced = true;
  };
  if (startAt !== undefined && startAt - clock.epochMs() > PREPARE_BEFORE_START_MS) {
    announce(startAt - clock.epochMs());
    await sleep(startAt - PREPARE_BEFORE_START_MS - clock.epochMs(), options.signal);
  }
  const packed = packProfile(profile);
  const threads = plan.shares.map(
    (share) =>
      new EngineThread({
        index: share.index,
        threads: plan.shares.length,
        profile: {
          ...packed.profile,
          load: {
            ...profile.load,
            connections: share.connections,
            maxInFlight: share.maxInFlight,
          },
        },
        tables: packed.tables,
        stripe: share.stripe,
        ...(options.baselineTarget === undefined ? {} : { baselineTarget: options.baselineTarget }),
      }),
  );
  try {
    return await coordinate(profile, { ...options, onStartWait: announce }, threads, plan);
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}

async function coordinate(
  profile: Profile,
  options: EngineRunOptions,
  threads: EngineThread[],
  plan: WorkerPlan,
): Promise<EngineOutcome> {
  const clock = threadClock;
  const callOff = async (): Promise<EngineOutcome[]> => {
    for (const thread of threads) thread.send({ type: 'start' });
    return Promise.all(threads.map((thread) => thread.done));
  };
  const ready = await Promise.all(threads.map((thread) => thread.ready));
  if (ready.includes(false)) {
    // A thread ended before it was ready: it could not connect (every thread connects to the
    // same target, so one says it for all).
    const outcomes = await callOff();
    return outcomes.find((o) => o.kind === 'unreachable') ?? (outcomes[0] as EngineOutcome);
  }
  const setup = await runSetupOnce(profile, clock, options);
  if (!setup.ok) {
    await callOff();
    return { kind: 'setup-failed', message: setup.message };
  }

  const nowMs = clock.nowMs();
  const untilStartAtMs =
    options.startAtEpochMs === undefined ? 0 : options.startAtEpochMs - clock.epochMs();
  if (untilStartAtMs > START_MARGIN_MS) options.onStartWait?.(untilStartAtMs);
  const startMs = nowMs + Math.max(START_MARGIN_MS, untilStartAtMs);
  const startEpochMs = clock.epochMs() + (startMs - clock.nowMs());
  const measureStartMs = startMs + profile.load.warmupMs;
  for (const thread of threads) {
    thread.send({ type: 'start', go: { startMs, setupValues: setup.values } });
  }

  let status: 'completed' | 'interrupted' | 'aborted' = 'completed';
  let abortCause: AbortCause | undefined;
  let abortReason: string | undefined;
  const abort = (cause: AbortCause, reason: string) => {
    if (status !== 'completed') return;
    status = 'aborted';
    abortCause = cause;
    abortReason = reason;
    for (const thread of threads) thread.send({ type: 'abort', cause, reason });
  };
  const onInterrupt = () => {
    if (status === 'completed') status = 'interrupted';
    for (const thread of threads) thread.send({ type: 'interrupt' });
  };
  // One line a second: once every thread has reported since the last line.
  const onProgress = () => {
    if (!threads.every((t) => t.freshProgress)) return;
    const parts = threads.map((t) => {
      t.freshProgress = false;
      return { snapshot: t.progress as ProgressSnapshot, recentSeconds: t.recentSeconds };
    });
    options.onProgress?.(mergeProgress(parts));
  };
  for (const thread of threads) {
    thread.onAborted = abort;
    thread.onSecretValues = (values) => options.onSecretValues?.(values);
    thread.onProgress = onProgress;
  }
  options.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (options.signal?.aborted) onInterrupt();

  const liveCheck = options.liveCheck;
  let checking = false;
  const live = liveCheck
    ? setInterval(() => {
        if (checking || clock.nowMs() < measureStartMs) return;
        checking = true;
        void Promise.all(threads.map((thread) => thread.snapshot()))
          .then((snapshots) => {
            const taken = snapshots.filter((s): s is LiveSnapshot => s !== undefined);
            if (taken.length < threads.length || status !== 'completed') return;
            const reason = liveCheck(mergeLiveSnapshots(taken));
            if (reason) abort('threshold', reason);
          })
          .finally(() => {
            checking = false;
          });
      }, LIVE_CHECK_INTERVAL_MS)
    : undefined;

  let outcomes: EngineOutcome[];
  try {
    outcomes = await Promise.all(threads.map((thread) => thread.done));
  } finally {
    clearInterval(live);
    options.signal?.removeEventListener('abort', onInterrupt);
  }
  const ran = outcomes.filter(
    (o): o is Extract<EngineOutcome, { kind: 'ran' }> => o.kind === 'ran',
  );
  if (ran.length < outcomes.length) {
    return outcomes.find((o) => o.kind !== 'ran') as EngineOutcome;
  }
  const parts: Recording[] = ran.map((o) => o.recording);
  if (profile.setup !== undefined && !profile.setup.perVu) parts.push(setup.part);
  if (status === 'completed') {
    status = ran.some((o) => o.status === 'aborted')
      ? 'aborted'
      : ran.some((o) => o.status === 'interrupted')
        ? 'interrupted'
        : 'completed';
  }
  const sumOf = (read: (o: (typeof ran)[number]) => number | undefined) => {
    const values = ran.map(read).filter((v): v is number => v !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const plannedRequests = sumOf((o) => o.plannedRequests);
  const peakVus = sumOf((o) => o.peakVus);
  const warnings = [...new Set(ran.flatMap((o) => o.warnings ?? []))];
  if (plan.note !== undefined) warnings.push(plan.note);
  // Counted per thread, told once for the run: the results word them from the sums.
  const extractFailures = sumExtractFailures(ran.map((o) => o.extractFailures));
  const firstVuLoginFailure = ran.find(
    (o) => o.firstVuLoginFailure !== undefined,
  )?.firstVuLoginFailure;
  const protocolsSeen = [...new Set(ran.flatMap((o) => o.protocolsSeen ?? []))].sort();
  const baselineSide = mergeBaselineSides(ran);
  return {
    kind: 'ran',
    recording: mergeRecordings(parts),
    startedAtEpochMs: startEpochMs + profile.load.warmupMs,
    status,
    ...(abortReason ? { abortReason, abortCause } : {}),
    ...(plannedRequests === undefined ? {} : { plannedRequests }),
    ...(peakVus === undefined ? {} : { peakVus }),
    protocolsSeen,
    ...(options.startAtEpochMs === undefined
      ? {}
      : { startSkewMs: startEpochMs - options.startAtEpochMs }),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(extractFailures.length > 0 ? { extractFailures } : {}),
    ...(firstVuLoginFailure === undefined ? {} : { firstVuLoginFailure }),
    ...(baselineSide === undefined ? {} : { baselineSide }),
  };
}

/** Side by side: the threads' baseline-target recordings merged as the target's are. */
function mergeBaselineSides(
  ran: readonly Extract<EngineOutcome, { kind: 'ran' }>[],
): Extract<EngineOutcome, { kind: 'ran' }>['baselineSide'] {
  const sides = ran.flatMap((o) => (o.baselineSide ? [o.baselineSide] : []));
  if (sides.length === 0) return undefined;
  const extractFailures = sumExtractFailures(sides.map((side) => side.extractFailures));
  const planned = sides.flatMap((side) =>
    side.plannedRequests === undefined ? [] : [side.plannedRequests],
  );
  return {
    recording: mergeRecordings(sides.map((side) => side.recording)),
    protocolsSeen: [...new Set(sides.flatMap((side) => side.protocolsSeen))].sort(),
    ...(extractFailures.length > 0 ? { extractFailures } : {}),
    ...(planned.length > 0 ? { plannedRequests: planned.reduce((a, b) => a + b, 0) } : {}),
  };
}

/** One engine thread, as the coordinator sees it. */
class EngineThread {
  private readonly worker: Worker;
  /** True once connected and waiting for `start`; false when it ended before that. */
  readonly ready: Promise<boolean>;
  /** Its outcome; rejects when the thread failed (a bug: an error thrown in it). */
  readonly done: Promise<EngineOutcome>;
  progress: ProgressSnapshot | undefined;
  /** A progress report came since the last line was printed. */
  freshProgress = false;
  onProgress: () => void = () => {};
  recentSeconds: TimelinePoint[] = [];
  onAborted: (cause: AbortCause, reason: string) => void = () => {};
  onSecretValues: (values: string[]) => void = () => {};
  private readonly snapshots = new Map<number, (s: LiveSnapshot | undefined) => void>();
  private nextSnapshotId = 0;
  private finished = false;

  constructor(input: WorkerInput) {
    this.worker = startEngineWorker(input);
    let setReady: (ready: boolean) => void = () => {};
    this.ready = new Promise((resolve) => {
      setReady = resolve;
    });
    this.done = new Promise<EngineOutcome>((resolve, reject) => {
      this.worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready':
            setReady(true);
            return;
          case 'progress':
            this.progress = message.snapshot;
            this.freshProgress = true;
            if (message.lastSecond && message.lastSecond.t !== this.recentSeconds.at(-1)?.t) {
              this.recentSeconds = [...this.recentSeconds, message.lastSecond].slice(
                -RECENT_SECONDS,
              );
            }
            this.onProgress();
            return;
          case 'snapshot':
            this.snapshots.get(message.id)?.(message.snapshot);
            this.snapshots.delete(message.id);
            return;
          case 'aborted':
            this.onAborted(message.cause, message.reason);
            return;
          case 'secrets':
            this.onSecretValues(message.values);
            return;
          case 'done':
            this.end();
            setReady(false);
            resolve(message.outcome);
            return;
        }
      });
      this.worker.on('error', (error) => {
        this.end();
        setReady(false);
        reject(new Error(`engine thread ${input.index + 1} failed: ${error.message}`));
      });
      this.worker.on('exit', (code) => {
        this.end();
        setReady(false);
        reject(new Error(`engine thread ${input.index + 1} ended (exit code ${code})`));
      });
    });
    // Rejections are read through `done`; this only keeps an early one from being unhandled.
    this.done.catch(() => {});
  }

  send(message: ToWorker): void {
    if (!this.finished) this.worker.postMessage(message);
  }

  /** Its live figures, histograms encoded; undefined when it has ended or not started. */
  snapshot(): Promise<LiveSnapshot | undefined> {
    if (this.finished) return Promise.resolve(undefined);
    const id = this.nextSnapshotId++;
    return new Promise((resolve) => {
      this.snapshots.set(id, resolve);
      this.worker.postMessage({ type: 'snapshot', id } satisfies ToWorker);
    });
  }

  async terminate(): Promise<void> {
    this.end();
    await this.worker.terminate();
  }

  private end(): void {
    this.finished = true;
    for (const resolve of this.snapshots.values()) resolve(undefined);
    this.snapshots.clear();
  }
}

/**
 * Starts the engine thread's entry: `engine-worker.js` beside the bundle (dist/, which esbuild
 * builds as its own entry; this code may sit in dist/ or in dist/chunks/), or, when running
 * from the TypeScript sources (tests, `tsx`), `engine-worker.ts` loaded through tsx, since a
 * worker thread does not inherit the loader hooks of the thread that starts it.
 */
function startEngineWorker(input: WorkerInput): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = JSON.stringify(new URL('./engine-worker.ts', here).href);
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    return new Worker(`import(${tsx}).then((tsx) => tsx.tsImport(${entry}, ${entry}));`, {
      eval: true,
      workerData: input,
    });
  }
  for (const candidate of ['./engine-worker.js', '../engine-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return new Worker(url, { workerData: input });
  }
  throw new Error(`engine-worker.js is missing beside ${fileURLToPath(here)}`);
}

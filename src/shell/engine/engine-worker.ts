/**
 * An engine thread of `--workers N` (see worker-engine.ts and worker-protocol.ts): runs the
 * undici engine on its stripe of the schedule and reports to the coordinating thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { subStripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
import type { RunRecorder } from '../../core/stats/run-recorder.js';
import { threadClock, waitUntil } from './thread-clock.js';
import { UndiciEngine } from './undici-engine.js';
import {
  type AbortCause,
  type FromWorker,
  type ToWorker,
  unpackProfile,
  type WorkerInput,
} from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('engine-worker runs as a worker thread only');
const input = workerData as WorkerInput;
const post = (message: FromWorker) => port.postMessage(message);

const interrupt = new AbortController();
let run: { recorder: RunRecorder; abort(cause: AbortCause, reason: string): void } | undefined;
/** An abort that came before this thread's run started: applied as it starts. */
let pendingAbort: { cause: AbortCause; reason: string } | undefined;
type Go = Extract<ToWorker, { type: 'start' }>['go'];
let release: (go: Go) => void = () => {};
// Settled by the coordinator's `start`, which may come before this thread is ready (another
// thread found the target unreachable and the run is called off).
const started = new Promise<Go>((resolve) => {
  release = resolve;
});

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start': {
      const go = message.go;
      if (go === undefined) release(undefined);
      else void waitUntil(threadClock, go.startMs).then(() => release(go));
      return;
    }
    case 'snapshot':
      post({
        type: 'snapshot',
        id: message.id,
        snapshot: run?.recorder.snapshot(threadClock.nowMs(), true),
      });
      return;
    case 'abort':
      if (run) run.abort(message.cause, message.reason);
      else pendingAbort = message;
      return;
    case 'interrupt':
      interrupt.abort();
      return;
  }
});

const outcome = await new UndiciEngine(threadClock).run(
  unpackProfile(input.profile, input.tables),
  {
    signal: interrupt.signal,
    stripe: input.stripe,
    ...(input.baselineTarget === undefined ? {} : { baselineTarget: input.baselineTarget }),
    onProgress: (snapshot) => {
      const lastSecond = run?.recorder.lastSecond();
      post({ type: 'progress', snapshot, ...(lastSecond ? { lastSecond } : {}) });
    },
    onSecretValues: (values) => post({ type: 'secrets', values }),
    worker: {
      awaitStart: () => {
        post({ type: 'ready' });
        return started;
      },
      onStarted: (handle) => {
        run = handle;
        if (pendingAbort) handle.abort(pendingAbort.cause, pendingAbort.reason);
      },
      onAborted: (cause, reason) => post({ type: 'aborted', cause, reason }),
      seqStripe: subStripe(WHOLE_SCHEDULE, input.index, input.threads),
    },
  },
);
run = undefined;
// The coordinator ends the thread once it has this (its message listener keeps it alive).
post({ type: 'done', outcome });

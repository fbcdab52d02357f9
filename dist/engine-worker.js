import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);
import {
  UndiciEngine,
  WHOLE_SCHEDULE,
  subStripe,
  threadClock,
  unpackProfile,
  waitUntil
} from "./chunks/chunk-WAXALGBR.js";
import "./chunks/chunk-MVY2A3H3.js";

// src/shell/engine/engine-worker.ts
import { parentPort, workerData } from "node:worker_threads";
var port = parentPort;
if (port === null) throw new Error("engine-worker runs as a worker thread only");
var input = workerData;
var post = (message) => port.postMessage(message);
var interrupt = new AbortController();
var run;
var pendingAbort;
var release = () => {
};
var started = new Promise((resolve) => {
  release = resolve;
});
port.on("message", (message) => {
  switch (message.type) {
    case "start": {
      const go = message.go;
      if (go === void 0) release(void 0);
      else void waitUntil(threadClock, go.startMs).then(() => release(go));
      return;
    }
    case "snapshot":
      post({
        type: "snapshot",
        id: message.id,
        snapshot: run?.recorder.snapshot(threadClock.nowMs(), true)
      });
      return;
    case "abort":
      if (run) run.abort(message.cause, message.reason);
      else pendingAbort = message;
      return;
    case "interrupt":
      interrupt.abort();
      return;
  }
});
var outcome = await new UndiciEngine(threadClock).run(
  unpackProfile(input.profile, input.tables),
  {
    signal: interrupt.signal,
    stripe: input.stripe,
    ...input.baselineTarget === void 0 ? {} : { baselineTarget: input.baselineTarget },
    onProgress: (snapshot) => {
      const lastSecond = run?.recorder.lastSecond();
      post({ type: "progress", snapshot, ...lastSecond ? { lastSecond } : {} });
    },
    onSecretValues: (values) => post({ type: "secrets", values }),
    worker: {
      awaitStart: () => {
        post({ type: "ready" });
        return started;
      },
      onStarted: (handle) => {
        run = handle;
        if (pendingAbort) handle.abort(pendingAbort.cause, pendingAbort.reason);
      },
      onAborted: (cause, reason) => post({ type: "aborted", cause, reason }),
      seqStripe: subStripe(WHOLE_SCHEDULE, input.index, input.threads)
    }
  }
);
run = void 0;
post({ type: "done", outcome });

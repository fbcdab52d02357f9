import { Worker } from 'node:worker_threads';

/**
 * A probe on its own thread, with its own event loop, that asks to wake every few ms and notes
 * how late it woke. Lateness there comes from the machine (other processes, the other tests'
 * workers on a shared 2-core box), not from the code under test: a bug that blocks the test's
 * own event loop does not make the probe late, so adding the probe's figure to a timing bound
 * relaxes the bound only for load the machine really had, never for our own stalls.
 */
const PROBE_SOURCE = `
const { parentPort } = require('node:worker_threads');
const INTERVAL_MS = 2;
let maxLateMs = 0;
let expectedMs = performance.now() + INTERVAL_MS;
const timer = setInterval(() => {
  const nowMs = performance.now();
  maxLateMs = Math.max(maxLateMs, nowMs - expectedMs);
  expectedMs = nowMs + INTERVAL_MS;
}, INTERVAL_MS);
parentPort.once('message', () => {
  clearInterval(timer);
  parentPort.postMessage(Math.max(0, maxLateMs));
});
`;

export interface MachineLagProbe {
  /** Stops the probe; resolves to the longest time (ms) it woke late while it ran. */
  stop(): Promise<number>;
}

/**
 * Starts measuring how late a machine wakes a waiting thread. A timing bound written as
 * `expected + await probe.stop()` keeps its full strength on a quiet machine (the figure is ~1 ms)
 * and tolerates exactly the stalls a loaded one imposed during the test.
 */
export async function startMachineLagProbe(): Promise<MachineLagProbe> {
  const worker = new Worker(PROBE_SOURCE, { eval: true });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });
  return {
    stop: async () => {
      const lateMs = new Promise<number>((resolve, reject) => {
        worker.once('message', (value: number) => resolve(value));
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const value = await lateMs;
      await worker.terminate();
      return value;
    },
  };
}

/** Memory samples taken after a full GC, and the cost of naive per-request logs as a peer. */

export interface MemorySample {
  elapsedMs: number;
  requests: number;
  heapUsed: number;
  /** Heap pages V8 holds (used or not): part of rss that GC controls. */
  heapTotal: number;
  rss: number;
  arrayBuffers: number;
  /** C++ objects and WebAssembly memory (the histograms live there). */
  external: number;
}

function collectGarbage(): void {
  // Twice: the first pass can leave objects that only die once their finalizers ran.
  global.gc?.();
  global.gc?.();
}

export function sampleMemory(elapsedMs: number, requests: number): MemorySample {
  collectGarbage();
  const m = process.memoryUsage();
  return {
    elapsedMs,
    requests,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    rss: m.rss,
    arrayBuffers: m.arrayBuffers,
    external: m.external,
  };
}

/** Bytes of heap plus array buffers a value built by `build` keeps alive, per element. */
function measureBytesPerItem(count: number, build: (count: number) => unknown): number {
  collectGarbage();
  const before = process.memoryUsage();
  const kept = build(count);
  collectGarbage();
  const after = process.memoryUsage();
  // Read `kept` after the measurement so it cannot be collected before it.
  if (kept === undefined) return Number.NaN;
  const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return bytes / count;
}

/**
 * What keeping one latency per request would cost, built for the same number of requests the
 * run made: a preallocated Float64Array (the cheapest possible), a growing JS array of doubles
 * (what `latencies.push(ms)` gives), and an array of small per-request records.
 */
export function measureNaiveLogs(count: number): {
  float64: number;
  jsArray: number;
  objects: number;
} {
  // Fractional values, like real latencies: integers would be stored as cheaper small ints.
  const latencyMs = (i: number) => 0.1 + (i % 1000) / 997;
  return {
    float64: measureBytesPerItem(count, (n) =>
      Float64Array.from({ length: n }, (_, i) => latencyMs(i)),
    ),
    jsArray: measureBytesPerItem(count, (n) => {
      const log: number[] = [];
      for (let i = 0; i < n; i++) log.push(latencyMs(i));
      return log;
    }),
    objects: measureBytesPerItem(count, (n) => {
      const log: { t: number; latencyMs: number; status: number }[] = [];
      for (let i = 0; i < n; i++) log.push({ t: i * 0.33, latencyMs: latencyMs(i), status: 200 });
      return log;
    }),
  };
}

import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  initWebAssemblySync,
} from 'hdr-histogram-js';
import type { LatencySummaryMs } from './figures.js';

export type { Histogram } from 'hdr-histogram-js';

let wasmReady = false;
/** Histograms `createHistogram` has built in this process (see `countCreatedHistograms`). */
let createdCount = 0;
/** `encodeHistogram(undefined)`: computed once, the first time a never-recorded one is encoded. */
let emptyEncoding: string | undefined;

/**
 * Every histogram goes through here so that all of them are WebAssembly ones: a JS histogram
 * built by accident cannot be added to a WASM one (the library throws), and WASM records ~6x
 * faster. Initialisation is synchronous and idempotent.
 */
function ensureWasm(): void {
  if (!wasmReady) {
    initWebAssemblySync();
    wasmReady = true;
  }
}

/**
 * Loads the WebAssembly runtime now (55–95 ms the first time, measured) so that cost lands
 * before a run's clock starts, not on its first requests.
 */
export function prepareHistograms(): void {
  ensureWasm();
}

/**
 * A latency histogram in integer microseconds, 3 significant digits, auto-resizing.
 * WASM memory is not garbage collected: call `destroy()` on histograms that are dropped.
 */
export function createHistogram(): Histogram {
  ensureWasm();
  createdCount++;
  return build({
    useWebAssembly: true,
    bitBucketSize: 64,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
    lowestDiscernibleValue: 1,
  });
}

/**
 * Records a duration given in milliseconds as whole microseconds (rounded). Negative values
 * (clock skew between two reads) are recorded as 0 rather than dropped, so counts stay exact.
 */
export function recordMs(histogram: Histogram, valueMs: number): void {
  const us = Math.round(valueMs * 1000);
  histogram.recordValue(Math.max(us, 0));
}

/**
 * Histograms built so far by `createHistogram` in this process, destroyed or not (a decoded or
 * merged histogram counts once: the library's transient decode does not). Each holds ~16 KB of
 * WebAssembly memory, which the library does not expose, so this count is how a test tells that
 * memory follows what was recorded: read it before and after and compare.
 */
export function countCreatedHistograms(): number {
  return createdCount;
}

/**
 * HdrHistogram's compressed base64 form (V2 encoding), the form stored in results files.
 * `undefined` stands for a histogram that was never created because nothing was recorded: it
 * gives exactly the encoding of a fresh empty histogram, computed once and cached.
 */
export function encodeHistogram(histogram: Histogram | undefined): string {
  if (histogram) return encodeIntoCompressedBase64(histogram);
  if (emptyEncoding === undefined) {
    const empty = createHistogram();
    emptyEncoding = encodeIntoCompressedBase64(empty);
    empty.destroy();
  }
  return emptyEncoding;
}

/**
 * Decodes a compressed base64 histogram into a fresh auto-resizing one. Decoded histograms are
 * fixed-range, so adding wider data to them aborts inside WASM; copying into an auto-resizing
 * histogram makes the result safe to merge into.
 * @throws Error when the text is not a valid encoded histogram.
 */
export function decodeHistogram(encoded: string): Histogram {
  ensureWasm();
  const decoded = decodeFromCompressedBase64(encoded, 64, true);
  const histogram = createHistogram();
  histogram.add(decoded);
  decoded.destroy();
  return histogram;
}

/**
 * Adds an encoded histogram into `target` exactly (counts add bucket by bucket), without the
 * auto-resizing copy `decodeHistogram` makes: `target` must be auto-resizing (one from
 * `createHistogram`), so the decoded, fixed-range one can always be added into it. For merging
 * many encodings into one reused histogram (`reset()` between uses).
 * @throws Error when the text is not a valid encoded histogram.
 */
export function addEncodedInto(target: Histogram, encoded: string): void {
  ensureWasm();
  const decoded = decodeFromCompressedBase64(encoded, 64, true);
  try {
    target.add(decoded);
  } finally {
    decoded.destroy();
  }
}

/**
 * Merges encoded histograms exactly (counts add bucket by bucket); an empty list gives an empty
 * histogram. The caller owns (and must destroy) the result.
 */
export function mergeEncodedHistograms(encoded: readonly string[]): Histogram {
  const merged = createHistogram();
  for (const text of encoded) {
    const part = decodeHistogram(text);
    merged.add(part);
    part.destroy();
  }
  return merged;
}

const US_PER_MS = 1000;

/** Rounds to microsecond resolution: histograms hold whole microseconds, more digits are noise. */
export function roundMs(valueMs: number): number {
  return Math.round(valueMs * 1000) / 1000;
}

/**
 * Latency summary in milliseconds from a microsecond histogram. An empty histogram, or none
 * (`undefined`: never built because nothing was recorded), gives all zeros (after `reset()` the
 * library reports a huge `minNonZeroValue`, which must not leak out).
 * Percentiles are HdrHistogram's: the highest value equivalent to the bucket at that rank,
 * accurate to 3 significant digits. `max` is taken the same way (percentile 100), not from the
 * exact maximum a live histogram tracks: a decoded or merged histogram only knows buckets, and
 * a summary must read the same from the run as from its stored histogram.
 */
export function summarizeHistogram(histogram: Histogram | undefined): LatencySummaryMs {
  if (histogram === undefined || histogram.totalCount === 0) {
    return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, stdev: 0 };
  }
  const at = (percentile: number) =>
    roundMs(histogram.getValueAtPercentile(percentile) / US_PER_MS);
  return {
    min: roundMs(minValueUs(histogram) / US_PER_MS),
    mean: roundMs(histogram.mean / US_PER_MS),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
    stdev: roundMs(histogram.stdDeviation / US_PER_MS),
  };
}

/** The smallest recorded value, zero included (minNonZeroValue skips recorded zeros). */
function minValueUs(histogram: Histogram): number {
  return histogram.getValueAtPercentile(0) === 0 ? 0 : histogram.minNonZeroValue;
}

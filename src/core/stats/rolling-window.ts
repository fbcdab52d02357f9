import { createHistogram, type Histogram, recordMs, roundMs } from './histogram.js';

/** The heartbeat's rolling figures cover the last minute… */
export const ROLLING_WINDOW_MS = 60_000;
/** …in twelve 5-second slots: the window read spans 55 to 60 s, moving on every 5 s. */
export const ROLLING_SLOT_COUNT = 12;

/** Latency quantiles in ms over a window. */
export interface WindowQuantilesMs {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

/** What a window holds right now. */
export interface WindowFigures {
  /** Completed requests (answers and transport errors) in the window. */
  completions: number;
  /** Of those, the failed ones (an unexpected answer or none). */
  failures: number;
  /** Answers whose latency is in the window (transport errors have none). */
  latencyCount: number;
  /** Undefined when no latency was recorded in the window. */
  quantilesMs?: WindowQuantilesMs;
}

interface Slot {
  /** Which slot-length period of the clock this slot currently holds; -Infinity when unused. */
  period: number;
  completions: number;
  failures: number;
  /** Built on the slot's first latency, then reset and reused as the ring turns. */
  histogram: Histogram | undefined;
}

/**
 * Figures over the last `windowMs`, for a process that runs for days: a fixed ring of slots,
 * each with a histogram that is reset and reused when the ring comes round to it, so memory
 * stays the same after a minute as after a week (no per-request arrays, no histogram built per
 * read). Slots are by completion time. Reads merge the live slots exactly (bucket by bucket).
 * Times are the caller's clock in ms, expected not to go backwards; a record older than the
 * ring is ignored.
 */
export class RollingWindow {
  private readonly slots: Slot[];
  private readonly slotMs: number;

  /**
   * @param windowMs length covered (ms), > 0.
   * @param slotCount slots it is cut into, ≥ 1: a read covers between `windowMs - slotMs` and
   *   `windowMs` of history.
   */
  constructor(windowMs = ROLLING_WINDOW_MS, slotCount = ROLLING_SLOT_COUNT) {
    this.slotMs = windowMs / slotCount;
    this.slots = Array.from({ length: slotCount }, () => ({
      period: Number.NEGATIVE_INFINITY,
      completions: 0,
      failures: 0,
      histogram: undefined,
    }));
  }

  /**
   * Counts one completion at `nowMs`, with its latency when it was an answer.
   * @param latencyMs undefined for a transport error (no response time exists).
   * @param failed whether it counts as a failure.
   */
  record(nowMs: number, latencyMs: number | undefined, failed: boolean): void {
    const period = Math.floor(nowMs / this.slotMs);
    const slot = this.slotOf(period);
    if (slot.period > period) return;
    if (slot.period !== period) {
      slot.period = period;
      slot.completions = 0;
      slot.failures = 0;
      slot.histogram?.reset();
    }
    slot.completions++;
    if (failed) slot.failures++;
    if (latencyMs !== undefined) {
      slot.histogram ??= createHistogram();
      recordMs(slot.histogram, latencyMs);
    }
  }

  /**
   * Adds the live slots' latencies at `nowMs` into `into` and their counts into `counts`.
   * Neither is reset here, so several windows can be merged into one.
   */
  addLiveInto(
    nowMs: number,
    into: Histogram,
    counts: { completions: number; failures: number },
  ): void {
    const current = Math.floor(nowMs / this.slotMs);
    for (const slot of this.slots) {
      if (slot.period <= current - this.slots.length || slot.period > current) continue;
      counts.completions += slot.completions;
      counts.failures += slot.failures;
      if (slot.histogram !== undefined && slot.histogram.totalCount > 0) into.add(slot.histogram);
    }
  }

  /** Frees the slots' WebAssembly memory; the window must not be used afterwards. */
  destroy(): void {
    for (const slot of this.slots) {
      slot.histogram?.destroy();
      slot.histogram = undefined;
    }
  }

  private slotOf(period: number): Slot {
    const n = this.slots.length;
    return this.slots[((period % n) + n) % n] as Slot;
  }
}

/**
 * The figures of several windows merged (one scenario's, or all of them for the whole
 * heartbeat) at `nowMs`. `scratch` is reset and filled: the caller keeps one for every read, so
 * a read builds no histogram.
 */
export function readWindows(
  windows: readonly RollingWindow[],
  nowMs: number,
  scratch: Histogram,
): WindowFigures {
  scratch.reset();
  const counts = { completions: 0, failures: 0 };
  for (const window of windows) window.addLiveInto(nowMs, scratch, counts);
  const latencyCount = scratch.totalCount;
  if (latencyCount === 0) return { ...counts, latencyCount };
  const at = (percentile: number) => roundMs(scratch.getValueAtPercentile(percentile) / 1000);
  return {
    ...counts,
    latencyCount,
    quantilesMs: { p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9) },
  };
}

/** A histogram for `readWindows` to merge into; the caller destroys it. */
export function createScratchHistogram(): Histogram {
  return createHistogram();
}

import type { EntrySummary, HistoryEntry } from '../../../src/core/history/types.js';

/** 2026-11-30 00:05 UTC: runs of a fixture series start here, one an hour. */
export const SERIES_START_MS = Date.parse('2026-11-30T00:05:00Z');
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface EntryShape {
  p50?: number;
  p95?: number;
  p99?: number;
  errorRate?: number;
  rps?: number;
}

/** A whole-run summary with the given figures (the rest consistent and plain). */
export function makeSummary(shape: EntryShape = {}): EntrySummary {
  const p95 = shape.p95 ?? 100;
  const requests = 6000;
  const errorRate = shape.errorRate ?? 0;
  const errors = Math.round(requests * errorRate);
  return {
    requests,
    ok: requests - errors,
    failed: 0,
    errors,
    blocked: 0,
    dropped: 0,
    rps: shape.rps ?? 100,
    errorRate,
    blockRate: 0,
    dropRate: 0,
    latencyMs: {
      p50: shape.p50 ?? p95 / 2,
      p90: p95 * 0.9,
      p95,
      p99: shape.p99 ?? p95 * 1.5,
      p999: p95 * 2,
      max: p95 * 3,
      mean: p95 / 2,
    },
  };
}

/** A 40-hex commit id that starts with the run's number (`0000003…` for run 3). */
export function commitOf(n: number): string {
  return `${n.toString(16).padStart(7, '0')}${'ab'.repeat(16)}c`;
}

/** Run `n` of a scheduled hourly series of `shop`, starting `n` hours after SERIES_START_MS. */
export function makeEntry(
  n: number,
  shape: EntryShape & Partial<Omit<HistoryEntry, 'overall'>> = {},
): HistoryEntry {
  const { p50, p95, p99, errorRate, rps, ...rest } = shape;
  return {
    profile: 'shop',
    layer: 'scheduled',
    interval: 'hourly',
    id: `${1000 + n}.1`,
    at: new Date(SERIES_START_MS + n * HOUR_MS).toISOString(),
    runs: 1,
    commit: commitOf(n),
    ref: 'refs/heads/main',
    runId: 1000 + n,
    runAttempt: 1,
    runUrl: `https://github.com/acme/shop/actions/runs/${1000 + n}`,
    event: 'schedule',
    status: 'completed',
    verdict: 'pass',
    durationMs: 60_000,
    load: { executor: 'constant-arrival-rate', peakRatePerSec: 100 },
    overall: makeSummary({
      ...(p50 !== undefined ? { p50 } : {}),
      ...(p95 !== undefined ? { p95 } : {}),
      ...(p99 !== undefined ? { p99 } : {}),
      ...(errorRate !== undefined ? { errorRate } : {}),
      ...(rps !== undefined ? { rps } : {}),
    }),
    scenarios: {},
    histogram: '',
    ...rest,
  };
}

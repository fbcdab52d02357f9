/**
 * Keeping the history bounded: exact merges of entries, the retention rules (every run for 7
 * days, one entry per series and UTC day up to 90 days, one per series and ISO week up to 365
 * days, nothing older; at most 500 unmerged entries per series), and appending a run.
 */
import type { Level } from '../rules/types.js';
import {
  encodeHistogram,
  mergeEncodedHistograms,
  roundMs,
  summarizeHistogram,
} from '../stats/histogram.js';
import { pickBusiest } from './build-entry.js';
import type { EntrySummary, HistoryEntry, HistoryFileV1, SeriesKey } from './types.js';

const DAY_MS = 86_400_000;
/** Every run is kept unmerged while younger than this (measured from its `at`). */
export const RAW_RETENTION_MS = 7 * DAY_MS;
/** Up to this age, one entry per series and UTC day. */
export const DAILY_RETENTION_MS = 90 * DAY_MS;
/** Up to this age, one entry per series and ISO week (Monday 00:00 UTC); older entries go. */
export const WEEKLY_RETENTION_MS = 365 * DAY_MS;
/** Unmerged entries per series at most: past this, the oldest are merged per day early. */
export const MAX_RAW_PER_SERIES = 500;

const STATUS_ORDER: readonly HistoryEntry['status'][] = ['completed', 'interrupted', 'aborted'];
const VERDICT_ORDER: readonly Level[] = ['pass', 'warn', 'fail'];

/** True when both name the same series (profile, layer, interval). */
export function isSameSeries(a: SeriesKey, b: SeriesKey): boolean {
  return a.profile === b.profile && a.layer === b.layer && a.interval === b.interval;
}

/** A map key for a series; the parts cannot run into each other. */
export function seriesId(key: SeriesKey): string {
  return JSON.stringify([key.profile, key.layer, key.interval]);
}

/** `shop / scheduled / hourly`, for notes. */
export function describeSeries(key: SeriesKey): string {
  return `${key.profile} / ${key.layer} / ${key.interval}`;
}

/** An entry that stands for more than one run (a day's or week's merge). */
export function isMergedEntry(entry: HistoryEntry): boolean {
  return entry.runs > 1;
}

function worst<T>(order: readonly T[], values: readonly T[]): T {
  return values.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a));
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** One scope of one entry, with the measured time it covers. */
interface Part {
  summary: EntrySummary;
  durationMs: number;
}

type Counts = Omit<EntrySummary, 'latencyMs'>;

/** Counts add; rps and rates come from the sums (rates rounded to 6 decimals, rps to 3). */
function mergeCounts(parts: readonly Part[]): Counts {
  const sum = (pick: (s: EntrySummary) => number) =>
    parts.reduce((total, p) => total + pick(p.summary), 0);
  const requests = sum((s) => s.requests);
  const blocked = sum((s) => s.blocked);
  const failed = sum((s) => s.failed);
  const errors = sum((s) => s.errors);
  const dropped = sum((s) => s.dropped);
  const seconds = parts.reduce((total, p) => total + p.durationMs, 0) / 1000;
  return {
    requests,
    ok: sum((s) => s.ok),
    failed,
    errors,
    blocked,
    dropped,
    rps: seconds > 0 ? round3(requests / seconds) : 0,
    errorRate: ratio(failed + errors, requests),
    blockRate: ratio(blocked, requests),
    dropRate: ratio(dropped, requests + dropped),
  };
}

/** Requests with a latency: what a scope's histogram holds. */
function answeredOf(s: Pick<EntrySummary, 'ok' | 'blocked' | 'failed'>): number {
  return s.ok + s.blocked + s.failed;
}

const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean'] as const;

/**
 * A scenario's latency over several entries without its histogram: each percentile (and the
 * mean, which this makes exact) is the mean weighted by answered requests; `min` the smallest;
 * `stdev` pooled (exact given each part's count, mean and deviation). `min` and `stdev` are
 * left out when a part lacks them. No answered request anywhere: all zeros.
 */
function weightedLatency(parts: readonly Part[]): EntrySummary['latencyMs'] {
  const weighted = parts.filter((p) => answeredOf(p.summary) > 0);
  const total = weighted.reduce((n, p) => n + answeredOf(p.summary), 0);
  if (total === 0) {
    return { p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0, min: 0, stdev: 0 };
  }
  const mean = (key: (typeof PERCENTILE_KEYS)[number]) =>
    weighted.reduce((acc, p) => acc + answeredOf(p.summary) * p.summary.latencyMs[key], 0) / total;
  const latency: EntrySummary['latencyMs'] = {
    p50: roundMs(mean('p50')),
    p90: roundMs(mean('p90')),
    p95: roundMs(mean('p95')),
    p99: roundMs(mean('p99')),
    p999: roundMs(mean('p999')),
    max: Math.max(...weighted.map((p) => p.summary.latencyMs.max)),
    mean: roundMs(mean('mean')),
  };
  // The max of maxima is exact, unlike a mean of them.
  const mins = weighted.map((p) => p.summary.latencyMs.min);
  if (mins.every((m) => m !== undefined)) latency.min = Math.min(...(mins as number[]));
  if (weighted.every((p) => p.summary.latencyMs.stdev !== undefined)) {
    const grand = mean('mean');
    const sumSquares = weighted.reduce((acc, p) => {
      const l = p.summary.latencyMs;
      const sd = l.stdev ?? 0;
      return acc + answeredOf(p.summary) * (sd * sd + (l.mean - grand) ** 2);
    }, 0);
    latency.stdev = roundMs(Math.sqrt(sumSquares / total));
  }
  return latency;
}

/**
 * Each scenario's summary over the entries that have it (first-seen order): counts add, rps over
 * the time of those entries, latency as `weightedLatency`. At most `MAX_ENTRY_SCENARIOS`, the
 * busiest.
 */
export function mergeScenarioSummaries(
  entries: readonly HistoryEntry[],
): Record<string, EntrySummary> {
  const partsByName = new Map<string, Part[]>();
  for (const entry of entries) {
    for (const [name, summary] of Object.entries(entry.scenarios)) {
      const parts = partsByName.get(name) ?? [];
      parts.push({ summary, durationMs: entry.durationMs });
      partsByName.set(name, parts);
    }
  }
  const merged = [...partsByName].map(
    ([name, parts]) =>
      [name, { ...mergeCounts(parts), latencyMs: weightedLatency(parts) }] as const,
  );
  return Object.fromEntries(pickBusiest(merged));
}

/** The whole run's summary over several entries: counts add, latency from `histogramSummary`. */
export function mergeOverallSummary(
  entries: readonly HistoryEntry[],
  histogramSummary: ReturnType<typeof summarizeHistogram>,
): EntrySummary {
  const { p50, p90, p95, p99, p999, max, mean, min, stdev } = histogramSummary;
  return {
    ...mergeCounts(entries.map((e) => ({ summary: e.overall, durationMs: e.durationMs }))),
    latencyMs: { p50, p90, p95, p99, p999, max, mean, min, stdev },
  };
}

function atMsOf(entry: HistoryEntry): number {
  return Date.parse(entry.at);
}

/** Oldest first; ties by id, so the order never depends on the input's. */
function byTime(a: HistoryEntry, b: HistoryEntry): number {
  const diff = atMsOf(a) - atMsOf(b);
  if (diff !== 0 && !Number.isNaN(diff)) return diff;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Merges entries of one series into one, exactly where it can be: counts, durations and runs
 * add; rps and rates come from the sums; the whole run's latency from the merged histogram;
 * each scenario's from `weightedLatency`. Status and verdict are the worst; `breach` is
 * `confirmed` if any run's was, else `unconfirmed` if any, else absent. `id`, `at` and
 * `firstCommit` are the first run's; `until`, `commit`, `ref`, the run fields and `event` the
 * last's; the load is the last's with the highest peaks. Merging a merged entry again with more
 * runs gives the same as merging all runs at once (up to µs rounding of scenario figures).
 * A single entry comes back unchanged.
 * @param entries at least one, all of one series (not checked); any order.
 * @throws RangeError for an empty list.
 */
export function mergeEntries(entries: readonly HistoryEntry[]): HistoryEntry {
  if (entries.length === 0) throw new RangeError('mergeEntries needs at least one entry');
  if (entries.length === 1) return entries[0] as HistoryEntry;
  const sorted = [...entries].sort(byTime);
  const first = sorted[0] as HistoryEntry;
  const last = sorted[sorted.length - 1] as HistoryEntry;
  const histogram = mergeEncodedHistograms(sorted.map((e) => e.histogram));
  let encoded: string;
  let summary: ReturnType<typeof summarizeHistogram>;
  try {
    encoded = encodeHistogram(histogram);
    summary = summarizeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
  const breaches = sorted.map((e) => e.breach);
  const breach = breaches.includes('confirmed')
    ? 'confirmed'
    : breaches.includes('unconfirmed')
      ? 'unconfirmed'
      : undefined;
  const peaks = (pick: (e: HistoryEntry) => number | undefined) => {
    const values = sorted.map(pick).filter((v): v is number => v !== undefined);
    return values.length > 0 ? Math.max(...values) : undefined;
  };
  const peakRatePerSec = peaks((e) => e.load.peakRatePerSec);
  const peakVus = peaks((e) => e.load.peakVus);
  const firstCommit = first.firstCommit ?? first.commit;
  return {
    id: first.id,
    profile: first.profile,
    layer: first.layer,
    interval: first.interval,
    at: first.at,
    until: last.until ?? last.at,
    runs: sorted.reduce((n, e) => n + e.runs, 0),
    ...(last.commit !== undefined ? { commit: last.commit } : {}),
    ...(firstCommit !== undefined ? { firstCommit } : {}),
    ...(last.ref !== undefined ? { ref: last.ref } : {}),
    ...(last.runId !== undefined ? { runId: last.runId } : {}),
    ...(last.runAttempt !== undefined ? { runAttempt: last.runAttempt } : {}),
    ...(last.runUrl !== undefined ? { runUrl: last.runUrl } : {}),
    ...(last.event !== undefined ? { event: last.event } : {}),
    status: worst(
      STATUS_ORDER,
      sorted.map((e) => e.status),
    ),
    verdict: worst(
      VERDICT_ORDER,
      sorted.map((e) => e.verdict),
    ),
    ...(breach !== undefined ? { breach } : {}),
    durationMs: sorted.reduce((n, e) => n + e.durationMs, 0),
    load: {
      executor: last.load.executor,
      ...(peakRatePerSec !== undefined ? { peakRatePerSec } : {}),
      ...(peakVus !== undefined ? { peakVus } : {}),
    },
    overall: mergeOverallSummary(sorted, summary),
    scenarios: mergeScenarioSummaries(sorted),
    histogram: encoded,
  };
}

/** `YYYY-MM-DD` of a UTC day number (days since 1970-01-01). */
function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Where an entry belongs at `nowMs`: `raw` (kept as is), `day:<date>`, `week:<Monday's date>`,
 * or `drop`. A merged entry younger than 7 days (merged early, past `MAX_RAW_PER_SERIES`) goes
 * by its day. An entry whose `at` does not parse stays raw: nothing can place it.
 */
export function retentionBucket(
  entry: HistoryEntry,
  nowMs: number,
): 'raw' | 'drop' | `day:${string}` | `week:${string}` {
  const atMs = atMsOf(entry);
  if (Number.isNaN(atMs)) return 'raw';
  const age = nowMs - atMs;
  const day = Math.floor(atMs / DAY_MS);
  if (age >= WEEKLY_RETENTION_MS) return 'drop';
  if (age >= DAILY_RETENTION_MS) {
    // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
    const sinceMonday = (((day + 3) % 7) + 7) % 7;
    return `week:${dayText(day - sinceMonday)}`;
  }
  if (age >= RAW_RETENTION_MS || isMergedEntry(entry)) return `day:${dayText(day)}`;
  return 'raw';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Applies the retention rules at `nowMs` (epoch ms): entries younger than 7 days stay as they
 * are (but at most `MAX_RAW_PER_SERIES` per series: the oldest beyond that are merged per UTC
 * day early); from 7 to 90 days old, one merged entry per series and UTC day; from 90 to 365
 * days, one per series and ISO week (from Monday 00:00 UTC); older entries are dropped. Age is
 * measured from an entry's `at`, so a merged entry moves on when its first run does.
 * Only entries of one series merge. Idempotent: compacting the result again at the same
 * `nowMs` changes nothing (a bucket already holding one entry is left as it is).
 * @returns the entries oldest first (ties by id) and notes for the log (what was merged or
 *   dropped, with counts); no notes when nothing changed.
 */
export function compactHistory(
  entries: readonly HistoryEntry[],
  nowMs: number,
): { entries: HistoryEntry[]; notes: string[] } {
  const sorted = [...entries].sort(byTime);
  const kept: HistoryEntry[] = [];
  const groups = new Map<string, { weekly: boolean; entries: HistoryEntry[] }>();
  const rawBySeries = new Map<string, HistoryEntry[]>();
  let dropped = 0;
  let droppedRuns = 0;
  const addToGroup = (entry: HistoryEntry, bucket: string) => {
    const key = `${seriesId(entry)} ${bucket}`;
    const group = groups.get(key) ?? { weekly: bucket.startsWith('week:'), entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  };
  for (const entry of sorted) {
    const bucket = retentionBucket(entry, nowMs);
    if (bucket === 'drop') {
      dropped++;
      droppedRuns += entry.runs;
    } else if (bucket === 'raw') {
      const series = seriesId(entry);
      const raw = rawBySeries.get(series) ?? [];
      raw.push(entry);
      rawBySeries.set(series, raw);
    } else addToGroup(entry, bucket);
  }
  const notes: string[] = [];
  for (const raw of rawBySeries.values()) {
    const excess = raw.length - MAX_RAW_PER_SERIES;
    const early = excess > 0 ? raw.slice(0, excess) : [];
    for (const entry of early) {
      addToGroup(entry, `day:${dayText(Math.floor(atMsOf(entry) / DAY_MS))}`);
    }
    kept.push(...raw.slice(Math.max(excess, 0)));
    if (early.length > 0 && early[0]) {
      notes.push(
        `${describeSeries(early[0])}: more than ${MAX_RAW_PER_SERIES} runs in the last 7 days; the ${plural(early.length, 'oldest run')} merged per day early`,
      );
    }
  }
  let mergedDays = 0;
  let mergedWeeks = 0;
  let daysFrom = 0;
  let weeksFrom = 0;
  for (const { weekly, entries: group } of groups.values()) {
    if (group.length === 1) {
      kept.push(group[0] as HistoryEntry);
      continue;
    }
    kept.push(mergeEntries(group));
    if (weekly) {
      mergedWeeks++;
      weeksFrom += group.length;
    } else {
      mergedDays++;
      daysFrom += group.length;
    }
  }
  if (mergedDays > 0) {
    notes.push(
      `merged ${plural(daysFrom, 'entry', 'entries')} into ${plural(mergedDays, 'daily entry', 'daily entries')}`,
    );
  }
  if (mergedWeeks > 0) {
    notes.push(
      `merged ${plural(weeksFrom, 'entry', 'entries')} into ${plural(mergedWeeks, 'weekly entry', 'weekly entries')}`,
    );
  }
  if (dropped > 0) {
    notes.push(
      `dropped ${plural(dropped, 'entry', 'entries')} (${plural(droppedRuns, 'run')}) older than 365 days`,
    );
  }
  return { entries: kept.sort(byTime), notes };
}

/**
 * Adds one run's entry to the history and applies the retention rules at `nowMs` (epoch ms).
 * An entry of the same series with the same id is the same run written twice (a re-run attempt
 * has an id of its own): it is replaced. When that id belongs to a merged entry, the run is
 * already counted there and is not added again. `tool` is kept as it is: the caller stamps its
 * own version when it writes.
 * @returns the new history (the input is not changed) and notes for the log.
 */
export function appendEntry(
  history: HistoryFileV1,
  entry: HistoryEntry,
  nowMs: number,
): { history: HistoryFileV1; notes: string[] } {
  const notes: string[] = [];
  const same = history.entries.find((e) => e.id === entry.id && isSameSeries(e, entry));
  let entries: HistoryEntry[];
  if (same !== undefined && isMergedEntry(same)) {
    notes.push(
      `run ${entry.id} is already counted in a merged entry of ${describeSeries(entry)}; not added again`,
    );
    entries = [...history.entries];
  } else {
    if (same !== undefined) {
      notes.push(`replaced the entry of run ${entry.id} (the same run written twice)`);
    }
    entries = [...history.entries.filter((e) => e !== same), entry];
  }
  const compacted = compactHistory(entries, nowMs);
  return {
    history: { ...history, entries: compacted.entries },
    notes: [...notes, ...compacted.notes],
  };
}

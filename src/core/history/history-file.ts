/**
 * The history file on disk: an empty one, the versioned reader (every problem at once, at its
 * field path, never an exception) and the writer (compact JSON, one entry per line, keys in a
 * fixed order, so two versions of a history diff line by line).
 */
import { z } from 'zod';
import type { InputIssue } from '../input/format-issues.js';
import { childPath, formatIssuePath } from '../input/issue-text.js';
import { describeFallbackIssue, toInputIssues } from '../input/zod-issues.js';
import { inspectHistogram } from '../result/check-results-content.js';
import { seriesId } from './compact-history.js';
import {
  type EntrySummary,
  type HistoryEntry,
  type HistoryFileV1,
  INTERVAL_RE,
  LAYERS,
} from './types.js';

export const HISTORY_KIND = 'loadgate-history';
export const HISTORY_SCHEMA_VERSION = 1;
/** Issues reported at most (then one line saying how many more). */
export const MAX_HISTORY_ISSUES = 20;
/**
 * Longest encoded histogram accepted, in characters. A 3-digit histogram spanning 1 µs to an
 * hour has ~22,000 buckets; compressed and in base64 that stays well below this, so anything
 * longer is not a histogram loadgate wrote (and is not inflated at all).
 */
export const MAX_HISTOGRAM_CHARS = 262_144;

/** A history with no entries, written by loadgate `toolVersion`. */
export function emptyHistory(toolVersion: string): HistoryFileV1 {
  return {
    schemaVersion: 1,
    kind: HISTORY_KIND,
    tool: { name: 'loadgate', version: toolVersion },
    entries: [],
  };
}

export type ReadHistory =
  | { ok: true; history: HistoryFileV1; notes: string[] }
  | { ok: false; issues: InputIssue[] };

const nonNegative = z
  .number()
  .refine((n) => Number.isFinite(n) && n >= 0, { error: 'expected a number ≥ 0' });
const count = z
  .number()
  .refine((n) => Number.isSafeInteger(n) && n >= 0, { error: 'expected a whole number ≥ 0' });
const fraction = z
  .number()
  .refine((n) => n >= 0 && n <= 1, { error: 'expected a fraction from 0 to 1' });
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const isoTime = z.string().refine((s) => ISO_TIME_RE.test(s) && !Number.isNaN(Date.parse(s)), {
  error: 'expected an ISO 8601 time like 2026-11-22T10:00:00.000Z',
});
const shortText = (max: number) =>
  z.string().max(max, { error: `expected at most ${max} characters` });

const summarySchema = z.object({
  requests: count,
  ok: count,
  failed: count,
  errors: count,
  blocked: count,
  dropped: count,
  rps: nonNegative,
  errorRate: fraction,
  blockRate: fraction,
  dropRate: fraction,
  latencyMs: z.object({
    p50: nonNegative,
    p90: nonNegative,
    p95: nonNegative,
    p99: nonNegative,
    p999: nonNegative,
    max: nonNegative,
    mean: nonNegative,
    min: nonNegative.optional(),
    stdev: nonNegative.optional(),
  }),
});

const entrySchema = z.object({
  id: z.string().min(1, { error: 'expected a run id' }).max(200),
  profile: shortText(200),
  layer: z.enum(LAYERS),
  interval: z.string().regex(INTERVAL_RE, {
    error: 'expected hourly, daily, weekly or a slug of a-z, 0-9 and - (at most 40 characters)',
  }),
  at: isoTime,
  until: isoTime.optional(),
  runs: z
    .number()
    .refine((n) => Number.isSafeInteger(n) && n >= 1, { error: 'expected a whole number ≥ 1' }),
  commit: shortText(200).optional(),
  firstCommit: shortText(200).optional(),
  ref: shortText(500).optional(),
  runId: count.optional(),
  runAttempt: count.optional(),
  runUrl: shortText(2000).optional(),
  event: shortText(100).optional(),
  status: z.enum(['completed', 'interrupted', 'aborted']),
  verdict: z.enum(['pass', 'warn', 'fail']),
  breach: z.enum(['confirmed', 'unconfirmed']).optional(),
  durationMs: nonNegative,
  load: z.object({
    executor: shortText(100),
    peakRatePerSec: nonNegative.optional(),
    peakVus: nonNegative.optional(),
  }),
  overall: summarySchema,
  scenarios: z.record(z.string(), summarySchema),
  histogram: z.string().max(MAX_HISTOGRAM_CHARS, {
    error: `expected an encoded histogram of at most ${MAX_HISTOGRAM_CHARS} characters`,
  }),
});

/** What a reader of a version-1 history relies on. Not strict: later versions may add fields. */
export const historyFileV1Schema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal(HISTORY_KIND),
  tool: z.object({ name: z.string(), version: z.string() }),
  entries: z.array(entrySchema),
});

/** `requests` = ok + blocked + failed + errors. */
function checkCounts(s: EntrySummary, path: string, into: InputIssue[]): void {
  const sum = s.ok + s.blocked + s.failed + s.errors;
  if (s.requests !== sum) {
    into.push({
      path: childPath(path, 'requests'),
      message: `is ${s.requests}, but ok + blocked + failed + errors = ${sum}`,
    });
  }
}

/**
 * What the schema cannot say: counts add up, the histogram is one loadgate wrote (checked in
 * plain JS, see `inspectHistogram`: never decoded in WebAssembly here) and holds the whole run's
 * answered requests, `until` is not before `at`.
 */
function checkEntry(entry: HistoryEntry, path: string, into: InputIssue[]): void {
  checkCounts(entry.overall, childPath(path, 'overall'), into);
  for (const [name, summary] of Object.entries(entry.scenarios)) {
    checkCounts(summary, childPath(childPath(path, 'scenarios'), name), into);
  }
  const inspected = inspectHistogram(entry.histogram);
  const answered = entry.overall.ok + entry.overall.blocked + entry.overall.failed;
  if (!inspected.ok) {
    into.push({
      path: childPath(path, 'histogram'),
      message: `${inspected.problem}; the file is corrupt`,
    });
  } else if (inspected.totalCount !== answered) {
    into.push({
      path: childPath(path, 'histogram'),
      message: `holds ${inspected.totalCount} values, but overall ok + blocked + failed = ${answered}`,
    });
  }
  if (entry.until !== undefined && Date.parse(entry.until) < Date.parse(entry.at)) {
    into.push({ path: childPath(path, 'until'), message: `is before at (${entry.at})` });
  }
}

/** At most `MAX_HISTORY_ISSUES`, each under `label`, then how many more there were. */
function failWith(label: string, issues: readonly InputIssue[]): ReadHistory {
  const shown = issues.slice(0, MAX_HISTORY_ISSUES).map((issue) => ({
    path: issue.path === '(file)' ? label : `${label} ${issue.path}`,
    message: issue.message,
  }));
  const more = issues.length - shown.length;
  if (more > 0) {
    shown.push({ path: label, message: `and ${more} more problem${more === 1 ? '' : 's'}` });
  }
  return { ok: false, issues: shown };
}

function fail(label: string, message: string): ReadHistory {
  return { ok: false, issues: [{ path: label, message }] };
}

/** Where a file that is not a history came from, for the message. */
function describeOther(data: Record<string, unknown>): string {
  if ('profile' in data && 'scenarios' in data) {
    return 'is a loadgate results file, not a history file (kind "loadgate-history"); pass the history file here';
  }
  return 'is not a loadgate history file (it has no kind "loadgate-history")';
}

/**
 * Reads and validates a history file's text. Every way it can be wrong (not JSON, not a history
 * (a results file gets its own message), a newer or older `schemaVersion`, missing or mistyped
 * fields, counts that do not add up, a histogram that is not one loadgate wrote or holds another
 * count) comes back as issues under `label`, at field paths like `entries[3].overall.latencyMs.p95`,
 * at most `MAX_HISTORY_ISSUES` of them; never an exception. Histograms are inspected in plain JS,
 * not decoded. Fields this version does not know are kept (a newer loadgate may add some).
 * @param label how the file is named in messages, e.g. `--history history.json`.
 * @returns the history with its entries oldest first, and notes: entries that were out of order
 *   (sorted), or the same run twice in one series (the later copy kept).
 */
export function readHistoryFile(text: string, label: string): ReadHistory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(
      label,
      `is not valid JSON (${detail}); is it a loadgate history file, and was it written completely?`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(label, 'is not a loadgate history file (expected a JSON object)');
  }
  const record = data as Record<string, unknown>;
  if (record.kind === undefined) return fail(label, describeOther(record));
  if (record.kind !== HISTORY_KIND) {
    return fail(
      label,
      `has kind ${JSON.stringify(record.kind)}; expected "${HISTORY_KIND}" (a loadgate history file)`,
    );
  }
  const version = record.schemaVersion;
  if (version === undefined) {
    return fail(label, `has no schemaVersion; expected the number ${HISTORY_SCHEMA_VERSION}`);
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail(
      label,
      `has schemaVersion ${JSON.stringify(version)}; expected the number ${HISTORY_SCHEMA_VERSION}`,
    );
  }
  if (version > HISTORY_SCHEMA_VERSION) {
    return fail(
      label,
      `was written by a newer loadgate (schemaVersion ${version}; this one reads ${HISTORY_SCHEMA_VERSION}): upgrade loadgate`,
    );
  }
  if (version < HISTORY_SCHEMA_VERSION) {
    return fail(
      label,
      `has schemaVersion ${version}, which this loadgate no longer reads (expected ${HISTORY_SCHEMA_VERSION})`,
    );
  }
  const parsed = historyFileV1Schema.safeParse(data, { error: describeFallbackIssue });
  if (!parsed.success) return failWith(label, toInputIssues(parsed.error.issues));
  const history = data as HistoryFileV1;
  const issues: InputIssue[] = [];
  history.entries.forEach((entry, index) => {
    checkEntry(entry, formatIssuePath(['entries', index]), issues);
  });
  if (issues.length > 0) return failWith(label, issues);
  return { ok: true, ...tidyEntries(history) };
}

/** Sorts entries oldest first and keeps one entry per run and series, with notes saying so. */
function tidyEntries(history: HistoryFileV1): { history: HistoryFileV1; notes: string[] } {
  const notes: string[] = [];
  const times = history.entries.map((e) => Date.parse(e.at));
  const inOrder = times.every((t, i) => i === 0 || (times[i - 1] as number) <= t);
  let entries = history.entries;
  if (!inOrder) {
    entries = entries
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
      .map((x) => x.entry);
    notes.push('entries were not in time order; sorted oldest first');
  }
  const runKey = (e: HistoryEntry) => `${seriesId(e)} ${e.id}`;
  const lastIndex = new Map(entries.map((e, index) => [runKey(e), index]));
  const unique = entries.filter((e, index) => lastIndex.get(runKey(e)) === index);
  if (unique.length < entries.length) {
    const twice = entries.length - unique.length;
    notes.push(
      `${twice} ${twice === 1 ? 'entry was' : 'entries were'} the same run as a later one; kept the later`,
    );
  }
  return { history: { ...history, entries: unique }, notes };
}

const SUMMARY_KEYS = [
  'requests',
  'ok',
  'failed',
  'errors',
  'blocked',
  'dropped',
  'rps',
  'errorRate',
  'blockRate',
  'dropRate',
  'latencyMs',
] as const;
const LATENCY_KEYS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean', 'min', 'stdev'] as const;
const ENTRY_KEYS = [
  'id',
  'profile',
  'layer',
  'interval',
  'at',
  'until',
  'runs',
  'commit',
  'firstCommit',
  'ref',
  'runId',
  'runAttempt',
  'runUrl',
  'event',
  'status',
  'verdict',
  'breach',
  'durationMs',
  'load',
  'overall',
  'scenarios',
  'histogram',
] as const;

/** `value`'s keys in `order` first (those present), then any others as they were. */
function orderKeys(value: object, order: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (source[key] !== undefined) out[key] = source[key];
  for (const [key, v] of Object.entries(source)) if (!(key in out)) out[key] = v;
  return out;
}

function canonicalSummary(summary: EntrySummary): Record<string, unknown> {
  const out = orderKeys(summary, SUMMARY_KEYS);
  out.latencyMs = orderKeys(summary.latencyMs, LATENCY_KEYS);
  return out;
}

function canonicalEntry(entry: HistoryEntry): Record<string, unknown> {
  const out = orderKeys(entry, ENTRY_KEYS);
  out.overall = canonicalSummary(entry.overall);
  out.scenarios = Object.fromEntries(
    Object.entries(entry.scenarios).map(([name, s]) => [name, canonicalSummary(s)]),
  );
  return out;
}

/**
 * The history as text: compact JSON with one entry per line, keys in a fixed order, and a final
 * newline, so the same history always gives the same bytes and a new run shows as a line added.
 * Fields this version does not know are written after the known ones.
 */
export function serializeHistory(history: HistoryFileV1): string {
  const { entries, ...top } = history;
  const head = JSON.stringify(orderKeys(top, ['schemaVersion', 'kind', 'tool']));
  const opening = `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"entries":[`;
  if (entries.length === 0) return `${opening}]}\n`;
  const lines = entries.map((e) => JSON.stringify(canonicalEntry(e)));
  return `${opening}\n${lines.join(',\n')}\n]}\n`;
}

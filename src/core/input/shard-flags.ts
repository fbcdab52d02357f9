/**
 * The values that split one profile's load over several machines: which share a process runs
 * (`--shard 2/4`) and the wall-clock moment every share starts at (`--start-at`).
 */
import { describeValue } from './issue-text.js';
import type { Checked } from './value-checks.js';

export const SHARD_FORM = 'i/N like 2/4 (shard i of N, 1 ≤ i ≤ N ≤ 1000)';
export const START_AT_FORM =
  'an ISO 8601 time with a zone like 2026-03-01T12:00:00Z (or +01:00), or epoch milliseconds like 1772366400000';

/** At most this many shards: beyond it a shard's share is too thin to be worth a machine. */
export const MAX_SHARDS = 1000;
/** `--start-at` may lie this far in the past (a shard that queued late starts at once)… */
export const START_AT_MAX_PAST_MS = 3_600_000;
/** …and this far ahead (nothing waits longer than a day). */
export const START_AT_MAX_AHEAD_MS = 24 * 3_600_000;

/** A shard as written: 1-based `index` of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Reads `i/N` (spaces around the slash allowed). */
export function checkShard(text: string): Checked<ShardSpec> {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    return { ok: false, message: `expected ${SHARD_FORM}, got ${describeValue(text)}` };
  }
  return { ok: true, value: { index, count } };
}

/** ISO 8601 date-time with an explicit zone (`Z` or `±hh:mm`); seconds and fractions optional. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads `--start-at` as epoch ms and checks it against now: more than an hour ago (a stale
 * command line) or more than a day ahead (a typo in the date) is refused. A time without a zone
 * is refused too: each machine would read it in its own zone, and shards would start hours
 * apart.
 * @param nowEpochMs the wall clock now, in epoch ms.
 */
export function checkStartAt(text: string, nowEpochMs: number): Checked<number> {
  const trimmed = text.trim();
  let epochMs: number | undefined;
  if (/^\d{10,16}$/.test(trimmed)) epochMs = Number(trimmed);
  else if (ISO_WITH_ZONE.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (Number.isFinite(parsed)) epochMs = parsed;
  }
  if (epochMs === undefined) {
    return { ok: false, message: `expected ${START_AT_FORM}, got ${describeValue(text)}` };
  }
  const iso = new Date(epochMs).toISOString();
  if (epochMs < nowEpochMs - START_AT_MAX_PAST_MS) {
    return {
      ok: false,
      message: `${iso} is more than an hour ago; expected a start time from the last hour up to 24 h ahead (take a fresh one, e.g. now + 90 s)`,
    };
  }
  if (epochMs > nowEpochMs + START_AT_MAX_AHEAD_MS) {
    return {
      ok: false,
      message: `${iso} is more than 24 h ahead; expected a start time from the last hour up to 24 h ahead`,
    };
  }
  return { ok: true, value: epochMs };
}

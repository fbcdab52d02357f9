/**
 * Two runs that finish together may each append to the same older history and upload it: the
 * later one to notice reads both and keeps their union, so neither run's entry is lost and no
 * shared past is counted twice.
 */
import {
  compactHistory,
  isMergedEntry,
  isSameSeries,
  retentionBucket,
  seriesId,
} from './compact-history.js';
import type { HistoryEntry, HistoryFileV1 } from './types.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** True when `merged` (same series) spans `raw`'s start: `raw` was merged into it. */
function covers(merged: HistoryEntry, raw: HistoryEntry): boolean {
  if (!isSameSeries(merged, raw)) return false;
  const at = Date.parse(raw.at);
  return Date.parse(merged.at) <= at && at <= Date.parse(merged.until ?? merged.at);
}

/**
 * The union of two histories that share their past (`ours` and `theirs`, e.g. the history this
 * run appended to and one a parallel run uploaded meanwhile), compacted at `nowMs` (epoch ms).
 * Both are first compacted at `nowMs`, so their merged entries fall in the same buckets.
 * - Unmerged entries are matched by series and id: each run once (ours when both have it).
 * - Merged entries (same series and day or week bucket) are never added together, since both
 *   histories hold the same past runs: the one standing for more runs is kept (ours on a tie).
 * - An unmerged entry inside the time span of a kept merged entry of its series is already
 *   counted there and is left out.
 * Limit: when more than `MAX_RAW_PER_SERIES` runs of a series fall in the last 7 days and the
 * two histories merged different runs early, a run only one side merged can be lost.
 * @returns the history (`ours`' header) and notes for the log: entries only `theirs` had,
 *   buckets where the two differed, and what compaction did.
 */
export function unionHistories(
  ours: HistoryFileV1,
  theirs: HistoryFileV1,
  nowMs: number,
): { history: HistoryFileV1; notes: string[] } {
  const a = compactHistory(ours.entries, nowMs).entries;
  const b = compactHistory(theirs.entries, nowMs).entries;
  const notes: string[] = [];

  const merged = new Map<string, { entry: HistoryEntry; ours: boolean }>();
  const bucketKey = (e: HistoryEntry) => `${seriesId(e)} ${retentionBucket(e, nowMs)}`;
  for (const entry of a.filter(isMergedEntry)) merged.set(bucketKey(entry), { entry, ours: true });
  let differed = 0;
  let tookTheirs = 0;
  for (const entry of b.filter(isMergedEntry)) {
    const key = bucketKey(entry);
    const held = merged.get(key);
    if (held === undefined) merged.set(key, { entry, ours: false });
    else if (held.entry.runs !== entry.runs) {
      differed++;
      if (entry.runs > held.entry.runs) {
        merged.set(key, { entry, ours: false });
        tookTheirs++;
      }
    }
  }
  const keptMerged = [...merged.values()].map((m) => m.entry);

  const raw = new Map<string, HistoryEntry>();
  const runKey = (e: HistoryEntry) => `${seriesId(e)} ${e.id}`;
  for (const entry of a) if (!isMergedEntry(entry)) raw.set(runKey(entry), entry);
  const added: string[] = [];
  for (const entry of b) {
    if (isMergedEntry(entry) || raw.has(runKey(entry))) continue;
    raw.set(runKey(entry), entry);
    added.push(entry.id);
  }
  let alreadyCounted = 0;
  const keptRaw = [...raw.values()].filter((entry) => {
    const counted = keptMerged.some((m) => covers(m, entry));
    if (counted) alreadyCounted++;
    return !counted;
  });

  if (added.length > 0) {
    notes.push(
      `kept ${plural(added.length, 'run')} only the other history had (${added.slice(0, 5).join(', ')}${added.length > 5 ? ', …' : ''})`,
    );
  }
  if (differed > 0) {
    notes.push(
      `${plural(differed, 'merged entry', 'merged entries')} differed between the two histories; kept the one with more runs (${tookTheirs} from the other history)`,
    );
  }
  if (alreadyCounted > 0) {
    notes.push(`left out ${plural(alreadyCounted, 'run')} already counted in a merged entry`);
  }
  const compacted = compactHistory([...keptMerged, ...keptRaw], nowMs);
  return {
    history: { ...ours, entries: compacted.entries },
    notes: [...notes, ...compacted.notes],
  };
}

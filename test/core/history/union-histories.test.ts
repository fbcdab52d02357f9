import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  compactHistory,
  mergeEntries,
} from '../../../src/core/history/compact-history.js';
import { emptyHistory } from '../../../src/core/history/history-file.js';
import type { HistoryEntry, HistoryFileV1 } from '../../../src/core/history/types.js';
import { unionHistories } from '../../../src/core/history/union-histories.js';
import { DAY_MS, everyStep, HOUR_MS, makeEntries, NOW_MS } from './history-fixtures.js';

function runsOf(history: HistoryFileV1): number {
  return history.entries.reduce((n, e) => n + e.runs, 0);
}

function requestsOf(history: HistoryFileV1): number {
  return history.entries.reduce((n, e) => n + e.overall.requests, 0);
}

/** 30 days of runs every 4 hours, compacted as of an hour before NOW. */
function sharedPast(): HistoryFileV1 {
  const times = everyStep(NOW_MS - 30 * DAY_MS, NOW_MS - HOUR_MS, 4 * HOUR_MS);
  return {
    ...emptyHistory('1.0.0'),
    entries: compactHistory(makeEntries(times), NOW_MS - HOUR_MS).entries,
  };
}

describe('unionHistories: two runs appended to the same history', () => {
  it('keeps both new entries and counts the shared past once', () => {
    const past = sharedPast();
    const [x] = makeEntries([NOW_MS - 50 * 60_000], {}, 900);
    const [y] = makeEntries([NOW_MS - 40 * 60_000], {}, 901);
    // Each run compacts at its own time: the later one moved a day's runs into a merged entry
    // (the bucket the earlier one still held with fewer runs).
    const ours = appendEntry(past, x as HistoryEntry, NOW_MS - 30 * 60_000).history;
    const theirs = appendEntry(past, y as HistoryEntry, NOW_MS + 6 * HOUR_MS).history;
    const { history, notes } = unionHistories(ours, theirs, NOW_MS + 6 * HOUR_MS);

    const ids = history.entries.map((e) => e.id);
    expect(ids).toContain('900.1');
    expect(ids).toContain('901.1');
    expect(runsOf(history)).toBe(runsOf(past) + 2);
    expect(requestsOf(history)).toBe(
      requestsOf(past) +
        (x as HistoryEntry).overall.requests +
        (y as HistoryEntry).overall.requests,
    );
    expect(notes[0]).toBe('kept 1 run only the other history had (901.1)');
  });

  it('keeps the merged entry with more runs instead of adding the two', () => {
    const day = Date.parse('2027-02-10T00:30:00Z');
    const all = makeEntries(everyStep(day, day + DAY_MS, 2 * HOUR_MS)); // 12 runs
    const fewer = mergeOf(all.slice(0, 8));
    const more = mergeOf(all);
    const ours = { ...emptyHistory('1.0.0'), entries: [fewer] };
    const theirs = { ...emptyHistory('1.0.0'), entries: [more] };
    for (const [a, b] of [
      [ours, theirs],
      [theirs, ours],
    ] as const) {
      const { history, notes } = unionHistories(a, b, NOW_MS);
      expect(history.entries).toEqual([more]);
      expect(notes).toContain(
        `1 merged entry differed between the two histories; kept the one with more runs (${a === ours ? 1 : 0} from the other history)`,
      );
    }
  });

  it('leaves out unmerged runs that a merged entry of the other history already counts', () => {
    // Past the raw limit, a history merges its oldest recent runs early; the other history,
    // with one run fewer, may still hold some of them unmerged.
    const day = NOW_MS - 2 * DAY_MS;
    const runs = makeEntries(everyStep(day, day + 6 * HOUR_MS, HOUR_MS));
    const ours = { ...emptyHistory('1.0.0'), entries: runs.slice(0, 3) };
    const theirs = { ...emptyHistory('1.0.0'), entries: [mergeEntries(runs)] };
    const { history, notes } = unionHistories(ours, theirs, NOW_MS);
    expect(runsOf(history)).toBe(6);
    expect(history.entries).toHaveLength(1);
    expect(notes).toEqual(['left out 3 runs already counted in a merged entry']);
  });

  it('counts a run both histories hold once, and a history with itself is itself', () => {
    const past = sharedPast();
    const { history, notes } = unionHistories(past, past, NOW_MS - HOUR_MS);
    expect(history).toEqual(past);
    expect(notes).toEqual([]);
  });
});

function mergeOf(entries: HistoryEntry[]): HistoryEntry {
  // Compaction far in the future of a run merges it into its week; a day 10 days old merges
  // into its day: use that, so the merged entry is what a history would hold.
  const merged = compactHistory(entries, NOW_MS).entries;
  expect(merged).toHaveLength(1);
  return merged[0] as HistoryEntry;
}

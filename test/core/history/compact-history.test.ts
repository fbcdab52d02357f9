import { describe, expect, it } from 'vitest';
import { buildHistoryEntry } from '../../../src/core/history/build-entry.js';
import {
  appendEntry,
  compactHistory,
  MAX_RAW_PER_SERIES,
  mergeEntries,
  retentionBucket,
} from '../../../src/core/history/compact-history.js';
import { emptyHistory } from '../../../src/core/history/history-file.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';
import {
  createHistogram,
  decodeHistogram,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import {
  DAY_MS,
  drawLatencies,
  everyStep,
  HOUR_MS,
  makeEntries,
  NOW_MS,
  resultFromValues,
} from './history-fixtures.js';

const FACTS = { layer: 'scheduled', interval: 'hourly', verdict: 'pass' } as const;

function countOf(encoded: string): number {
  const h = decodeHistogram(encoded);
  const n = h.totalCount;
  h.destroy();
  return n;
}

function totalRuns(entries: readonly HistoryEntry[]): number {
  return entries.reduce((n, e) => n + e.runs, 0);
}

describe('mergeEntries: exact where it can be', () => {
  const values = [1, 2, 3].map((seed) => ({
    list: drawLatencies(seed, 2000, 8 * seed),
    detail: drawLatencies(seed + 50, 500, 20),
  }));
  const entries = values.map((v, i) =>
    buildHistoryEntry(
      resultFromValues(
        {
          list: { latenciesMs: v.list, failed: 10 * i, errors: i },
          detail: { latenciesMs: v.detail },
        },
        {
          startedAt: new Date(NOW_MS - 20 * DAY_MS + i * HOUR_MS).toISOString(),
          durationMs: 10_000 * (i + 1),
        },
      ),
      { ...FACTS, runId: 10 + i },
    ),
  );

  it('gives the whole-run percentiles of one histogram that recorded every value', () => {
    const merged = mergeEntries(entries);
    const reference = createHistogram();
    for (const v of values) for (const x of [...v.list, ...v.detail]) recordMs(reference, x);
    const expected = summarizeHistogram(reference);
    reference.destroy();
    expect(merged.overall.latencyMs).toEqual({
      p50: expected.p50,
      p90: expected.p90,
      p95: expected.p95,
      p99: expected.p99,
      p999: expected.p999,
      max: expected.max,
      mean: expected.mean,
      min: expected.min,
      stdev: expected.stdev,
    });
    // The p99 of the merge is not the mean of the p99s: the runs differ a lot.
    const meanP99 = entries.reduce((n, e) => n + e.overall.latencyMs.p99, 0) / 3;
    expect(Math.abs(merged.overall.latencyMs.p99 - meanP99)).toBeGreaterThan(1);
    expect(countOf(merged.histogram)).toBe(3 * 2500);
  });

  it('adds counts, durations and runs; takes rps and rates from the sums', () => {
    const merged = mergeEntries(entries);
    expect(merged.runs).toBe(3);
    expect(merged.durationMs).toBe(60_000);
    expect(merged.overall.requests).toBe(7500 + 3);
    expect(merged.overall.failed).toBe(30);
    expect(merged.overall.errors).toBe(3);
    expect(merged.overall.ok).toBe(7500 - 30);
    expect(merged.overall.rps).toBe(Math.round((7503 / 60) * 1000) / 1000);
    expect(merged.overall.errorRate).toBe(Math.round((33 / 7503) * 1e6) / 1e6);
    const list = merged.scenarios.list;
    expect(list?.requests).toBe(6003);
    expect(list?.rps).toBe(Math.round((6003 / 60) * 1000) / 1000);
  });

  it("weights a scenario's percentiles by answered requests; max and min are exact", () => {
    const merged = mergeEntries(entries);
    const parts = entries.map((e) => e.scenarios.list);
    const weighted = parts.reduce((n, s) => n + (s?.latencyMs.p95 ?? 0) * 2000, 0) / 6000;
    expect(merged.scenarios.list?.latencyMs.p95).toBeCloseTo(weighted, 3);
    expect(merged.scenarios.list?.latencyMs.max).toBe(
      Math.max(...parts.map((s) => s?.latencyMs.max ?? 0)),
    );
    expect(merged.scenarios.list?.latencyMs.min).toBe(
      Math.min(...parts.map((s) => s?.latencyMs.min ?? 0)),
    );
  });

  it('takes the worst status and verdict, confirmed over unconfirmed, first id and last commit', () => {
    const [a, b, c] = entries as [HistoryEntry, HistoryEntry, HistoryEntry];
    const merged = mergeEntries([
      { ...c, verdict: 'warn', breach: 'unconfirmed', commit: 'ccc' },
      { ...a, status: 'interrupted', commit: 'aaa' },
      { ...b, breach: 'confirmed', commit: 'bbb' },
    ]);
    expect(merged).toMatchObject({
      id: a.id,
      at: a.at,
      until: c.at,
      status: 'interrupted',
      verdict: 'warn',
      breach: 'confirmed',
      commit: 'ccc',
      firstCommit: 'aaa',
      runId: c.runId,
    });
    const calm = mergeEntries([a, b]);
    expect(calm.breach).toBeUndefined();
    expect(calm.verdict).toBe('pass');
  });

  it('merging a merged entry with more runs equals merging them all at once', () => {
    const [a, b, c] = entries as [HistoryEntry, HistoryEntry, HistoryEntry];
    const stepwise = mergeEntries([mergeEntries([a, b]), c]);
    const once = mergeEntries([a, b, c]);
    expect(stepwise.overall).toEqual(once.overall);
    expect(stepwise.histogram).toBe(once.histogram);
    expect(stepwise.runs).toBe(3);
    expect(stepwise.scenarios.detail?.latencyMs.p99).toBeCloseTo(
      once.scenarios.detail?.latencyMs.p99 ?? -1,
      2,
    );
  });
});

describe('compactHistory: retention boundaries', () => {
  it('keeps runs younger than 7 days as they are (6.9 days)', () => {
    const times = everyStep(NOW_MS - 6.9 * DAY_MS, NOW_MS, HOUR_MS);
    const entries = makeEntries(times);
    const { entries: kept, notes } = compactHistory(entries, NOW_MS);
    expect(kept).toHaveLength(entries.length);
    expect(kept.every((e) => e.runs === 1)).toBe(true);
    expect(notes).toEqual([]);
  });

  it('merges runs 8 days old into one entry per UTC day', () => {
    // 2027-02-21 00:30 … 23:30 UTC: 8.5 to 7.5 days before NOW.
    const day = Date.parse('2027-02-21T00:30:00Z');
    const entries = makeEntries(everyStep(day, day + DAY_MS, HOUR_MS));
    const { entries: kept, notes } = compactHistory(entries, NOW_MS);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({
      runs: 24,
      at: '2027-02-21T00:30:00.000Z',
      until: '2027-02-21T23:30:00.000Z',
      id: '1.1',
    });
    expect(notes).toEqual(['merged 24 entries into 1 daily entry']);
  });

  it('splits at 7 days: older runs of a day merge, younger ones of the same day stay', () => {
    const day = Date.parse('2027-02-22T00:00:00Z'); // NOW − 7.5 d … NOW − 6.5 d
    const entries = makeEntries(everyStep(day, day + DAY_MS, HOUR_MS));
    const { entries: kept } = compactHistory(entries, NOW_MS);
    // 12:00 is exactly 7 days old: merged; 13:00 … 23:00 stay.
    expect(kept.map((e) => e.runs)).toEqual([13, ...Array(11).fill(1)]);
  });

  it('merges runs 100 days old into one entry per ISO week from Monday', () => {
    // Mon 2026-11-16 … Sun 2026-11-22 and Mon 2026-11-23: 105 to 98 days before NOW.
    const monday = Date.parse('2026-11-16T06:00:00Z');
    const entries = makeEntries(everyStep(monday, monday + 8 * DAY_MS, 6 * HOUR_MS));
    const { entries: kept, notes } = compactHistory(entries, NOW_MS);
    expect(kept.map((e) => [e.at, e.until, e.runs])).toEqual([
      ['2026-11-16T06:00:00.000Z', '2026-11-22T18:00:00.000Z', 27],
      ['2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z', 5],
    ]);
    expect(retentionBucket(kept[0] as HistoryEntry, NOW_MS)).toBe('week:2026-11-16');
    expect(notes).toEqual(['merged 32 entries into 2 weekly entries']);
  });

  it('drops entries 400 days old and says how many runs went', () => {
    const old = makeEntries([NOW_MS - 400 * DAY_MS, NOW_MS - 366 * DAY_MS, NOW_MS - 364 * DAY_MS]);
    const { entries: kept, notes } = compactHistory(old, NOW_MS);
    expect(kept.map((e) => e.at)).toEqual([new Date(NOW_MS - 364 * DAY_MS).toISOString()]);
    expect(notes).toEqual(['dropped 2 entries (2 runs) older than 365 days']);
  });

  it('merges only entries of one series', () => {
    const day = Date.parse('2027-02-10T00:30:00Z');
    const times = everyStep(day, day + 6 * HOUR_MS, HOUR_MS);
    const hourly = makeEntries(times);
    const daily = makeEntries(times, { interval: 'daily' }, 100);
    const other = makeEntries(times, {}, 200).map((e) => ({ ...e, profile: 'checkout' }));
    const { entries: kept } = compactHistory([...hourly, ...daily, ...other], NOW_MS);
    expect(kept.map((e) => `${e.profile}/${e.interval}/${e.runs}`).sort()).toEqual([
      'checkout/hourly/6',
      'shop/daily/6',
      'shop/hourly/6',
    ]);
  });

  it(`keeps at most ${MAX_RAW_PER_SERIES} runs of a series unmerged, merging the oldest per day early`, () => {
    const times = everyStep(NOW_MS - 3 * DAY_MS, NOW_MS, 6 * 60_000); // 720 runs in 3 days
    const entries = makeEntries(times);
    const { entries: kept, notes } = compactHistory(entries, NOW_MS);
    const raw = kept.filter((e) => e.runs === 1);
    expect(raw).toHaveLength(MAX_RAW_PER_SERIES);
    expect(totalRuns(kept)).toBe(720);
    expect(raw[0]?.at).toBe(new Date(times[220] as number).toISOString());
    expect(notes[0]).toBe(
      `shop / scheduled / hourly: more than ${MAX_RAW_PER_SERIES} runs in the last 7 days; the 220 oldest runs merged per day early`,
    );
  });

  it('is idempotent: compacting a compacted history changes nothing', () => {
    // A year of runs every 8 hours, plus a burst past the raw limit.
    const times = [
      ...everyStep(NOW_MS - 370 * DAY_MS, NOW_MS - 3 * DAY_MS, 8 * HOUR_MS),
      ...everyStep(NOW_MS - 3 * DAY_MS, NOW_MS, 6 * 60_000),
    ];
    const once = compactHistory(makeEntries(times), NOW_MS);
    const twice = compactHistory(once.entries, NOW_MS);
    expect(twice.entries).toEqual(once.entries);
    expect(twice.notes).toEqual([]);
    expect(once.entries.length).toBeLessThan(MAX_RAW_PER_SERIES + 90 + 60);
  });

  it('moves merged entries on as they age, never counting a run twice', () => {
    let entries: HistoryEntry[] = [];
    const start = NOW_MS - 120 * DAY_MS;
    let appended = 0;
    for (let t = start; t < NOW_MS; t += 5 * HOUR_MS) {
      entries.push(...makeEntries([t], {}, ++appended));
      entries = compactHistory(entries, t).entries;
    }
    const final = compactHistory(entries, NOW_MS).entries;
    // Nothing is older than 365 days, so every run is still counted exactly once.
    expect(totalRuns(final)).toBe(appended);
    const requests = final.reduce((n, e) => n + e.overall.requests, 0);
    const perRun = makeEntries([0, 0, 0]).map((e) => e.overall.requests);
    const expected = Array.from({ length: appended }, (_, i) => perRun[i % 3] as number).reduce(
      (a, b) => a + b,
      0,
    );
    expect(requests).toBe(expected);
    expect(final.reduce((n, e) => n + countOf(e.histogram), 0)).toBe(
      final.reduce((n, e) => n + e.overall.ok + e.overall.failed + e.overall.blocked, 0),
    );
  });
});

describe('appendEntry', () => {
  it('adds a run, compacts, and leaves the input history unchanged', () => {
    const history = {
      ...emptyHistory('1.0.0'),
      entries: makeEntries([NOW_MS - 8 * DAY_MS, NOW_MS - 8 * DAY_MS + HOUR_MS]),
    };
    const [entry] = makeEntries([NOW_MS - HOUR_MS], {}, 50);
    const { history: next, notes } = appendEntry(history, entry as HistoryEntry, NOW_MS);
    expect(next.entries.map((e) => e.runs)).toEqual([2, 1]);
    expect(notes).toEqual(['merged 2 entries into 1 daily entry']);
    expect(history.entries).toHaveLength(2);
  });

  it('replaces the entry of the same run written twice; a re-run attempt is its own entry', () => {
    const [first] = makeEntries([NOW_MS - HOUR_MS], { runId: 7, runAttempt: 1 });
    const history = { ...emptyHistory('1.0.0'), entries: [first as HistoryEntry] };
    const again = { ...(first as HistoryEntry), verdict: 'warn' as const };
    const replaced = appendEntry(history, again, NOW_MS);
    expect(replaced.history.entries).toEqual([again]);
    expect(replaced.notes).toEqual(['replaced the entry of run 7.1 (the same run written twice)']);
    const [retry] = makeEntries([NOW_MS - 30 * 60_000], { runId: 7, runAttempt: 2 });
    const both = appendEntry(history, retry as HistoryEntry, NOW_MS);
    expect(both.history.entries.map((e) => e.id)).toEqual(['7.1', '7.2']);
    expect(both.notes).toEqual([]);
  });

  it('does not add a run again that a merged entry already counts', () => {
    const entries = makeEntries([NOW_MS - 9 * DAY_MS, NOW_MS - 9 * DAY_MS + HOUR_MS]);
    const history = { ...emptyHistory('1.0.0'), entries: compactHistory(entries, NOW_MS).entries };
    const { history: next, notes } = appendEntry(history, entries[0] as HistoryEntry, NOW_MS);
    expect(next.entries).toEqual(history.entries);
    expect(notes).toEqual([
      'run 1.1 is already counted in a merged entry of shop / scheduled / hourly; not added again',
    ]);
  });
});

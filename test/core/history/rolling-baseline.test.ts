import { describe, expect, it } from 'vitest';
import { buildHistoryEntry } from '../../../src/core/history/build-entry.js';
import { emptyHistory } from '../../../src/core/history/history-file.js';
import {
  buildRollingBaseline,
  selectBaselineEntries,
  seriesEntries,
} from '../../../src/core/history/rolling-baseline.js';
import type { HistoryEntry, HistoryFileV1, SeriesKey } from '../../../src/core/history/types.js';
import { checkResultsContent } from '../../../src/core/result/check-results-content.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import { serializeResults } from '../../../src/core/result/serialize-results.js';
import {
  createHistogram,
  decodeHistogram,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import {
  drawLatencies,
  everyStep,
  HOUR_MS,
  makeEntries,
  NOW_MS,
  resultFromValues,
} from './history-fixtures.js';

const KEY: SeriesKey = { profile: 'shop', layer: 'scheduled', interval: 'hourly' };

function historyOf(entries: HistoryEntry[]): HistoryFileV1 {
  return { ...emptyHistory('1.0.0'), entries };
}

describe('selectBaselineEntries', () => {
  const times = everyStep(NOW_MS - 12 * HOUR_MS, NOW_MS, HOUR_MS);
  const entries = makeEntries(times); // ids 1.1 … 12.1, oldest first
  const spoil = (id: string, change: Partial<HistoryEntry>) =>
    entries.map((e) => (e.id === id ? { ...e, ...change } : e));

  it('takes the newest K of the series, oldest first', () => {
    const chosen = selectBaselineEntries(historyOf(entries), KEY, 5);
    expect(chosen.map((e) => e.id)).toEqual(['8.1', '9.1', '10.1', '11.1', '12.1']);
  });

  it('leaves out failing, breached, incomplete, other-series and excluded runs', () => {
    let mixed = spoil('12.1', { verdict: 'fail' });
    mixed = mixed.map((e) =>
      e.id === '11.1'
        ? { ...e, breach: 'unconfirmed' as const }
        : e.id === '10.1'
          ? { ...e, breach: 'confirmed' as const, verdict: 'warn' as const }
          : e.id === '9.1'
            ? { ...e, status: 'interrupted' as const }
            : e.id === '8.1'
              ? { ...e, interval: 'daily' }
              : e.id === '7.1'
                ? { ...e, layer: 'manual' as const }
                : e.id === '6.1'
                  ? { ...e, profile: 'checkout' }
                  : e,
    );
    const warned = mixed.map((e) => (e.id === '4.1' ? { ...e, verdict: 'warn' as const } : e));
    const chosen = selectBaselineEntries(historyOf(warned), KEY, 3, '5.1');
    expect(chosen.map((e) => e.id)).toEqual(['2.1', '3.1', '4.1']);
  });

  it('gives what there is when the series is short, and nothing for K = 0', () => {
    expect(selectBaselineEntries(historyOf(entries.slice(0, 2)), KEY, 5)).toHaveLength(2);
    expect(selectBaselineEntries(historyOf(entries), KEY, 0)).toEqual([]);
  });
});

describe('seriesEntries', () => {
  it('gives the last N of the series whatever their verdict, newest last', () => {
    const entries = makeEntries(everyStep(NOW_MS - 6 * HOUR_MS, NOW_MS, HOUR_MS));
    const mixed = entries.map((e, i) =>
      i === 5 ? { ...e, verdict: 'fail' as const } : i === 4 ? { ...e, interval: 'daily' } : e,
    );
    expect(seriesEntries(historyOf([...mixed].reverse()), KEY, 3).map((e) => e.id)).toEqual([
      '3.1',
      '4.1',
      '6.1',
    ]);
  });
});

describe('buildRollingBaseline', () => {
  const values = [1, 2, 3, 4, 5].map((seed) => ({
    list: drawLatencies(seed, 1500, 5 + seed),
    detail: drawLatencies(seed + 40, 400, 30),
  }));
  const entries = values.map((v, i) =>
    buildHistoryEntry(
      resultFromValues(
        { list: { latenciesMs: v.list, errors: i }, detail: { latenciesMs: v.detail, failed: 2 } },
        { startedAt: new Date(NOW_MS - (5 - i) * HOUR_MS).toISOString(), durationMs: 20_000 },
      ),
      { layer: 'scheduled', interval: 'hourly', verdict: 'pass', runId: i + 1, commit: `c${i}` },
    ),
  );

  it('is a results file the results reader accepts', () => {
    const baseline = buildRollingBaseline(entries, '9.9.9');
    expect(checkResultsContent(baseline)).toEqual([]);
    const read = readResultsFile([...serializeResults(baseline)].join(''), 'rolling baseline');
    expect(read.ok ? [] : read.issues).toEqual([]);
    expect(baseline).toMatchObject({
      tool: { name: 'loadgate', version: '9.9.9' },
      profile: { name: 'shop' },
      target: '',
      startedAt: entries[4]?.at,
      durationMs: 100_000,
      status: 'completed',
      timeline: [],
      environment: { gitSha: 'c4', gitRef: 'refs/heads/main' },
    });
  });

  it('merges the whole run exactly: counts add, percentiles of all values together', () => {
    const baseline = buildRollingBaseline(entries);
    const reference = createHistogram();
    for (const v of values) for (const x of [...v.list, ...v.detail]) recordMs(reference, x);
    expect(baseline.latencyMs).toEqual(summarizeHistogram(reference));
    reference.destroy();
    expect(baseline.totals.requests).toBe(5 * 1900 + (0 + 1 + 2 + 3 + 4));
    expect(baseline.totals.errors).toBe(10);
    expect(baseline.totals.failed).toBe(10);
    expect(baseline.throughput.rps).toBe(
      Math.round((baseline.totals.requests / 100) * 1000) / 1000,
    );
    expect(baseline.errorRate).toBe(Math.round((20 / baseline.totals.requests) * 1e6) / 1e6);
  });

  it("gives each scenario the request-weighted mean of its entries' percentiles", () => {
    const baseline = buildRollingBaseline(entries);
    const list = baseline.scenarios.find((s) => s.name === 'list');
    const mean = entries.reduce((n, e) => n + (e.scenarios.list?.latencyMs.p99 ?? 0), 0) / 5;
    expect(list?.latencyMs.p99).toBeCloseTo(mean, 3);
    expect(list?.totals.requests).toBe(7500 + 10);
    // Its stand-in histogram holds every answered request and reads back the stored p95.
    const h = decodeHistogram(list?.histograms.latency ?? '');
    expect(h.totalCount).toBe(7500);
    expect(h.getValueAtPercentile(95) / 1000).toBeCloseTo(list?.latencyMs.p95 ?? -1, 1);
    h.destroy();
  });

  it('keeps scenarios that only some entries have, over those entries', () => {
    const only = buildHistoryEntry(
      resultFromValues(
        { search: { latenciesMs: drawLatencies(9, 200, 12) } },
        { startedAt: new Date(NOW_MS).toISOString(), durationMs: 10_000 },
      ),
      { layer: 'scheduled', interval: 'hourly', verdict: 'pass' },
    );
    const baseline = buildRollingBaseline([...entries, only]);
    expect(baseline.scenarios.map((s) => s.name)).toEqual(['list', 'detail', 'search']);
    expect(baseline.scenarios[2]?.throughput.rps).toBe(20);
    expect(checkResultsContent(baseline)).toEqual([]);
  });

  it('refuses an empty list', () => {
    expect(() => buildRollingBaseline([])).toThrow(RangeError);
  });
});

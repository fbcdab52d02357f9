import { describe, expect, it } from 'vitest';
import { buildHistoryEntry, MAX_ENTRY_SCENARIOS } from '../../../src/core/history/build-entry.js';
import {
  emptyHistory,
  readHistoryFile,
  serializeHistory,
} from '../../../src/core/history/history-file.js';
import { drawLatencies, NOW_MS, resultFromValues, sampleResult } from './history-fixtures.js';

const FACTS = { layer: 'scheduled', interval: 'hourly', verdict: 'pass' } as const;

describe('buildHistoryEntry', () => {
  const result = sampleResult(1, NOW_MS);

  it("keeps the run's figures, its histogram, and the facts it is given", () => {
    const entry = buildHistoryEntry(result, {
      ...FACTS,
      verdict: 'warn',
      breach: 'unconfirmed',
      runId: 4242,
      runAttempt: 2,
      runUrl: 'https://github.com/o/r/actions/runs/4242',
      event: 'schedule',
    });
    expect(entry).toMatchObject({
      id: '4242.2',
      profile: 'shop',
      layer: 'scheduled',
      interval: 'hourly',
      at: result.startedAt,
      runs: 1,
      commit: 'abc123',
      ref: 'refs/heads/main',
      runId: 4242,
      runAttempt: 2,
      event: 'schedule',
      status: 'completed',
      verdict: 'warn',
      breach: 'unconfirmed',
      durationMs: 10_000,
      load: { executor: 'constant-arrival-rate', peakRatePerSec: 100 },
      histogram: result.histograms.latency,
    });
    expect(entry.overall).toEqual({
      requests: 402,
      ok: 397,
      failed: 3,
      errors: 2,
      blocked: 0,
      dropped: 0,
      rps: 40.2,
      errorRate: result.errorRate,
      blockRate: 0,
      dropRate: 0,
      latencyMs: {
        p50: result.latencyMs.p50,
        p90: result.latencyMs.p90,
        p95: result.latencyMs.p95,
        p99: result.latencyMs.p99,
        p999: result.latencyMs.p999,
        max: result.latencyMs.max,
        mean: result.latencyMs.mean,
        min: result.latencyMs.min,
        stdev: result.latencyMs.stdev,
      },
    });
    expect(Object.keys(entry.scenarios)).toEqual(['list', 'detail']);
  });

  it('takes the id from the start time without a run id, attempt 1 without an attempt', () => {
    expect(buildHistoryEntry(result, FACTS).id).toBe(result.startedAt);
    expect(buildHistoryEntry(result, { ...FACTS, runId: 9 }).id).toBe('9.1');
  });

  it('prefers a given commit and ref over the results file', () => {
    const entry = buildHistoryEntry(result, { ...FACTS, commit: 'fff', ref: 'refs/tags/v1' });
    expect([entry.commit, entry.ref]).toEqual(['fff', 'refs/tags/v1']);
  });

  it(`keeps the ${MAX_ENTRY_SCENARIOS} busiest scenarios, in their order; overall counts all`, () => {
    const scenarios = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `s${i}`,
        // s0 … s9 are the quietest; the rest are busier the later they come.
        { latenciesMs: drawLatencies(i, i < 10 ? 1 : 10 + i, 5) },
      ]),
    );
    const many = resultFromValues(scenarios, { startedAt: new Date(NOW_MS).toISOString() });
    const entry = buildHistoryEntry(many, FACTS);
    expect(Object.keys(entry.scenarios)).toEqual(
      Array.from({ length: 50 }, (_, i) => `s${i + 10}`),
    );
    expect(entry.overall.requests).toBe(many.totals.requests);
  });

  it('makes an entry the history reader accepts', () => {
    const history = { ...emptyHistory('1.0.0'), entries: [buildHistoryEntry(result, FACTS)] };
    const read = readHistoryFile(serializeHistory(history), 'h.json');
    expect(read.ok ? [] : read.issues).toEqual([]);
  });
});

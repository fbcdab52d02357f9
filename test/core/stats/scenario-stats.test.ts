import { describe, expect, it } from 'vitest';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import {
  countCreatedHistograms,
  createHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
} from '../../../src/core/stats/histogram.js';
import { ScenarioStats } from '../../../src/core/stats/scenario-stats.js';
import { EMPTY_HISTOGRAM_ENCODING, ZERO_LATENCY_SUMMARY } from '../../helpers/empty-histogram.js';

/** Histograms built while `act` runs (the empty encoding is cached before, so it never counts). */
function countBuiltDuring<T>(act: () => T): { result: T; built: number } {
  encodeHistogram(undefined);
  const before = countCreatedHistograms();
  const result = act();
  return { result, built: countCreatedHistograms() - before };
}

describe('ScenarioStats', () => {
  it('builds no histogram until a value is recorded, and then reads as empty', () => {
    const { result: stats, built } = countBuiltDuring(() => {
      const s = new ScenarioStats();
      s.recordError('timeout');
      s.dropped++;
      return s;
    });
    expect(built).toBe(0);
    const figures = stats.toFigures(1000);
    expect(figures.histogram).toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(figures.histograms).toEqual({
      latency: EMPTY_HISTOGRAM_ENCODING,
      serviceTime: EMPTY_HISTOGRAM_ENCODING,
      sendLag: EMPTY_HISTOGRAM_ENCODING,
    });
    expect(figures.latencyMs).toEqual(ZERO_LATENCY_SUMMARY);
    expect(figures.serviceTimeMs).toEqual(ZERO_LATENCY_SUMMARY);
    expect(stats.summarizeSendLag()).toEqual(ZERO_LATENCY_SUMMARY);
    expect(figures.totals).toMatchObject({ requests: 1, errors: 1, dropped: 1 });
    stats.destroy();
  });

  it('builds only the histograms its values go into', () => {
    const stats = new ScenarioStats();
    expect(countBuiltDuring(() => stats.recordSendLag(2)).built).toBe(1);
    expect(countBuiltDuring(() => stats.recordResponse(10, 9, 200, ResponseClass.ok)).built).toBe(
      2,
    );
    expect(countBuiltDuring(() => stats.recordResponse(11, 9, 200, ResponseClass.ok)).built).toBe(
      0,
    );
    const figures = stats.toFigures(1000);
    expect(figures.histograms.sendLag).not.toBe(EMPTY_HISTOGRAM_ENCODING);
    expect(figures.latencyMs.max).toBeCloseTo(11, 1);
    stats.destroy();
  });

  it('merges scenarios that never built a histogram exactly as if they held empty ones', () => {
    const values = {
      a: [0.2, 3, 3.5, 40],
      c: [900, 2500.5, 12_000],
    };
    const a = new ScenarioStats();
    const c = new ScenarioStats();
    for (const ms of values.a) a.recordResponse(ms, ms / 2, 200, ResponseClass.ok);
    for (const ms of values.c) c.recordResponse(ms, ms / 2, 503, ResponseClass.http5xx);
    const overall = new ScenarioStats();
    for (const s of [new ScenarioStats(), a, new ScenarioStats(), c]) overall.addFrom(s);

    // What merging did when every scenario had its three histograms from the start.
    const recorded = (list: number[]) => {
      const h = createHistogram();
      for (const ms of list) recordMs(h, ms);
      return h;
    };
    const parts: Histogram[] = [createHistogram(), recorded(values.a), createHistogram()];
    parts.push(recorded(values.c));
    const eager = createHistogram();
    for (const part of parts) eager.add(part);

    const figures = overall.toFigures(1000);
    expect(figures.histograms.latency).toBe(encodeHistogram(eager));
    expect(figures.totals).toMatchObject({ requests: 7, ok: 4, failed: 3 });
    expect(figures.statusCodes).toEqual({ '200': 4, '503': 3 });
    expect(figures.histograms.sendLag).toBe(EMPTY_HISTOGRAM_ENCODING);
    for (const h of [eager, ...parts]) h.destroy();
    for (const s of [a, c, overall]) s.destroy();
  });

  it('can be destroyed whether or not it built anything, and twice', () => {
    const empty = new ScenarioStats();
    const used = new ScenarioStats();
    used.recordResponse(1, 1, 200, ResponseClass.ok);
    for (const s of [empty, used, used]) expect(() => s.destroy()).not.toThrow();
  });
});

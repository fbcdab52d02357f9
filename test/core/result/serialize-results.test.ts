import { describe, expect, it } from 'vitest';
import { serializeResults, withoutTimelines } from '../../../src/core/result/serialize-results.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { makeResult } from '../../helpers/make-result.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const exact = (result: ResultsFileV1) => `${JSON.stringify(result, null, 2)}\n`;
const joined = (result: ResultsFileV1) => [...serializeResults(result)].join('');

describe('serializeResults', () => {
  it('yields exactly JSON.stringify(result, null, 2) + "\\n" for a real run', () => {
    const run = simulateRun({
      scenarios: [
        { name: 'list "all" \\ ü', ratePerSec: 50, medianMs: 4, errorRate: 0.1, category: 'x' },
        { name: 'detail', ratePerSec: 20, medianMs: 9 },
      ],
      durationMs: 8_000,
      seed: 4,
    });
    expect(joined(run)).toBe(exact(run));
  });

  it('matches on the edge cases: empty timelines, optional fields left undefined, odd numbers', () => {
    const result = makeResult({ abortReason: undefined, durationMs: 0.1 + 0.2, timeline: [] });
    const [first] = result.scenarios;
    if (first) first.category = undefined;
    (result as unknown as Record<string, unknown>).extra = { list: [1, undefined, 'x'], empty: {} };
    expect(joined(result)).toBe(exact(result));
    expect(joined(withoutTimelines(result))).toBe(exact(withoutTimelines(result)));
  });

  it('never yields a piece larger than one timeline point or figure block', () => {
    const run = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 100, medianMs: 5 }],
      durationMs: 60_000,
      seed: 2,
    });
    const whole = exact(run).length;
    const largest = Math.max(...[...serializeResults(run)].map((piece) => piece.length));
    expect(largest).toBeLessThan(whole / 20);
  });

  it('withoutTimelines keeps every figure and histogram, and only the timelines go', () => {
    const run = simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 10, medianMs: 5 }],
      durationMs: 5_000,
      seed: 1,
    });
    const reduced = withoutTimelines(run);
    expect(reduced.timeline).toEqual([]);
    expect(reduced.scenarios[0]?.timeline).toEqual([]);
    expect({ ...reduced, timeline: run.timeline, scenarios: run.scenarios }).toEqual(run);
    expect(reduced.scenarios[0]?.histograms).toEqual(run.scenarios[0]?.histograms);
  });
});

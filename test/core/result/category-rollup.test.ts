import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/profile/types.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { expectsOnlyBlocking, rollUpCategories } from '../../../src/core/result/category-rollup.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import {
  createHistogram,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { makeProfile, makeScenario } from '../../helpers/make-profile.js';

interface PlannedScenario {
  scenario: Scenario;
  /** Latencies of the answers (ms), each answered as `cls`. */
  latenciesMs: number[];
  cls: ResponseClass;
  errors?: number;
  dropped?: number;
}

const DURATION_MS = 10_000;

/** A results file from a real recorder fed the planned answers; also every latency by category. */
function recordRun(planned: PlannedScenario[], selection?: ResultsFileV1['selection']) {
  const recorder = new RunRecorder(planned.length, 0);
  const byCategory = new Map<string, number[]>();
  planned.forEach((p, index) => {
    p.latenciesMs.forEach((latencyMs, i) => {
      const intendedMs = (i * DURATION_MS) / p.latenciesMs.length;
      recorder.onSent(index, intendedMs, intendedMs);
      const status = p.cls === ResponseClass.blocked ? 403 : p.cls === ResponseClass.ok ? 200 : 503;
      recorder.onResponse(index, intendedMs, intendedMs, intendedMs + latencyMs, status, p.cls);
    });
    for (let i = 0; i < (p.errors ?? 0); i++) recorder.onError(index, 1, 2, 'timeout');
    for (let i = 0; i < (p.dropped ?? 0); i++) recorder.onDropped(index, 1, 2);
    const category = p.scenario.category;
    if (category !== undefined) {
      byCategory.set(category, [...(byCategory.get(category) ?? []), ...p.latenciesMs]);
    }
  });
  const profile = {
    ...makeProfile(
      'http://127.0.0.1:9',
      { executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: DURATION_MS },
      {},
      planned.map((p) => p.scenario),
    ),
    ...(selection ? { selection } : {}),
  };
  const result = buildResultsFile(profile, recorder.finish(DURATION_MS), {
    toolVersion: '0.0.0',
    startedAtEpochMs: Date.UTC(2026, 10, 22, 12),
    status: 'completed',
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: true },
  });
  return { result, byCategory };
}

/** n latencies spread evenly over [fromMs, toMs). */
function spread(n: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: n }, (_, i) => fromMs + ((toMs - fromMs) * i) / n);
}

/** p50/p95/p99 of one histogram holding every value: what an exact merge must give. */
function percentilesOf(valuesMs: readonly number[]) {
  const histogram = createHistogram();
  for (const value of valuesMs) recordMs(histogram, value);
  const { p50, p95, p99 } = summarizeHistogram(histogram);
  histogram.destroy();
  return { p50, p95, p99 };
}

function shopRun(selection?: ResultsFileV1['selection']) {
  return recordRun(
    [
      {
        scenario: makeScenario({ name: 'list', path: '/list', category: 'normal' }),
        latenciesMs: spread(900, 2, 20),
        cls: ResponseClass.ok,
        errors: 3,
      },
      {
        scenario: makeScenario({ name: 'health', path: '/health' }),
        latenciesMs: spread(50, 1, 2),
        cls: ResponseClass.ok,
      },
      {
        scenario: makeScenario({
          name: 'pii',
          path: '/pii',
          category: 'policy',
          expect: { status: [451] },
        }),
        latenciesMs: spread(100, 5, 8),
        cls: ResponseClass.blocked,
        dropped: 2,
      },
      {
        // Slow and few: an average of the two scenarios' p99 would hide it; a merge does not.
        scenario: makeScenario({
          name: 'jailbreak',
          path: '/jb',
          category: 'policy',
          expect: { status: [403, 429] },
        }),
        latenciesMs: spread(20, 300, 400),
        cls: ResponseClass.http5xx,
      },
    ],
    selection,
  );
}

describe('rollUpCategories (through buildResultsFile)', () => {
  it('sums counts per category, in order of appearance, leaving uncategorised scenarios out', () => {
    const { result } = shopRun();
    expect(result.categories?.map((c) => [c.name, c.scenarios])).toEqual([
      ['normal', ['list']],
      ['policy', ['pii', 'jailbreak']],
    ]);
    const policy = result.categories?.[1];
    expect(policy).toMatchObject({
      expectsBlocking: true,
      requests: 120,
      ok: 0,
      blocked: 100,
      failed: 20,
      errors: 0,
      dropped: 2,
      errorRate: Number((20 / 120).toFixed(6)),
      blockRate: Number((100 / 120).toFixed(6)),
    });
    expect(policy?.rps).toBeCloseTo(12, 6);
    expect(result.categories?.[0]).toMatchObject({
      expectsBlocking: false,
      requests: 903,
      ok: 900,
      errors: 3,
      errorRate: Number((3 / 903).toFixed(6)),
      blockRate: 0,
    });
  });

  it('reads p50/p95/p99 from the merged histograms: exactly those of all the values together', () => {
    const { result, byCategory } = shopRun();
    const policy = result.categories?.find((c) => c.name === 'policy');
    expect(policy?.latencyMs).toEqual(percentilesOf(byCategory.get('policy') ?? []));
    expect(result.categories?.[0]?.latencyMs).toEqual(
      percentilesOf(byCategory.get('normal') ?? []),
    );
    // 20 of 120 answers took 300 ms or more: the category's p95 and p99 are among them.
    expect(policy?.latencyMs.p95).toBeGreaterThanOrEqual(300);
  });

  it('writes no categories when no scenario has one, and all zeros for a category with no answer', () => {
    const none = recordRun([
      { scenario: makeScenario({ name: 'a' }), latenciesMs: [1, 2], cls: ResponseClass.ok },
    ]);
    expect(none.result.categories).toBeUndefined();
    const silent = recordRun([
      {
        scenario: makeScenario({ name: 'a', category: 'llm' }),
        latenciesMs: [],
        cls: ResponseClass.ok,
        errors: 4,
      },
    ]);
    expect(silent.result.categories?.[0]).toMatchObject({
      requests: 4,
      errors: 4,
      errorRate: 1,
      latencyMs: { p50: 0, p95: 0, p99: 0 },
    });
  });

  it('is empty for no scenarios', () => {
    expect(rollUpCategories([])).toEqual([]);
  });
});

describe('expectsOnlyBlocking', () => {
  it.each([
    [[403], true],
    [[403, 429, 451], true],
    [[400, 499], true],
    [[200, 403], false],
    [[500], false],
    [[399], false],
    [[], false],
  ])('%j → %s', (status, expected) => expect(expectsOnlyBlocking({ status })).toBe(expected));
});

describe('reading the rollup back', () => {
  const LABEL = '--current r.json';
  const issuesOf = (change: (r: ResultsFileV1) => void): string[] => {
    const { result } = shopRun({ categories: ['policy'], scenarios: [], leftOut: ['x'] });
    change(result);
    const read = readResultsFile(JSON.stringify(result), LABEL);
    return read.ok ? [] : read.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('accepts the file as written, selection and categories included', () => {
    const { result } = shopRun({ categories: ['policy'], scenarios: [], leftOut: ['x'] });
    const read = readResultsFile(JSON.stringify(result), LABEL);
    expect(read.ok && read.result.categories).toEqual(result.categories);
    expect(read.ok && read.result.selection).toEqual(result.selection);
    expect(issuesOf(() => {})).toEqual([]);
  });

  it('accepts a file without categories (written before they were rolled up)', () => {
    expect(issuesOf((r) => delete r.categories)).toEqual([]);
  });

  it.each<[string, (r: ResultsFileV1) => void, string]>([
    [
      'a count that is not the sum',
      (r) => {
        const c = r.categories?.[1];
        if (c) c.dropped = 5;
      },
      `${LABEL} categories[1].dropped: is 5, but its scenarios' dropped add up to 2`,
    ],
    [
      'requests that are not ok + blocked + failed + errors',
      (r) => {
        const c = r.categories?.[1];
        if (c) c.requests = 121;
      },
      `${LABEL} categories[1].requests: is 121, but ok + blocked + failed + errors = 120`,
    ],
    [
      'a block rate the counts do not give',
      (r) => {
        const c = r.categories?.[1];
        if (c) c.blockRate = 0;
      },
      `${LABEL} categories[1].blockRate: is 0, but the counts give blocked / requests = 0.8333333333333334`,
    ],
    [
      'a scenario list that does not match the scenarios',
      (r) => {
        const c = r.categories?.[1];
        if (c) c.scenarios = ['pii'];
      },
      `${LABEL} categories[1].scenarios: lists ["pii"], but the scenarios of category "policy" are ["pii","jailbreak"]`,
    ],
    [
      'a category left out',
      (r) => {
        r.categories = r.categories?.slice(1);
      },
      `${LABEL} categories: has no entry for category "normal"`,
    ],
    [
      'percentiles out of order',
      (r) => {
        const c = r.categories?.[0];
        if (c) c.latencyMs = { p50: 9, p95: 5, p99: 10 };
      },
      `${LABEL} categories[0].latencyMs: has p50 9, p95 5, p99 10; expected p50 ≤ p95 ≤ p99`,
    ],
    [
      'a mistyped field',
      (r) => {
        const c = r.categories?.[0] as unknown as Record<string, unknown>;
        c.expectsBlocking = 'yes';
      },
      `${LABEL} categories[0].expectsBlocking: Invalid input: expected boolean, received string`,
    ],
    [
      'a malformed selection',
      (r) => {
        (r as unknown as Record<string, unknown>).selection = { categories: 'policy' };
      },
      `${LABEL} selection.categories: Invalid input: expected array, received string`,
    ],
  ])('refuses %s', (_, change, issue) => {
    expect(issuesOf(change)).toContain(issue);
  });
});

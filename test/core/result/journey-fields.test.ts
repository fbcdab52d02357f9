import { describe, expect, it } from 'vitest';
import { buildHistoryEntry } from '../../../src/core/history/build-entry.js';
import type { Journey, Profile, Scenario } from '../../../src/core/profile/types.js';
import { buildResultsFile } from '../../../src/core/result/build-result.js';
import { rollUpCategories } from '../../../src/core/result/category-rollup.js';
import { readResultsFile } from '../../../src/core/result/read-results-file.js';
import type { ResultsFileV1, ScenarioResult } from '../../../src/core/result/types.js';
import { ResponseClass } from '../../../src/core/stats/classify-response.js';
import type { Figures } from '../../../src/core/stats/figures.js';
import { RunRecorder } from '../../../src/core/stats/run-recorder.js';
import { ScenarioStats } from '../../../src/core/stats/scenario-stats.js';
import { makeProfile, makeScenario } from '../../helpers/make-profile.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const plan = { executor: 'constant-vus', vus: 2, durationMs: 1000 } as const;
const facts = {
  toolVersion: '9.9.9',
  startedAtEpochMs: Date.UTC(2026, 10, 22, 10, 0, 0),
  status: 'completed' as const,
  environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: false },
};

/** health (plain), shopper/list + shopper/checkout (a journey), setup/login (measured setup). */
function journeyProfile(): Profile {
  const step = (name: string, extra: Partial<Scenario> = {}) =>
    makeScenario({ name, weight: 3, category: 'normal', journey: 'shopper', ...extra });
  const scenarios = [
    makeScenario({ name: 'health', path: '/health' }),
    step('shopper/list', { path: '/api/products' }),
    step('shopper/checkout', { method: 'POST', path: '/api/cart/${vars.cartId}/checkout' }),
    makeScenario({ name: 'setup/login', method: 'POST', path: '/auth/token', setup: true }),
  ];
  const noThink = { minMs: 0, maxMs: 0 };
  const journey: Journey = {
    name: 'shopper',
    weight: 3,
    category: 'normal',
    steps: [
      { scenario: 1, thinkMs: noThink, continueOnFailure: false, extract: [] },
      { scenario: 2, thinkMs: noThink, continueOnFailure: false, extract: [] },
    ],
  };
  return {
    ...makeProfile('http://127.0.0.1:9', plan, {}, scenarios),
    journeys: [journey],
    setup: {
      perVu: true,
      measure: true,
      requests: [{ scenario: scenarios[3] as Scenario, extract: [], row: 3 }],
    },
  };
}

/** A journey's figures as the recorder keeps them: durations and outcomes, no status codes. */
function journeyFigures(durationsMs: number[], failed: number, errors: number): Figures {
  const stats = new ScenarioStats();
  durationsMs.forEach((ms, i) => {
    stats.recordOutcome(ms, i < failed ? ResponseClass.http5xx : ResponseClass.ok);
  });
  for (let i = 0; i < errors; i++) stats.recordError('extract_failed');
  const figures = stats.toFigures(1000);
  stats.destroy();
  return figures;
}

function recordRun() {
  const recorder = new RunRecorder(4, 0);
  recorder.onResponse(0, 0, 1, 5, 200, ResponseClass.ok);
  recorder.onResponse(1, 0, 1, 8, 200, ResponseClass.ok);
  recorder.onResponse(2, 10, 11, 30, 200, ResponseClass.ok);
  recorder.onResponse(3, 0, 1, 40, 200, ResponseClass.ok);
  const recording = recorder.finish(1000);
  return {
    ...recording,
    journeys: [journeyFigures([120, 340, 560], 1, 1)],
    setup: { runs: 2, failed: 1 },
  };
}

describe('buildResultsFile with journeys and setup', () => {
  it('marks step rows with their journey and setup rows with setup, and lists the journeys', () => {
    const result = buildResultsFile(journeyProfile(), recordRun(), facts);
    expect(result.scenarios.map((s) => [s.name, s.journey, s.setup])).toEqual([
      ['health', undefined, undefined],
      ['shopper/list', 'shopper', undefined],
      ['shopper/checkout', 'shopper', undefined],
      ['setup/login', undefined, true],
    ]);
    expect('journey' in (result.scenarios[0] as ScenarioResult)).toBe(false);
    expect(result.journeys).toHaveLength(1);
    const journey = result.journeys?.[0];
    expect(journey).toMatchObject({
      name: 'shopper',
      category: 'normal',
      weight: 3,
      steps: ['shopper/list', 'shopper/checkout'],
      totals: { requests: 4, ok: 2, failed: 1, errors: 1 },
      errorKinds: { extract_failed: 1 },
    });
    expect(journey?.latencyMs.max).toBeCloseTo(560, 0);
    expect(result.setup).toEqual({ perVu: true, measured: true, runs: 2, failed: 1 });
    // The step rows count in their category; the measured log-in never does.
    expect(result.categories?.map((c) => [c.name, c.scenarios])).toEqual([
      ['normal', ['shopper/list', 'shopper/checkout']],
    ]);
  });

  it('words each row’s extract failures once, after the engine’s own warnings', () => {
    const result = buildResultsFile(journeyProfile(), recordRun(), {
      ...facts,
      warnings: ['data.users: all 3 unique rows were used 0.5 s into the run'],
      extractFailures: [
        { row: 2, count: 21, firstReason: 'vars.cartId was never extracted' },
        { row: 1, count: 1, firstReason: 'json.$.items[0].id is missing' },
      ],
    });
    expect(result.warnings).toEqual([
      'data.users: all 3 unique rows were used 0.5 s into the run',
      'shopper/list: extract_failed once; the first: json.$.items[0].id is missing',
      'shopper/checkout: extract_failed 21 times; the first: vars.cartId was never extracted',
    ]);
    const clean = buildResultsFile(journeyProfile(), recordRun(), {
      ...facts,
      extractFailures: [],
    });
    expect(clean).not.toHaveProperty('warnings');
  });

  it('keeps the first failed per-VU log-in in setup, and no failure for a once setup', () => {
    const failure = 'setup request "login" (POST /auth/token) answered 503, expected 200: busy';
    const perVu = buildResultsFile(journeyProfile(), recordRun(), {
      ...facts,
      firstVuLoginFailure: failure,
    });
    expect(perVu.setup).toEqual({
      perVu: true,
      measured: true,
      runs: 2,
      failed: 1,
      firstFailure: failure,
    });
    expect(perVu).not.toHaveProperty('warnings');
    expect(readResultsFile(JSON.stringify(perVu), 'r.json')).toMatchObject({
      ok: true,
      result: { setup: { firstFailure: failure } },
    });
    const profile = journeyProfile();
    const once = {
      ...profile,
      setup: { ...(profile.setup as NonNullable<Profile['setup']>), perVu: false },
    };
    const onceResult = buildResultsFile(once, recordRun(), {
      ...facts,
      firstVuLoginFailure: failure,
    });
    expect(onceResult.setup).not.toHaveProperty('firstFailure');
  });

  it('writes neither journeys nor setup for a profile without them', () => {
    const profile = makeProfile('http://127.0.0.1:9', plan);
    const result = buildResultsFile(profile, new RunRecorder(1, 0).finish(1000), facts);
    expect(result).not.toHaveProperty('journeys');
    expect(result).not.toHaveProperty('setup');
    expect(result.scenarios[0]).not.toHaveProperty('journey');
    expect(result.scenarios[0]).not.toHaveProperty('setup');
  });

  it('gives each journey empty figures, and the setup 0 runs, when nothing was recorded', () => {
    const recording = new RunRecorder(4, 0).finish(0);
    const result = buildResultsFile(journeyProfile(), recording, facts);
    expect(result.journeys?.[0]).toMatchObject({
      name: 'shopper',
      totals: { requests: 0, ok: 0 },
      latencyMs: { p50: 0, max: 0 },
    });
    expect(result.setup).toEqual({ perVu: true, measured: true, runs: 0, failed: 0 });
    expect(readResultsFile(JSON.stringify(result), 'r.json')).toMatchObject({ ok: true });
  });

  it('reads its own file back', () => {
    const text = JSON.stringify(buildResultsFile(journeyProfile(), recordRun(), facts));
    const read = readResultsFile(text, 'r.json');
    expect(read.ok ? [] : read.issues).toEqual([]);
    expect(read.ok && read.result.journeys?.[0]?.steps).toEqual([
      'shopper/list',
      'shopper/checkout',
    ]);
  });
});

describe('a history entry of a run with journeys', () => {
  it('keeps each step and the measured setup as scenarios (journeys are not kept)', () => {
    const result = buildResultsFile(journeyProfile(), recordRun(), facts);
    const entry = buildHistoryEntry(result, {
      layer: 'scheduled',
      interval: 'daily',
      verdict: 'pass',
    });
    expect(Object.keys(entry.scenarios)).toEqual([
      'health',
      'shopper/list',
      'shopper/checkout',
      'setup/login',
    ]);
    expect(entry).not.toHaveProperty('journeys');
  });
});

describe('rollUpCategories', () => {
  it('leaves measured setup rows out even when they carry a category', () => {
    const figures = simulateRun({
      scenarios: [{ name: 'x', ratePerSec: 10, medianMs: 5 }],
      durationMs: 1000,
      seed: 1,
    }).scenarios[0] as ScenarioResult;
    const rolled = rollUpCategories([
      { ...figures, name: 'list', category: 'normal', expectsBlocking: false },
      { ...figures, name: 'setup/login', category: 'normal', setup: true, expectsBlocking: false },
    ]);
    expect(rolled.map((c) => [c.name, c.scenarios, c.requests])).toEqual([
      ['normal', ['list'], figures.totals.requests],
    ]);
  });
});

/** A valid file with a journey over its two scenarios (renamed as steps). */
function journeyFile(): ResultsFileV1 {
  const run = simulateRun({
    scenarios: [
      { name: 'shopper/list', ratePerSec: 40, medianMs: 6 },
      { name: 'shopper/checkout', ratePerSec: 40, medianMs: 9 },
    ],
    durationMs: 4000,
    seed: 5,
  });
  for (const s of run.scenarios) s.journey = 'shopper';
  const { timeline: _, name: __, ...figures } = structuredClone(run.scenarios[1] as ScenarioResult);
  return {
    ...run,
    journeys: [
      {
        ...figures,
        name: 'shopper',
        weight: 1,
        steps: ['shopper/list', 'shopper/checkout'],
        // A journey has durations, not a service time.
        histograms: { ...figures.histograms, serviceTime: '', sendLag: '' },
      },
    ],
    setup: { perVu: false, measured: false, runs: 1, failed: 0 },
  };
}

function issuesOf(result: ResultsFileV1): string[] {
  const read = readResultsFile(JSON.stringify(result), 'b.json');
  return read.ok ? [] : read.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('readResultsFile: journeys and setup', () => {
  it('accepts a file with journeys and setup, and one written before they existed', () => {
    expect(issuesOf(journeyFile())).toEqual([]);
    const { journeys: _, setup: __, ...older } = journeyFile();
    for (const s of older.scenarios) delete s.journey;
    expect(issuesOf(older as ResultsFileV1)).toEqual([]);
  });

  it('names a mistyped setup summary and row markers', () => {
    const file = journeyFile() as unknown as Record<string, unknown> & ResultsFileV1;
    (file.setup as unknown as Record<string, unknown>).runs = 1.5;
    (file.setup as unknown as Record<string, unknown>).perVu = 'yes';
    (file.setup as unknown as Record<string, unknown>).firstFailure = 503;
    (file.scenarios[0] as unknown as Record<string, unknown>).setup = false;
    expect(issuesOf(file)).toEqual([
      'b.json scenarios[0].setup: expected true (a measured setup request), got false',
      'b.json setup.perVu: expected true or false, got "yes"',
      'b.json setup.runs: expected a whole number from 0, got 1.5',
      'b.json setup.firstFailure: expected the first failed log-in as text, got 503',
    ]);
  });

  it('refuses steps that are not rows of their journey, unknown journeys and duplicates', () => {
    const file = journeyFile();
    const journey = file.journeys?.[0];
    if (!journey || !file.journeys) throw new Error('no journey');
    journey.steps = ['shopper/list', 'shopper/pay'];
    file.journeys.push({ ...journey, steps: [] });
    (file.scenarios[1] as ScenarioResult).journey = 'buyer';
    expect(issuesOf(file)).toEqual([
      'b.json journeys[0].steps[1]: "shopper/pay" is not a scenario of the file',
      'b.json journeys[1].name: "shopper" is listed twice; names must be unique',
      'b.json scenarios[1].journey: is "buyer", but the file lists no journey of that name in journeys',
    ]);
  });

  it('checks a journey’s figures like a scenario’s', () => {
    const file = journeyFile();
    const journey = file.journeys?.[0];
    if (!journey) throw new Error('no journey');
    journey.totals.ok += 1;
    journey.histograms.latency = 'not base64!';
    expect(issuesOf(file)).toEqual([
      `b.json journeys[0].totals.requests: is ${journey.totals.requests}, but ok + blocked + failed + errors = ${journey.totals.requests + 1}`,
      expect.stringMatching(
        /^b\.json journeys\[0\]\.histogram: holds \d+ values, but \d+ requests/,
      ),
      'b.json journeys[0].histograms.latency: is not base64; the file is corrupt',
    ]);
  });
});

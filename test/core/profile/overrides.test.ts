import { describe, expect, it } from 'vitest';
import type { ProfileOverrides } from '../../../src/core/profile/parse-profile.js';
import type { LoadPlan } from '../../../src/core/profile/types.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

function planWith(load: Record<string, unknown>, overrides: ProfileOverrides): LoadPlan {
  return expectProfile(normalize({ ...makeRawProfile(), load }, { overrides })).load.plan;
}

const RAMP = {
  executor: 'ramping-arrival-rate',
  startRate: 10,
  stages: [
    { duration: '30s', target: 50 },
    { duration: '60s', target: 100 },
    { duration: '30s', target: 0 },
  ],
};

describe('rate, duration and vus overrides', () => {
  it.each<[string, Record<string, unknown>, ProfileOverrides, LoadPlan]>([
    [
      'rate on a constant rate',
      { executor: 'constant-arrival-rate', rate: 10, duration: '1m' },
      { rate: '6000/m' },
      { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 60_000 },
    ],
    [
      'duration on a constant rate',
      { executor: 'constant-arrival-rate', rate: 10, duration: '1m' },
      { duration: '5s' },
      { executor: 'constant-arrival-rate', ratePerSec: 10, durationMs: 5_000 },
    ],
    [
      'rate on a ramp: the peak becomes the rate',
      RAMP,
      { rate: '50' },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 5,
        stages: [
          { durationMs: 30_000, target: 25 },
          { durationMs: 60_000, target: 50 },
          { durationMs: 30_000, target: 0 },
        ],
      },
    ],
    [
      'duration on a ramp: stages keep their proportions',
      RAMP,
      { duration: '1m' },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 10,
        stages: [
          { durationMs: 15_000, target: 50 },
          { durationMs: 30_000, target: 100 },
          { durationMs: 15_000, target: 0 },
        ],
      },
    ],
    [
      'rate on the spike preset: the 5× peak becomes the rate',
      { preset: 'spike' },
      { rate: '100' },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 2,
        stages: [
          { durationMs: 30_000, target: 2 },
          { durationMs: 10_000, target: 100 },
          { durationMs: 60_000, target: 100 },
          { durationMs: 10_000, target: 2 },
          { durationMs: 30_000, target: 2 },
        ],
      },
    ],
    [
      'rate and duration on the smoke preset',
      { preset: 'smoke' },
      { rate: '20', duration: '2m' },
      { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 120_000 },
    ],
    [
      'vus on constant VUs',
      { executor: 'constant-vus', vus: 5, duration: '1m' },
      { vus: '25' },
      { executor: 'constant-vus', vus: 25, durationMs: 60_000 },
    ],
    [
      'vus on a VU ramp: the peak becomes the count',
      {
        executor: 'ramping-vus',
        startVus: 2,
        stages: [
          { duration: '10s', target: 10 },
          { duration: '10s', target: 5 },
        ],
      },
      { vus: '30' },
      {
        executor: 'ramping-vus',
        startVus: 6,
        stages: [
          { durationMs: 10_000, target: 30 },
          { durationMs: 10_000, target: 15 },
        ],
      },
    ],
  ])('applies %s', (_name, load, overrides, plan) => {
    expect(planWith(load, overrides)).toEqual(plan);
  });

  it('keeps the exact total when proportions do not divide evenly', () => {
    const plan = planWith(RAMP, { duration: '1001ms' });
    expect('stages' in plan && plan.stages.map((stage) => stage.durationMs)).toEqual([
      250, 501, 250,
    ]);
  });

  it('ignores empty strings, as unset action inputs arrive that way', () => {
    const plan = planWith(
      { executor: 'constant-vus', vus: 3, duration: '1m' },
      { rate: '', vus: ' ', duration: '' },
    );
    expect(plan).toEqual({ executor: 'constant-vus', vus: 3, durationMs: 60_000 });
  });
});

describe('target and connections overrides', () => {
  it('replaces baseUrl with the target', () => {
    const profile = expectProfile(
      normalize(makeRawProfile(), { overrides: { target: 'https://staging.example.com/api/' } }),
    );
    expect(profile.baseUrl).toBe('https://staging.example.com/api');
  });

  it('sets connections and, unless written, maxInFlight', () => {
    const implicit = expectProfile(
      normalize(makeRawProfile(), { overrides: { connections: '8' } }),
    );
    expect(implicit.load).toMatchObject({ connections: 8, maxInFlight: 8 });
    const raw = makeRawProfile();
    raw.load = { ...raw.load, connections: 4, maxInFlight: 100 };
    const explicit = expectProfile(normalize(raw, { overrides: { connections: '8' } }));
    expect(explicit.load).toMatchObject({ connections: 8, maxInFlight: 100 });
  });
});

describe('override issues', () => {
  const vuProfile = {
    ...makeRawProfile(),
    load: { executor: 'constant-vus', vus: 2, duration: '10s' },
  };

  it.each<[string, unknown, ProfileOverrides, string, string]>([
    [
      'a bad target',
      makeRawProfile(),
      { target: 'localhost:8080' },
      '--target',
      'expected an http(s) URL like http://localhost:8080, got "localhost:8080"',
    ],
    [
      'a bad rate',
      makeRawProfile(),
      { rate: 'fast' },
      '--rate',
      'expected a rate like 100, 100/s or 6000/m, got "fast"',
    ],
    [
      'a unit-less duration',
      makeRawProfile(),
      { duration: '30' },
      '--duration',
      'expected a duration like 500ms, 30s or 1m30s, got "30" (add a unit: "30s")',
    ],
    [
      'zero connections',
      makeRawProfile(),
      { connections: '0' },
      '--connections',
      'expected a whole number of connections from 1 to 10000, got "0"',
    ],
    [
      'bad vus',
      vuProfile,
      { vus: 'many' },
      '--vus',
      'expected a whole number of virtual users from 1 to 100000, got "many"',
    ],
    [
      'rate on a VU executor',
      vuProfile,
      { rate: '50' },
      '--rate',
      'applies to arrival-rate executors; this profile uses constant-vus: use --vus',
    ],
    [
      'vus on an arrival-rate executor',
      makeRawProfile(),
      { vus: '5' },
      '--vus',
      'applies to VU executors (constant-vus, ramping-vus); this profile uses constant-arrival-rate: use --rate',
    ],
    [
      'vus on a preset',
      { ...makeRawProfile(), load: { preset: 'soak' } },
      { vus: '5' },
      '--vus',
      'applies to VU executors (constant-vus, ramping-vus); this profile uses the soak preset: use --rate',
    ],
    [
      'a duration too short for the stages',
      { ...makeRawProfile(), load: RAMP },
      { duration: '2ms' },
      '--duration',
      'expected at least 1ms for each of the 3 stages, got "2ms"',
    ],
  ])('reports %s at the flag', (_name, raw, overrides, path, message) => {
    expect(expectIssues(normalize(raw, { overrides }))).toEqual([{ path, message }]);
  });

  it('names the action inputs when labels are given', () => {
    const result = normalize(vuProfile, {
      overrides: { rate: '50' },
      overrideLabels: { rate: 'input rate', vus: 'input vus' },
    });
    expect(expectIssues(result)).toEqual([
      {
        path: 'input rate',
        message: 'applies to arrival-rate executors; this profile uses constant-vus: use input vus',
      },
    ]);
  });

  it('reports override problems together with profile problems', () => {
    const raw = { ...makeRawProfile(), name: '' };
    const paths = expectIssues(normalize(raw, { overrides: { rate: 'x', connections: 'y' } })).map(
      (issue) => issue.path,
    );
    expect(paths).toEqual(['name', '--rate', '--connections']);
  });
});

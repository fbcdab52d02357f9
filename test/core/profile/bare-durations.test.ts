import { describe, expect, it } from 'vitest';
import { buildProfileJsonSchema } from '../../../src/core/profile/json-schema.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

const ADD_A_UNIT = 'expected a duration like 500ms, 30s or 1m30s, got 30 (add a unit: "30s")';

describe('a bare number is never a duration, in files and flags alike (except 0)', () => {
  it('refuses YAML `duration: 30` with the same advice as `--duration 30`', () => {
    const yaml = `name: x
baseUrl: http://127.0.0.1:1
scenarios: [{ name: a, path: / }]
load: { executor: constant-arrival-rate, rate: 10, duration: 30 }
`;
    const fromFile = parseProfile(yaml, { env: {} });
    expect(fromFile.ok ? [] : fromFile.issues).toEqual([
      { path: 'load.duration', message: ADD_A_UNIT },
    ]);
    const fromFlag = normalize(makeRawProfile(), { overrides: { duration: '30' } });
    expect(expectIssues(fromFlag)).toEqual([
      { path: '--duration', message: ADD_A_UNIT.replace('got 30', 'got "30"') },
    ]);
  });

  it.each([
    [
      'timeout',
      (raw: Record<string, unknown>) => (raw.timeout = 5),
      'timeout',
      'got 5 (add a unit: "5s")',
    ],
    [
      'JSON stage duration',
      (raw: Record<string, unknown>) =>
        (raw.load = { executor: 'ramping-arrival-rate', stages: [{ duration: 1.5, target: 10 }] }),
      'load.stages[0].duration',
      'got 1.5 (add a unit: "1.5s")',
    ],
    [
      'warm-up',
      (raw: Record<string, unknown>) =>
        (raw.load = { executor: 'constant-arrival-rate', rate: 1, duration: '1s', warmup: 2 }),
      'load.warmup',
      'got 2 (add a unit: "2s")',
    ],
    [
      'think time',
      (raw: Record<string, unknown>) =>
        (raw.load = { executor: 'constant-vus', vus: 1, duration: '1s', thinkTime: 2 }),
      'load.thinkTime',
      'got 2 (add a unit: "2s")',
    ],
    [
      'scenario timeout',
      (raw: Record<string, unknown>) => (raw.scenarios = [{ name: 'a', path: '/', timeout: 3 }]),
      'scenarios[0].timeout',
      'got 3 (add a unit: "3s")',
    ],
  ])('refuses a bare %s', (_name, change, path, got) => {
    const raw = makeRawProfile();
    change(raw);
    const issues = expectIssues(normalize(raw));
    expect(issues.filter((issue) => issue.path === path).map((issue) => issue.message)).toEqual([
      expect.stringContaining(got),
    ]);
  });

  it('accepts 0 without a unit: it means the same in every unit', () => {
    const raw = makeRawProfile();
    raw.load = {
      executor: 'constant-arrival-rate',
      rate: 1,
      duration: '1s',
      warmup: 0,
      gracefulStop: '0',
    };
    const profile = expectProfile(normalize(raw));
    expect(profile.load).toMatchObject({ warmupMs: 0, gracefulStopMs: 0 });
  });

  it('tells editors the same: numbers other than 0 are not durations', () => {
    const timeout = (
      buildProfileJsonSchema().properties as Record<
        string,
        { anyOf: unknown[]; description: string }
      >
    ).timeout;
    expect(timeout?.anyOf).toContainEqual(expect.objectContaining({ type: 'number', const: 0 }));
    expect(timeout?.description).toMatch(/bare number is refused/);
  });
});

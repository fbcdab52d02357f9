import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../../src/core/profile/parse-profile.js';
import {
  buildQuickProfileInput,
  type QuickProfileOptions,
} from '../../../src/core/profile/quick-profile.js';
import { expectIssues, expectProfile } from './profile-fixtures.js';

function normalizeQuick(options: QuickProfileOptions, labels = {}) {
  return normalizeProfile(buildQuickProfileInput(options), { env: {}, overrideLabels: labels });
}

describe('buildQuickProfileInput', () => {
  it('builds a raw profile from the target, rate and duration', () => {
    expect(
      buildQuickProfileInput({
        target: 'http://localhost:3000/api/items?page=2#top',
        rate: '50',
        duration: '1m',
      }),
    ).toEqual({
      name: 'quick',
      baseUrl: 'http://localhost:3000',
      // Query values of the target may be secrets: sent, never shown.
      scenarios: [{ name: 'GET /api/items?page=***', path: '/api/items?page=2' }],
      load: { executor: 'constant-arrival-rate', rate: '50', duration: '1m' },
    });
  });

  it('normalizes to a constant-rate profile with a 30s default duration', () => {
    const profile = expectProfile(normalizeQuick({ target: 'https://example.com', rate: '20/s' }));
    expect(profile.baseUrl).toBe('https://example.com');
    expect(profile.scenarios.map((scenario) => [scenario.name, scenario.path])).toEqual([
      ['GET /', '/'],
    ]);
    expect(profile.load.plan).toEqual({
      executor: 'constant-arrival-rate',
      ratePerSec: 20,
      durationMs: 30_000,
    });
  });

  it('uses constant VUs when vus is given', () => {
    const profile = expectProfile(
      normalizeQuick({ target: 'http://h:1/x', vus: '8', duration: '10s' }),
    );
    expect(profile.load.plan).toEqual({ executor: 'constant-vus', vus: 8, durationMs: 10_000 });
    expect(profile.load.connections).toBe(8);
  });
});

describe('quick profile issues', () => {
  it.each<[string, QuickProfileOptions, Array<{ path: string; message: string }>]>([
    [
      'no rate or vus',
      { target: 'http://h/' },
      [{ path: '--rate', message: 'required without a profile (e.g. --rate 50)' }],
    ],
    [
      'rate and vus together',
      { target: 'http://h/', rate: '5', vus: '5' },
      [
        {
          path: '--rate',
          message:
            'cannot be combined with --vus: give --rate for arrival-rate load or --vus for virtual users',
        },
      ],
    ],
    [
      'bad values, reported at the flags',
      { target: 'ftp://h/', rate: '0', duration: '10' },
      [
        {
          path: '--target',
          message: 'expected an http(s) URL like http://localhost:8080, got "ftp://h/"',
        },
        {
          path: '--rate',
          message: 'expected a rate greater than 0/s and at most 1000000/s, got "0"',
        },
        {
          path: '--duration',
          message: 'expected a duration like 500ms, 30s or 1m30s, got "10" (add a unit: "10s")',
        },
      ],
    ],
    [
      'non-numeric vus',
      { target: 'http://h/', vus: 'ten' },
      [{ path: '--vus', message: 'expected a whole number of virtual users, got "ten"' }],
    ],
  ])('reports %s', (_name, options, issues) => {
    expect(expectIssues(normalizeQuick(options))).toEqual(issues);
  });

  it('uses the given labels', () => {
    const result = normalizeQuick({ target: 'http://h/' }, { rate: 'input rate' });
    expect(expectIssues(result)).toEqual([
      { path: 'input rate', message: 'required without a profile (e.g. input rate 50)' },
    ]);
  });

  it('leaves issues of ordinary profiles at their paths', () => {
    const raw = {
      name: 'x',
      baseUrl: 'nope',
      scenarios: [{ name: 'a', path: '/' }],
      load: { preset: 'smoke' },
    };
    expect(expectIssues(normalizeProfile(raw, { env: {} }))[0]?.path).toBe('baseUrl');
  });
});

import { describe, expect, it } from 'vitest';
import type { LoadPlan } from '../../../src/core/profile/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

const OK_STATUSES = Array.from({ length: 200 }, (_, offset) => 200 + offset);

describe('normalizeProfile defaults', () => {
  it('fills every default of a minimal profile', () => {
    const profile = expectProfile(normalize(makeRawProfile()));
    expect(profile).toEqual({
      name: 'checkout-api',
      protocol: 'http1',
      baseUrl: 'http://127.0.0.1:8080',
      scenarios: [
        {
          name: 'list products',
          weight: 1,
          method: 'GET',
          path: '/products',
          pathTemplate: '/products',
          headers: {},
          expect: { status: OK_STATUSES },
          timeoutMs: 10_000,
          maxRedirects: 10,
        },
      ],
      load: {
        plan: { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 60_000 },
        connections: 64,
        maxInFlight: 64,
        onMaxInFlight: 'queue',
        warmupMs: 1_000,
        thinkTime: { minMs: 0, maxMs: 0 },
        gracefulStopMs: 10_000,
      },
      seed: 1,
      secretValues: [],
      rules: defaultRules(['list products']),
    });
  });

  it('takes graceful stop and scenario timeouts from the profile timeout', () => {
    const raw = { ...makeRawProfile(), timeout: '3s' };
    const profile = expectProfile(normalize(raw));
    expect(profile.load.gracefulStopMs).toBe(3_000);
    expect(profile.scenarios[0]?.timeoutMs).toBe(3_000);
  });

  it('defaults connections to the peak VUs for VU executors', () => {
    const raw = makeRawProfile();
    raw.load = {
      executor: 'ramping-vus',
      stages: [
        { duration: '10s', target: 40 },
        { duration: '5s', target: 0 },
      ],
    };
    const profile = expectProfile(normalize(raw));
    expect(profile.load.connections).toBe(40);
    expect(profile.load.maxInFlight).toBe(40);
  });
});

describe('normalizeProfile scenarios', () => {
  it('removes trailing slashes from baseUrl and keeps a base path', () => {
    const raw = { ...makeRawProfile(), baseUrl: 'https://api.example.com/v1/' };
    expect(expectProfile(normalize(raw)).baseUrl).toBe('https://api.example.com/v1');
  });

  it('merges lower-cased headers, scenario values winning', () => {
    const raw = makeRawProfile();
    raw.headers = { 'X-Client': 'loadgate', Accept: 'text/plain' };
    raw.scenarios = [{ name: 'a', path: '/', headers: { ACCEPT: 'application/json' } }];
    expect(expectProfile(normalize(raw)).scenarios[0]?.headers).toEqual({
      'x-client': 'loadgate',
      accept: 'application/json',
    });
  });

  it('serializes json bodies and adds content-type unless one is set', () => {
    const raw = makeRawProfile();
    raw.scenarios = [
      { name: 'json', method: 'post', path: '/orders', json: { id: 1, tags: ['a'] } },
      {
        name: 'typed',
        method: 'PUT',
        path: '/orders/1',
        json: [1],
        headers: { 'Content-Type': 'application/vnd+json' },
      },
      { name: 'raw', method: 'Patch', path: '/notes', body: 'hello' },
    ];
    const [json, typed, text] = expectProfile(normalize(raw)).scenarios;
    expect(json).toMatchObject({
      method: 'POST',
      body: '{"id":1,"tags":["a"]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(typed).toMatchObject({
      method: 'PUT',
      body: '[1]',
      headers: { 'content-type': 'application/vnd+json' },
    });
    expect(text).toMatchObject({ method: 'PATCH', body: 'hello', headers: {} });
  });

  it.each([
    [200, [200]],
    [
      [201, 200, 201],
      [200, 201],
    ],
    ['2xx', Array.from({ length: 100 }, (_, offset) => 200 + offset)],
    [
      ['4XX', 500],
      [...Array.from({ length: 100 }, (_, offset) => 400 + offset), 500],
    ],
    ['404', [404]],
  ])('expands status %j', (status, codes) => {
    const raw = makeRawProfile();
    raw.scenarios = [{ name: 'a', path: '/', expect: { status, body: 'ok' } }];
    expect(expectProfile(normalize(raw)).scenarios[0]?.expect).toEqual({
      status: codes,
      bodyIncludes: 'ok',
    });
  });

  it('keeps category, weight and timeout', () => {
    const raw = { ...makeRawProfile(), seed: 7 };
    raw.scenarios = [
      { name: 'probe', path: '/x', category: 'security', weight: 2.5, timeout: '250ms' },
    ];
    const profile = expectProfile(normalize(raw));
    expect(profile.scenarios[0]).toMatchObject({
      category: 'security',
      weight: 2.5,
      timeoutMs: 250,
    });
    expect(profile.seed).toBe(7);
  });
});

describe('normalizeProfile rules', () => {
  it('reads thresholds and regressions into rules, checking scenario names', () => {
    const raw = {
      ...makeRawProfile(),
      thresholds: { p95: '300ms', scenarios: { 'list products': { p99: '1s' } } },
      regressions: { p95: { fail: '20%' }, confidence: '99%' },
    };
    const { rules } = expectProfile(normalize(raw));
    expect(rules.defaulted).toBe(false);
    expect(rules.thresholds.slice(0, 2)).toEqual([
      { metric: 'p95', failUnless: { op: '<=', value: 300 }, source: 'p95 <= 300 ms (critical)' },
      {
        metric: 'p99',
        scenario: 'list products',
        failUnless: { op: '<=', value: 1000 },
        source: 'p99 <= 1000 ms (critical)',
      },
    ]);
    expect(rules.regressions).toMatchObject([{ metric: 'p95', failRelative: 0.2, floor: 1 }]);
    expect(rules.settings).toEqual({ reportImprovements: true, confidence: 0.99 });
  });

  it('reports rule problems together with the other problems', () => {
    const raw = {
      ...makeRawProfile(),
      baseUrl: 'ftp://x',
      thresholds: { p95: 'fast', scenarios: { checkout: { p95: '1s' } } },
      regressions: { p95: { warn: '20%', fail: '10%' } },
    };
    expect(expectIssues(normalize(raw)).map((issue) => issue.path)).toEqual([
      'baseUrl',
      'thresholds.p95',
      'thresholds.scenarios.checkout',
      'regressions.p95.fail',
    ]);
  });

  it('passes rule warnings on', () => {
    const raw = { ...makeRawProfile(), thresholds: { errorRate: 1 } };
    const result = normalize(raw);
    expect(result.ok && result.warnings).toEqual([
      'thresholds.errorRate: errorRate <= 100 % can never be broken, so it never fires',
    ]);
  });
});

describe('normalizeProfile load plans', () => {
  it.each<[string, Record<string, unknown>, LoadPlan]>([
    [
      'constant-arrival-rate',
      { executor: 'constant-arrival-rate', rate: '6000/m', duration: '1m30s' },
      { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 90_000 },
    ],
    [
      'ramping-arrival-rate',
      {
        executor: 'ramping-arrival-rate',
        startRate: 5,
        stages: [
          { duration: '30s', target: '50/s' },
          { duration: '10s', target: 0 },
        ],
      },
      {
        executor: 'ramping-arrival-rate',
        startRatePerSec: 5,
        stages: [
          { durationMs: 30_000, target: 50 },
          { durationMs: 10_000, target: 0 },
        ],
      },
    ],
    [
      'constant-vus',
      { executor: 'constant-vus', vus: 10, duration: '5m' },
      { executor: 'constant-vus', vus: 10, durationMs: 300_000 },
    ],
    [
      'ramping-vus',
      { executor: 'ramping-vus', stages: [{ duration: '1m', target: 20 }] },
      { executor: 'ramping-vus', startVus: 0, stages: [{ durationMs: 60_000, target: 20 }] },
    ],
  ])('builds the %s plan', (_name, load, plan) => {
    const raw = { ...makeRawProfile(), load };
    expect(expectProfile(normalize(raw)).load.plan).toEqual(plan);
  });

  it.each([
    ['500ms', { minMs: 500, maxMs: 500 }],
    ['1s..3s', { minMs: 1_000, maxMs: 3_000 }],
    [
      { min: 0, max: '1s' },
      { minMs: 0, maxMs: 1_000 },
    ],
    [0, { minMs: 0, maxMs: 0 }],
  ])('reads think time %j', (thinkTime, expected) => {
    const raw = {
      ...makeRawProfile(),
      load: { executor: 'constant-vus', vus: 2, duration: '10s', thinkTime },
    };
    expect(expectProfile(normalize(raw)).load.thinkTime).toEqual(expected);
  });

  it('keeps explicit connection settings and warm-up', () => {
    const load = {
      executor: 'constant-arrival-rate',
      rate: 10,
      duration: '10s',
      connections: 8,
      maxInFlight: 100,
      onMaxInFlight: 'drop',
      warmup: '0s',
      gracefulStop: '2s',
    };
    const profile = expectProfile(normalize({ ...makeRawProfile(), load }));
    expect(profile.load).toMatchObject({
      connections: 8,
      maxInFlight: 100,
      onMaxInFlight: 'drop',
      warmupMs: 0,
      gracefulStopMs: 2_000,
    });
  });

  it.each([
    ['smoke', { preset: 'smoke' }, 0, 64],
    ['heartbeat', { preset: 'heartbeat' }, 0, 2],
    ['load', { preset: 'load', rate: 20 }, 1_000, 64],
    [
      'heartbeat with explicit values',
      { preset: 'heartbeat', warmup: '2s', connections: 5 },
      2_000,
      5,
    ],
  ])('applies preset defaults for %s', (_name, load, warmupMs, connections) => {
    const profile = expectProfile(normalize({ ...makeRawProfile(), load }));
    expect(profile.load).toMatchObject({ preset: load.preset, warmupMs, connections });
  });
});

describe('normalizeProfile warnings', () => {
  it('warns when maxInFlight is below connections', () => {
    const load = {
      executor: 'constant-arrival-rate',
      rate: 10,
      duration: '10s',
      connections: 32,
      maxInFlight: 16,
    };
    const result = normalize({ ...makeRawProfile(), load });
    expect(result.ok && result.warnings).toEqual([
      expect.stringMatching(/^load\.maxInFlight \(16\) is below load\.connections \(32\)/),
    ]);
  });

  it('warns when VUs outnumber connections', () => {
    const load = { executor: 'constant-vus', vus: 50, duration: '10s', connections: 10 };
    const result = normalize({ ...makeRawProfile(), load });
    expect(result.ok && result.warnings).toEqual([
      expect.stringMatching(/^load\.connections \(10\) is below the peak of 50 VUs/),
    ]);
  });

  it('has no warnings for consistent settings', () => {
    const result = normalize(makeRawProfile());
    expect(result.ok && result.warnings).toEqual([]);
  });
});

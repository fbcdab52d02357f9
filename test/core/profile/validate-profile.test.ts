import { describe, expect, it } from 'vitest';
import { expectIssues, makeRawProfile, normalize } from './profile-fixtures.js';

type Raw = ReturnType<typeof makeRawProfile>;

const withLoad = (load: Record<string, unknown>) => (raw: Raw) => {
  raw.load = load;
};
const withScenario = (scenario: Record<string, unknown>) => (raw: Raw) => {
  raw.scenarios = [scenario];
};

const cases: Array<[string, (raw: Raw) => void, string, string]> = [
  ['missing name', (raw) => delete raw.name, 'name', 'required: expected a profile name'],
  [
    'blank name',
    (raw) => (raw.name = '  '),
    'name',
    'expected a profile name, got an empty string',
  ],
  [
    'non-http baseUrl',
    (raw) => (raw.baseUrl = 'ftp://host'),
    'baseUrl',
    'expected an http(s) URL like http://localhost:8080, got "ftp://host"',
  ],
  [
    'baseUrl with a query',
    (raw) => (raw.baseUrl = 'http://host/?a=1'),
    'baseUrl',
    'expected a URL without query or fragment (put those in scenario paths), got "http://host/?a=***"',
  ],
  [
    'typo at the top level',
    (raw) => (raw.timout = '5s'),
    '(file)',
    'unknown key "timout" (did you mean "timeout"?); allowed keys: name, baseUrl, protocol, maxConcurrentStreams, tls, headers, timeout, maxRedirects, seed, data, setup, scenarios, load, thresholds, regressions, layer, interval',
  ],
  [
    'base_url spelling',
    (raw) => (raw.base_url = 'x'),
    '(file)',
    'unknown key "base_url" (did you mean "baseUrl"?)',
  ],
  ['fractional seed', (raw) => (raw.seed = 1.5), 'seed', 'expected a whole number, got 1.5'],
  [
    'timeout too long',
    (raw) => (raw.timeout = '20m'),
    'timeout',
    'expected a duration from 1ms to 10m, got "20m"',
  ],
  [
    'no scenarios',
    (raw) => (raw.scenarios = []),
    'scenarios',
    'expected at least one scenario, got an empty list',
  ],
  [
    'scenarios not a list',
    (raw) => (raw.scenarios = { a: 1 } as never),
    'scenarios',
    'expected a list of scenarios, got a mapping',
  ],
  [
    'duplicate scenario names',
    (raw) => raw.scenarios.push({ name: 'list products', path: '/other' }),
    'scenarios[1].name',
    'expected a unique name, got "list products" again (first at scenarios[0])',
  ],
  [
    'path without a slash',
    withScenario({ name: 'a', path: 'products' }),
    'scenarios[0].path',
    'expected a path starting with "/" (URL-encode spaces as %20), got "products"',
  ],
  [
    'path with a space',
    withScenario({ name: 'a', path: '/search?q=a b' }),
    'scenarios[0].path',
    'expected a path starting with "/" (URL-encode spaces as %20), got "/search?q=a b"',
  ],
  [
    'unknown method',
    withScenario({ name: 'a', path: '/', method: 'FETCH' }),
    'scenarios[0].method',
    'expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"',
  ],
  [
    'zero weight',
    withScenario({ name: 'a', path: '/', weight: 0 }),
    'scenarios[0].weight',
    'expected a number greater than 0, got 0',
  ],
  [
    'json and body',
    withScenario({ name: 'a', method: 'POST', path: '/', json: {}, body: 'x' }),
    'scenarios[0].body',
    'expected either json or body, got both',
  ],
  [
    'GET with a body',
    withScenario({ name: 'a', path: '/', body: 'x' }),
    'scenarios[0].body',
    'expected no body on a GET request (use POST, PUT or PATCH to send one)',
  ],
  [
    'HEAD with json',
    withScenario({ name: 'a', method: 'head', path: '/', json: { a: 1 } }),
    'scenarios[0].json',
    'expected no body on a HEAD request (use POST, PUT or PATCH to send one)',
  ],
  [
    'bad header name',
    withScenario({ name: 'a', path: '/', headers: { 'x bad': 'v' } }),
    'scenarios[0].headers["x bad"]',
    'expected a header name of letters, digits and - _ . (no spaces), got "x bad"',
  ],
  [
    'numeric header value',
    (raw) => (raw.headers = { 'x-count': 5 }),
    'headers.x-count',
    'expected a header value (quote numbers in YAML), got 5',
  ],
  [
    'status out of range',
    withScenario({ name: 'a', path: '/', expect: { status: 700 } }),
    'scenarios[0].expect.status',
    'expected a status code from 100 to 599 or a class like "2xx", got 700',
  ],
  [
    'bad status inside a list',
    withScenario({ name: 'a', path: '/', expect: { status: [200, '6xx'] } }),
    'scenarios[0].expect.status[1]',
    'expected a status code from 100 to 599 or a class like "2xx", got "6xx"',
  ],
  [
    'wrong type inside a status list',
    withScenario({ name: 'a', path: '/', expect: { status: [true] } }),
    'scenarios[0].expect.status[0]',
    'expected a status code from 100 to 599 or a class like "2xx", got true',
  ],
  [
    'status of the wrong type',
    withScenario({ name: 'a', path: '/', expect: { status: { code: 200 } } }),
    'scenarios[0].expect.status',
    'expected a status code from 100 to 599 or a class like "2xx", or a list of them, got a mapping',
  ],
  [
    'empty status list',
    withScenario({ name: 'a', path: '/', expect: { status: [] } }),
    'scenarios[0].expect.status',
    'expected at least one status, got an empty list',
  ],
  [
    'missing load',
    (raw) => delete (raw as Partial<Raw>).load,
    'load',
    'required: expected a load mapping with executor',
  ],
  [
    'unknown executor',
    withLoad({ executor: 'constant-rate', rate: 1, duration: '1s' }),
    'load.executor',
    'expected one of constant-arrival-rate, ramping-arrival-rate, constant-vus, ramping-vus (or remove executor and set preset), got "constant-rate"',
  ],
  [
    'neither executor nor preset',
    withLoad({ rate: 5 }),
    'load.preset',
    'required: expected executor (one of constant-arrival-rate, ramping-arrival-rate, constant-vus, ramping-vus) or preset (one of smoke, load, stress, spike, soak, heartbeat)',
  ],
  [
    'unknown preset',
    withLoad({ preset: 'burst' }),
    'load.preset',
    'expected one of smoke, load, stress, spike, soak, heartbeat, got "burst"',
  ],
  [
    'preset and executor together',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '1s', preset: 'smoke' }),
    'load',
    'unknown key "preset" (a preset replaces executor: keep one of them)',
  ],
  [
    'think time on an arrival-rate executor',
    withLoad({ executor: 'constant-arrival-rate', rate: 1, duration: '1s', thinkTime: '1s' }),
    'load',
    'unknown key "thinkTime" (only for constant-vus and ramping-vus: arrival-rate load does not wait for answers)',
  ],
  [
    'missing rate',
    withLoad({ executor: 'constant-arrival-rate', duration: '1s' }),
    'load.rate',
    'required: expected a rate like 100, 100/s or 6000/m',
  ],
  [
    'zero rate',
    withLoad({ executor: 'constant-arrival-rate', rate: 0, duration: '1s' }),
    'load.rate',
    'expected a rate greater than 0/s and at most 1000000/s, got 0',
  ],
  [
    'rate above the limit',
    withLoad({ executor: 'constant-arrival-rate', rate: '2000000/s', duration: '1s' }),
    'load.rate',
    'expected a rate greater than 0/s and at most 1000000/s, got "2000000/s"',
  ],
  [
    'rate of the wrong type',
    withLoad({ executor: 'constant-arrival-rate', rate: true, duration: '1s' }),
    'load.rate',
    'expected a rate like 100, 100/s or 6000/m, got true',
  ],
  [
    'duration without a unit',
    withLoad({ executor: 'constant-arrival-rate', rate: 1, duration: '30' }),
    'load.duration',
    'expected a duration like 500ms, 30s or 1m30s, got "30" (add a unit: "30s")',
  ],
  [
    'zero duration',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '0s' }),
    'load.duration',
    'expected a duration greater than 0s and at most 24h, got "0s"',
  ],
  [
    'duration above a day',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '25h' }),
    'load.duration',
    'expected a duration greater than 0s and at most 24h, got "25h"',
  ],
  [
    'zero VUs',
    withLoad({ executor: 'constant-vus', vus: 0, duration: '1s' }),
    'load.vus',
    'expected a whole number of virtual users from 1 to 100000, got 0',
  ],
  [
    'fractional VUs',
    withLoad({ executor: 'constant-vus', vus: 2.5, duration: '1s' }),
    'load.vus',
    'expected a whole number of virtual users from 1 to 100000, got 2.5',
  ],
  [
    'stage duration in words',
    withLoad({
      executor: 'ramping-arrival-rate',
      stages: [
        { duration: '1m', target: 5 },
        { duration: '1m', target: 5 },
        { duration: '30 secs', target: 0 },
      ],
    }),
    'load.stages[2].duration',
    'expected a duration like 500ms, 30s or 1m30s, got "30 secs"',
  ],
  [
    'all stage targets zero',
    withLoad({ executor: 'ramping-vus', stages: [{ duration: '1m', target: 0 }] }),
    'load.stages',
    'expected at least one stage with a target above 0, got all 0',
  ],
  [
    'no stages',
    withLoad({ executor: 'ramping-arrival-rate', stages: [] }),
    'load.stages',
    'expected at least one stage, got an empty list',
  ],
  [
    'typo in a stage',
    withLoad({ executor: 'ramping-arrival-rate', stages: [{ duration: '1m', taget: 5 }] }),
    'load.stages[0].target',
    'required: expected a rate like 100, 100/s or 6000/m',
  ],
  [
    'connections above the limit',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '1s', connections: 20_000 }),
    'load.connections',
    'expected a whole number of connections from 1 to 10000, got 20000',
  ],
  [
    'maxInFlight zero',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '1s', maxInFlight: 0 }),
    'load.maxInFlight',
    'expected a whole number of requests from 1 to 1000000, got 0',
  ],
  [
    'unknown overflow policy',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '1s', onMaxInFlight: 'block' }),
    'load.onMaxInFlight',
    'expected queue or drop, got "block"',
  ],
  [
    'think time range reversed',
    withLoad({ executor: 'constant-vus', vus: 1, duration: '1s', thinkTime: '3s..1s' }),
    'load.thinkTime',
    'expected the minimum not above the maximum, got "3s..1s"',
  ],
  [
    'think time bound malformed',
    withLoad({
      executor: 'constant-vus',
      vus: 1,
      duration: '1s',
      thinkTime: { min: '1 s', max: '2s' },
    }),
    'load.thinkTime.min',
    'expected a duration like 500ms, 30s or 1m30s, got "1 s"',
  ],
  [
    'think time with an unknown key',
    withLoad({
      executor: 'constant-vus',
      vus: 1,
      duration: '1s',
      thinkTime: { min: '1s', maxi: '2s' },
    }),
    'load.thinkTime',
    'unknown key "maxi" (did you mean "max"?); allowed keys: min, max',
  ],
  [
    'preset peak above the rate limit',
    withLoad({ preset: 'spike', rate: 300_000 }),
    'load',
    'expected a peak rate of at most 1000000/s, got 1500000/s',
  ],
  [
    'preset longer than a day',
    withLoad({ preset: 'stress', duration: '10h' }),
    'load',
    'expected a plan of at most 24h in total, got 30h4m',
  ],
];

describe('normalizeProfile validation', () => {
  it.each(cases)('reports %s', (_name, change, path, message) => {
    const raw = makeRawProfile();
    change(raw);
    const issues = expectIssues(normalize(raw));
    const atPath = issues.filter((issue) => issue.path === path);
    expect(atPath, JSON.stringify(issues)).toHaveLength(1);
    expect(atPath[0]?.message.startsWith(message), atPath[0]?.message).toBe(true);
  });

  it('reports every problem at once, each with its own path', () => {
    const raw = {
      name: '',
      baseUrl: 'nope',
      timout: '1s',
      scenarios: [
        { name: 'a', path: 'x', metod: 'GET' },
        { name: 'a', path: '/', weight: -1, body: 'b' },
      ],
      load: { executor: 'ramping-arrival-rate', stages: [{ duration: '1 m', target: 'lots' }] },
    };
    const paths = expectIssues(normalize(raw)).map((issue) => issue.path);
    expect(paths.sort()).toEqual(
      [
        'name',
        'baseUrl',
        '(file)',
        'scenarios[0]',
        'scenarios[0].path',
        'scenarios[1].name',
        'scenarios[1].weight',
        'scenarios[1].body',
        'load.stages[0].duration',
        'load.stages[0].target',
      ].sort(),
    );
  });

  it.each([
    [
      'a string',
      'just text',
      '(file)',
      'expected a profile mapping with name, baseUrl, scenarios and load, got "just text"',
    ],
    [
      'null',
      null,
      '(file)',
      'expected a profile mapping with name, baseUrl, scenarios and load, got null',
    ],
    [
      'a list',
      [1],
      '(file)',
      'expected a profile mapping with name, baseUrl, scenarios and load, got a list',
    ],
  ])('rejects %s as a whole profile', (_name, raw, path, message) => {
    expect(expectIssues(normalize(raw))).toEqual([{ path, message }]);
  });
});

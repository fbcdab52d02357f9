import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  buildProfileJsonSchema,
  renderProfileJsonSchema,
} from '../../../src/core/profile/json-schema.js';
import { normalizeProfile, parseProfile } from '../../../src/core/profile/parse-profile.js';
import { rawProfileSchema } from '../../../src/core/profile/schema.js';
import { K6_METRIC_NAMES } from '../../../src/core/rules/k6-metrics.js';
import { METRIC_NAMES } from '../../../src/core/rules/metrics.js';
import { parseRules } from '../../../src/core/rules/parse-rules.js';
import { expectProfile } from './profile-fixtures.js';

const root = new URL('../../../', import.meta.url);
const SCENARIO_NAMES = ['search', 'sql injection probe'];
const readRepoFile = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('schema/loadgate-profile.schema.json', () => {
  it('is up to date with rawProfileSchema (run `npm run schema` after changing it)', () => {
    expect(readRepoFile('schema/loadgate-profile.schema.json')).toBe(renderProfileJsonSchema());
  });

  it('is a titled draft 2020-12 schema built by z.toJSONSchema', () => {
    const schema = buildProfileJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'loadgate profile',
      additionalProperties: false,
      required: ['name', 'baseUrl', 'scenarios', 'load'],
    });
    const generated = z.toJSONSchema(rawProfileSchema, { unrepresentable: 'any' });
    expect(Object.keys(generated.properties ?? {})).toEqual(
      Object.keys(schema.properties as object),
    );
  });

  it('describes every top-level field for editors', () => {
    const properties = buildProfileJsonSchema().properties as Record<
      string,
      { description?: string }
    >;
    for (const [name, property] of Object.entries(properties)) {
      expect(property.description, name).toMatch(/\w/);
    }
  });
});

describe('examples/', () => {
  const files = readdirSync(new URL('examples/', root)).filter((name) =>
    /\.(ya?ml|json)$/.test(name),
  );

  it('holds the documented examples', () => {
    expect(files).toEqual(
      expect.arrayContaining(['demo.yml', 'ramping.yml', 'shop-journey.yml', 'smoke.yml']),
    );
  });

  it.each(files)('%s parses without problems or warnings', (name) => {
    const result = parseProfile(readRepoFile(`examples/${name}`), {
      env: { API_TOKEN: 'example-token' },
    });
    expectProfile(result);
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('demo.yml has the scenario mix the demo target serves', () => {
    const profile = expectProfile(parseProfile(readRepoFile('examples/demo.yml'), { env: {} }));
    expect(
      profile.scenarios.map((scenario) => [
        scenario.name,
        scenario.method,
        scenario.path,
        scenario.weight,
      ]),
    ).toEqual([
      ['list products', 'GET', '/api/products', 5],
      ['product detail', 'GET', '/api/products/42', 3],
      ['create order', 'POST', '/api/orders', 1],
      ['search', 'GET', '/search?q=shoes', 2],
      ['sql injection probe', 'GET', '/search?q=%27%20OR%201%3D1%20--', 1],
    ]);
    expect(decodeURIComponent(profile.scenarios[4]?.path ?? '')).toBe("/search?q=' OR 1=1 --");
    expect(profile.scenarios[4]).toMatchObject({
      category: 'security',
      expect: { status: [403], bodyIncludes: 'blocked by policy' },
    });
    expect(profile.scenarios[2]?.expect.status).toEqual([201]);
    expect(profile.load).toMatchObject({
      plan: { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 10_000 },
      warmupMs: 1_000,
      connections: 32,
    });
  });

  it('shop-journey.yml logs in once, walks a journey with data and extraction, and browses', () => {
    const profile = expectProfile(
      parseProfile(readRepoFile('examples/shop-journey.yml'), { env: {} }),
    );
    expect(profile.scenarios.map((scenario) => [scenario.name, scenario.method])).toEqual([
      ['shopper/list', 'GET'],
      ['shopper/detail', 'GET'],
      ['shopper/open cart', 'POST'],
      ['shopper/add item', 'POST'],
      ['shopper/checkout', 'POST'],
      ['browse', 'GET'],
    ]);
    expect(profile.journeys?.map((journey) => journey.name)).toEqual(['shopper']);
    expect(profile.journeys?.[0]?.steps[2]?.extract).toMatchObject([
      { name: 'cartId', from: 'json', path: ['cartId'] },
    ]);
    expect(profile.data?.map((source) => [source.name, source.file, source.secretColumns])).toEqual(
      [
        ['products', 'data/products.csv', []],
        ['users', 'data/users.csv', ['password']],
      ],
    );
    expect(profile.setup?.requests[0]?.extract).toMatchObject([{ name: 'token', from: 'json' }]);
    expect(profile.scenarios.every((scenario) => scenario.dynamic !== undefined)).toBe(false);
    expect(profile.scenarios[5]?.dynamic?.path).toBeDefined();
    expect(profile.load.plan).toMatchObject({ executor: 'constant-arrival-rate', ratePerSec: 20 });
  });

  it('ramping.yml needs API_TOKEN and masks it', () => {
    const text = readRepoFile('examples/ramping.yml');
    expect(parseProfile(text, { env: {} }).ok).toBe(false);
    const profile = expectProfile(parseProfile(text, { env: { API_TOKEN: 'tok-123' } }));
    expect(profile.secretValues).toEqual(['tok-123']);
    expect(profile.load.plan).toMatchObject({ executor: 'ramping-arrival-rate' });
    expect('stages' in profile.load.plan && profile.load.plan.stages).toHaveLength(3);
  });
});

/**
 * No JSON Schema validator is installed (and none is added for one test), so this walks the
 * generated schema itself: the keywords it uses, no more. A keyword it does not know fails the
 * walk, so the schema cannot grow a rule these tests silently skip.
 */
// Keywords that only annotate (or hold definitions), and check nothing by themselves.
const ANNOTATIONS = new Set(['$schema', '$defs', 'title', 'description', 'examples', 'default']);

function validate(root: Record<string, unknown>, value: unknown): string[] {
  const errors: string[] = [];
  const typeOf = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  const walk = (schema: unknown, v: unknown, at: string): boolean => {
    const before = errors.length;
    const fail = (why: string) => errors.push(`${at || '/'}: ${why}`);
    if (schema === true) return true;
    if (schema === false || typeof schema !== 'object' || schema === null) {
      fail('not allowed');
      return false;
    }
    const s = schema as Record<string, unknown>;
    const quiet = (sub: unknown, where = at) => {
      const mark = errors.length;
      const ok = walk(sub, v, where);
      errors.length = mark;
      return ok;
    };
    for (const [keyword, arg] of Object.entries(s)) {
      if (ANNOTATIONS.has(keyword)) continue;
      const record = v !== null && typeof v === 'object' && !Array.isArray(v);
      const entries = record ? Object.entries(v as Record<string, unknown>) : [];
      switch (keyword) {
        case '$ref': {
          const name = String(arg).replace('#/$defs/', '');
          walk((root.$defs as Record<string, unknown>)[name], v, at);
          break;
        }
        case 'type': {
          const types = Array.isArray(arg) ? arg : [arg];
          const t = typeOf(v);
          if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
            fail(`expected ${types.join('|')}`);
          }
          break;
        }
        case 'enum':
          if (!(arg as unknown[]).includes(v)) fail(`expected one of ${JSON.stringify(arg)}`);
          break;
        case 'const':
          if (v !== arg) fail(`expected ${JSON.stringify(arg)}`);
          break;
        case 'pattern':
          if (typeof v === 'string' && !new RegExp(String(arg), 'u').test(v)) fail(`not ${arg}`);
          break;
        case 'minLength':
          if (typeof v === 'string' && [...v].length < Number(arg)) fail('too short');
          break;
        case 'minimum':
          if (typeof v === 'number' && v < Number(arg)) fail(`below ${arg}`);
          break;
        case 'maximum':
          if (typeof v === 'number' && v > Number(arg)) fail(`above ${arg}`);
          break;
        case 'exclusiveMinimum':
          if (typeof v === 'number' && v <= Number(arg)) fail(`not above ${arg}`);
          break;
        case 'minItems':
          if (Array.isArray(v) && v.length < Number(arg)) fail('too few items');
          break;
        case 'items':
          if (Array.isArray(v)) for (const [i, item] of v.entries()) walk(arg, item, `${at}/${i}`);
          break;
        case 'required':
          for (const key of arg as string[])
            if (record && !(key in (v as object))) fail(`needs ${key}`);
          break;
        case 'propertyNames':
          for (const [key] of entries) walk(arg, key, `${at}/${key}`);
          break;
        case 'properties':
        case 'patternProperties':
          break; // with additionalProperties, below
        case 'additionalProperties':
          break;
        case 'anyOf':
          if (!(arg as unknown[]).some((sub) => quiet(sub))) fail('matches none of anyOf');
          break;
        case 'oneOf':
          if ((arg as unknown[]).filter((sub) => quiet(sub)).length !== 1)
            fail('not exactly one of oneOf');
          break;
        case 'allOf':
          for (const sub of arg as unknown[]) walk(sub, v, at);
          break;
        case 'not':
          if (quiet(arg)) fail('matches not');
          break;
        default:
          throw new Error(`the test walker does not know the keyword ${keyword} (at ${at})`);
      }
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, unknown>);
      for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
        let matched = false;
        if (Object.hasOwn(properties, key)) {
          matched = true;
          walk(properties[key], item, `${at}/${key}`);
        }
        for (const [pattern, sub] of patterns) {
          if (new RegExp(pattern, 'u').test(key)) {
            matched = true;
            walk(sub, item, `${at}/${key}`);
          }
        }
        if (!matched && s.additionalProperties !== undefined) {
          walk(s.additionalProperties, item, `${at}/${key}`);
        }
      }
    }
    return errors.length === before;
  };
  walk(root, value, '');
  return errors;
}

describe('the rules in the JSON Schema', () => {
  const schema = buildProfileJsonSchema();
  const profile = (rules: Record<string, unknown>) => ({
    name: 'rules',
    baseUrl: 'http://127.0.0.1:8080',
    scenarios: SCENARIO_NAMES.map((name) => ({ name, path: '/' })),
    load: { preset: 'smoke' },
    ...rules,
  });
  const parses = (rules: Record<string, unknown>) => parseRules(rules, SCENARIO_NAMES).ok;

  it('offers every metric, k6 metric and option to editors by name', () => {
    const properties = schema.properties as Record<string, { properties: object }>;
    const thresholds = Object.keys(properties.thresholds?.properties ?? {});
    const regressions = Object.keys(properties.regressions?.properties ?? {});
    expect(thresholds).toEqual([...METRIC_NAMES, 'scenarios', ...K6_METRIC_NAMES]);
    expect(regressions).toEqual([...METRIC_NAMES, 'reportImprovements', 'confidence', 'scenarios']);
    const defs = schema.$defs as Record<string, { anyOf: { properties?: object }[] }>;
    expect(Object.keys(defs['threshold.p95']?.anyOf[1]?.properties ?? {})).toEqual([
      'target',
      'critical',
      'abortOnFail',
      'abortGrace',
    ]);
    expect(Object.keys(defs['regression.p95']?.anyOf[1]?.properties ?? {})).toEqual([
      'warn',
      'fail',
      'floor',
      'direction',
    ]);
  });

  it('accepts the walker’s own smallest profile', () => {
    expect(validate(schema, profile({}))).toEqual([]);
    expect(validate(schema, { ...profile({}), nmae: 'x' })).not.toEqual([]);
  });

  // Rules the parser accepts: the schema must accept them all (an editor never flags a rule
  // that works).
  it.each<[string, Record<string, unknown>]>([
    ['friendly limits', { thresholds: { p95: '300ms', p99: { target: 300, critical: '500ms' } } }],
    ['any percentile', { thresholds: { p97: '40ms', 'p99.9': 1, 'p0.5': 1, p100: '1s', p0: 1 } }],
    [
      'blockRate with comparators',
      { thresholds: { blockRate: { target: '>= 99%', critical: '> 0%' } } },
    ],
    [
      'abort settings',
      { thresholds: { p50: { critical: 50, abortOnFail: true, abortGrace: '10s' } } },
    ],
    [
      'scenario blocks',
      { thresholds: { scenarios: { search: { 'p97.5': '1s', errorRate: '1%' } } } },
    ],
    [
      'k6 thresholds as k6 writes them',
      {
        thresholds: {
          http_req_duration: [
            'p(95)<200',
            'p(99.99)<=500',
            'avg<1e3',
            'min==1',
            'p(0)<100',
            'p(1e1)<2',
          ],
          http_req_failed: [
            'rate===0.01',
            'rate!=0.01',
            { threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '10s' },
          ],
          http_reqs: ['count>20', 'count>-1', 'rate>100'],
          dropped_iterations: ['count<1', 'rate<.5'],
          'http_req_duration{scenario:search}': ['p(95)<100'],
          'http_req_failed{name: sql injection probe}': ['rate<0.5'],
        },
      },
    ],
    [
      'regressions',
      {
        regressions: {
          p95: { warn: '10%', fail: '20%', floor: '2ms' },
          'p97.5': '15%',
          rps: { fail: '-10%', floor: 5 },
          blockRate: { fail: '50%', direction: 'higher-is-better' },
          reportImprovements: false,
          confidence: '99%',
          scenarios: { search: { p95: { fail: '15%' }, 'p99.99': { warn: '50%' } } },
        },
      },
    ],
  ])('accepts what the parser accepts: %s', (_, rules) => {
    expect(parses(rules)).toBe(true);
    expect(validate(schema, profile(rules))).toEqual([]);
  });

  // Rules the parser refuses: the schema refuses them too, except where only the parser can
  // tell (a value's unit, a range inside an exponent, a scenario's name).
  it.each<[string, Record<string, unknown>, 'both' | 'parser only']>([
    ['an unknown metric', { thresholds: { p95x: '1ms' } }, 'both'],
    ['a percentile above 100', { thresholds: { p101: '1ms' } }, 'both'],
    ['a percentile in upper case', { thresholds: { P95: '1ms' } }, 'both'],
    ['an unknown level key', { thresholds: { p95: { critcal: '1ms' } } }, 'both'],
    ['levels missing', { thresholds: { p95: { abortOnFail: true } } }, 'both'],
    ['a list as a limit', { thresholds: { p95: [300] } }, 'both'],
    ['blockRate without a comparator', { thresholds: { blockRate: '1%' } }, 'both'],
    [
      'a whole-run metric per scenario',
      { thresholds: { scenarios: { search: { sendLagP99: '1ms' } } } },
      'both',
    ],
    ['a k6 list that is a string', { thresholds: { http_reqs: 'rate>100' } }, 'both'],
    ['=<', { thresholds: { http_req_duration: ['p(95)=<200'] } }, 'both'],
    ['!==', { thresholds: { http_req_failed: ['rate!==0.01'] } }, 'both'],
    ['p()', { thresholds: { http_req_duration: ['p()<200'] } }, 'both'],
    ['p(101)', { thresholds: { http_req_duration: ['p(101)<200'] } }, 'both'],
    ['p(NaN)', { thresholds: { http_req_duration: ['p(NaN)<200'] } }, 'both'],
    ['a bare p', { thresholds: { http_req_duration: ['p<200'] } }, 'both'],
    ['P(95)', { thresholds: { http_req_duration: ['P(95)<200'] } }, 'both'],
    ['a && b', { thresholds: { http_req_duration: ['p(95)<200 && p(99)<500'] } }, 'both'],
    ['a unit on a k6 value', { thresholds: { http_req_duration: ['p(95)<200ms'] } }, 'both'],
    ['count on a Rate', { thresholds: { http_req_failed: ['count<3'] } }, 'both'],
    ['p(N) on a Counter', { thresholds: { http_reqs: ['p(95)<3'] } }, 'both'],
    [
      'an unknown k6 item key',
      { thresholds: { http_reqs: [{ threshold: 'rate>1', extra: 1 }] } },
      'both',
    ],
    ['a k6 item without threshold', { thresholds: { http_reqs: [{ abortOnFail: true }] } }, 'both'],
    [
      'an unknown sub-metric tag',
      { thresholds: { 'http_req_duration{status:200}': ['p(95)<1'] } },
      'both',
    ],
    ['an unknown k6 metric', { thresholds: { http_req_waiting: ['p(95)<1'] } }, 'both'],
    ['an unknown regression key', { regressions: { p95: { fial: '10%' } } }, 'both'],
    [
      'a direction against the metric',
      { regressions: { p95: { fail: '10%', direction: 'higher-is-better' } } },
      'both',
    ],
    ['blockRate without a direction', { regressions: { blockRate: '10%' } }, 'both'],
    ['reportImprovements as text', { regressions: { reportImprovements: 'yes' } }, 'both'],
    [
      'p(1e3) (a range behind an exponent)',
      { thresholds: { http_req_duration: ['p(1e3)<200'] } },
      'parser only',
    ],
    ['a malformed latency', { thresholds: { p95: '300 msec' } }, 'parser only'],
    [
      'an unknown scenario',
      { thresholds: { scenarios: { serch: { p95: '1ms' } } } },
      'parser only',
    ],
    ['a confidence out of range', { regressions: { confidence: '40%' } }, 'parser only'],
  ])('refuses what the parser refuses: %s (%s)', (_, rules, who) => {
    expect(parses(rules)).toBe(false);
    expect(validate(schema, profile(rules)).length > 0).toBe(who === 'both');
  });

  const examples = readdirSync(new URL('examples/', root)).filter((name) => /\.ya?ml$/.test(name));
  it.each(examples)('examples/%s validates against the schema', (name) => {
    expect(validate(schema, parseYaml(readRepoFile(`examples/${name}`)))).toEqual([]);
  });
});

describe('journeys, data and setup in the JSON Schema', () => {
  const schema = buildProfileJsonSchema();
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const journeyProfile = {
    name: 'shop',
    baseUrl: 'http://127.0.0.1:8080',
    data: {
      products: { file: 'data/products.csv', order: 'unique', onExhausted: 'wrap' },
      users: { file: 'users.csv', secret: ['password'] },
    },
    setup: {
      perVu: false,
      measure: true,
      requests: [
        {
          name: 'login',
          method: 'POST',
          path: '/auth/token',
          json: { user: '${data.users.name}' },
          extract: { token: 'json.$.token' },
        },
      ],
    },
    scenarios: [
      { name: 'health', path: '/health' },
      {
        name: 'shopper',
        weight: 3,
        category: 'normal',
        steps: [
          { name: 'list', path: '/api/products', think: '1s..3s', extract: { id: 'json.$.id' } },
          {
            name: 'buy',
            method: 'POST',
            path: '/api/cart/${vars.id}',
            continueOnFailure: true,
            think: { min: '1s', max: '2s' },
          },
        ],
      },
    ],
    load: { preset: 'smoke' },
  };

  it('describes data, setup and journey steps for editors', () => {
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['data', 'setup']));
    const setup = properties.setup as { properties: Record<string, { items?: unknown }> };
    expect(Object.keys(setup.properties)).toEqual(['perVu', 'measure', 'requests']);
    const entry = (properties.scenarios as { items: Record<string, unknown> }).items;
    expect(entry.oneOf).toEqual([{ required: ['path'] }, { required: ['steps'] }]);
    const step = (entry.properties as Record<string, { items: { properties: object } }>).steps;
    expect(Object.keys(step?.items.properties ?? {})).toEqual([
      'name',
      'method',
      'path',
      'headers',
      'json',
      'body',
      'timeout',
      'maxRedirects',
      'expect',
      'think',
      'continueOnFailure',
      'extract',
    ]);
    const source = (properties.data as { additionalProperties: { properties: object } })
      .additionalProperties;
    expect(Object.keys(source.properties)).toEqual([
      'file',
      'format',
      'order',
      'onExhausted',
      'secret',
    ]);
  });

  it('accepts a journey profile the parser accepts', () => {
    const parsed = normalizeProfile(journeyProfile, { env: {} });
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(validate(schema, journeyProfile)).toEqual([]);
  });

  it.each<[string, (raw: typeof journeyProfile) => unknown]>([
    [
      'path and steps together',
      (raw) => ({ ...raw, scenarios: [{ ...raw.scenarios[1], path: '/x' }] }),
    ],
    ['neither path nor steps', (raw) => ({ ...raw, scenarios: [{ name: 'x' }] })],
    ['an empty journey', (raw) => ({ ...raw, scenarios: [{ name: 'x', steps: [] }] })],
    [
      'a step with a weight',
      (raw) => ({
        ...raw,
        scenarios: [{ name: 'j', steps: [{ name: 's', path: '/', weight: 2 }] }],
      }),
    ],
    [
      'extract on a plain scenario',
      (raw) => ({ ...raw, scenarios: [{ name: 'x', path: '/', extract: { a: 'json.$.a' } }] }),
    ],
    ['a data name with a dot', (raw) => ({ ...raw, data: { 'a.b': { file: 'x.csv' } } })],
    [
      'an extract name with a dash',
      (raw) => ({
        ...raw,
        setup: { requests: [{ name: 'l', path: '/', extract: { 'a-b': 'json.$.a' } }] },
      }),
    ],
    ['setup without requests', (raw) => ({ ...raw, setup: { perVu: true } })],
  ])('refuses what the parser refuses: %s', (_name, change) => {
    const raw = change(structuredClone(journeyProfile));
    expect(normalizeProfile(raw, { env: {} }).ok).toBe(false);
    expect(validate(schema, raw)).not.toEqual([]);
  });
});

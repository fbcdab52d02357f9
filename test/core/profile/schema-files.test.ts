import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildProfileJsonSchema,
  renderProfileJsonSchema,
} from '../../../src/core/profile/json-schema.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { rawProfileSchema } from '../../../src/core/profile/schema.js';
import { expectProfile } from './profile-fixtures.js';

const root = new URL('../../../', import.meta.url);
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
    expect(files).toEqual(expect.arrayContaining(['demo.yml', 'ramping.yml', 'smoke.yml']));
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

  it('ramping.yml needs API_TOKEN and masks it', () => {
    const text = readRepoFile('examples/ramping.yml');
    expect(parseProfile(text, { env: {} }).ok).toBe(false);
    const profile = expectProfile(parseProfile(text, { env: { API_TOKEN: 'tok-123' } }));
    expect(profile.secretValues).toEqual(['tok-123']);
    expect(profile.load.plan).toMatchObject({ executor: 'ramping-arrival-rate' });
    expect('stages' in profile.load.plan && profile.load.plan.stages).toHaveLength(3);
  });
});

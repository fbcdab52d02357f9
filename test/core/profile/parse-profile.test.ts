import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { expectIssues, expectProfile } from './profile-fixtures.js';

const YAML_PROFILE = `
name: checkout-api
baseUrl: http://127.0.0.1:8080/
defaults: &auth
  authorization: Bearer \${API_TOKEN}
scenarios:
  - name: list
    path: /products
load:
  preset: smoke
`;

describe('parseProfile', () => {
  it('reads YAML', () => {
    const text =
      'name: a\nbaseUrl: http://h\nscenarios:\n  - { name: s, path: / }\nload: { preset: heartbeat }\n';
    const profile = expectProfile(parseProfile(text, { env: {} }));
    expect(profile.load).toMatchObject({ preset: 'heartbeat', connections: 2, warmupMs: 0 });
  });

  it('uses defaultLoad for a profile without load (the heartbeat), never over a written one', () => {
    const bare = 'name: a\nbaseUrl: http://h\nscenarios:\n  - { name: s, path: / }\n';
    const profile = expectProfile(
      parseProfile(bare, { env: {}, defaultLoad: { preset: 'heartbeat' } }),
    );
    expect(profile.load.preset).toBe('heartbeat');
    expect(expectIssues(parseProfile(bare, { env: {} }))).toEqual([
      expect.objectContaining({ path: 'load' }),
    ]);
    const written = `${bare}load: { preset: smoke }\n`;
    const kept = expectProfile(
      parseProfile(written, { env: {}, defaultLoad: { preset: 'heartbeat' } }),
    );
    expect(kept.load.preset).toBe('smoke');
  });

  it('reads JSON with format json and with format auto', () => {
    const text = JSON.stringify({
      name: 'a',
      baseUrl: 'http://h',
      scenarios: [{ name: 's', path: '/' }],
      load: { executor: 'constant-vus', vus: 3, duration: '5s' },
    });
    for (const format of ['json', 'auto'] as const) {
      expect(expectProfile(parseProfile(text, { env: {}, format })).load.plan).toEqual({
        executor: 'constant-vus',
        vus: 3,
        durationMs: 5_000,
      });
    }
  });

  it('shares headers through YAML merge keys', () => {
    const text = YAML_PROFILE.replace('defaults: &auth', 'headers: &auth').replace(
      '    path: /products\n',
      '    path: /products\n    headers:\n      <<: *auth\n      x-extra: "1"\n',
    );
    const profile = expectProfile(parseProfile(text, { env: { API_TOKEN: 't' } }));
    expect(profile.scenarios[0]?.headers).toEqual({ authorization: 'Bearer t', 'x-extra': '1' });
  });

  it('treats unknown top-level keys as errors even when they only hold anchors', () => {
    const issues = expectIssues(parseProfile(YAML_PROFILE, { env: {} }));
    expect(issues.map((issue) => issue.path)).toEqual(['(file)']);
    expect(issues[0]?.message).toMatch(/^unknown key "defaults"/);
  });

  it.each([
    [
      'a YAML syntax error',
      'name: a\nscenarios: [1, 2\nload: x',
      'yaml',
      /^YAML syntax error at line 3, column 1: /,
    ],
    [
      'a duplicate key',
      'name: a\nname: b\n',
      'yaml',
      /^YAML syntax error at line 2, column 1: Map keys must be unique$/,
    ],
    [
      'tabs as indentation',
      'name: a\nload:\n\tpreset: smoke\n',
      'auto',
      /^YAML syntax error at line 3, column 1: /,
    ],
    [
      'several documents',
      'name: a\n---\nname: b\n',
      'yaml',
      /^YAML syntax error at line 2, column 1: Source contains multiple documents/,
    ],
    ['an unknown alias', 'name: *nope\n', 'yaml', /^YAML/],
    ['a JSON syntax error', '{"name": "a",\n  "load": }', 'json', /^JSON syntax error/],
    [
      'an empty file',
      '  \n',
      'yaml',
      /^expected a profile with name, baseUrl, scenarios and load, got an empty file$/,
    ],
  ] as const)('reports %s as one (file) issue', (_name, text, format, message) => {
    const issues = expectIssues(parseProfile(text, { env: {}, format }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('(file)');
    expect(issues[0]?.message).toMatch(message);
  });

  it('passes overrides through', () => {
    const text =
      'name: a\nbaseUrl: http://h\nscenarios: [{ name: s, path: / }]\nload: { preset: smoke }\n';
    const profile = expectProfile(
      parseProfile(text, { env: {}, overrides: { rate: '9', target: 'http://other:1' } }),
    );
    expect(profile.baseUrl).toBe('http://other:1');
    expect(profile.load.plan).toMatchObject({ ratePerSec: 9 });
  });
});

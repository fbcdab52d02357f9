// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import { interpolateText } from '../../../src/core/profile/env-interpolation.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

describe('interpolateText', () => {
  const env = { TOKEN: 's3cret', EMPTY: '', HOST: 'api' };

  it.each([
    ['Bearer ${TOKEN}', 'Bearer s3cret', [{ name: 'TOKEN', start: 7, end: 13 }]],
    [
      '${HOST}-${HOST}',
      'api-api',
      [
        { name: 'HOST', start: 0, end: 3 },
        { name: 'HOST', start: 4, end: 7 },
      ],
    ],
    ['literal $${TOKEN}', 'literal ${TOKEN}', []],
    ['price: $5 and {braces}', 'price: $5 and {braces}', []],
    ['[${EMPTY}]', '[]', [{ name: 'EMPTY', start: 1, end: 1 }]],
    ['$${HOST}${HOST}', '${HOST}api', [{ name: 'HOST', start: 7, end: 10 }]],
  ])('turns %j into %j, remembering where each variable went', (template, value, references) => {
    expect(interpolateText(template, env)).toEqual({ value, references, issues: [] });
  });

  it('with resolve: false substitutes nothing and needs no variable, but checks the form', () => {
    expect(interpolateText('Bearer ${MISSING} ${1X}', {}, { resolve: false })).toEqual({
      value: 'Bearer ${MISSING} ${1X}',
      references: [],
      issues: [
        'expected ${NAME} with a name of letters, digits and _ (write $${ for a literal ${), got "${1X}"',
      ],
    });
  });

  it.each([
    ['${MISSING}', 'environment variable MISSING is not set'],
    [
      '${1ABC}',
      'expected ${NAME} with a name of letters, digits and _ (write $${ for a literal ${), got "${1ABC}"',
    ],
    [
      '${TOKEN',
      'expected ${NAME} with a name of letters, digits and _ (write $${ for a literal ${), got "${TOKEN"',
    ],
  ])('reports %j', (template, message) => {
    const result = interpolateText(template, env);
    expect(result.issues).toEqual([message]);
    expect(result.value).toBe(template);
  });
});

describe('normalizeProfile with ${VAR}s', () => {
  const env = { API_TOKEN: 'tok-123', HOST: 'api.internal', ID: '42', EMPTY: '' };

  it('substitutes baseUrl, headers, path, body and json strings, and collects secrets', () => {
    const raw = makeRawProfile();
    raw.baseUrl = 'http://${HOST}:8080';
    raw.headers = { authorization: 'Bearer ${API_TOKEN}' };
    raw.scenarios = [
      { name: 'get', path: '/items/${ID}?x=${EMPTY}', headers: { 'x-again': '${API_TOKEN}' } },
      {
        name: 'post',
        method: 'POST',
        path: '/items',
        json: { owner: '${ID}', keep: '$${ID}', n: 1 },
      },
      { name: 'raw', method: 'PUT', path: '/raw', body: 'token=${API_TOKEN}' },
    ];
    const profile = expectProfile(normalize(raw, { env }));
    expect(profile.baseUrl).toBe('http://api.internal:8080');
    const [get, post, text] = profile.scenarios;
    expect(get).toMatchObject({
      path: '/items/42?x=',
      pathTemplate: '/items/${ID}?x=${EMPTY}',
      headers: { authorization: 'Bearer tok-123', 'x-again': 'tok-123' },
    });
    expect(post?.body).toBe('{"owner":"42","keep":"${ID}","n":1}');
    expect(text?.body).toBe('token=tok-123');
    // baseUrl values are not secret; empty values mask nothing; `42` is too short to mask.
    expect(profile.secretValues).toEqual(['tok-123']);
  });

  it('reports each missing variable at the field that uses it', () => {
    const raw = makeRawProfile();
    raw.baseUrl = '${BASE_URL}';
    raw.headers = { authorization: 'Bearer ${API_TOKEN}' };
    raw.scenarios = [{ name: 'a', method: 'POST', path: '/${A}', json: { deep: ['${B}'] } }];
    expect(expectIssues(normalize(raw))).toEqual([
      { path: 'baseUrl', message: 'environment variable BASE_URL is not set' },
      { path: 'headers.authorization', message: 'environment variable API_TOKEN is not set' },
      { path: 'scenarios[0].path', message: 'environment variable A is not set' },
      { path: 'scenarios[0].json.deep[0]', message: 'environment variable B is not set' },
    ]);
  });

  it('reports missing variables together with schema problems', () => {
    const raw = makeRawProfile();
    raw.headers = { authorization: '${API_TOKEN}' };
    raw.load = { executor: 'constant-vus', vus: 0, duration: '1s' };
    const paths = expectIssues(normalize(raw)).map((issue) => issue.path);
    expect(paths).toEqual(['load.vus', 'headers.authorization']);
  });

  it('checks a substituted baseUrl like a written one', () => {
    const raw = { ...makeRawProfile(), baseUrl: '${HOST}' };
    expect(expectIssues(normalize(raw, { env }))).toEqual([
      {
        path: 'baseUrl',
        message: 'expected an http(s) URL like http://localhost:8080, got "api.internal"',
      },
    ]);
  });

  it('ignores an unset baseUrl variable when --target replaces baseUrl', () => {
    const raw = { ...makeRawProfile(), baseUrl: '${BASE_URL}' };
    const profile = expectProfile(
      normalize(raw, { overrides: { target: 'http://localhost:9000/' } }),
    );
    expect(profile.baseUrl).toBe('http://localhost:9000');
  });
});

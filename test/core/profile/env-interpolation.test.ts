// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import {
  interpolateText,
  substituteProfileEnv,
} from '../../../src/core/profile/env-interpolation.js';
import { checkSubstitutedRequestText } from '../../../src/core/profile/request-text-checks.js';
import { parseTextTemplate } from '../../../src/core/profile/value-template.js';
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

describe('interpolateText leaves per-request references to value-template.ts', () => {
  // Environment variables of the same names prove no lookup happens.
  const env = { seq: 'ENV', vu: 'ENV', iteration: 'ENV', HOME: '/home/me' };

  it.each([
    '${seq}',
    '${vu}',
    '${iteration}',
    '${random.int(1, 9)}',
    '${random.pick(a, b)}',
    '${random.uuid}',
    '${data.products.id}',
    '${data.products.unit price}',
    '${setup.token}',
    '${vars.cartId}',
    '${random.int(5, 1)}',
    '${random.float}',
    '${data.}',
    '${seq',
  ])('leaves %s as written, with no issue', (text) => {
    // After text, not before: an unclosed reference runs to the end of the text.
    expect(interpolateText(`/a/${text}`, env)).toEqual({
      value: `/a/${text}`,
      references: [],
      issues: [],
    });
    expect(interpolateText(text, {}, { resolve: false })).toEqual({
      value: text,
      references: [],
      issues: [],
    });
  });

  it('leaves escapes of per-request names, and still consumes escapes of env names', () => {
    const result = interpolateText('$${seq} $${random.int(1, 2)} $${HOME} ${HOME}', env);
    expect(result).toEqual({
      value: '$${seq} $${random.int(1, 2)} ${HOME} /home/me',
      references: [{ name: 'HOME', start: 37, end: 45 }],
      issues: [],
    });
    // The template parser then turns the per-request escapes into literal text.
    expect(parseTextTemplate(result.value).template.parts).toEqual([
      '${seq} ${random.int(1, 2)} ${HOME} /home/me',
    ]);
  });

  it('substitutes env names next to per-request references, with offsets in the result', () => {
    expect(interpolateText('${HOME}/${seq}/${HOME}', env)).toEqual({
      value: '/home/me/${seq}//home/me',
      references: [
        { name: 'HOME', start: 0, end: 8 },
        { name: 'HOME', start: 16, end: 24 },
      ],
      issues: [],
    });
  });

  it('still reports unset env names and malformed references next to per-request ones', () => {
    expect(interpolateText('${seq} ${MISSING} ${1X} ${data.a.b}', {}).issues).toEqual([
      'environment variable MISSING is not set',
      'expected ${NAME} with a name of letters, digits and _ (write $${ for a literal ${), got "${1X}"',
    ]);
  });

  it('cuts a random.pick at its first "}", and the template parser says why', () => {
    const text = '/p/${random.pick(a}, b)}';
    const { value, issues } = interpolateText(text, env);
    expect(value).toBe(text);
    expect(issues).toEqual([]);
    expect(parseTextTemplate(value).issues[0]).toContain(
      'a choice cannot hold "}", which ends the reference',
    );
  });
});

describe('substituteProfileEnv on journey steps and setup requests', () => {
  const env = { TOKEN: 'tok-123456', ID: '42', BAD: 'a b' };
  const raw = {
    baseUrl: 'http://127.0.0.1:8080',
    scenarios: [
      {
        name: 'shopper',
        steps: [
          { name: 'list', path: '/items/${ID}', headers: { authorization: 'Bearer ${TOKEN}' } },
          { name: 'add', path: '/cart/${vars.cartId}', json: { id: '${ID}', n: '${seq}' } },
          { name: 'bad', path: '/q/${BAD}', body: 'x=${MISSING}' },
        ],
      },
    ],
    setup: {
      perVu: false,
      requests: [{ name: 'login', path: '/auth', json: { password: '${TOKEN}' } }],
    },
  };

  it('substitutes every request field, leaving per-request references as written', () => {
    const result = substituteProfileEnv(raw, env, { skipBaseUrl: false });
    expect(result.document).toEqual({
      ...raw,
      scenarios: [
        {
          name: 'shopper',
          steps: [
            { name: 'list', path: '/items/42', headers: { authorization: 'Bearer tok-123456' } },
            { name: 'add', path: '/cart/${vars.cartId}', json: { id: '42', n: '${seq}' } },
            { name: 'bad', path: '/q/a b', body: 'x=${MISSING}' },
          ],
        },
      ],
      setup: {
        perVu: false,
        requests: [{ name: 'login', path: '/auth', json: { password: 'tok-123456' } }],
      },
    });
    expect(result.issues).toEqual([
      { path: 'scenarios[0].steps[2].body', message: 'environment variable MISSING is not set' },
    ]);
    // As for scenarios, every value a variable brings into a request is a secret (short ones
    // are dropped later, with a warning).
    expect(result.secrets.map((secret) => [secret.path, secret.value])).toEqual([
      ['scenarios[0].steps[0].path', '42'],
      ['scenarios[0].steps[0].headers.authorization', 'tok-123456'],
      ['scenarios[0].steps[1].json.id', '42'],
      ['scenarios[0].steps[2].path', 'a b'],
      ['setup.requests[0].json.password', 'tok-123456'],
    ]);
  });

  it('checks what variables put into a step path, naming the step', () => {
    const result = substituteProfileEnv(raw, env, { skipBaseUrl: false });
    const issues = checkSubstitutedRequestText(result.document, result.references);
    expect(issues.map((issue) => issue.path)).toEqual(['scenarios[0].steps[2].path']);
    expect(issues[0]?.message).toContain('the value of ${BAD} has U+0020 (space)');
  });

  it('refuses a per-request reference in baseUrl, which is fixed for the run', () => {
    const result = substituteProfileEnv({ baseUrl: 'http://h/$${seq}/${seq}' }, env, {
      skipBaseUrl: false,
    });
    expect(result.issues).toEqual([
      {
        path: 'baseUrl',
        message:
          'expected no per-request value in baseUrl (it is fixed for the run; use one in a path), got "${seq}"',
      },
    ]);
    expect(
      substituteProfileEnv({ baseUrl: 'http://h/${seq}' }, env, { skipBaseUrl: true }).issues,
    ).toEqual([]);
  });
});

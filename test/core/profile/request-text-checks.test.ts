// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  describeCharacter,
  findBadCharacter,
  maskValueReferences,
} from '../../../src/core/profile/request-text-checks.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

/** undici's own validators, to prove our rules are the ones it applies when sending. */
const require = createRequire(import.meta.url);
const undiciUtil = require('undici/lib/core/util.js') as {
  isValidHeaderValue(value: string): boolean;
  isValidHTTPToken(value: string): boolean;
};

const SECRET = 'sk-live-abcdef0123456789';

describe('header values, paths and baseUrl are checked after ${VAR} substitution', () => {
  it.each([
    ['a right single quote', `${SECRET}\u2019`, 'U+2019 ("’") at character 25'],
    ['a trailing newline', `${SECRET}\n`, 'U+000A (line feed) at character 25'],
    ['a carriage return', `a\r${SECRET}`, 'U+000D (carriage return) at character 2'],
    ['a NUL', `${SECRET}\u0000`, 'U+0000 (NUL) at character 25'],
    ['an emoji', `${SECRET}😀`, 'U+1F600 ("😀") at character 25'],
  ])('names the variable and %s in a scenario header, never the value', (_name, value, where) => {
    const raw = makeRawProfile();
    raw.scenarios = [
      { name: 'ok', path: '/' },
      { name: 'token', path: '/t', headers: { 'x-token': 'Token ${X_TOKEN}' } },
    ];
    const issues = expectIssues(normalize(raw, { env: { X_TOKEN: value } }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('scenarios[1].headers.x-token');
    expect(issues[0]?.message).toContain(`the value of \${X_TOKEN} has ${where}`);
    expect(issues[0]?.message).toContain('a header value cannot hold');
    expect(JSON.stringify(issues)).not.toContain('abcdef');
  });

  it('points at a trailing newline, the usual slip of a secret read from a file', () => {
    const raw = { ...makeRawProfile(), headers: { authorization: 'Bearer ${API_TOKEN}' } };
    const [issue] = expectIssues(normalize(raw, { env: { API_TOKEN: `${SECRET}\n` } }));
    expect(issue).toEqual({
      path: 'headers.authorization',
      message:
        'the value of ${API_TOKEN} has U+000A (line feed) at character 25, which a header value cannot hold (expected tab, printable ASCII or U+0080–U+00FF) (a trailing newline? remove it from the variable)',
    });
  });

  it('accepts tab and Latin-1 in header values, as undici sends them', () => {
    const raw = { ...makeRawProfile(), headers: { 'x-name': '${NAME}' } };
    const profile = expectProfile(normalize(raw, { env: { NAME: 'Zoë\tMüller' } }));
    expect(profile.scenarios[0]?.headers['x-name']).toBe('Zoë\tMüller');
  });

  it.each([
    ['a space', 'a b', 'U+0020 (space) at character 2', '(" " → %20)'],
    ['a Latin-1 letter', 'café', 'U+00E9 ("é") at character 4', '("é" → %C3%A9)'],
    ['a line feed', 'x\n', 'U+000A (line feed) at character 2', '("\\n" → %0A)'],
  ])('refuses %s that a variable puts into a path', (_name, value, where, encoded) => {
    const raw = makeRawProfile();
    raw.scenarios = [{ name: 'a', path: '/search?q=${Q}' }];
    const [issue] = expectIssues(normalize(raw, { env: { Q: value } }));
    expect(issue?.path).toBe('scenarios[0].path');
    expect(issue?.message).toContain(`the value of \${Q} has ${where}, which a path cannot hold`);
    expect(issue?.message).toContain(`percent-encode it ${encoded}`);
  });

  it('refuses a baseUrl whose variable brings a newline the URL parser would drop silently', () => {
    const raw = { ...makeRawProfile(), baseUrl: '${BASE_URL}' };
    const [issue] = expectIssues(normalize(raw, { env: { BASE_URL: 'http://127.0.0.1:8080\n' } }));
    expect(issue?.path).toBe('baseUrl');
    expect(issue?.message).toContain(
      'the value of ${BASE_URL} has U+000A (line feed) at character 22, which a URL cannot hold',
    );
  });

  it('lists every bad field at once, before anything is sent', () => {
    const raw = {
      ...makeRawProfile(),
      headers: { authorization: 'Bearer ${A}' },
      scenarios: [{ name: 'a', path: '/${P}', headers: { 'x-b': '${B}' } }],
    };
    const paths = expectIssues(
      normalize(raw, { env: { A: 'tok\u2019en-1234', B: 'x\r\ny', P: 'a b' } }),
    ).map((issue) => issue.path);
    expect(paths).toEqual([
      'headers.authorization',
      'scenarios[0].path',
      'scenarios[0].headers.x-b',
    ]);
  });
});

describe('header values and paths as written', () => {
  it.each([
    [
      'x-quote',
      'it\u2019s',
      'expected a header value on one line, of tab, printable ASCII or U+0080–U+00FF, got U+2019 ("’") at character 3',
    ],
    [
      'x-line',
      'a\nb',
      'expected a header value on one line, of tab, printable ASCII or U+0080–U+00FF, got U+000A (line feed) at character 2',
    ],
    ['content-length', '5', 'cannot be set: loadgate sets content-length from the body'],
    [
      'Transfer-Encoding',
      'chunked',
      'cannot be set: undici sets transfer-encoding itself and refuses it',
    ],
    ['expect', '100-continue', 'cannot be set: undici does not support expect (100-continue)'],
    [
      'upgrade',
      'websocket',
      'cannot be set: undici refuses upgrade: loadgate sends plain requests',
    ],
    ['keep-alive', 'timeout=5', 'cannot be set: undici manages keep-alive and refuses this header'],
    [
      'connection',
      'close, bad option',
      'expected comma-separated options like close, got "bad option"',
    ],
  ])('refuses %s: %j', (name, value, message) => {
    const raw = { ...makeRawProfile(), headers: { [name]: value } };
    expect(expectIssues(normalize(raw))).toEqual([{ path: `headers.${name}`, message }]);
  });

  it('refuses a non-ASCII path, saying how to percent-encode it', () => {
    const raw = makeRawProfile();
    raw.scenarios = [{ name: 'a', path: '/caf\u00e9' }];
    expect(expectIssues(normalize(raw))).toEqual([
      {
        path: 'scenarios[0].path',
        message:
          'expected a path starting with "/" (URL-encode spaces as %20) in printable ASCII, got U+00E9 ("é") at character 5: percent-encode it ("é" → %C3%A9)',
      },
    ]);
  });

  it('accepts host and connection: close, which undici sends', () => {
    const raw = { ...makeRawProfile(), headers: { host: 'shop.test', connection: 'close' } };
    expect(expectProfile(normalize(raw)).scenarios[0]?.headers).toMatchObject({
      host: 'shop.test',
      connection: 'close',
    });
  });
});

describe('per-request references in a written path or header', () => {
  /** `${…}` with the inside blanked out, as the check sees it. */
  const blank = (inside: string): string => `\${${'x'.repeat(inside.length)}}`;

  it.each<['path' | 'header', string, string]>([
    ['path', '/p/${random.pick(a b, é)}', `/p/${blank('random.pick(a b, é)')}`],
    ['path', '/${seq}/${data.p.unit price}', `/${blank('seq')}/${blank('data.p.unit price')}`],
    // Escaped: a literal `${…}` is sent as written, so it is checked as written.
    ['path', '/$${random.pick(a b)}', '/$${random.pick(a b)}'],
    ['path', '/${HOME} ${1X}', '/${HOME} ${1X}'],
    [
      'header',
      '${data.users.名前} ${random.pick(日本)}',
      `${blank('data.users.名前')} \${random.pick(日本)}`,
    ],
    ['header', 'Bearer ${setup.token}', 'Bearer ${setup.token}'],
  ])('%s %j is checked as %j', (kind, text, masked) => {
    expect(maskValueReferences(kind, text)).toBe(masked);
    expect(maskValueReferences(kind, text)).toHaveLength(text.length);
  });

  it('accepts spaces and non-ASCII inside a path reference: its value is percent-encoded', () => {
    const raw = makeRawProfile();
    raw.scenarios = [
      {
        name: 'a',
        path: "/p/${random.pick('dark red', café)}?n=${seq}",
        headers: { 'x-id': '${random.uuid}' },
      },
    ];
    const [scenario] = expectProfile(normalize(raw)).scenarios;
    expect(scenario?.pathTemplate).toBe("/p/${random.pick('dark red', café)}?n=${seq}");
  });

  it('still refuses what is sent as written, naming its position in the text', () => {
    const raw = makeRawProfile();
    raw.scenarios = [
      { name: 'a', path: '/p/${seq}/$${random.pick(a b)}' },
      { name: 'b', path: '/${seq} x' },
      { name: 'c', path: '/${seq}', headers: { 'x-p': '${random.pick(日本)}' } },
    ];
    expect(expectIssues(normalize(raw))).toEqual([
      {
        path: 'scenarios[0].path',
        message:
          'expected a path starting with "/" (URL-encode spaces as %20), got "/p/${seq}/$${random.pick(a b)}"',
      },
      {
        path: 'scenarios[1].path',
        message: 'expected a path starting with "/" (URL-encode spaces as %20), got "/${seq} x"',
      },
      {
        path: 'scenarios[2].headers.x-p',
        message:
          'expected a header value on one line, of tab, printable ASCII or U+0080–U+00FF, got U+65E5 ("日") at character 15',
      },
    ]);
  });
});

describe("the rules are undici's", () => {
  const everyCharacter = Array.from({ length: 0x300 }, (_, code) => String.fromCharCode(code));

  it('a header value passes exactly when undici accepts it', () => {
    for (const char of [...everyCharacter, '\u2019', '😀']) {
      const value = `a${char}b`;
      expect(findBadCharacter('header', value) < 0, describeCharacter(char)).toBe(
        undiciUtil.isValidHeaderValue(value),
      );
    }
  });

  it('a path that passes is one undici accepts (printable ASCII, a subset of its U+0021–U+00FF)', () => {
    const undiciInvalidPath = /[^\u0021-\u00ff]/;
    for (const char of everyCharacter) {
      const path = `/a${char}`;
      if (findBadCharacter('path', path) < 0) expect(undiciInvalidPath.test(path)).toBe(false);
    }
  });

  it('header names are undici tokens', () => {
    for (const char of everyCharacter.slice(0, 0x80)) {
      const name = `x${char}y`;
      const raw = { ...makeRawProfile(), headers: { [name]: 'v' } };
      expect(normalize(raw).ok, JSON.stringify(name)).toBe(undiciUtil.isValidHTTPToken(name));
    }
  });
});

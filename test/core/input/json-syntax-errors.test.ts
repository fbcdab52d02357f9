import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/core/input/read-document.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';

function jsonIssue(text: string): string {
  const result = parseProfile(text, { env: {}, format: 'json' });
  if (result.ok) throw new Error('expected a syntax error');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}

describe('JSON profiles: every syntax error has a line and a column', () => {
  it.each([
    // Node 20 gives no position for these two.
    ['{"name": "x", "baseUrl": }', 'line 1, column 26: unexpected "}" (expected a value)'],
    ['{\n  "name": "x",\n  "seed": tru\n}', 'line 3, column 11: unexpected "t" (expected a value)'],
    ['{\n  "name": "x"', 'line 2, column 14: unexpected end of the file (expected "," or "}")'],
    ['{\n  "name": "x",\n}', 'line 3, column 1: trailing comma before "}"'],
    ['[1 2]', 'line 1, column 4: unexpected "2" (expected "," or "]")'],
    [
      "{'name': 'x'}",
      `line 1, column 2: unexpected "'" (JSON strings need double quotes) (expected a "key" in double quotes)`,
    ],
    ['{"name": "x"} // note', 'line 1, column 15: unexpected "/" (expected the end of the file)'],
    [
      '{"name": "a\tb"}',
      'line 1, column 12: unexpected control character in a string (escape it, e.g. \\n)',
    ],
    ['{"name": "\\x"}', 'line 1, column 11: bad escape in a string'],
    ['{"name": "x', 'line 1, column 12: unexpected end of the file in a string (missing ")'],
    ['{"n": 01}', 'line 1, column 8: unexpected "1" (expected "," or "}")'],
    ['\r\n\r\n  {"a" 1}', 'line 3, column 8: unexpected "1" (expected ":")'],
  ])('%j → %s', (text, where) => {
    expect(jsonIssue(text)).toBe(`(file): JSON syntax error at ${where}`);
  });

  it('finds no error in valid JSON, however deeply nested', () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    for (const text of [
      '{}',
      '[]',
      '0',
      '-1.5e+3',
      '"\\u00e9\\n"',
      ' {"a": [true, false, null, {"b": {}}]} ',
      deep,
    ]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse wherever Node reports a position', () => {
    const broken = [
      '{"a": 1',
      '{"a": 1,}',
      '[1 2]',
      "{'a': 1}",
      '"abc',
      '{"a" 1}',
      '[1,]',
      '{"a":1}}',
    ];
    for (const text of broken) {
      let position: number | undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const found = /position (\d+)/.exec((error as Error).message)?.[1];
        position = found === undefined ? undefined : Number(found);
      }
      if (position !== undefined) expect(findJsonSyntaxError(text)?.offset, text).toBe(position);
    }
  });

  it('ignores a UTF-8 byte-order mark', () => {
    const text =
      '\uFEFF{"name": "x", "baseUrl": "http://127.0.0.1:1", "scenarios": [{"name": "a", "path": "/"}], "load": {"preset": "smoke"}}';
    expect(parseProfile(text, { env: {}, format: 'json' }).ok).toBe(true);
  });
});

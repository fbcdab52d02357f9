import { describe, expect, it } from 'vitest';
import {
  countCaptureGroups,
  EXTRACT_NAME_RE,
  parseExtractSpec,
} from '../../../src/core/profile/extract-spec.js';

const JSON_FORM = 'expected json.$.a.b[0] (keys and indexes only; no wildcards or filters), got';

describe('parseExtractSpec: json paths', () => {
  it.each<[string, (string | number)[]]>([
    ['json.$', []],
    ['json.$.token', ['token']],
    ['json.$.cart.id', ['cart', 'id']],
    ['json.$.items[0].id', ['items', 0, 'id']],
    ['json.$.items[12]', ['items', 12]],
    ['json.$.items[-1].id', ['items', -1, 'id']],
    ['json.$[-2]', [-2]],
    ['json.$[-0]', [0]],
    ["json.$['a key'].b", ['a key', 'b']],
    ['json.$["it\'s"]', ["it's"]],
    ["json.$['a.b[0]']", ['a.b[0]']],
    ["json.$['']", ['']],
    ['json.$.$ref', ['$ref']],
    ['json.$._x.x-y.a1', ['_x', 'x-y', 'a1']],
    ['json.$[0][1]', [0, 1]],
  ])('%s reads the path %j', (written, path) => {
    expect(parseExtractSpec('v', written)).toEqual({
      spec: { name: 'v', from: 'json', path, written },
    });
  });

  it.each([
    ['json.$.items[*].id', ' (stuck at "[*].id")'],
    ['json.$..id', ' (stuck at "..id")'],
    ['json.$.items[?(@.id==1)]', ' (stuck at "[?(@.id==1)]")'],
    ['json.$.a.', ' (stuck at ".")'],
    ['json.$.1a', ' (stuck at ".1a")'],
    ['json.$.items[01]', ' (stuck at "[01]")'],
    ['json.$.items[1.5]', ' (stuck at "[1.5]")'],
    ['json.$.items[0', ' (stuck at "[0")'],
    ["json.$['unclosed]", ` (stuck at "['unclosed]")`],
    ['json.$ .a', ' (stuck at " .a")'],
    ['json.cart.id', ' (stuck at "cart.id")'],
    ['json.', ''],
  ])('refuses %s and says where it stopped', (written, at) => {
    expect(parseExtractSpec('v', written)).toEqual({
      message: `${JSON_FORM} ${JSON.stringify(written)}${at}`,
    });
  });

  it('quotes the written text exactly in the message', () => {
    expect(parseExtractSpec('cartId', 'json.$.cart[*]')).toEqual({
      message:
        'expected json.$.a.b[0] (keys and indexes only; no wildcards or filters), got "json.$.cart[*]" (stuck at "[*]")',
    });
  });
});

describe('parseExtractSpec: headers', () => {
  it.each([
    ['header.location', 'location'],
    ['header.Location', 'location'],
    ['header.X-Request-ID', 'x-request-id'],
    ['header.set-cookie', 'set-cookie'],
  ])('%s reads the header %s (lower-cased)', (written, header) => {
    expect(parseExtractSpec('h', written)).toEqual({
      spec: { name: 'h', from: 'header', header, written },
    });
  });

  it.each(['header.', 'header.x y', 'header.a:b', 'header.é'])('refuses %s', (written) => {
    expect(parseExtractSpec('h', written)).toEqual({
      message: `expected header.<name> with a header name (letters, digits and !#$%&'*+-.^_\`|~), got ${JSON.stringify(written)}`,
    });
  });
});

describe('parseExtractSpec: regular expressions', () => {
  it.each([
    ['regex.csrf=(\\w+)', 'csrf=(\\w+)'],
    ['regex.[0-9a-f]{8}', '[0-9a-f]{8}'],
    ['regex.a.b', 'a.b'],
  ])('%s keeps the pattern %s', (written, pattern) => {
    expect(parseExtractSpec('r', written)).toEqual({
      spec: { name: 'r', from: 'regex', pattern, written },
    });
  });

  it('refuses an invalid pattern with the JavaScript error text', () => {
    expect(parseExtractSpec('r', 'regex.token=(\\w+')).toEqual({
      message:
        'expected regex.<pattern> with a valid JavaScript pattern, got "regex.token=(\\\\w+": Invalid regular expression: /token=(\\w+/: Unterminated group',
    });
    expect(parseExtractSpec('r', 'regex.a{2,1}')).toMatchObject({
      message: expect.stringContaining('numbers out of order in {} quantifier'),
    });
  });

  it('refuses an empty pattern', () => {
    expect(parseExtractSpec('r', 'regex.')).toEqual({
      message: 'expected regex.<pattern> with a pattern after "regex.", got "regex."',
    });
  });

  it.each([
    ['a', 0],
    ['(a)', 1],
    ['(?:a)(b)', 1],
    ['(?<id>\\d+)-(\\d+)', 2],
    ['(?=a)\\(', 0],
    ['[(]', 0],
  ])('counts the capture groups of /%s/ as %i', (pattern, count) => {
    expect(countCaptureGroups(new RegExp(pattern))).toBe(count);
  });
});

describe('parseExtractSpec: names and forms', () => {
  it.each(['cartId', '_x', 'a1', 'TOKEN_2'])('accepts the name %s', (name) => {
    expect(EXTRACT_NAME_RE.test(name)).toBe(true);
    expect(parseExtractSpec(name, 'header.location')).toHaveProperty('spec.name', name);
  });

  it.each(['1st', 'cart-id', 'cart.id', '', 'ünï'])('refuses the name %j', (name) => {
    expect(EXTRACT_NAME_RE.test(name)).toBe(false);
    expect(parseExtractSpec(name, 'header.location')).toEqual({
      message: `expected a name of letters, digits and _ that does not start with a digit (like cartId), got ${JSON.stringify(name)}`,
    });
  });

  it('suggests the json. prefix for a bare JSONPath', () => {
    expect(parseExtractSpec('v', '$.cart.id')).toEqual({
      message:
        'expected json.$.<path>, header.<name> or regex.<pattern>, got "$.cart.id" (json.$.cart.id?)',
    });
  });

  it.each(['body.cart', 'jsonpath.$.a', 'Header.location', 'xpath.//a', ''])(
    'refuses %j as none of the three forms',
    (written) => {
      expect(parseExtractSpec('v', written)).toEqual({
        message: `expected json.$.<path>, header.<name> or regex.<pattern>, got ${JSON.stringify(written)}`,
      });
    },
  );
});

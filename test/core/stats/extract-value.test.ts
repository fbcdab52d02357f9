import { describe, expect, it } from 'vitest';
import { parseExtractSpec } from '../../../src/core/profile/extract-spec.js';
import type { ExtractSpec } from '../../../src/core/profile/types.js';
import {
  type ExtractSource,
  extractionReadsBody,
  extractValues,
} from '../../../src/core/stats/extract-value.js';

/** Specs as the profile parser makes them, from `{ name: written }`. */
function specsOf(written: Record<string, string>): ExtractSpec[] {
  return Object.entries(written).map(([name, text]) => {
    const parsed = parseExtractSpec(name, text);
    if (!('spec' in parsed)) throw new Error(parsed.message);
    return parsed.spec;
  });
}

const CART_BODY = JSON.stringify({
  cart: { id: 'c-42', total: 19.5, open: true, owner: null, lines: [] },
  items: [{ id: 7 }, { id: 8, 'display name': 'Moka pot' }],
  'a key': 'spaced',
  "it's": 'quoted',
});

function jsonSource(body: string = CART_BODY): ExtractSource {
  return { headers: { 'content-type': 'application/json' }, body };
}

function extractOne(written: string, source: ExtractSource = jsonSource()) {
  return extractValues(specsOf({ v: written }), source);
}

describe('extractValues from a JSON body', () => {
  it.each([
    ['json.$.cart.id', 'c-42'],
    ['json.$.cart.total', '19.5'],
    ['json.$.cart.open', 'true'],
    ['json.$.items[0].id', '7'],
    ['json.$.items[-1].id', '8'],
    ['json.$.items[-2].id', '7'],
    ["json.$.items[1]['display name']", 'Moka pot'],
    ["json.$['a key']", 'spaced'],
    ['json.$["it\'s"]', 'quoted'],
  ])('%s gives %j', (written, value) => {
    expect(extractOne(written)).toEqual({ ok: true, values: { v: value } });
  });

  it('reads a whole body that is a scalar with json.$, and keeps an empty string', () => {
    expect(extractOne('json.$', jsonSource('"tok"'))).toEqual({ ok: true, values: { v: 'tok' } });
    expect(extractOne('json.$', jsonSource('12'))).toEqual({ ok: true, values: { v: '12' } });
    expect(extractOne('json.$.a', jsonSource('{"a":""}'))).toEqual({ ok: true, values: { v: '' } });
  });

  it.each([
    ['json.$.cart.ids', 'json.$.cart.ids is missing: $.cart has no key "ids"'],
    ['json.$.items[2].id', 'json.$.items[2].id is missing: $.items has 2 items'],
    ['json.$.items[-3]', 'json.$.items[-3] is missing: $.items has 2 items'],
    ['json.$.cart.lines[0]', 'json.$.cart.lines[0] is missing: $.cart.lines has 0 items'],
    ['json.$.cart.id.x', 'json.$.cart.id.x is missing: $.cart.id is a string, not an object'],
    ['json.$.cart[0]', 'json.$.cart[0] is missing: $.cart is an object, not an array'],
    ['json.$.items.id', 'json.$.items.id is missing: $.items is an array, not an object'],
    [
      'json.$.cart.owner.id',
      'json.$.cart.owner.id is missing: $.cart.owner is null, not an object',
    ],
    [
      "json.$.items[1]['display name'].x",
      "json.$.items[1]['display name'].x is missing: $.items[1]['display name'] is a string, not an object",
    ],
    ['json.$.toString', 'json.$.toString is missing: $ has no key "toString"'],
  ])('%s fails: %s', (written, reason) => {
    expect(extractOne(written)).toEqual({ ok: false, name: 'v', reason });
  });

  it.each([
    ['json.$.cart', 'json.$.cart is an object, not a value'],
    ['json.$.items', 'json.$.items is an array, not a value'],
    ['json.$.cart.owner', 'json.$.cart.owner is null, not a value'],
  ])('%s is not a single value: %s', (written, reason) => {
    expect(extractOne(written)).toEqual({ ok: false, name: 'v', reason });
  });

  it('refuses a whole number JSON.parse has rounded, and keeps the largest exact one', () => {
    expect(extractOne('json.$.id', jsonSource('{"id":12345678901234567890}'))).toEqual({
      ok: false,
      name: 'v',
      reason:
        'json.$.id is a whole number beyond ±2^53 (9007199254740991), which cannot be copied exactly; have the API send it as a string',
    });
    expect(extractOne('json.$.id', jsonSource('{"id":9007199254740991}'))).toEqual({
      ok: true,
      values: { v: '9007199254740991' },
    });
  });

  it('says when the body is not JSON, or empty', () => {
    expect(extractOne('json.$.cart.id', jsonSource('<html>oops</html>'))).toEqual({
      ok: false,
      name: 'v',
      reason: 'the body is not JSON, so json.$.cart.id cannot be read',
    });
    expect(extractOne('json.$.cart.id', { headers: {}, body: '' })).toEqual({
      ok: false,
      name: 'v',
      reason: 'the body is empty, not JSON, so json.$.cart.id cannot be read',
    });
    expect(extractOne('json.$.cart.id', { headers: {}, body: undefined })).toMatchObject({
      reason: 'the body is empty, not JSON, so json.$.cart.id cannot be read',
    });
  });

  it('parses the body once for many json specs', () => {
    const specs = specsOf({ a: 'json.$.cart.id', b: 'json.$.items[0].id', c: 'json.$.cart.open' });
    const original = JSON.parse;
    let parses = 0;
    JSON.parse = (...args: Parameters<typeof JSON.parse>) => {
      parses += 1;
      return original(...args);
    };
    try {
      expect(extractValues(specs, jsonSource())).toEqual({
        ok: true,
        values: { a: 'c-42', b: '7', c: 'true' },
      });
      expect(extractValues(specsOf({ h: 'header.content-type' }), jsonSource())).toMatchObject({
        ok: true,
      });
    } finally {
      JSON.parse = original;
    }
    expect(parses).toBe(1);
  });
});

describe('extractValues from headers', () => {
  const source: ExtractSource = {
    headers: { location: '/api/cart/9', 'set-cookie': ['a=1; Path=/', 'b=2'], 'X-Odd': 'up' },
    body: undefined,
  };

  it('matches names case-insensitively, takes the first of a repeated header as is', () => {
    expect(
      extractValues(
        specsOf({ loc: 'header.Location', cookie: 'header.set-cookie', odd: 'header.x-odd' }),
        source,
      ),
    ).toEqual({
      ok: true,
      values: { loc: '/api/cart/9', cookie: 'a=1; Path=/', odd: 'up' },
    });
  });

  it('fails on a missing header, naming the spec as written', () => {
    expect(extractValues(specsOf({ id: 'header.X-Request-Id' }), source)).toEqual({
      ok: false,
      name: 'id',
      reason: 'header.X-Request-Id is missing',
    });
    expect(
      extractValues(specsOf({ e: 'header.x-empty' }), { headers: { 'x-empty': [] }, body: '' }),
    ).toMatchObject({ ok: false, reason: 'header.x-empty is missing' });
  });
});

describe('extractValues with a regular expression on the body', () => {
  const page: ExtractSource = {
    headers: {},
    body: '<form><input name="csrf" value="ab12cd"></form> order 1001 order 1002',
  };

  it('takes group 1 when the pattern has groups, else the whole match, first match only', () => {
    expect(
      extractValues(
        specsOf({
          csrf: 'regex.value="(\\w+)"',
          order: 'regex.order \\d+',
          orderId: 'regex.order (?<id>\\d+)',
          tail: 'regex.(?:order) (\\d+)',
        }),
        page,
      ),
    ).toEqual({
      ok: true,
      values: { csrf: 'ab12cd', order: 'order 1001', orderId: '1001', tail: '1001' },
    });
  });

  it('gives the same answer when a compiled pattern is reused', () => {
    const specs = specsOf({ n: 'regex.order (\\d+)' });
    expect(extractValues(specs, page)).toEqual({ ok: true, values: { n: '1001' } });
    expect(extractValues(specs, { headers: {}, body: 'order 77' })).toEqual({
      ok: true,
      values: { n: '77' },
    });
  });

  it('fails when nothing matches or group 1 took no part', () => {
    expect(extractValues(specsOf({ t: 'regex.token=(\\w+)' }), page)).toEqual({
      ok: false,
      name: 't',
      reason: 'regex.token=(\\w+) found no match in the body',
    });
    expect(extractValues(specsOf({ t: 'regex.order (x)?\\d' }), page)).toEqual({
      ok: false,
      name: 't',
      reason: 'regex.order (x)?\\d matched, but its group 1 took no part in the match',
    });
  });
});

describe('extractValues refuses values a header cannot carry', () => {
  it.each([
    ['a line feed', '{"t":"abc\\ndef"}', 'U+000A (line feed) at character 4'],
    ['a carriage return', '{"t":"abc\\r"}', 'U+000D (carriage return) at character 4'],
    ['a NUL', '{"t":"\\u0000x"}', 'U+0000 (NUL) at character 1'],
    ['DEL', '{"t":"x\\u007f"}', 'U+007F (DEL) at character 2'],
  ])('%s, naming the character, never the value', (_, body, where) => {
    expect(extractOne('json.$.t', jsonSource(body))).toEqual({
      ok: false,
      name: 'v',
      reason: `json.$.t holds a line break or control character (${where}): cannot be sent in a header`,
    });
  });

  it('keeps a tab and non-ASCII text', () => {
    expect(extractOne('json.$.t', jsonSource('{"t":"a\\tZoë 日本"}'))).toEqual({
      ok: true,
      values: { v: 'a\tZoë 日本' },
    });
  });

  it('checks regex and header values too', () => {
    expect(
      extractValues(specsOf({ r: 'regex.id=([^;]+)' }), { headers: {}, body: 'id=a\nb;' }),
    ).toMatchObject({ ok: false, name: 'r', reason: expect.stringContaining('line feed') });
    expect(
      extractValues(specsOf({ h: 'header.x-a' }), { headers: { 'x-a': 'a\u0001' }, body: '' }),
    ).toMatchObject({ ok: false, name: 'h', reason: expect.stringContaining('U+0001') });
  });
});

describe('extractValues with several specs', () => {
  it('stops at the first failing spec, in the order written', () => {
    const specs = specsOf({ a: 'json.$.cart.id', b: 'json.$.nope', c: 'header.missing' });
    expect(extractValues(specs, jsonSource())).toEqual({
      ok: false,
      name: 'b',
      reason: 'json.$.nope is missing: $ has no key "nope"',
    });
  });

  it('gives an empty record for no specs', () => {
    expect(extractValues([], { headers: {}, body: undefined })).toEqual({ ok: true, values: {} });
  });
});

describe('extractionReadsBody', () => {
  it('is true only when a json or regex spec is present', () => {
    expect(extractionReadsBody([])).toBe(false);
    expect(extractionReadsBody(specsOf({ a: 'header.location' }))).toBe(false);
    expect(extractionReadsBody(specsOf({ a: 'header.location', b: 'json.$.id' }))).toBe(true);
    expect(extractionReadsBody(specsOf({ a: 'regex.x' }))).toBe(true);
  });
});

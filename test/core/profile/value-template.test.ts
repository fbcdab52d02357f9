// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import type { TextTemplate, ValueReference } from '../../../src/core/profile/types.js';
import {
  compileJsonTemplate,
  describeReference,
  drawUuid,
  encodePathValue,
  isStaticTemplate,
  isValueReferenceName,
  listTemplateReferences,
  parseTextTemplate,
  type RenderContext,
  renderJson,
  renderText,
} from '../../../src/core/profile/value-template.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';

/** Parses text that must be well-formed. */
function parse(text: string): TextTemplate {
  const { template, issues } = parseTextTemplate(text);
  expect(issues).toEqual([]);
  return template;
}

/** Random draws replayed from a list, so every rendered value is known in advance. */
function replay(draws: number[]): () => number {
  let next = 0;
  return () => {
    const draw = draws[next++];
    if (draw === undefined) throw new Error('ran out of draws');
    return draw;
  };
}

const ROW: Readonly<Record<string, string | number | boolean | null>> = {
  'products.id': 'p-17',
  'products.price': 9.5,
  'products.in stock': true,
  'products.note': null,
  'prompts.': 'say "hi"\nplease',
};

function makeContext(draws: number[] = [], overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    random: replay(draws),
    seq: 12,
    vu: 3,
    iteration: 4,
    dataValue: (source, column) => {
      const value = ROW[`${source}.${column ?? ''}`];
      if (value === undefined) throw new Error(`no data ${source}.${column}`);
      return value;
    },
    setup: { token: 'tok en/1' },
    vars: { cartId: 'c#9' },
    ...overrides,
  };
}

describe('isValueReferenceName', () => {
  it.each([
    'seq',
    'vu',
    'iteration',
    'random.int(1, 9)',
    'random.float',
    'data.products.id',
    'data.',
    'setup.token',
    'vars.cartId',
  ])('%j is a per-request reference', (name) => {
    expect(isValueReferenceName(name)).toBe(true);
  });

  it.each(['HOME', 'SEQ', 'sequence', 'random', 'data', 'setup', 'vars', 'x.seq', '', '1X'])(
    '%j is not (an environment variable, or env-interpolation reports it)',
    (name) => {
      expect(isValueReferenceName(name)).toBe(false);
    },
  );
});

describe('parseTextTemplate: well-formed references', () => {
  it.each<[string, ValueReference]>([
    ['${seq}', { kind: 'seq' }],
    ['${vu}', { kind: 'vu' }],
    ['${iteration}', { kind: 'iteration' }],
    ['${random.uuid}', { kind: 'random.uuid' }],
    ['${random.int(1, 1000)}', { kind: 'random.int', min: 1, max: 1000 }],
    ['${random.int(-5,-5)}', { kind: 'random.int', min: -5, max: -5 }],
    ['${random.int( -0 , 007 )}', { kind: 'random.int', min: 0, max: 7 }],
    [
      '${random.int(-9007199254740991, 9007199254740991)}',
      { kind: 'random.int', min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
    ],
    ['${random.pick(red)}', { kind: 'random.pick', choices: ['red'] }],
    [
      '${random.pick( red ,blue,  dark green )}',
      {
        kind: 'random.pick',
        choices: ['red', 'blue', 'dark green'],
      },
    ],
    [
      `\${random.pick('a, b', "it's", '', " padded ", x)}`,
      { kind: 'random.pick', choices: ['a, b', "it's", '', ' padded ', 'x'] },
    ],
    ['${random.pick(a), b)}', { kind: 'random.pick', choices: ['a)', 'b'] }],
    ['${data.prompts}', { kind: 'data', source: 'prompts' }],
    ['${data.products.id}', { kind: 'data', source: 'products', column: 'id' }],
    ['${data.products.unit price}', { kind: 'data', source: 'products', column: 'unit price' }],
    ['${data.products.a.b}', { kind: 'data', source: 'products', column: 'a.b' }],
    ['${setup.token}', { kind: 'setup', name: 'token' }],
    ['${vars._cart_Id2}', { kind: 'vars', name: '_cart_Id2' }],
  ])('reads %s', (text, reference) => {
    expect(parse(text)).toEqual({ kind: 'text', parts: [reference] });
  });

  it('splits text around references and keeps literal text exactly', () => {
    expect(parse('/api/products/${random.int(1, 9)}?q=${random.pick(red, blue)}&n=${seq}')).toEqual(
      {
        kind: 'text',
        parts: [
          '/api/products/',
          { kind: 'random.int', min: 1, max: 9 },
          '?q=',
          { kind: 'random.pick', choices: ['red', 'blue'] },
          '&n=',
          { kind: 'seq' },
        ],
      },
    );
  });

  it('turns an escaped per-request reference into literal text, merged with its neighbours', () => {
    expect(parse('a $${seq} b $${random.pick(x, y)}${vu}')).toEqual({
      kind: 'text',
      parts: ['a ${seq} b ${random.pick(x, y)}', { kind: 'vu' }],
    });
    expect(parse('$$${seq}')).toEqual({ kind: 'text', parts: ['$${seq}'] });
  });

  it.each([
    ['an env-form name left unset', '/u/${HOME}/x'],
    ['an env escape already consumed', 'literal ${TOKEN}'],
    ['an escape of an env name', '$${HOME}'],
    ['a malformed env form', '${1X} ${} ${a b}'],
    ['an unclosed env form', 'x ${TOKEN'],
    ['dollars and braces', 'price: $5 {x} $$ $'],
  ])('keeps %s literally, with no issue', (_name, text) => {
    const template = parse(text);
    expect(template).toEqual({ kind: 'text', parts: [text] });
    expect(isStaticTemplate(template)).toBe(true);
  });

  it('gives no parts for empty text, and a static template for text without references', () => {
    expect(parse('')).toEqual({ kind: 'text', parts: [] });
    expect(isStaticTemplate(parse(''))).toBe(true);
    expect(isStaticTemplate(parse('${seq}'))).toBe(false);
  });
});

describe('parseTextTemplate: malformed references', () => {
  const INT = 'expected random.int(MIN, MAX) with whole numbers, MIN ≤ MAX, got';
  const PICK =
    "expected random.pick(A, B, …) with one or more comma-separated choices (quote a choice holding commas or spaces: 'a, b'), got";

  it.each([
    ['${random.int(5, 1)}', `${INT} "\${random.int(5, 1)}" (MIN 5 is more than MAX 1)`],
    ['${random.int(1.5, 3)}', `${INT} "\${random.int(1.5, 3)}" ("1.5" is not a whole number)`],
    ['${random.int(1, x)}', `${INT} "\${random.int(1, x)}" ("x" is not a whole number)`],
    ['${random.int(1)}', `${INT} "\${random.int(1)}" (expected 2 numbers, got 1)`],
    ['${random.int(1, 2, 3)}', `${INT} "\${random.int(1, 2, 3)}" (expected 2 numbers, got 3)`],
    ['${random.int()}', `${INT} "\${random.int()}" (expected 2 numbers, got 1)`],
    [
      '${random.int(0, 9007199254740992)}',
      `${INT} "\${random.int(0, 9007199254740992)}" (9007199254740992 is beyond ±9007199254740991 (Number.MAX_SAFE_INTEGER))`,
    ],
    ['${random.int}', `${INT} "\${random.int}"`],
    ['${random.int(1, 2}', `${INT} "\${random.int(1, 2}" (no closing ")")`],
    ['${random.pick()}', `${PICK} "\${random.pick()}" (no choices)`],
    ['${random.pick}', `${PICK} "\${random.pick}"`],
    [
      '${random.pick(a,,b)}',
      `${PICK} "\${random.pick(a,,b)}" (choice 2 is empty (write '' for an empty value))`,
    ],
    [
      '${random.pick(a, b,)}',
      `${PICK} "\${random.pick(a, b,)}" (choice 3 is empty (write '' for an empty value))`,
    ],
    ["${random.pick('a, b)}", `${PICK} "\${random.pick('a, b)}" (choice 1 has no closing ')`],
    [
      "${random.pick('a' b)}",
      `${PICK} "\${random.pick('a' b)}" (text after the closing ' of choice 1)`,
    ],
    [
      '${random.pick(a}, b)}',
      `${PICK} "\${random.pick(a}" (no closing ")"; a choice cannot hold "}", which ends the reference)`,
    ],
    [
      '${random.float}',
      'expected random.int(MIN, MAX), random.uuid or random.pick(A, B, …), got "${random.float}"',
    ],
    [
      '${random.uuid()}',
      'expected random.int(MIN, MAX), random.uuid or random.pick(A, B, …), got "${random.uuid()}"',
    ],
    [
      '${data.}',
      'expected data.SOURCE.COLUMN, or data.SOURCE for a source with one column, got "${data.}" (no source name)',
    ],
    [
      '${data..id}',
      'expected data.SOURCE.COLUMN, or data.SOURCE for a source with one column, got "${data..id}" (no source name)',
    ],
    [
      '${data.products.}',
      'expected data.SOURCE.COLUMN, or data.SOURCE for a source with one column, got "${data.products.}" (no column name after the ".")',
    ],
    [
      '${setup.1token}',
      'expected setup.NAME with a name of letters, digits and _, not starting with a digit, got "${setup.1token}"',
    ],
    [
      '${vars.cart-id}',
      'expected vars.NAME with a name of letters, digits and _, not starting with a digit, got "${vars.cart-id}"',
    ],
    [
      '${vars.}',
      'expected vars.NAME with a name of letters, digits and _, not starting with a digit, got "${vars.}"',
    ],
    ['/x/${seq', 'expected "}" to end the reference, got "${seq"'],
  ])('reports %s', (text, message) => {
    const { template, issues } = parseTextTemplate(text);
    expect(issues).toEqual([message]);
    // Kept as written, so nothing half-parsed is ever sent (the profile is refused anyway).
    expect(template.parts.join('')).toBe(text);
  });

  it('reports every malformed reference of a text, and still reads the good ones', () => {
    const { template, issues } = parseTextTemplate('${random.int(2, 1)}/${seq}/${data.}');
    expect(issues).toHaveLength(2);
    expect(listTemplateReferences(template)).toEqual([{ kind: 'seq' }]);
  });

  it('makes control characters visible in the message', () => {
    const { issues } = parseTextTemplate('${vars.a\u001b[31m}');
    expect(issues[0]).toContain('"${vars.a\\u001b[31m}"');
  });
});

describe('describeReference', () => {
  it.each<[ValueReference, string]>([
    [{ kind: 'seq' }, '${seq}'],
    [{ kind: 'vu' }, '${vu}'],
    [{ kind: 'iteration' }, '${iteration}'],
    [{ kind: 'random.uuid' }, '${random.uuid}'],
    [{ kind: 'random.int', min: -3, max: 9 }, '${random.int(-3, 9)}'],
    [
      { kind: 'random.pick', choices: ['red', 'a, b', "it's, ok", '', ' x', "'q"] },
      `\${random.pick(red, 'a, b', "it's, ok", '', ' x', "'q")}`,
    ],
    [{ kind: 'data', source: 'prompts' }, '${data.prompts}'],
    [{ kind: 'data', source: 'products', column: 'unit price' }, '${data.products.unit price}'],
    [{ kind: 'setup', name: 'token' }, '${setup.token}'],
    [{ kind: 'vars', name: 'cartId' }, '${vars.cartId}'],
  ])('writes %j as %s, which parses back to it', (reference, text) => {
    expect(describeReference(reference)).toBe(text);
    expect(parse(text).parts).toEqual([reference]);
  });
});

describe('compileJsonTemplate', () => {
  it('is JSON.stringify of the value when nothing is templated', () => {
    const value = {
      name: 'x',
      n: 1.5,
      ok: false,
      none: null,
      list: [1, 'two', { deep: [] }, undefined],
      skipped: undefined,
      empty: {},
      text: 'price: $5 and $${HOME}',
    };
    const { template, issues } = compileJsonTemplate(value);
    expect(issues).toEqual([]);
    expect(isStaticTemplate(template)).toBe(true);
    expect(template.parts).toEqual([JSON.stringify(value)]);
  });

  it('makes a string that is one reference a whole slot, and mixed strings string slots', () => {
    const { template, issues } = compileJsonTemplate({
      id: '${random.int(1, 9)}',
      note: 'seq ${seq}',
      '${seq}': ['${data.products.id}', 2],
    });
    expect(issues).toEqual([]);
    expect(template).toEqual({
      kind: 'json',
      parts: [
        '{"id":',
        { kind: 'whole', reference: { kind: 'random.int', min: 1, max: 9 } },
        ',"note":',
        { kind: 'string', template: { kind: 'text', parts: ['seq ', { kind: 'seq' }] } },
        // Keys are never templated.
        ',"${seq}":[',
        { kind: 'whole', reference: { kind: 'data', source: 'products', column: 'id' } },
        ',2]}',
      ],
    });
    expect(listTemplateReferences(template)).toEqual([
      { kind: 'random.int', min: 1, max: 9 },
      { kind: 'seq' },
      { kind: 'data', source: 'products', column: 'id' },
    ]);
  });

  it('reports issues at the path of the string inside the json value', () => {
    const { issues } = compileJsonTemplate({
      items: [{ id: 'ok' }, { id: '${random.int(9, 1)}' }],
      'a.b': '${vars.}',
    });
    expect(issues.map((issue) => issue.path)).toEqual([['items', 1, 'id'], ['a.b']]);
    expect(issues[0]?.message).toContain('MIN 9 is more than MAX 1');
  });

  it('handles a top-level string and scalars', () => {
    expect(compileJsonTemplate('${seq}').template.parts).toEqual([
      { kind: 'whole', reference: { kind: 'seq' } },
    ]);
    expect(compileJsonTemplate(42).template.parts).toEqual(['42']);
    expect(compileJsonTemplate('$${seq}').template.parts).toEqual(['"${seq}"']);
  });
});

describe('renderText', () => {
  it('fills each reference from the context and keeps literal text', () => {
    const template = parse(
      '/p/${random.int(10, 19)}/${random.pick(a, b, c)}?seq=${seq}&vu=${vu}&i=${iteration}&t=${setup.token}&c=${vars.cartId}',
    );
    // random.int: 10 + floor(0.55 * 10) = 15; random.pick: floor(0.99 * 3) = 2 → c.
    expect(renderText(template, makeContext([0.55, 0.99]))).toBe(
      '/p/15/c?seq=12&vu=3&i=4&t=tok en/1&c=c#9',
    );
  });

  it('draws both ends of random.int and every choice', () => {
    const template = parse('${random.int(-2, 2)} ${random.pick(x, y)}');
    expect(renderText(template, makeContext([0, 0]))).toBe('-2 x');
    expect(renderText(template, makeContext([0.999999, 0.999999]))).toBe('2 y');
  });

  it('draws anew at each reference', () => {
    const template = parse('${random.int(1, 10)},${random.int(1, 10)}');
    expect(renderText(template, makeContext([0.05, 0.95]))).toBe('1,10');
  });

  it('writes data values as text: numbers, booleans, and null as nothing', () => {
    const template = parse(
      '${data.products.id}|${data.products.price}|${data.products.in stock}|${data.products.note}|${data.prompts}',
    );
    expect(renderText(template, makeContext())).toBe('p-17|9.5|true||say "hi"\nplease');
  });

  it('escapes values only, never the literal text', () => {
    const template = parse('/a b/${setup.token}/${vars.cartId}');
    expect(renderText(template, makeContext(), encodePathValue)).toBe('/a b/tok%20en/1/c%239');
  });

  it('renders a static template without touching the context', () => {
    const context = makeContext([], {
      dataValue: () => {
        throw new Error('not used');
      },
    });
    expect(renderText(parse('/health $${seq}'), context)).toBe('/health ${seq}');
  });

  it('throws an Error naming the reference when an extracted value is missing', () => {
    expect(() => renderText(parse('${vars.other}'), makeContext())).toThrow(
      'no value for ${vars.other} at render time',
    );
    // Object.prototype's members are not values.
    expect(() => renderText(parse('${setup.constructor}'), makeContext())).toThrow(
      'no value for ${setup.constructor}',
    );
  });
});

describe('renderJson', () => {
  it('keeps the type of a whole reference and JSON-escapes mixed strings', () => {
    const { template } = compileJsonTemplate({
      qty: '${random.int(1, 5)}',
      seq: '${seq}',
      vu: '${vu}',
      iteration: '${iteration}',
      id: '${data.products.id}',
      price: '${data.products.price}',
      inStock: '${data.products.in stock}',
      note: '${data.products.note}',
      prompt: '${data.prompts}',
      pick: '${random.pick(1, 2)}',
      token: '${setup.token}',
      cart: '${vars.cartId}',
      uuid: '${random.uuid}',
      mixed: 'n=${seq} "${data.prompts}"',
      fixed: [true, null],
    });
    const draws = [0.5, 0.6, ...Array.from({ length: 16 }, () => 0)];
    const json = renderJson(template, makeContext(draws));
    expect(JSON.parse(json)).toEqual({
      qty: 3,
      seq: 12,
      vu: 3,
      iteration: 4,
      id: 'p-17',
      price: 9.5,
      inStock: true,
      note: null,
      prompt: 'say "hi"\nplease',
      pick: '2',
      token: 'tok en/1',
      cart: 'c#9',
      uuid: '00000000-0000-4000-8000-000000000000',
      mixed: 'n=12 "say "hi"\nplease"',
      fixed: [true, null],
    });
    expect(json).toContain('"qty":3,"seq":12,"vu":3,"iteration":4,"id":"p-17","price":9.5,');
  });

  it('renders nested arrays and objects', () => {
    const { template } = compileJsonTemplate({ a: [[{ b: '${seq}' }], ['x${vu}']] });
    expect(renderJson(template, makeContext())).toBe('{"a":[[{"b":12}],["x3"]]}');
  });
});

describe('encodePathValue', () => {
  it.each([
    ['plain-ASCII_1.2~x', 'plain-ASCII_1.2~x'],
    ['a b', 'a%20b'],
    ['café', 'caf%C3%A9'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['😀', '%F0%9F%98%80'],
    ['a#b', 'a%23b'],
    ['%zz', '%25zz'],
    ['50%', '50%25'],
    ['%4', '%254'],
    ['%41%e9', '%41%e9'],
    ['a/b?c=d&e=f', 'a/b?c=d&e=f'],
    ['tab\there\nline', 'tab%09here%0Aline'],
    ['\u007f', '%7F'],
    ['\ud800x', '%EF%BF%BDx'],
    ['', ''],
  ])('%j → %j', (value, encoded) => {
    expect(encodePathValue(value)).toBe(encoded);
  });

  it('agrees with encodeURIComponent on every character it encodes', () => {
    for (const char of [' ', 'é', '€', '𝄞', '\u0000', '\u00a0']) {
      expect(encodePathValue(char)).toBe(encodeURIComponent(char));
    }
  });
});

describe('drawUuid', () => {
  const UUID_V4_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('lays out a version-4 UUID from 16 byte draws', () => {
    const bytes = [
      0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0xff, 0x77, 0xff, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
      0x0f,
    ];
    const random = replay(bytes.map((byte) => (byte + 0.5) / 256));
    expect(drawUuid(random)).toBe('00112233-4455-4f77-bf99-aabbccddee0f');
  });

  it('has the v4 form for a seeded source, and the same sequence for the same seed', () => {
    const first = createRandom(10);
    const again = createRandom(10);
    const other = createRandom(11);
    const uuids = Array.from({ length: 200 }, () => drawUuid(first));
    for (const uuid of uuids) expect(uuid).toMatch(UUID_V4_RE);
    expect(new Set(uuids).size).toBe(200);
    expect(Array.from({ length: 200 }, () => drawUuid(again))).toEqual(uuids);
    expect(drawUuid(other)).not.toBe(uuids[0]);
  });

  it('is what random.uuid renders', () => {
    const template = parse('${random.uuid}');
    const text = renderText(template, { ...makeContext(), random: createRandom(5) });
    expect(text).toBe(drawUuid(createRandom(5)));
  });
});

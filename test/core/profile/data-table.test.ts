import { describe, expect, it } from 'vitest';
import {
  checkDataReferences,
  describeDataSources,
  parseDataTable,
} from '../../../src/core/profile/data-table.js';
import type {
  DataSource,
  DataTable,
  Profile,
  Scenario,
  TextTemplate,
} from '../../../src/core/profile/types.js';
import {
  compileJsonTemplate,
  parseTextTemplate,
} from '../../../src/core/profile/value-template.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';

function table(text: string, format: 'csv' | 'json' | 'text'): DataTable {
  const parsed = parseDataTable(text, format);
  if ('issues' in parsed) throw new Error(`expected a table, got: ${parsed.issues.join('; ')}`);
  return parsed.table;
}

function issues(text: string, format: 'csv' | 'json' | 'text'): string[] {
  const parsed = parseDataTable(text, format);
  if ('table' in parsed) throw new Error('expected issues, got a table');
  return parsed.issues;
}

/** Every row as an array of values. */
function rows(t: DataTable): unknown[][] {
  return Array.from({ length: t.rowCount }, (_, r) => t.columns.map((_, c) => t.value(r, c)));
}

describe('parseDataTable: CSV', () => {
  it('reads a header and rows as strings', () => {
    const t = table('id,name,price\n1,apple,0.5\n2,pear,1.25\n', 'csv');
    expect(t.columns).toEqual(['id', 'name', 'price']);
    expect(t.rowCount).toBe(2);
    expect(rows(t)).toEqual([
      ['1', 'apple', '0.5'],
      ['2', 'pear', '1.25'],
    ]);
  });

  it('reads quoted fields with commas, "" escapes and line breaks inside them', () => {
    const t = table('a,b\n"x, y","say ""hi"""\n"line1\nline2","r\r\nn"\n"",""\n', 'csv');
    expect(rows(t)).toEqual([
      ['x, y', 'say "hi"'],
      ['line1\nline2', 'r\r\nn'],
      ['', ''],
    ]);
  });

  it('accepts CRLF, LF and CR line ends, and a last line without one', () => {
    const t = table('a,b\r\n1,2\n3,4\r5,6', 'csv');
    expect(rows(t)).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('strips a byte-order mark from the first column name', () => {
    expect(table('\uFEFFid,name\n1,a\n', 'csv').columns).toEqual(['id', 'name']);
  });

  it('skips blank lines anywhere, trailing ones included, and keeps empty fields', () => {
    const t = table('\nid,name\n\n1,\n\r\n,b\n\n\n', 'csv');
    expect(rows(t)).toEqual([
      ['1', ''],
      ['', 'b'],
    ]);
  });

  it('keeps a quote inside an unquoted field as written', () => {
    expect(rows(table('a\n5" pipe\n', 'csv'))).toEqual([['5" pipe']]);
  });

  it('gives the file line of each row, counting blank lines and breaks inside quotes', () => {
    const t = table('id,note\n1,"two\nlines"\n\n2,x\n', 'csv');
    expect(t.lineOf?.(0)).toBe(2);
    expect(t.lineOf?.(1)).toBe(5);
  });

  it('reports every row with the wrong field count, naming its line', () => {
    expect(issues('a,b,c\n1,2,3\n1,2\n"x\ny",2,3,4\n1,2,3\n', 'csv')).toEqual([
      'line 3: expected 3 fields like the header, got 2',
      'line 4: expected 3 fields like the header, got 4',
    ]);
  });

  it('reports text after a closing quote and goes on with the next line', () => {
    expect(issues('a,b\n"x"y,1\n1\n', 'csv')).toEqual([
      'line 2: field 1: unexpected text after its closing quote (a quote inside a quoted field is written "")',
      'line 3: expected 2 fields like the header, got 1',
    ]);
  });

  it('reports a quote that is never closed', () => {
    expect(issues('a,b\n1,2\n3,"open\n4,5\n', 'csv')).toEqual([
      'line 3: field 2: its opening quote is never closed (a quote inside a quoted field is written "")',
    ]);
  });

  it('refuses empty and duplicate column names', () => {
    expect(issues('id,,name,id\n1,2,3,4\n', 'csv')).toEqual([
      'line 1 (the header): column 2 has no name (expected a name)',
      'line 1 (the header): column "id" appears twice (columns 1 and 4); expected unique names',
    ]);
  });

  it('refuses a file with a header only, and an empty one', () => {
    expect(issues('id,name\n', 'csv')).toEqual([
      'no data rows: the file has a header line only (expected rows below it)',
    ]);
    expect(issues('\uFEFF \n\n', 'csv')).toEqual(['the file is empty: expected at least one row']);
  });

  it('lists at most 20 problems, then how many more', () => {
    const text = `a,b\n${'1\n'.repeat(25)}`;
    const found = issues(text, 'csv');
    expect(found).toHaveLength(21);
    expect(found[19]).toBe('line 21: expected 2 fields like the header, got 1');
    expect(found[20]).toBe('and 5 more problems');
  });

  it('reads back exact values at random rows of a 200,000-row file', () => {
    const n = 200_000;
    const lines = ['id,name,price'];
    const expected = (i: number) => [
      String(i),
      i % 7 === 0 ? `item "${i}", big` : `item-${i}`,
      (i * 0.01).toFixed(2),
    ];
    for (let i = 0; i < n; i++) {
      const [id, name, price] = expected(i) as [string, string, string];
      const field = name.includes('"') ? `"${name.replaceAll('"', '""')}"` : name;
      lines.push(`${id},${field},${price}`);
    }
    const text = lines.map((line, i) => line + (i % 3 === 0 ? '\r\n' : '\n')).join('');
    const t = table(text, 'csv');
    expect(t.rowCount).toBe(n);
    const random = createRandom(11);
    for (let k = 0; k < 2000; k++) {
      const row = Math.floor(random() * n);
      expect([t.value(row, 0), t.value(row, 1), t.value(row, 2)]).toEqual(expected(row));
    }
    expect(t.value(n - 1, 2)).toBe(expected(n - 1)[2]);
    // The text plus 4 offsets (16 bytes) a row, not an object per row.
    expect(t.sizeBytes).toBeLessThan(text.length + n * 16 * 1.15);
  });

  it('refuses rows and columns outside the table', () => {
    const t = table('a,b\n1,2\n', 'csv');
    expect(() => t.value(1, 0)).toThrow(RangeError);
    expect(() => t.value(0, 2)).toThrow(RangeError);
    expect(() => t.value(-1, 0)).toThrow(RangeError);
  });
});

describe('parseDataTable: JSON', () => {
  it('makes columns of the union of keys in first-seen order, null for a missing key', () => {
    const t = table(
      '[{"id":1,"name":"a"},{"name":"b","tags":["x"],"ok":true},{"id":3,"meta":{"k":1}}]',
      'json',
    );
    expect(t.columns).toEqual(['id', 'name', 'tags', 'ok', 'meta']);
    expect(rows(t)).toEqual([
      [1, 'a', null, null, null],
      [null, 'b', '["x"]', true, null],
      [3, null, null, null, '{"k":1}'],
    ]);
  });

  it('keeps numbers as numbers (an all-number column included) and reads scalars as column value', () => {
    const t = table('[{"n": 1.5}, {"n": -2}]', 'json');
    expect([t.value(0, 0), t.value(1, 0)]).toEqual([1.5, -2]);
    const s = table('\uFEFF["red", 2, false, null]', 'json');
    expect(s.columns).toEqual(['value']);
    expect(rows(s)).toEqual([['red'], [2], [false], [null]]);
  });

  it('refuses other shapes, naming each bad index', () => {
    expect(issues('{"a":1}', 'json')).toEqual([
      'expected an array of objects or of values, got an object (write [ … ])',
    ]);
    expect(issues('[]', 'json')).toEqual(['the array is empty: expected at least one element']);
    expect(issues('[[1]]', 'json')).toEqual([
      'index 0: expected an object or a value (string, number, boolean, null), got an array',
    ]);
    expect(issues('[{"a":1}, 2, {"a":3}, null]', 'json')).toEqual([
      'index 1: expected an object like index 0, got a number',
      'index 3: expected an object like index 0, got null',
    ]);
    expect(issues('["a", {"b":1}]', 'json')).toEqual([
      'index 1: expected a value like index 0 (string, number, boolean, null), got an object',
    ]);
    expect(issues('[{}, {}]', 'json')).toEqual([
      'every object is empty: expected at least one key (a column)',
    ]);
  });

  it('gives the line and column of a syntax error without quoting the text', () => {
    const [message] = issues('[\n  {"password": "hunter22"},\n  {"a" 1}\n]', 'json');
    expect(message).toBe("not valid JSON: expected ':' after property name (line 3, column 8)");
    const [bare] = issues('[secret-value]', 'json');
    expect(bare).toMatch(/^not valid JSON: /);
    expect(bare).not.toContain('secret-value]');
  });
});

describe('parseDataTable: text', () => {
  it('reads one value per line, skipping blank and whitespace-only lines, trimming nothing', () => {
    const t = table('\uFEFFfirst\r\n\n  \nsecond value \rthird', 'text');
    expect(t.columns).toEqual(['value']);
    expect(rows(t)).toEqual([['first'], ['second value '], ['third']]);
    expect(t.lineOf?.(1)).toBe(4);
    expect(t.lineOf?.(2)).toBe(5);
  });

  it('refuses a file with no values', () => {
    expect(issues('\n \n\t\n', 'text')).toEqual(['the file is empty: expected at least one row']);
  });
});

// --- checkDataReferences ---

function text(written: string): TextTemplate {
  const parsed = parseTextTemplate(written);
  expect(parsed.issues).toEqual([]);
  return parsed.template;
}

function scenario(
  name: string,
  dynamic: Scenario['dynamic'],
  extra: Partial<Scenario> = {},
): Scenario {
  return {
    name,
    weight: 1,
    method: 'GET',
    path: '/',
    pathTemplate: '/',
    headers: {},
    expect: { status: [200] },
    timeoutMs: 1000,
    maxRedirects: 0,
    ...(dynamic ? { dynamic } : {}),
    ...extra,
  };
}

function source(name: string, csv: string, extra: Partial<DataSource> = {}): DataSource {
  return {
    name,
    file: `data/${name}.csv`,
    format: 'csv',
    order: 'random',
    onExhausted: 'stop',
    secretColumns: [],
    table: table(csv, 'csv'),
    ...extra,
  };
}

function profile(scenarios: Scenario[], data: DataSource[], extra: Partial<Profile> = {}): Profile {
  return {
    name: 'p',
    baseUrl: 'http://127.0.0.1:1',
    scenarios,
    seed: 1,
    secretValues: [],
    rules: defaultRules(scenarios.map((s) => s.name)),
    load: {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: 1000 },
      connections: 1,
      maxInFlight: 1,
      onMaxInFlight: 'queue',
      warmupMs: 0,
      thinkTime: { minMs: 0, maxMs: 0 },
      gracefulStopMs: 0,
    },
    data,
    ...extra,
  };
}

describe('checkDataReferences', () => {
  const products = () => source('products', 'id,name\n1,a\n2,b\n');
  const prompts = () => source('prompts', 'value\nhello\n', { format: 'text' });

  it('accepts references to existing columns and ${data.X} for a one-column source', () => {
    const p = profile(
      [scenario('s', { path: text('/p/${data.products.id}?q=${data.prompts}') })],
      [products(), prompts()],
    );
    expect(checkDataReferences(p)).toEqual([]);
  });

  it('names an unknown column with the path where it is written and lists the columns', () => {
    const p = profile(
      [scenario('plain', undefined), scenario('s', { path: text('/p/${data.products.sku}') })],
      [products()],
    );
    expect(checkDataReferences(p)).toEqual([
      {
        path: 'scenarios[1].path',
        message:
          '${data.products.sku}: data/products.csv has no column "sku"; its columns are "id", "name"',
      },
    ]);
  });

  it('refuses ${data.X} for a source with several columns', () => {
    const json = compileJsonTemplate({ product: '${data.products}' });
    expect(json.issues).toEqual([]);
    const p = profile([scenario('s', { body: json.template }, { method: 'POST' })], [products()]);
    expect(checkDataReferences(p)).toEqual([
      {
        path: 'scenarios[0].json',
        message:
          '${data.products} needs a source with one column, but data/products.csv has 2 ("id", "name"): write ${data.products.<column>}',
      },
    ]);
  });

  it('names journey steps and setup requests by where they are written', () => {
    const steps = [
      scenario('shop/list', undefined, { journey: 'shop' }),
      scenario('shop/buy', { path: text('/buy/${data.products.nope}') }, { journey: 'shop' }),
    ];
    const login = scenario(
      'login',
      { body: text('user=${data.products.who}') },
      { method: 'POST' },
    );
    const p = profile([scenario('health', undefined), ...steps], [products()], {
      journeys: [
        {
          name: 'shop',
          weight: 1,
          steps: [1, 2].map((s) => ({
            scenario: s,
            thinkMs: { minMs: 0, maxMs: 0 },
            continueOnFailure: false,
            extract: [],
          })),
        },
      ],
      setup: { requests: [{ scenario: login, extract: [] }], perVu: false, measure: false },
    });
    expect(checkDataReferences(p).map((i) => i.path)).toEqual([
      'scenarios[1].steps[1].path',
      'setup.requests[0].body',
    ]);
  });

  it('refuses secret columns the file does not have', () => {
    const p = profile(
      [],
      [source('users', 'name,password\na,b\n', { secretColumns: ['pasword'] })],
    );
    expect(checkDataReferences(p)).toEqual([
      {
        path: 'data.users.secret',
        message: 'column "pasword" is not in data/users.csv; its columns are "name", "password"',
      },
    ]);
  });

  it('names the first row (and its file line) a header cannot hold, and counts the others', () => {
    const users = source('users', 'name,token\nann,ok\nbob,"two\nlines"\n\ncy,"a\tb"\ndi,"x\ry"\n');
    const p = profile(
      [
        scenario('s', {
          headers: {
            'x-token': text('Bearer ${data.users.token}'),
            'x-name': text('${data.users.name}'),
          },
          path: text('/${data.users.token}'),
        }),
      ],
      [users],
    );
    expect(checkDataReferences(p)).toEqual([
      {
        path: 'scenarios[0].headers.x-token',
        message:
          '${data.users.token}: row 2 (line 3 of data/users.csv) has U+000A (line feed) at character 4 in column "token", which a header value cannot hold (and 1 more row); expected tab, printable ASCII or U+0080–U+00FF',
      },
    ]);
  });

  it('skips sources whose file is not read yet', () => {
    const unread: DataSource = { ...products(), table: undefined };
    const p = profile([scenario('s', { path: text('/${data.products.nope}') })], [unread]);
    expect(checkDataReferences(p)).toEqual([]);
  });
});

describe('describeDataSources', () => {
  it('lists each source with its rows, format and order', () => {
    const p = profile(
      [],
      [source('products', 'id\n1\n2\n'), source('users', 'name\nann\n', { order: 'unique' })],
    );
    expect(describeDataSources(p)).toBe(
      'data: products 2 rows (csv, random), users 1 row (csv, unique)',
    );
    expect(describeDataSources(profile([], []))).toBeUndefined();
  });
});

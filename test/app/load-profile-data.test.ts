import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadedProfile, loadProfile } from '../../src/app/load-profile.js';
import { MAX_MASKED_DATA_ROWS } from '../../src/app/read-data-files.js';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import type { Profile } from '../../src/core/profile/types.js';
import { NodeFileStore } from '../../src/shell/node-file-store.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp dir with `profiles/p.yml` and the given files (paths relative to `profiles/`). */
function workDir(profileYaml: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-data-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'profiles', 'data'), { recursive: true });
  writeFileSync(join(dir, 'profiles', 'p.yml'), profileYaml);
  for (const [name, text] of Object.entries(files))
    writeFileSync(join(dir, 'profiles', name), text);
  return dir;
}

function yaml(data: string, scenarios: string): string {
  return `name: p\nbaseUrl: http://127.0.0.1:1\ndata:\n${data}scenarios:\n${scenarios}load: { executor: constant-arrival-rate, rate: 1, duration: 1s }\n`;
}

const PLAIN = '  - { name: s, path: "/p/${data.products.id}" }\n';

async function load(dir: string): Promise<LoadedProfile> {
  return loadProfile(
    { profilePath: join(dir, 'profiles', 'p.yml'), overrides: {} },
    new NodeFileStore(),
    {},
  );
}

function expectLoaded(result: LoadedProfile): { profile: Profile; warnings: string[] } {
  if (!result.ok) throw new Error(`expected a profile, got ${JSON.stringify(result.issues)}`);
  return result;
}

describe('loadProfile with data files', () => {
  it('reads each data file once, relative to the profile, into its source', async () => {
    const dir = workDir(
      yaml(
        '  products: { file: data/products.csv, order: sequential }\n  prompts: { file: data/prompts.txt }\n',
        PLAIN,
      ),
      { 'data/products.csv': 'id,name\n7,apple\n8,pear\n', 'data/prompts.txt': 'hi\nthere\n' },
    );
    const { profile } = expectLoaded(await load(dir));
    const [products, prompts] = profile.data ?? [];
    expect(products?.table?.rowCount).toBe(2);
    expect(products?.table?.value(1, 1)).toBe('pear');
    expect(products?.order).toBe('sequential');
    expect(prompts?.table?.columns).toEqual(['value']);
    expect(prompts?.table?.value(0, 0)).toBe('hi');
  });

  it('masks the values of secret columns (secret: true is every column), warning on short ones', async () => {
    const dir = workDir(
      yaml(
        '  products: { file: data/products.csv }\n  users: { file: data/users.json, order: unique, secret: [password] }\n  keys: { file: data/keys.txt, secret: true }\n',
        PLAIN,
      ),
      {
        'data/products.csv': 'id\n1\n',
        'data/users.json':
          '[{"name":"ann","password":"s3cret-pw"},{"name":"bob","password":"abc"},{"name":"cy","password":"s3cret-pw"}]',
        'data/keys.txt': 'key-1234\n',
      },
    );
    const { profile, warnings } = expectLoaded(await load(dir));
    expect(profile.secretValues).toEqual(['s3cret-pw', 'key-1234']);
    expect(profile.data?.[2]?.secretColumns).toEqual(['value']);
    expect(warnings).toEqual([
      'data.users.secret: a value of data.users column "password" is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
    ]);
  });

  it(`does not copy secret values of tables over ${MAX_MASKED_DATA_ROWS} rows into secretValues`, async () => {
    const rows = Array.from({ length: MAX_MASKED_DATA_ROWS + 1 }, (_, i) => `user${i},pw-${i}-xyz`);
    const dir = workDir(
      yaml(
        '  products: { file: data/users.csv, secret: [password] }\n',
        '  - { name: s, path: "/u/${data.products.name}" }\n',
      ),
      { 'data/users.csv': `name,password\n${rows.join('\n')}\n` },
    );
    const { profile } = expectLoaded(await load(dir));
    expect(profile.data?.[0]?.table?.rowCount).toBe(MAX_MASKED_DATA_ROWS + 1);
    expect(profile.secretValues).toEqual([]);
  });

  it('reports a missing file at data.<name>.file, naming the path', async () => {
    const dir = workDir(yaml('  products: { file: data/nope.csv }\n', PLAIN), {});
    const result = await load(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.path).toBe('data.products.file');
    expect(result.issues[0]?.message).toMatch(
      /^cannot read .*profiles\/data\/nope\.csv: no such file; expected a readable csv file \(path relative to the profile\)$/,
    );
  });

  it('reports every bad line of every file at once, prefixed with the file', async () => {
    const dir = workDir(
      yaml('  products: { file: data/products.csv }\n  more: { file: data/more.json }\n', PLAIN),
      { 'data/products.csv': 'id,name\n1,a\n2\n3,c,x\n', 'data/more.json': '{"id": 1}' },
    );
    const result = await load(dir);
    if (result.ok) throw new Error('expected issues');
    const file = join(dir, 'profiles', 'data', 'products.csv');
    expect(result.issues).toEqual([
      {
        path: 'data.products.file',
        message: `${file}: line 3: expected 2 fields like the header, got 1`,
      },
      {
        path: 'data.products.file',
        message: `${file}: line 4: expected 2 fields like the header, got 3`,
      },
      {
        path: 'data.more.file',
        message: `${join(dir, 'profiles', 'data', 'more.json')}: expected an array of objects or of values, got an object (write [ … ])`,
      },
    ]);
  });

  it('reports an unknown column where it is written, in a journey step too', async () => {
    const scenarios =
      '  - { name: health, path: /health }\n' +
      '  - name: shop\n    steps:\n' +
      '      - { name: list, path: /products }\n' +
      '      - { name: one, path: "/products/${data.products.sku}" }\n';
    const dir = workDir(yaml('  products: { file: data/products.csv }\n', scenarios), {
      'data/products.csv': 'id,name\n1,a\n',
    });
    const result = await load(dir);
    if (result.ok) throw new Error('expected issues');
    expect(result.issues).toEqual([
      {
        path: 'scenarios[1].steps[1].path',
        message:
          '${data.products.sku}: data/products.csv has no column "sku"; its columns are "id", "name"',
      },
    ]);
  });

  it('refuses a data column in a header when a row holds a line break, naming row and line', async () => {
    const dir = workDir(
      yaml(
        '  users: { file: data/users.csv }\n',
        '  - { name: s, path: /, headers: { x-user: "${data.users.name}" } }\n',
      ),
      { 'data/users.csv': 'name\nann\n"bo\nb"\n' },
    );
    const result = await load(dir);
    if (result.ok) throw new Error('expected issues');
    expect(result.issues).toEqual([
      {
        path: 'scenarios[0].headers.x-user',
        message:
          '${data.users.name}: row 2 (line 3 of data/users.csv) has U+000A (line feed) at character 3 in column "name", which a header value cannot hold; expected tab, printable ASCII or U+0080–U+00FF',
      },
    ]);
  });
});

describe('runLoadTest with data files', () => {
  it('says which data sources it read, and masks their secret values, before the run', async () => {
    const events: string[] = [];
    const files = new MemoryFiles(events);
    files.files.set(
      'p.yml',
      yaml(
        '  products: { file: data/products.csv }\n  users: { file: data/users.csv, order: unique, secret: [password] }\n',
        '  - { name: s, path: "/p/${data.products.id}?u=${data.users.name}" }\n',
      ),
    );
    files.files.set('data/products.csv', 'id\n1\n2\n3\n');
    files.files.set('data/users.csv', 'name,password\nann,pw-ann-1\n');
    const output = new MemoryOutput(events);
    const engine = new ScriptedEngine((profile) => {
      events.push('engine run');
      return {
        kind: 'ran',
        recording: recordingOf(profile, 1, 5),
        startedAtEpochMs: 0,
        status: 'completed',
      };
    });
    await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      { engine, files, output, environment: makeEnvironment() },
    );
    const note = events.indexOf(
      'info data: products 3 rows (csv, random), users 1 row (csv, unique)',
    );
    expect(note).toBeGreaterThanOrEqual(0);
    expect(note).toBeLessThan(events.indexOf('engine run'));
    expect(output.masked).toEqual(['pw-ann-1']);
  });
});

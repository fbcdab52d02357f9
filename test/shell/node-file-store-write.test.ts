import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileStore } from '../../src/shell/node-file-store.js';

const store = new NodeFileStore();
const workDir = () => mkdtempSync(join(tmpdir(), 'loadgate-store-'));

describe('NodeFileStore writes', () => {
  it('writeText into a path that is a directory fails and leaves no temporary file', async () => {
    const dir = workDir();
    mkdirSync(join(dir, 'out'));
    await expect(store.writeText(join(dir, 'out'), 'text')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/),
    });
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });

  it('writeTextPieces streams the pieces into place', async () => {
    const dir = workDir();
    const pieces = Array.from({ length: 5000 }, (_, i) => `piece ${i} ${'x'.repeat(300)}\n`);
    await store.writeTextPieces(join(dir, 'r.json'), pieces);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(pieces.join(''));
  });

  it('a producer failing midway leaves the old file as it was and no temporary file', async () => {
    const dir = workDir();
    const path = join(dir, 'r.json');
    writeFileSync(path, 'the previous results');
    function* failing() {
      for (let i = 0; i < 20_000; i++) yield `${'y'.repeat(200)}\n`;
      throw new RangeError('Invalid string length');
    }
    await expect(store.writeTextPieces(path, failing())).rejects.toThrow('Invalid string length');
    expect(readFileSync(path, 'utf8')).toBe('the previous results');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('inspectPath resolves spellings and symbolic links to one path', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'b.json'), '{}');
    symlinkSync(join(dir, 'b.json'), join(dir, 'link.json'));
    const direct = await store.inspectPath(join(dir, 'b.json'));
    expect(direct.kind).toBe('file');
    expect((await store.inspectPath(join(dir, '.', 'sub', '..', 'b.json'))).resolvedPath).toBe(
      direct.resolvedPath,
    );
    expect((await store.inspectPath(join(dir, 'link.json'))).resolvedPath).toBe(
      direct.resolvedPath,
    );
    expect(await store.inspectPath(dir)).toMatchObject({ kind: 'directory' });
    expect(await store.inspectPath(join(dir, 'new.json'))).toMatchObject({ kind: 'missing' });
  });
});

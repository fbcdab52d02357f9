import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeReadError } from '../../src/app/describe-read-error.js';
import { NOT_UTF8_TEXT } from '../../src/ports.js';
import { NodeFileStore } from '../../src/shell/node-file-store.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgate-read-'));
const store = new NodeFileStore();

async function readBytes(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return store.readText(path);
}

async function readError(name: string, bytes: Uint8Array): Promise<unknown> {
  return readBytes(name, bytes).then(
    () => {
      throw new Error('expected readText to fail');
    },
    (error: unknown) => error,
  );
}

const utf16le = (text: string) => Buffer.from(text, 'utf16le');

describe('NodeFileStore.readText reads UTF-8 text only', () => {
  it('reads UTF-8 and drops a byte-order mark', async () => {
    expect(await readBytes('plain.yml', 'name: café\n')).toBe('name: café\n');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name: x\n')]);
    expect(await readBytes('bom.yml', withBom)).toBe('name: x\n');
  });

  it.each([
    [
      'UTF-16LE with its byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('name: x\n')]),
    ],
    [
      'UTF-16BE with its byte-order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), utf16le('name: x\n').swap16()]),
    ],
    ['UTF-16LE without a mark', utf16le('name: x\nbaseUrl: http://h\n')],
  ])('refuses %s, saying it looks like UTF-16', async (_name, bytes) => {
    const error = await readError('utf16.yml', bytes);
    expect(error).toMatchObject({ code: NOT_UTF8_TEXT, looksLike: 'utf-16' });
    expect(describeReadError(error)).toBe('not UTF-8 text: it looks like UTF-16; save it as UTF-8');
  });

  it('refuses binary and Latin-1 bytes, saying where', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(describeReadError(await readError('image.json', png))).toBe(
      'not UTF-8 text: it looks like a binary file (byte 0)',
    );
    const latin1 = Buffer.from('name: caf\xe9\n', 'latin1');
    const error = await readError('latin1.yml', latin1);
    expect(error).toMatchObject({
      code: NOT_UTF8_TEXT,
      looksLike: 'other-encoding',
      byteOffset: 9,
    });
    expect(describeReadError(error)).toBe(
      'not UTF-8 text: invalid UTF-8 at byte 9 (Latin-1 or Windows-1252?); save it as UTF-8',
    );
  });

  it('keeps the OS codes for missing files and directories', async () => {
    const missing = await store.readText(join(dir, 'nope.yml')).catch((error: unknown) => error);
    expect(describeReadError(missing)).toBe('no such file');
    const directory = await store.readText(dir).catch((error: unknown) => error);
    expect(describeReadError(directory)).toBe('is a directory');
  });
});

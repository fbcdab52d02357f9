import { createWriteStream } from 'node:fs';
import { mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '../ports.js';
import { decodeUtf8Text } from './decode-utf8-text.js';

/** Files on the local disk. Writes go to a temporary sibling first, so a reader (or a crash
 * mid-write) never sees half a results file. */
export class NodeFileStore implements FileStore {
  /** `readFile(path, 'utf8')` would turn bad bytes into U+FFFD and a UTF-16 file into text full
   * of NULs, which then fail parsing with a misleading message; this says what the file is. */
  async readText(path: string): Promise<string> {
    return decodeUtf8Text(await readFile(path));
  }

  async writeText(path: string, text: string): Promise<void> {
    await writeAtomically(path, (temporary) => writeFile(temporary, text, 'utf8'));
  }

  /** Streams the pieces (batched into ~1 MiB writes, with backpressure) to the temporary file. */
  async writeTextPieces(path: string, pieces: Iterable<string>): Promise<void> {
    await writeAtomically(path, (temporary) =>
      pipeline(Readable.from(batchPieces(pieces)), createWriteStream(temporary)),
    );
  }

  async inspectPath(
    path: string,
  ): Promise<{ kind: 'file' | 'directory' | 'missing' | 'other'; resolvedPath: string }> {
    const absolute = resolve(path);
    try {
      const found = await stat(absolute);
      const kind = found.isFile() ? 'file' : found.isDirectory() ? 'directory' : 'other';
      return { kind, resolvedPath: await realpath(absolute) };
    } catch {
      const directory = await realpath(dirname(absolute)).catch(() => dirname(absolute));
      return { kind: 'missing', resolvedPath: join(directory, basename(absolute)) };
    }
  }
}

/** Characters gathered before one write: few syscalls, bounded memory. */
const BATCH_CHARS = 1 << 20;

function* batchPieces(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= BATCH_CHARS) {
      yield batch.join('');
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

/**
 * Writes through a temporary sibling renamed into place, so a reader never sees half a file;
 * whatever fails (the write, the rename: `path` is a directory, the disk is full), the
 * temporary file is removed before the error is rethrown.
 */
async function writeAtomically(
  path: string,
  write: (temporary: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

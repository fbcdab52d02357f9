import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileStore } from '../ports.js';

/** Files on the local disk. Writes go to a temporary sibling first, so a reader (or a crash
 * mid-write) never sees half a results file. */
export class NodeFileStore implements FileStore {
  readText(path: string): Promise<string> {
    return readFile(path, 'utf8');
  }

  async writeText(path: string, text: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  }
}

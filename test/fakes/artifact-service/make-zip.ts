/**
 * Zip archives for seeding fake artifacts, built with `archiver` — the library @actions/artifact
 * itself zips uploads with — so seeded artifacts look like uploaded ones. archiver ships no types
 * (and @types/archiver is not installed), so the slice used here is typed by hand.
 */
import { createRequire } from 'node:module';

interface ZipArchive {
  append(data: string | Buffer, entry: { name: string }): void;
  finalize(): Promise<void>;
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

type CreateArchive = (format: 'zip', options?: { zlib?: { level: number } }) => ZipArchive;

const createArchive = createRequire(import.meta.url)('archiver') as CreateArchive;

/** One file in an archive: its path inside the zip and its content. */
export interface ZipEntry {
  name: string;
  content: string | Buffer;
}

/** Builds a zip in memory holding `entries`, in order. */
export function makeZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = createArchive('zip', { zlib: { level: 6 } });
    const chunks: Buffer[] = [];
    archive.on('data', (chunk) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
    for (const entry of entries) archive.append(entry.content, { name: entry.name });
    archive.finalize().catch(reject);
  });
}

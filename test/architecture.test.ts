import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  // The lint rule bans I/O imports in src/core; this catches what an import rule cannot see.
  it('src/core reads no clock and no process state', () => {
    const offenders = filesUnder('src/core').filter((file) =>
      /\b(Date\.now|performance\.now|process\.)|new Date\(\)/.test(
        readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('src/index.ts only calls run()', () => {
    const code = readFileSync('src/index.ts', 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(code).toEqual(["import { run } from './main.js';", 'void run();']);
  });

  it('VERSION matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

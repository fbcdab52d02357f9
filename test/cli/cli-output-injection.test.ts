import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

/**
 * A scenario name that, printed raw, writes a GitHub Actions annotation (`::error …`), an
 * old-style command (`##[warning]`), an ANSI colour and a right-to-left override into the log.
 * YAML double quotes spell ESC as `\e`.
 */
const HOSTILE_NAME_YAML = String.raw`"b\n::error title=pwned::injected ##[warning]w\e[31m\u202Eend"`;
/** How the summary table shows it: one line, ESC visible, the `##[` broken, the bidi gone. */
const SHOWN_NAME = 'b ::error title=pwned::injected ##\u200B[warning]w␛[31mend';

function writeProfile(cwd: string, baseUrl: string): void {
  writeFileSync(
    join(cwd, 'hostile.yml'),
    [
      String.raw`name: "shop\e]0;owned\a\r::warning::profile"`,
      `baseUrl: ${baseUrl}`,
      'scenarios:',
      `  - name: ${HOSTILE_NAME_YAML}`,
      '    path: /',
      String.raw`    category: "c\n::notice::x"`,
      '    expect: { status: 201 }',
      'load: { executor: constant-arrival-rate, rate: 20, duration: 1s, warmup: 0s }',
      'thresholds:',
      '  scenarios:',
      `    ${HOSTILE_NAME_YAML}: { errorRate: { critical: 1% } }`,
      '',
    ].join('\n'),
  );
}

/** Every line the runner would read (it ends lines at CR and LF) that it could take as a command. */
function commandLines(run: CliRun): string[] {
  return `${run.stdout}\n${run.stderr}`
    .split(/\r\n|\r|\n/)
    .filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));
}

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('hostile names in CLI output', () => {
  it('run and compare print the names inert: no workflow command, no ESC', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    writeProfile(cwd, server.url);

    const run = await runCli(['run', 'hostile.yml', '--out', 'r.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(SHOWN_NAME);
    expect(run.stdout).toMatch(/verdict: .* FAIL/);
    expect(commandLines(run)).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toContain('\x1b');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);

    const compare = await runCli(['compare', '--current', 'r.json', '--profile', 'hostile.yml'], {
      cwd,
    });
    expect(compare.code).toBe(1);
    expect(compare.stdout).toContain('loadgate: fail');
    expect(commandLines(compare)).toEqual([]);
    expect(`${compare.stdout}${compare.stderr}`).not.toContain('\x1b');
  });

  it('a bad profile echoes hostile keys and values inert and spelled out, exit 2', async () => {
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'bad.yml'),
      [
        'name: bad',
        'baseUrl: http://127.0.0.1:1',
        'scenarios:',
        String.raw`  - { name: a, path: /, "x\n::error::key\e[2J": 1, timeout: "1s\n::error::value\e[2J\u202E" }`,
        'load: { executor: constant-arrival-rate, rate: 1, duration: 1s }',
        '',
      ].join('\n'),
    );
    const run = await runCli(['run', 'bad.yml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('got "1s\\n::error::value\\u001b[2J\\u202e"');
    expect(commandLines(run)).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toContain('\x1b');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

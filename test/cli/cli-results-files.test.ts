import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { simulateRun } from '../helpers/synthetic-run.js';
import { findClosedPort, startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
/** A child that outlived its test (a hang the test timed out on) must not outlive the run. */
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await server?.close();
  server = undefined;
});

const resultsText = () =>
  `${JSON.stringify(
    simulateRun({
      scenarios: [{ name: 'a', ratePerSec: 40, medianMs: 5 }],
      durationMs: 20_000,
      seed: 9,
    }),
    null,
    2,
  )}\n`;

/** How long after the results file appears the test signals (see the SIGTERM test). */
const HANDOVER_MARGIN_MS = 100;

describe('results files on the command line', () => {
  it('compare: a corrupt histogram is exit 2 naming the field, never a stack', async () => {
    const cwd = makeWorkDir();
    const broken = JSON.parse(resultsText());
    broken.timeline[12].histogram = Buffer.from('not a histogram at all').toString('base64');
    writeFileSync(join(cwd, 'good.json'), resultsText());
    writeFileSync(join(cwd, 'bad.json'), JSON.stringify(broken));
    const run = await runCli(['compare', '--current', 'good.json', '--baseline', 'bad.json'], {
      cwd,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--baseline bad.json timeline[12].histogram: is not an HdrHistogram',
    );
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('run: --out naming the --baseline file, or a directory, is exit 2 before any load', async () => {
    const cwd = makeWorkDir();
    const port = await findClosedPort();
    writeFileSync(join(cwd, 'b.json'), resultsText());
    mkdirSync(join(cwd, 'dir'));
    const target = ['--target', `http://127.0.0.1:${port}/`, '--rate', '5', '--duration', '1s'];
    const same = await runCli(['run', ...target, '--out', './b.json', '--baseline', 'b.json'], {
      cwd,
    });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--out: ./b.json is also the --baseline file');
    expect(readFileSync(join(cwd, 'b.json'), 'utf8')).toBe(resultsText());
    const dir = await runCli(['run', ...target, '--out', 'dir'], { cwd });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('--out: dir is a directory; expected a file path');
    expect(readdirSync(cwd).sort()).toEqual(['b.json', 'dir']);
    expect(readdirSync(join(cwd, 'dir'))).toEqual([]);
  });

  it('on SIGHUP stops like SIGTERM: writes what was measured and exits 130', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(['run', '--target', server.url, '--rate', '50', '--duration', '1m'], {
      cwd,
      during: (child) => {
        let armed = false;
        child.stdout?.on('data', (chunk: Buffer) => {
          if (armed || !chunk.toString().includes('[measuring')) return;
          armed = true;
          setTimeout(() => child.kill('SIGHUP'), 1500);
        });
      },
    });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGHUP: stopping/);
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.status).toBe('interrupted');
  }, 30_000);

  it('SIGTERM while judging 20,000 scenarios ends the process at once, the results file kept', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const scenarios = Array.from({ length: 20_000 }, (_, i) => `  - { name: s${i}, path: /p${i} }`);
    writeFileSync(
      join(cwd, 'many.yml'),
      `name: many\nbaseUrl: ${server.url}\nload: { executor: constant-arrival-rate, rate: 20, duration: 1s, warmup: 0s }\nscenarios:\n${scenarios.join('\n')}\n`,
    );
    const resultsPath = join(cwd, 'r.json');
    let signalledAfterResults = false;
    const run = await runCli(
      ['run', 'many.yml', '--out', 'r.json', '--markdown', 'report.md', '--json', 'verdict.json'],
      {
        cwd,
        // The results file appears (renamed into place) before judging starts: signal shortly
        // after. Not at the very moment it appears: the process hands the signals back to their
        // default once the rename has completed on its side, and a loaded machine can show the
        // file to this test first. Judging 20,000 scenarios takes far longer than the margin.
        during: (started) => {
          child = started;
          const poll = setInterval(() => {
            if (!existsSync(resultsPath)) return;
            clearInterval(poll);
            setTimeout(() => {
              signalledAfterResults = true;
              started.kill('SIGTERM');
            }, HANDOVER_MARGIN_MS);
          }, 5);
          started.on('close', () => clearInterval(poll));
        },
      },
    );
    expect(signalledAfterResults).toBe(true);
    // Ended by the signal itself (not a clean exit after judging finished, not a hang).
    expect(run.signal).toBe('SIGTERM');
    const result = JSON.parse(readFileSync(resultsPath, 'utf8'));
    expect(result.scenarios).toHaveLength(20_000);
    expect(existsSync(join(cwd, 'verdict.json'))).toBe(false);
  }, 60_000);
});

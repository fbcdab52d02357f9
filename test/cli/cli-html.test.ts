import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { simulateRun } from '../helpers/synthetic-run.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('--html (CLI)', () => {
  it('a directory as --html: exit 2 naming --html, before any request is sent', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    mkdirSync(join(cwd, 'reports'));
    const run = await runCli(
      [
        'run',
        '--target',
        `${server.url}/`,
        '--rate',
        '20',
        '--duration',
        '1s',
        '--html',
        'reports',
      ],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--html: reports is a directory; expected a file path, e.g. reports/report.html',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
  });

  it('compare --html writes the page for a results file and its baseline', async () => {
    const cwd = makeWorkDir();
    const scenarios = [{ name: 'list', ratePerSec: 50, medianMs: 8 }];
    const write = (name: string, seed: number) =>
      writeFileSync(
        join(cwd, name),
        JSON.stringify(simulateRun({ scenarios, durationMs: 10_000, seed })),
      );
    write('base.json', 1);
    write('pr.json', 2);
    const run = await runCli(
      ['compare', '--current', 'pr.json', '--baseline', 'base.json', '--html', 'out/r.html'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('html report: out/r.html');
    const html = readFileSync(join(cwd, 'out/r.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h2>Baseline</h2><dl>');
  });
});

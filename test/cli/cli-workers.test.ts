import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loadgate run --workers (CLI)', () => {
  it('runs on 2 engine threads and writes one exact results file', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(
      ['run', '--target', server.url, '--rate', '200', '--duration', '1s', '--workers', '2'],
      { cwd },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('engine: 2 worker threads');
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.status).toBe('completed');
    expect(result.load.plannedRequests).toBe(200);
    expect(result.totals.requests).toBe(200);
    expect(result.warmup.requests + result.totals.requests).toBe(server.requestCount());
  }, 30_000);

  it('refuses a bad --workers with exit 2 before any load', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(['run', '--target', server.url, '--rate', '10', '--workers', 'many'], {
      cwd,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--workers: expected a whole number of worker threads from 1 to 64, or auto, got "many"',
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
    expect(existsSync(join(cwd, 'loadgate-results.json'))).toBe(false);
  });

  it('on SIGINT stops every thread, writes what was measured, and exits 130', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const args = ['run', '--target', server.url, '--rate', '100', '--duration', '1m'];
    const run = await runCli([...args, '--workers', '2'], {
      cwd,
      during: (child) => {
        let armed = false;
        child.stdout?.on('data', (chunk: Buffer) => {
          if (armed || !chunk.toString().includes('[measuring')) return;
          armed = true;
          setTimeout(() => child.kill('SIGINT'), 1000);
        });
      },
    });
    expect(run.code).toBe(130);
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.status).toBe('interrupted');
    expect(result.totals.requests).toBeGreaterThan(50);
    // Every answer counted once; requests cut in flight may or may not have reached the server.
    const answered = result.totals.requests + result.warmup.requests;
    expect(server.requestCount()).toBeGreaterThanOrEqual(answered);
    expect(server.requestCount()).toBeLessThanOrEqual(answered + result.totals.interrupted);
    expect(result.durationMs).toBeLessThan(10_000);
  }, 30_000);
});

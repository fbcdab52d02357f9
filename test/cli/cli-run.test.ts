import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { findClosedPort, startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('loadgate run (CLI)', () => {
  it('runs one URL without a profile and writes the results file', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(
      [
        'run',
        '--target',
        `${server.url}/health?token=abc`,
        '--rate',
        '50',
        '--duration',
        '1s',
        '--out',
        'out/r.json',
      ],
      { cwd },
    );
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(join(cwd, 'out/r.json'), 'utf8'));
    expect(result.schemaVersion).toBe(1);
    expect(result.totals.requests).toBe(50);
    // The target's query values are sent but never written: they may be secrets.
    expect(result.scenarios[0].path).toBe('/health?token=***');
    expect(run.stdout).toMatch(/GET \/health/);
    expect(run.stdout).toContain('results: out/r.json');
    expect(server.requests.every((r) => r.path === '/health?token=abc')).toBe(true);
  });

  it('lists every problem of a bad profile with its path, exit 2, no stack trace', async () => {
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'bad.yml'),
      'name: x\nbaseUrl: http://127.0.0.1:1\nheaders: { authorization: "Bearer ${NOPE_TOKEN}" }\nscenarios:\n  - { name: a, path: /a, metod: GET }\nload:\n  executor: ramping-arrival-rate\n  stages:\n    - { duration: 30 secs, target: 10 }\n',
    );
    const run = await runCli(['run', 'bad.yml'], { cwd, env: { NOPE_TOKEN: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /load\.stages\[0\]\.duration: expected a duration like 500ms, 30s or 1m30s/,
    );
    expect(run.stderr).toMatch(/scenarios\[0\].*metod/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports bad flags together, exit 2', async () => {
    const run = await runCli(['run', '--rat', '5', '--duration'], { cwd: makeWorkDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--rat: unknown option');
    expect(run.stderr).toContain('--duration: needs a value');
  });

  it('exits 3 at once when the target refuses connections', async () => {
    const port = await findClosedPort();
    const cwd = makeWorkDir();
    const started = performance.now();
    const run = await runCli(
      ['run', '--target', `http://127.0.0.1:${port}/`, '--rate', '10', '--duration', '1m'],
      { cwd },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /could not connect to http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('on SIGINT stops, still writes what was measured, and exits 130', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(['run', '--target', server.url, '--rate', '100', '--duration', '1m'], {
      cwd,
      // Interrupt once measuring has visibly started (start-up time varies on a loaded machine).
      during: (child) => {
        let armed = false;
        child.stdout?.on('data', (chunk: Buffer) => {
          if (armed || !chunk.toString().includes('[measuring')) return;
          armed = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        });
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT: stopping/);
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.status).toBe('interrupted');
    expect(result.totals.requests).toBeGreaterThan(50);
    expect(result.durationMs).toBeLessThan(10_000);
  }, 20_000);

  it('masks values substituted from the environment in everything it prints', async () => {
    server = await startTargetServer({ status: 500 });
    const cwd = makeWorkDir();
    writeFileSync(
      join(cwd, 'p.yml'),
      `name: secret-test\nbaseUrl: ${server.url}\nheaders: { authorization: "Bearer \${SHH}" }\nscenarios:\n  - { name: "call \${SHH}", path: "/s?k=\${SHH}" }\nload: { executor: constant-arrival-rate, rate: 20, duration: 500ms, warmup: 0s }\n`,
    );
    const run = await runCli(['run', 'p.yml'], { cwd, env: { SHH: 'hunter2-very-secret' } });
    // Every answer is a 500: the default error-rate guard fails the gate, even without rules.
    expect(run.code).toBe(1);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer hunter2-very-secret');
    expect(run.stdout + run.stderr).not.toContain('hunter2-very-secret');
    expect(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8')).not.toContain(
      'hunter2-very-secret',
    );
  });
});

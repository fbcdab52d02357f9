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

describe('loadgate run --wait-for (CLI)', { timeout: 20_000 }, () => {
  it('refuses a bad --wait-timeout before anything is sent: exit 2 naming the flag', async () => {
    server = await startTargetServer();
    const run = await runCli(
      [
        'run',
        '--target',
        server.url,
        '--rate',
        '10',
        '--duration',
        '1s',
        '--wait-for',
        '/healthz',
        '--wait-timeout',
        '10',
        '--wait-for-status',
        '2OO',
      ],
      { cwd: makeWorkDir() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--wait-timeout: expected a duration from 1s to 6h like 30s or 10m, got "10" (add a unit: "10s")',
    );
    expect(run.stderr).toContain('--wait-for-status: expected an HTTP status from 100 to 599');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
  });

  it('gives up on a target that never gets ready: exit 3, its own message, no load sent', async () => {
    server = await startTargetServer({
      status: (req) => (req.path === '/healthz' ? 503 : 200),
    });
    const cwd = makeWorkDir();
    const run = await runCli(
      [
        'run',
        '--target',
        server.url,
        '--rate',
        '50',
        '--duration',
        '1s',
        '--wait-for',
        '/healthz',
        '--wait-timeout',
        '2s',
      ],
      { cwd },
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      `waiting for ${server.url}/healthz to answer 200 3 times in a row (up to 2s)`,
    );
    const tries = server.requestCount();
    expect(run.stderr).toContain(
      `target not ready after 2s: GET /healthz answered 503 (last of ${tries} tries); no load was sent`,
    );
    // Never judged as a regression: there is no verdict, and no results file.
    expect(run.stdout).not.toMatch(/regress|verdict/i);
    expect(existsSync(join(cwd, 'loadgate-results.json'))).toBe(false);
    // The target saw the readiness tries only.
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(server.requests.every((r) => r.path === '/healthz')).toBe(true);
  });

  it('waits for a ready target, then measures the load alone: the tries are not in the figures', async () => {
    server = await startTargetServer();
    const cwd = makeWorkDir();
    const run = await runCli(
      [
        'run',
        '--target',
        `${server.url}/`,
        '--rate',
        '20',
        '--duration',
        '1s',
        '--wait-for',
        '/healthz',
        '--wait-for-body',
        'ok',
      ],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /target ready: GET \/healthz answered 200 3 times in a row \(3 tries, \d s\)/,
    );
    const readiness = server.requests.filter((r) => r.path === '/healthz');
    expect(readiness).toHaveLength(3);
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    expect(result.totals.requests).toBe(20);
    expect(result.scenarios.map((s: { path: string }) => s.path)).toEqual(['/']);
    // The rest is the load (and its warm-up), all on the profile's path, after the tries.
    const load = server.requests.filter((r) => r.path !== '/healthz');
    expect(load.length).toBeGreaterThanOrEqual(20);
    expect(load.every((r) => r.path === '/')).toBe(true);
    const lastTryMs = Math.max(...readiness.map((r) => r.atMs));
    expect(load.every((r) => r.atMs > lastTryMs)).toBe(true);
  });
  it('refuses bad --wait-for-header values before anything is sent: exit 2, the value unprinted', async () => {
    server = await startTargetServer();
    const secret = 'byp4ss-s3cret-value';
    const run = await runCli(
      [
        'run',
        '--target',
        server.url,
        '--rate',
        '10',
        '--duration',
        '1s',
        '--wait-for',
        '/healthz',
        '--wait-for-header',
        secret,
        '--wait-for-header',
        `x-bypass: ${secret}\r\nx-smuggled: 1`,
      ],
      { cwd: makeWorkDir() },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--wait-for-header[0]: expected Name: value');
    expect(run.stderr).toContain('--wait-for-header[1]: the value of x-bypass has U+000D');
    expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
    expect(server.requestCount()).toBe(0);
  });

  it('sends the wait headers with each try and prints none of their values', async () => {
    server = await startTargetServer();
    const secret = 'byp4ss-s3cret-value';
    const run = await runCli(
      [
        'run',
        '--target',
        server.url,
        '--rate',
        '10',
        '--duration',
        '1s',
        '--wait-for',
        '/healthz',
        '--wait-for-header',
        `X-Vercel-Protection-Bypass: ${secret}`,
      ],
      { cwd: makeWorkDir() },
    );
    expect(run.code).toBe(0);
    const tries = server.requests.filter((r) => r.path === '/healthz');
    expect(tries).toHaveLength(3);
    expect(tries.every((r) => r.headers['x-vercel-protection-bypass'] === secret)).toBe(true);
    // The wait's own header: the load is the profile's requests only.
    const load = server.requests.filter((r) => r.path !== '/healthz');
    expect(load.some((r) => r.headers['x-vercel-protection-bypass'] !== undefined)).toBe(false);
    expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
  });
});

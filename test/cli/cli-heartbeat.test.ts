import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readResultsFile } from '../../src/core/result/read-results-file.js';
import { listenOnLoopback } from '../helpers/loopback-port.js';
import {
  ensurePrometheusTools,
  PROMTOOL_BIN,
  type Pushgateway,
  parseExposition,
  type ScrapedSample,
  startPushgateway,
} from '../helpers/pushgateway.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';

let server: TargetServer | undefined;
let gateway: Pushgateway | undefined;
let busy: Server | undefined;
afterEach(async () => {
  await server?.close();
  await gateway?.stop();
  await new Promise<void>((resolve) => (busy ? busy.close(() => resolve()) : resolve()));
  server = undefined;
  gateway = undefined;
  busy = undefined;
});

beforeAll(() => ensurePrometheusTools());

/** A health check that answers and a scenario whose backend answers 503. */
function writeProfile(cwd: string, baseUrl: string): string {
  const path = join(cwd, 'heartbeat.yml');
  writeFileSync(
    path,
    [
      'name: shop-heartbeat',
      `baseUrl: ${baseUrl}`,
      'environment: staging',
      'scenarios:',
      '  - { name: health, path: /health }',
      '  - { name: orders, category: normal, path: /fail }',
      // No `load` section: the heartbeat never reads one, so it need not be written.
      '',
    ].join('\n'),
  );
  return path;
}

/** A target where `/fail` answers 503 and everything else 200. */
function startFailingTarget(): Promise<TargetServer> {
  return startTargetServer({ status: (req) => (req.path === '/fail' ? 503 : 200) });
}

/** Resolves with the first match of `pattern` in the child's stdout. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => reject(new Error(`exited before printing ${pattern}: ${seen}`)));
  });
}

/** Polls `read` until `done` says so (every 50 ms, for up to 15 s). */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || performance.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL_BIN, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

function sampleValue(
  samples: readonly ScrapedSample[],
  name: string,
  labels: Record<string, string>,
) {
  const found = samples.filter(
    (s) =>
      s.name === name &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v) &&
      ('scenario' in labels || !('scenario' in s.labels)),
  );
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]?.value;
}

describe('loadgate heartbeat (CLI)', () => {
  it('serves /metrics that parse and count the probes; SIGTERM ends it with exit 0 and --out', async () => {
    server = await startFailingTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    let scraped = '';
    let countsAround: [number, number] = [0, 0];
    const run = await runCli(
      ['heartbeat', profile, '--interval', '100ms', '--listen', '127.0.0.1:0', '--out', 'hb.json'],
      {
        cwd,
        during: (child) => {
          void (async () => {
            const [, url] = await waitForOutput(child, /metrics on (http:\/\/[^\s;]+\/metrics)/);
            // Until the failing scenario has failed three times in a row.
            await pollUntil(
              async () => (await fetch(url as string)).text(),
              (text) =>
                /loadgate_probe_consecutive_failures\{[^}]*scenario="orders"[^}]*\} [3-9]/.test(
                  text,
                ),
            );
            const before = server?.requestCount() ?? 0;
            const response = await fetch(url as string);
            scraped = await response.text();
            countsAround = [before, server?.requestCount() ?? 0];
            expect(response.headers.get('content-type')).toBe(
              'text/plain; version=0.0.4; charset=utf-8',
            );
            child.kill('SIGTERM');
          })().catch(() => child.kill('SIGKILL'));
        },
      },
    );
    expect(run.stderr).toContain(
      'heartbeat: "orders" is DOWN: 3 probes in a row failed (--fail-after 3); the last: failed 503 (http_5xx)',
    );
    // SIGTERM is how a heartbeat ends: exit 0, the results written.
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('results: hb.json');

    expect(await promtoolCheck(scraped)).toEqual({ code: 0, output: '' });
    const samples = parseExposition(scraped);
    const common = { profile: 'shop-heartbeat', environment: 'staging' };
    const orders = { ...common, scenario: 'orders', category: 'normal' };
    const health = { ...common, scenario: 'health' };
    expect(sampleValue(samples, 'loadgate_probe_success', orders)).toBe(0);
    expect(sampleValue(samples, 'loadgate_probe_success', health)).toBe(1);
    expect(
      sampleValue(samples, 'loadgate_probe_consecutive_failures', orders),
    ).toBeGreaterThanOrEqual(3);
    // Every finished probe is counted once: between the requests the target had seen before the
    // scrape (one might still have been in flight) and after it.
    const finished =
      (sampleValue(samples, 'loadgate_probes_total', { ...health, outcome: 'success' }) ?? 0) +
      (sampleValue(samples, 'loadgate_probes_total', { ...orders, outcome: 'failure' }) ?? 0);
    expect(finished).toBeGreaterThanOrEqual(countsAround[0] - 1);
    expect(finished).toBeLessThanOrEqual(countsAround[1]);
    expect(
      sampleValue(samples, 'loadgate_http_requests_total', { ...common, outcome: 'failed' }),
    ).toBe(sampleValue(samples, 'loadgate_http_request_duration_seconds_count', orders));
    expect(sampleValue(samples, 'loadgate_run_info', common)).toBe(1);
    expect(samples.find((s) => s.name === 'loadgate_run_info')?.labels).toMatchObject({
      layer: 'heartbeat',
      interval: 'every-100ms',
      target: server.url,
    });

    // The results file of the whole heartbeat holds every probe the target received.
    const read = readResultsFile(readFileSync(join(cwd, 'hb.json'), 'utf8'), 'hb.json');
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    const { totals } = read.result;
    expect(totals.requests + totals.interrupted).toBe(server.requestCount());
    expect(read.result.scenarios.map((s) => s.totals.failed)).toEqual([0, expect.any(Number)]);
    expect(read.result.run).toEqual({ layer: 'heartbeat', interval: 'every-100ms' });
    expect(read.result.status).toBe('completed');
  });

  it('--exit-on-failure: the failing scenario stops it with the loud line, exit 1, --out written', async () => {
    server = await startFailingTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const run = await runCli(
      [
        'heartbeat',
        profile,
        '--interval',
        '100ms',
        '--fail-after',
        '3',
        '--exit-on-failure',
        '--out',
        'hb.json',
      ],
      { cwd },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'error: heartbeat: "orders" is DOWN: 3 probes in a row failed (--fail-after 3); the last: failed 503 (http_5xx); stopping (--exit-on-failure)',
    );
    // health, orders, health, orders, health, orders: the sixth probe was the third failure.
    expect(server.requests.map((r) => r.path)).toEqual([
      '/health',
      '/fail',
      '/health',
      '/fail',
      '/health',
      '/fail',
    ]);
    const result = JSON.parse(readFileSync(join(cwd, 'hb.json'), 'utf8'));
    expect(result.status).toBe('aborted');
    expect(result.abortReason).toBe('"orders" failed 3 probes in a row');
    expect(result.totals).toMatchObject({ requests: 6, ok: 3, failed: 3 });
  });

  it('a --listen port already in use is exit 2 naming --listen, before any probe', async () => {
    server = await startFailingTarget();
    const cwd = makeWorkDir();
    busy = createServer();
    const port = await listenOnLoopback(busy);
    const run = await runCli(
      ['heartbeat', writeProfile(cwd, server.url), '--listen', `127.0.0.1:${port}`],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--listen: 127.0.0.1:${port} is already in use (another heartbeat or exporter?); choose another port`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.requestCount()).toBe(0);
  });

  it('bad flags are exit 2 naming each flag, before any probe', async () => {
    server = await startFailingTarget();
    const cwd = makeWorkDir();
    const run = await runCli(
      ['heartbeat', writeProfile(cwd, server.url), '--interval', '5', '--fail-after', 'x'],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--interval: expected a duration like 500ms, 30s or 1m30s');
    expect(run.stderr).toContain('--fail-after: expected a whole number of failed probes');
    expect(server.requestCount()).toBe(0);
  });

  it('pushes to a real Pushgateway every N probes, grouped as a heartbeat, the last push on stop', async () => {
    server = await startFailingTarget();
    gateway = await startPushgateway();
    const cwd = makeWorkDir();
    const pushed = gateway;
    const run = await runCli(
      [
        'heartbeat',
        writeProfile(cwd, server.url),
        '--interval',
        '100ms',
        '--pushgateway',
        pushed.url,
        '--push-every',
        '2',
        '--out',
        'hb.json',
      ],
      {
        cwd,
        during: (child) => {
          void (async () => {
            await pollUntil(
              () => pushed.scrape(),
              (samples) => samples.some((s) => s.name === 'loadgate_probes_total'),
            );
            child.kill('SIGTERM');
          })().catch(() => child.kill('SIGKILL'));
        },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('could not push');
    const samples = await pushed.scrape();
    const group = {
      job: 'loadgate',
      profile: 'shop-heartbeat',
      layer: 'heartbeat',
      interval: 'every-100ms',
      environment: 'staging',
    };
    // The last push came after the last probe: the gateway holds the whole heartbeat's counts.
    const result = JSON.parse(readFileSync(join(cwd, 'hb.json'), 'utf8'));
    const health = sampleValue(samples, 'loadgate_probes_total', {
      ...group,
      scenario: 'health',
      outcome: 'success',
    });
    const orders = sampleValue(samples, 'loadgate_probes_total', {
      ...group,
      scenario: 'orders',
      outcome: 'failure',
    });
    expect((health ?? 0) + (orders ?? 0)).toBe(result.totals.requests);
    expect(result.totals.requests).toBeGreaterThanOrEqual(2);
  });
});

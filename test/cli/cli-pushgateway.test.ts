/**
 * `loadgate run --pushgateway URL --prometheus-file FILE` and `loadgate pushgateway delete`,
 * end to end: the CLI in a child process, a real target on loopback, a real Pushgateway.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  findSample,
  type Pushgateway,
  parseExposition,
  startPushgateway,
} from '../helpers/pushgateway.js';
import { makeWorkDir, runCli } from '../helpers/run-cli.js';
import { findClosedPort, startTargetServer, type TargetServer } from '../helpers/target-server.js';

let gateway: Pushgateway;
let server: TargetServer | undefined;

beforeAll(async () => {
  gateway = await startPushgateway();
});
afterAll(async () => {
  await gateway?.stop();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Two scenarios, one a policy probe answered 403 (blocked), a `/` in the profile's name, an
 * environment in the profile; `failing` adds a threshold the run is sure to break (1,000 rps).
 */
function writeProfile(cwd: string, url: string, failing = false): string {
  writeFileSync(
    join(cwd, 'p.yml'),
    `name: shop/checkout
baseUrl: ${url}
environment: staging
scenarios:
  - { name: home, path: /, weight: 3 }
  - { name: policy/deny, category: policy, path: /deny, weight: 1, expect: { status: 403 } }
load: { executor: constant-arrival-rate, rate: 40/s, duration: 1s, warmup: 0s }
${failing ? 'thresholds:\n  rps: { critical: ">= 1000" }\n' : ''}`,
  );
  return 'p.yml';
}

function startTarget() {
  return startTargetServer({ status: (req) => (req.path === '/deny' ? 403 : 200) });
}

/** Every group the gateway holds, as its `push_time_seconds` samples' labels. */
async function groups() {
  return (await gateway.scrape('push_time_seconds')).map((s) => s.labels);
}

describe('loadgate run --pushgateway (CLI)', { timeout: 60_000 }, () => {
  beforeEach(async () => {
    // Start every test from an empty gateway.
    for (const group of await groups()) {
      const { job, instance: _, ...labels } = group;
      const path = Object.entries(labels)
        .map(([k, v]) => `/${k}@base64/${v === '' ? '=' : Buffer.from(v).toString('base64url')}`)
        .join('');
      await fetch(`${gateway.url}/metrics/job/${job}${path}`, { method: 'DELETE' });
    }
    expect(await groups()).toEqual([]);
  });

  it('pushes the run: the gateway serves the results file’s values; the file has the same text', async () => {
    server = await startTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const run = await runCli(
      [
        'run',
        profile,
        '--pushgateway',
        gateway.url,
        '--prometheus-file',
        'out/loadgate.prom',
        '--client',
        'team-a',
      ],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `metrics pushed to ${gateway.url} (job="loadgate" profile="shop/checkout" target="${server.url}" layer="manual" interval="manual")`,
    );
    expect(run.stdout).toContain('metrics: out/loadgate.prom');
    const result = JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8'));
    const samples = await gateway.scrape();
    const group = {
      job: 'loadgate',
      profile: 'shop/checkout',
      target: server.url,
      layer: 'manual',
      interval: 'manual',
      environment: 'staging',
      client: 'team-a',
    };
    const duration = 'loadgate_http_request_duration_seconds';
    expect(findSample(samples, duration, { ...group, quantile: '0.95' })?.value).toBe(
      result.latencyMs.p95 / 1000,
    );
    const policy = result.scenarios[1];
    expect(
      findSample(samples, duration, {
        ...group,
        scenario: 'policy/deny',
        category: 'policy',
        quantile: '0.95',
      })?.value,
    ).toBe(policy.latencyMs.p95 / 1000);
    const outcomes: Array<[string, string]> = [
      ['ok', 'ok'],
      ['blocked', 'blocked'],
      ['failed', 'failed'],
      ['error', 'errors'],
    ];
    for (const [outcome, field] of outcomes) {
      const sample = findSample(samples, 'loadgate_http_requests_total', { ...group, outcome });
      expect(sample?.value, outcome).toBe(result.totals[field]);
    }
    expect(result.totals.blocked).toBeGreaterThan(0);
    expect(findSample(samples, 'loadgate_verdict', { ...group, verdict: 'pass' })?.value).toBe(1);
    // The file holds the same samples the gateway serves (the gateway adds its grouping labels).
    const file = parseExposition(readFileSync(join(cwd, 'out/loadgate.prom'), 'utf8'));
    expect(file.length).toBeGreaterThan(40);
    for (const sample of file) {
      const served = findSample(samples, sample.name, { ...sample.labels, job: 'loadgate' });
      expect(served?.value, `${sample.name} ${JSON.stringify(sample.labels)}`).toEqual(
        sample.value,
      );
    }
  });

  it('replaces the last run of the same kind, and pushgateway delete removes exactly that group', async () => {
    server = await startTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    for (let i = 0; i < 2; i++) {
      expect((await runCli(['run', profile, '--pushgateway', gateway.url], { cwd })).code).toBe(0);
    }
    expect(await groups()).toHaveLength(1);

    // Another layer is another group: it is not the one deleted.
    const other = await runCli(
      ['pushgateway', 'delete', profile, '--pushgateway', gateway.url, '--layer', 'scheduled'],
      { cwd },
    );
    expect(other.code).toBe(0);
    expect(await groups()).toHaveLength(1);

    const deleted = await runCli(['pushgateway', 'delete', profile, '--pushgateway', gateway.url], {
      cwd,
    });
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(
      `deleted from ${gateway.url}: job="loadgate" profile="shop/checkout" target="${server.url}" layer="manual" interval="manual"`,
    );
    expect(await groups()).toEqual([]);
    expect(await gateway.scrape()).toEqual([]);
    // Deleting sends nothing to the target.
    expect(server.requestCount()).toBe(80);
  });

  it('warns with the gateway’s 400 body verbatim and keeps the exit code of the verdict', async () => {
    // Another group has loadgate_verdict as a counter: the gateway refuses our gauge.
    const conflict = '# TYPE loadgate_verdict counter\nloadgate_verdict 1\n';
    const put = await fetch(`${gateway.url}/metrics/job/other`, { method: 'PUT', body: conflict });
    expect(put.status).toBe(200);
    server = await startTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url, true);
    const run = await runCli(['run', profile, '--pushgateway', gateway.url], { cwd });
    expect(run.code).toBe(1);
    // The gateway's answer as it gave it. Which of the two conflicting metrics it names depends
    // on the order it gathers its groups in: either way the conflict is loadgate_verdict's type.
    expect(run.stderr).toMatch(
      /warning: could not push the metrics to the Pushgateway \(the verdict stands\): the Pushgateway answered 400: pushed metrics are invalid or inconsistent with existing metrics: [\s\S]*collected metric "loadgate_verdict" [\s\S]* is not a (COUNTER|GAUGE)\n/,
    );
    expect(run.stdout).toContain('verdict: ');
    expect(JSON.parse(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8')).schemaVersion).toBe(
      1,
    );
    await fetch(`${gateway.url}/metrics/job/other`, { method: 'DELETE' });
  });

  it('warns when the gateway is down; the run passes (exit 0) and its results are written', async () => {
    server = await startTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const down = `http://127.0.0.1:${await findClosedPort()}`;
    const run = await runCli(['run', profile, '--pushgateway', down], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `could not push the metrics to the Pushgateway (the verdict stands): could not reach the Pushgateway at ${down}`,
    );
    expect(readFileSync(join(cwd, 'loadgate-results.json'), 'utf8')).toContain('"schemaVersion"');
  });

  it('refuses a bad --pushgateway or --environment before any load is sent (exit 2)', async () => {
    server = await startTarget();
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, server.url);
    const run = await runCli(
      [
        'run',
        profile,
        '--pushgateway',
        'https://ci:hunter2-secret@gw.example',
        '--environment',
        'prod eu',
      ],
      { cwd },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--pushgateway: credentials in the URL');
    expect(run.stderr).toContain('--environment: expected letters, digits');
    expect(run.stderr).not.toContain('hunter2-secret');
    expect(server.requestCount()).toBe(0);
  });

  it('pushgateway delete says why it could not delete (exit 3) and checks its input (exit 2)', async () => {
    const cwd = makeWorkDir();
    const profile = writeProfile(cwd, 'http://127.0.0.1:1');
    const down = `http://127.0.0.1:${await findClosedPort()}`;
    const failed = await runCli(['pushgateway', 'delete', profile, '--pushgateway', down], { cwd });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('could not delete the group');
    expect(failed.stderr).toContain(`could not reach the Pushgateway at ${down}`);
    const bad = await runCli(['pushgateway', 'delete', '--layer', 'nightly'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--pushgateway: required');
    expect(bad.stderr).toContain('PROFILE: required');
    expect(bad.stderr).toContain('--layer: expected one of heartbeat');
  });
});

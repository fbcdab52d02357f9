import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRunFamilies } from '../../../src/core/render/prometheus-run.js';
import { renderExposition } from '../../../src/core/render/prometheus-text.js';
import { buildGroupingPath, type GroupingKey } from '../../../src/core/render/pushgateway-path.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import {
  PushgatewayClient,
  PushgatewayError,
  readPushgatewayAuth,
} from '../../../src/shell/prometheus/pushgateway-client.js';
import { findClosedPort, listenOnLoopback } from '../../helpers/loopback-port.js';
import { RUN_LABELS, RUN_RESULT, RUN_VERDICT } from '../../helpers/prometheus-run-case.js';
import { findSample, type Pushgateway, startPushgateway } from '../../helpers/pushgateway.js';

const KEY: GroupingKey = {
  profile: RUN_RESULT.profile.name,
  target: RUN_RESULT.target,
  layer: 'scheduled',
  interval: 'daily',
};
const PATH = buildGroupingPath(KEY);

function expositionOf(result: ResultsFileV1): string {
  return renderExposition(buildRunFamilies(result, RUN_VERDICT, RUN_LABELS));
}

let gateway: Pushgateway;
const client = new PushgatewayClient({ timeoutMs: 5_000 });

beforeAll(async () => {
  gateway = await startPushgateway();
});

afterAll(async () => {
  await gateway?.stop();
});

beforeEach(async () => {
  // Each test starts from an empty gateway: wipe every group (the admin API is off by default).
  for (const path of [PATH, '/metrics/job/other']) await client.delete(gateway.url, path);
});

describe('PushgatewayClient against a real Pushgateway', () => {
  it('pushes a run whose scraped values equal the results file', async () => {
    await client.push(gateway.url, PATH, expositionOf(RUN_RESULT));
    const samples = await gateway.scrape();
    const group = {
      job: 'loadgate',
      profile: 'shop/checkout',
      target: 'http://127.0.0.1:8080/api/v1',
      layer: 'scheduled',
      interval: 'daily',
      environment: 'staging',
      client: 'team-a',
    };
    const duration = 'loadgate_http_request_duration_seconds';
    expect(findSample(samples, duration, { ...group, quantile: '0.95' })?.value).toBe(
      RUN_RESULT.latencyMs.p95 / 1000,
    );
    const policy = RUN_RESULT.scenarios[1];
    expect(
      findSample(samples, duration, { ...group, scenario: 'policy/deny', quantile: '0.95' })?.value,
    ).toBe((policy?.latencyMs.p95 ?? Number.NaN) / 1000);
    const requests = 'loadgate_http_requests_total';
    expect(findSample(samples, requests, { ...group, outcome: 'ok' })?.value).toBe(
      RUN_RESULT.totals.ok,
    );
    expect(findSample(samples, requests, { ...group, outcome: 'blocked' })?.value).toBe(
      RUN_RESULT.totals.blocked,
    );
    expect(findSample(samples, requests, { ...group, outcome: 'failed' })?.value).toBe(
      RUN_RESULT.totals.failed,
    );
    expect(findSample(samples, requests, { ...group, outcome: 'error' })?.value).toBe(
      RUN_RESULT.totals.errors,
    );
    expect(findSample(samples, 'loadgate_verdict', { ...group, verdict: 'warn' })?.value).toBe(1);
    expect(findSample(samples, 'loadgate_verdict', { ...group, verdict: 'pass' })?.value).toBe(0);
    expect(
      findSample(samples, 'loadgate_run_info', {
        ...group,
        commit: RUN_RESULT.environment.gitSha ?? '',
      })?.value,
    ).toBe(1);
    // The gateway adds its own record of the push to the group, with the grouping labels only
    // (and an empty instance, which Prometheus reads as none).
    const pushed = await gateway.scrape('push_time_seconds');
    const { environment: _, client: __, ...grouping } = group;
    expect(pushed).toEqual([
      {
        name: 'push_time_seconds',
        labels: { ...grouping, instance: '' },
        value: expect.any(Number),
      },
    ]);
  });

  it('replaces the whole group on a second push (PUT): a scenario gone from the run goes', async () => {
    await client.push(gateway.url, PATH, expositionOf(RUN_RESULT));
    const oneScenario = { ...RUN_RESULT, scenarios: RUN_RESULT.scenarios.slice(0, 1) };
    const faster = { ...oneScenario, latencyMs: { ...RUN_RESULT.latencyMs, p95: 11 } };
    await client.push(gateway.url, PATH, expositionOf(faster));
    const samples = await gateway.scrape();
    const p95 = samples.filter(
      (s) => s.name === 'loadgate_http_request_duration_seconds' && s.labels.quantile === '0.95',
    );
    expect(p95.map((s) => [s.labels.scenario ?? '', s.value])).toEqual([
      ['', 0.011],
      ['list', 0.025],
    ]);
    expect(samples.some((s) => s.labels.scenario === 'policy/deny')).toBe(false);
  });

  it('keeps groups whose values differ only after a "/" apart', async () => {
    const other = buildGroupingPath({ ...KEY, profile: 'shop/checkout/v2' });
    await client.push(gateway.url, PATH, expositionOf(RUN_RESULT));
    await client.push(gateway.url, other, expositionOf(RUN_RESULT));
    const profiles = new Set(
      (await gateway.scrape('loadgate_run_info')).map((s) => s.labels.profile),
    );
    expect(profiles).toEqual(new Set(['shop/checkout', 'shop/checkout/v2']));
    await client.delete(gateway.url, other);
  });

  it('deletes the group: none of its metrics remain', async () => {
    await client.push(gateway.url, PATH, expositionOf(RUN_RESULT));
    expect(await gateway.scrape()).not.toEqual([]);
    await client.delete(gateway.url, PATH);
    expect(await gateway.scrape()).toEqual([]);
  });

  it('fails with the status and the gateway’s body verbatim when it refuses a push (400)', async () => {
    // Another group already has loadgate_http_requests_total as a gauge: the type conflicts.
    await client.push(
      gateway.url,
      '/metrics/job/other',
      '# TYPE loadgate_http_requests_total gauge\nloadgate_http_requests_total 1\n',
    );
    const error = await client.push(gateway.url, PATH, expositionOf(RUN_RESULT)).catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect(error.code).toBe('ERR_PUSHGATEWAY_REJECTED');
    expect(error.status).toBe(400);
    expect(error.body).toMatch(/loadgate_http_requests_total/);
    expect(error.message).toBe(`the Pushgateway answered 400: ${error.body.trim()}`);
    // Nothing of the refused push was kept.
    const samples = await gateway.scrape('loadgate_verdict');
    expect(samples).toEqual([]);
  });

  it('refuses samples with timestamps (why the exposition never writes them)', async () => {
    const error = await client
      .push(gateway.url, PATH, '# TYPE loadgate_verdict gauge\nloadgate_verdict 1 1700000000000\n')
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.body).toMatch(/timestamp/i);
  });
});

describe('PushgatewayClient when the gateway misbehaves', () => {
  it('says it could not reach a gateway that is down', async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}`;
    const error = await client.push(url, PATH, 'x 1\n').catch((e) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect(error.code).toBe('ERR_PUSHGATEWAY_UNREACHABLE');
    expect(error.message).toContain(`could not reach the Pushgateway at ${url}`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('gives up on a gateway that never answers after its deadline', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    const port = await listenOnLoopback(server);
    try {
      const quick = new PushgatewayClient({ timeoutMs: 200 });
      const error = await quick.push(`http://127.0.0.1:${port}`, PATH, 'x 1\n').catch((e) => e);
      expect(error.code).toBe('ERR_PUSHGATEWAY_UNREACHABLE');
      expect(error.message).toContain('no answer within 200 ms');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('credentials from the environment', () => {
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        if (req.headers.authorization === undefined) {
          res.writeHead(401, { 'content-type': 'text/plain' });
          res.end('missing credentials\n');
        } else {
          res.writeHead(202);
          res.end();
        }
      });
    });
    url = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends a bearer token', async () => {
    const auth = readPushgatewayAuth({ LOADGATE_PUSHGATEWAY_TOKEN: 'tok-123456' });
    expect(auth.secrets).toEqual(['tok-123456']);
    await new PushgatewayClient({ auth }).push(url, PATH, 'x 1\n');
    expect(seen.at(-1)?.authorization).toBe('Bearer tok-123456');
    expect(seen.at(-1)?.['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('sends Basic auth, and lists the password and the encoded pair as secrets', async () => {
    const auth = readPushgatewayAuth({
      LOADGATE_PUSHGATEWAY_USER: 'ci',
      LOADGATE_PUSHGATEWAY_PASSWORD: 'pa:ss-word',
    });
    const encoded = Buffer.from('ci:pa:ss-word').toString('base64');
    expect(auth.secrets).toEqual(['pa:ss-word', encoded]);
    await new PushgatewayClient({ auth }).delete(url, PATH);
    expect(seen.at(-1)?.authorization).toBe(`Basic ${encoded}`);
  });

  it('shows a 401 body verbatim when no credentials are set', async () => {
    const auth = readPushgatewayAuth({ LOADGATE_PUSHGATEWAY_TOKEN: '' });
    const error = await new PushgatewayClient({ auth }).push(url, PATH, 'x 1\n').catch((e) => e);
    expect(error.status).toBe(401);
    expect(error.message).toBe('the Pushgateway answered 401: missing credentials');
  });

  it('refuses half a Basic set-up, or both forms at once, without sending anything', async () => {
    const before = seen.length;
    for (const env of [
      { LOADGATE_PUSHGATEWAY_USER: 'ci' },
      { LOADGATE_PUSHGATEWAY_PASSWORD: 'pw-123456' },
      { LOADGATE_PUSHGATEWAY_TOKEN: 't', LOADGATE_PUSHGATEWAY_USER: 'u' },
    ]) {
      const error = await new PushgatewayClient({ auth: readPushgatewayAuth(env) })
        .push(url, PATH, 'x 1\n')
        .catch((e) => e);
      expect(error.code).toBe('ERR_PUSHGATEWAY_AUTH');
      expect(error.message).toMatch(/LOADGATE_PUSHGATEWAY_/);
    }
    expect(seen.length).toBe(before);
  });
});

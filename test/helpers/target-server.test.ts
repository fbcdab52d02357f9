import { performance } from 'node:perf_hooks';
import { Client, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { callTarget } from './call-target.js';
import { startMachineLagProbe } from './machine-lag.js';
import { MAX_LOGGED_BODY_BYTES } from './read-capped-body.js';
import { findClosedPort, startTargetServer, type TargetServer } from './target-server.js';

const openServers: TargetServer[] = [];

async function startServer(options: Parameters<typeof startTargetServer>[0]) {
  const server = await startTargetServer(options);
  openServers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

describe('startTargetServer', () => {
  it('answers 200 ok by default and logs method, path, lower-cased headers and body', async () => {
    const server = await startServer({});
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const beforeMs = performance.now();
    const response = await request(`${server.url}/orders?x=1`, {
      method: 'POST',
      headers: { 'X-Trace-Id': 'abc' },
      body: '{"n":1}',
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('ok');
    expect(server.requestCount()).toBe(1);
    const logged = server.requests[0];
    expect(logged).toMatchObject({ method: 'POST', path: '/orders?x=1', body: '{"n":1}' });
    expect(logged?.headers['x-trace-id']).toBe('abc');
    expect(logged?.atMs).toBeGreaterThanOrEqual(beforeMs);
  });

  it('takes status and body from functions of method and path', async () => {
    const server = await startServer({
      status: ({ path }) => (path.startsWith('/admin') ? 403 : 201),
      body: ({ method, path }) => `${method} ${path}`,
    });
    const admin = await callTarget(`${server.url}/admin/x`);
    expect(admin).toMatchObject({ status: 403, text: 'GET /admin/x' });
    const post = await callTarget(`${server.url}/a`, { method: 'POST', body: 'x' });
    expect(post).toMatchObject({ status: 201, text: 'POST /a' });
  });

  it('calls latencyMs once per request in arrival order and waits that long', async () => {
    const seenIndexes: number[] = [];
    const server = await startServer({
      latencyMs: (index) => {
        seenIndexes.push(index);
        return index === 1 ? 200 : 0;
      },
    });
    await callTarget(server.url);
    const startMs = performance.now();
    await callTarget(server.url);
    expect(performance.now() - startMs).toBeGreaterThanOrEqual(195);
    await callTarget(server.url);
    expect(seenIndexes).toEqual([0, 1, 2]);
  });

  it('holds a request arriving inside the stall window until the window ends', async () => {
    const server = await startServer({ stall: { afterFirstRequestMs: 100, durationMs: 800 } });
    await callTarget(server.url);
    const firstAtMs = server.requests[0]?.atMs ?? Number.NaN;
    const stallEndMs = firstAtMs + 900;
    await new Promise((resolve) => setTimeout(resolve, 150));

    const sentMs = performance.now();
    const { status } = await callTarget(`${server.url}/during-stall`);
    const answeredMs = performance.now();
    expect(status).toBe(200);
    expect(answeredMs).toBeGreaterThanOrEqual(stallEndMs);
    expect(answeredMs - sentMs).toBeGreaterThanOrEqual(0.9 * (stallEndMs - sentMs));

    // After the window a request pays only its own (zero) latency, whatever the machine adds.
    const lag = await startMachineLagProbe();
    const afterMs = performance.now();
    await callTarget(`${server.url}/after-stall`);
    const tookMs = performance.now() - afterMs;
    expect(tookMs).toBeLessThan(300 + (await lag.stop()));
  });

  it('resets the connection for requests matching resetWhen', async () => {
    const server = await startServer({
      resetWhen: ({ path, index }) => path === '/boom' && index > 0,
    });
    expect((await callTarget(`${server.url}/boom`)).status).toBe(200);
    await expect(request(`${server.url}/boom`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.requestCount()).toBe(2);
  });

  it('never answers requests matching hangWhen, and still closes promptly', async () => {
    const server = await startServer({ hangWhen: ({ method }) => method === 'GET' });
    const client = new Client(server.url);
    try {
      // undici's own headersTimeout ticks at ~1 s resolution; an abort signal is precise.
      const signal = AbortSignal.timeout(200);
      const hung = client.request({ method: 'GET', path: '/slow', signal });
      await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(server.requestCount()).toBe(1);
      const answer = await client.request({ method: 'POST', path: '/fine', body: 'x' });
      expect(answer.statusCode).toBe(200);
      await answer.body.text();
      void client.request({ method: 'GET', path: '/pending' }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lag = await startMachineLagProbe();
      const closeStartMs = performance.now();
      await server.close();
      const closeMs = performance.now() - closeStartMs;
      // The hung request would hold close() forever; a loaded machine only delays it.
      expect(closeMs).toBeLessThan(1_000 + (await lag.stop()));
    } finally {
      await client.destroy();
    }
  });

  it('counts distinct TCP connections, not requests', async () => {
    const server = await startServer({});
    const first = new Client(server.url);
    const second = new Client(server.url);
    try {
      for (let i = 0; i < 3; i += 1) {
        await (await first.request({ method: 'GET', path: '/' })).body.text();
      }
      expect(server.connectionCount()).toBe(1);
      await (await second.request({ method: 'GET', path: '/' })).body.text();
      expect(server.connectionCount()).toBe(2);
      expect(server.requestCount()).toBe(4);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('logs at most 64 KiB of a large body but still answers', async () => {
    const server = await startServer({});
    const bigBody = 'a'.repeat(100 * 1024);
    expect((await callTarget(server.url, { method: 'POST', body: bigBody })).status).toBe(200);
    expect(server.requests[0]?.body.length).toBe(MAX_LOGGED_BODY_BYTES);
  });
});

describe('findClosedPort', () => {
  it('gives a loopback port that refuses connections', async () => {
    const port = await findClosedPort();
    expect(port).toBeGreaterThan(0);
    await expect(request(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

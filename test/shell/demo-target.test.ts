import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoTarget, startDemoTarget } from '../../src/shell/demo-target.js';
import { callTarget } from '../helpers/call-target.js';

async function measureMedianLatencyMs(url: string, sampleCount: number): Promise<number> {
  const latenciesMs: number[] = [];
  for (let i = 0; i < sampleCount; i += 1) {
    const startMs = performance.now();
    await callTarget(url);
    latenciesMs.push(performance.now() - startMs);
  }
  latenciesMs.sort((a, b) => a - b);
  return latenciesMs[Math.floor(sampleCount / 2)] ?? Number.NaN;
}

describe('demo target endpoints', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget();
  });
  afterAll(() => target.close());

  it('listens on loopback with an ephemeral port and answers /healthz', async () => {
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await callTarget(`${target.url}/healthz`)).toMatchObject({ status: 200, text: 'ok' });
  });

  it('lists about 20 products as JSON', async () => {
    const { status, contentType, text } = await callTarget(`${target.url}/api/products`);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^application\/json/);
    const products = JSON.parse(text) as unknown[];
    expect(products).toHaveLength(20);
    expect(products[0]).toMatchObject({ id: 1, name: expect.any(String), priceCents: 499 });
  });

  it('returns one product for a numeric id and a JSON 404 otherwise', async () => {
    const found = await callTarget(`${target.url}/api/products/7`);
    expect(found.status).toBe(200);
    expect(JSON.parse(found.text)).toMatchObject({ id: 7, name: expect.any(String) });
    const missing = await callTarget(`${target.url}/api/products/abc`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toHaveProperty('error');
  });

  it('creates orders with distinct ids and rejects bodies that are not JSON', async () => {
    const order = { method: 'POST', body: '{"productId":3,"quantity":2}' } as const;
    const first = await callTarget(`${target.url}/api/orders`, order);
    const second = await callTarget(`${target.url}/api/orders`, order);
    expect(first.status).toBe(201);
    const firstOrder = JSON.parse(first.text) as { id: number; status: string };
    const secondOrder = JSON.parse(second.text) as { id: number };
    expect(firstOrder).toMatchObject({ id: expect.any(Number), status: 'created' });
    expect(secondOrder.id).not.toBe(firstOrder.id);
    const bad = await callTarget(`${target.url}/api/orders`, { method: 'POST', body: '{oops' });
    expect(bad.status).toBe(400);
  });

  it('searches products by name', async () => {
    const { status, text } = await callTarget(`${target.url}/search?q=grinder`);
    expect(status).toBe(200);
    const { results } = JSON.parse(text) as { results: Array<{ name: string }> };
    expect(results.length).toBeGreaterThan(0);
    for (const product of results) expect(product.name.toLowerCase()).toContain('grinder');
  });

  it.each([
    ["' OR 1=1 --", 403],
    ["x' UNION SELECT password FROM users", 403],
    ["abc'--", 403],
    ["o'reilly", 200],
    ['coffee or tea', 200],
  ])('answers the search probe %j with %i', async (query, expectedStatus) => {
    const { status, text } = await callTarget(
      `${target.url}/search?q=${encodeURIComponent(query)}`,
    );
    expect(status).toBe(expectedStatus);
    if (expectedStatus === 403) expect(text).toBe('blocked by policy');
  });

  it('answers 404 for unknown paths and methods, and counts every request', async () => {
    const before = target.requestCount();
    expect((await callTarget(`${target.url}/nope`)).status).toBe(404);
    expect(
      (await callTarget(`${target.url}/api/products`, { method: 'POST', body: '{}' })).status,
    ).toBe(404);
    expect(target.requestCount()).toBe(before + 2);
  });
});

describe('demo target behaviour', () => {
  it('gets clearly slower with a larger slowdown factor', async () => {
    const target = await startDemoTarget({ slowdownFactor: 3, seed: 42 });
    try {
      const slowMedianMs = await measureMedianLatencyMs(`${target.url}/api/products`, 60);
      target.setSlowdownFactor(1);
      const normalMedianMs = await measureMedianLatencyMs(`${target.url}/api/products`, 60);
      // Medians ~12 ms vs ~4 ms plus overhead; margins leave room for a noisy 2-core machine.
      expect(slowMedianMs).toBeGreaterThan(normalMedianMs * 1.7);
      expect(slowMedianMs - normalMedianMs).toBeGreaterThan(4);
    } finally {
      await target.close();
    }
  });

  it('closes within 1 s with a kept-alive connection and a half-sent request open', async () => {
    const target = await startDemoTarget();
    const client = new Client(target.url);
    // Node closes idle sockets on close() by itself; a request still uploading is not idle.
    const uploading = connect(Number(new URL(target.url).port), '127.0.0.1');
    uploading.on('error', () => undefined);
    try {
      const response = await client.request({ method: 'GET', path: '/healthz' });
      expect(await response.body.text()).toBe('ok');
      await new Promise((resolve) => {
        uploading.write(
          'POST /api/orders HTTP/1.1\r\nHost: demo\r\nContent-Length: 99\r\n\r\n{',
          resolve,
        );
      });
      await vi.waitUntil(() => target.requestCount() === 2, { timeout: 2_000 });
      const closeStartMs = performance.now();
      await target.close();
      expect(performance.now() - closeStartMs).toBeLessThan(1_000);
      await expect(request(`${target.url}/healthz`)).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      uploading.destroy();
      await client.destroy();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/core/profile/types.js';
import {
  type RedirectRoute,
  type RedirectServer,
  startRedirectServer,
} from '../../helpers/hostile-servers.js';
import { makeProfile, makeScenario, runToCompletion } from '../../helpers/make-profile.js';

const servers: RedirectServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(routes: Record<string, RedirectRoute>): Promise<RedirectServer> {
  const server = await startRedirectServer((path) => routes[path]);
  servers.push(server);
  return server;
}

/** 4 requests in 200 ms: enough to see every one of them follow the chain. */
const plan = { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 200 } as const;

function run(baseUrl: string, scenario: Partial<Scenario>) {
  return runToCompletion(makeProfile(baseUrl, plan, {}, [makeScenario(scenario)]));
}

describe('following redirects', () => {
  it('follows a chain, counts its hops and times it to the end of the final answer', async () => {
    const server = await serve({
      '/start': { status: 302, location: '/a', delayMs: 40 },
      '/a': { status: 301, location: `/b?from=a`, delayMs: 40 },
      '/b?from=a': { status: 200, delayMs: 40 },
    });
    const { recording } = await run(server.url, { path: '/start' });
    const { totals, statusCodes, latencyMs } = recording.overall;
    expect(totals).toMatchObject({ requests: 4, ok: 4, errors: 0, redirects: 8 });
    // Only the final answer's status counts; the 3xx hops are in `redirects`.
    expect(statusCodes).toEqual({ '200': 4 });
    expect(latencyMs.min).toBeGreaterThanOrEqual(115);
    const paths = server.requests.map((r) => r.path);
    for (const path of ['/start', '/a', '/b?from=a']) {
      expect(paths.filter((p) => p === path)).toHaveLength(4);
    }
  });

  it('stops a loop after maxRedirects hops with a too_many_redirects error', async () => {
    const server = await serve({ '/loop': { status: 302, location: '/loop' } });
    const { recording } = await run(server.url, { path: '/loop', maxRedirects: 3 });
    expect(recording.overall.totals).toMatchObject({ requests: 4, errors: 4, redirects: 12 });
    expect(recording.overall.errorKinds).toEqual({ too_many_redirects: 4 });
    // The first request and 3 followed hops each; the 4th redirect is refused, not sent.
    expect(server.requests).toHaveLength(16);
  });

  it('turns a POST into a GET without body on 303, and keeps method and body on 307', async () => {
    const server = await serve({
      '/form': { status: 303, location: '/result' },
      '/submit': { status: 307, location: '/store' },
    });
    const post = {
      method: 'POST' as const,
      body: '{"order":42}',
      headers: { 'content-type': 'application/json' },
    };
    await run(server.url, { path: '/form', ...post });
    await run(server.url, { path: '/submit', ...post });
    const result = server.requests.find((r) => r.path === '/result');
    expect(result).toMatchObject({ method: 'GET', body: '' });
    expect(result?.headers['content-type']).toBeUndefined();
    expect(result?.headers['content-length']).toBeUndefined();
    const stored = server.requests.find((r) => r.path === '/store');
    expect(stored).toMatchObject({ method: 'POST', body: '{"order":42}' });
    expect(stored?.headers['content-type']).toBe('application/json');
  });

  it('with maxRedirects 0 takes the 3xx as the answer, classified as before', async () => {
    const server = await serve({ '/old': { status: 302, location: '/new' } });
    const { recording } = await run(server.url, { path: '/old', maxRedirects: 0 });
    expect(recording.overall.totals).toMatchObject({ requests: 4, failed: 4, redirects: 0 });
    expect(recording.overall.failureKinds.unexpected_status).toBe(4);
    expect(recording.overall.statusCodes).toEqual({ '302': 4 });
    expect(server.requests.every((r) => r.path === '/old')).toBe(true);
  });

  it('takes a 3xx without Location as the answer, and a non-http Location as a protocol error', async () => {
    const server = await serve({
      '/nowhere': { status: 302 },
      '/ftp': { status: 301, location: 'ftp://127.0.0.1/file' },
    });
    const bare = await run(server.url, { path: '/nowhere', expect: { status: [302] } });
    expect(bare.recording.overall.totals).toMatchObject({ ok: 4, redirects: 0 });
    const ftp = await run(server.url, { path: '/ftp' });
    expect(ftp.recording.overall.errorKinds).toEqual({ protocol: 4 });
  });

  it('goes to another origin without credentials, and they stay dropped on the way back', async () => {
    // a (the target) sends the client to b, a second origin, which sends it back to a.
    let b: RedirectServer | undefined;
    const a = await startRedirectServer((path) =>
      path === '/go' ? { status: 302, location: `${b?.url}/landing` } : undefined,
    );
    servers.push(a);
    b = await serve({ '/landing': { status: 302, location: `${a.url}/home` } });
    const headers = {
      authorization: 'Bearer secret-token',
      cookie: 'session=abc',
      'proxy-authorization': 'Basic eA==',
      'x-trace': 'kept',
    };
    const { recording } = await run(a.url, { path: '/go', headers });
    expect(recording.overall.totals).toMatchObject({ ok: 4, redirects: 8 });
    const starts = a.requests.filter((r) => r.path === '/go');
    const homes = a.requests.filter((r) => r.path === '/home');
    expect(starts).toHaveLength(4);
    expect(starts.every((r) => r.headers.authorization === 'Bearer secret-token')).toBe(true);
    expect(b.requests).toHaveLength(4);
    expect(homes).toHaveLength(4);
    for (const request of [...b.requests, ...homes]) {
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers['proxy-authorization']).toBeUndefined();
      expect(request.headers['x-trace']).toBe('kept');
    }
    // Each hop names its own host, never the one before.
    expect(b.requests.every((r) => r.headers.host === new URL(b?.url ?? '').host)).toBe(true);
    expect(homes.every((r) => r.headers.host === new URL(a.url).host)).toBe(true);
  });

  it('applies the total deadline to the whole chain', async () => {
    const server = await serve({
      '/slow': { status: 302, location: '/slower', delayMs: 150 },
      '/slower': { status: 302, location: '/slowest', delayMs: 150 },
      '/slowest': { status: 200, delayMs: 150 },
    });
    const { recording } = await run(server.url, { path: '/slow', timeoutMs: 400 });
    expect(recording.overall.totals).toMatchObject({ requests: 4, errors: 4, interrupted: 0 });
    expect(recording.overall.errorKinds).toEqual({ timeout: 4 });
  });
});

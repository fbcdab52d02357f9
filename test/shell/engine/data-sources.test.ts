import { afterEach, describe, expect, it } from 'vitest';
import { makeDataSource, makeJourneyProfile } from '../../helpers/make-journey.js';
import { runToCompletion } from '../../helpers/make-profile.js';
import { type ShopTarget, startShopTarget } from '../../helpers/shop-target.js';

let server: ShopTarget | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const names = (n: number) => Array.from({ length: n }, (_, i) => [`user${i + 1}`]);

describe('data sources in the engine', () => {
  it('unique + stop: every row once, then the run stops with the reason', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 2, durationMs: 5000 },
      plain: [{ name: 'user', path: '/u/${data.users.name}' }],
      data: [
        makeDataSource('users', ['name'], names(12), { order: 'unique', onExhausted: 'stop' }),
      ],
    });
    const startedMs = performance.now();
    const run = await runToCompletion(profile);
    expect(performance.now() - startedMs).toBeLessThan(4000);
    expect(run.status).toBe('aborted');
    expect(run.abortCause).toBe('data');
    expect(run.abortReason).toBe('data.users: all 12 unique rows were used (onExhausted: stop)');
    const paths = server.requests.map((r) => r.path);
    expect(paths.length).toBe(12);
    expect(new Set(paths).size).toBe(12);
    // The stop cuts what is still in flight when the 13th row is asked for.
    const { ok, interrupted } = run.recording.overall.totals;
    expect(ok + interrupted).toBe(12);
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(run.warnings).toBeUndefined();
  });

  it('unique + wrap: rows repeat after the last one, with one warning', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      plain: [{ name: 'user', path: '/u/${data.users.name}' }],
      data: [makeDataSource('users', ['name'], names(4), { order: 'unique', onExhausted: 'wrap' })],
    });
    const run = await runToCompletion(profile);
    expect(run.status).toBe('completed');
    const paths = server.requests.map((r) => r.path);
    expect(paths.length).toBeGreaterThan(8);
    expect(new Set(paths.slice(0, 4)).size).toBe(4);
    expect(new Set(paths.slice(4, 8)).size).toBe(4);
    expect(run.warnings).toHaveLength(1);
    expect(run.warnings?.[0]).toMatch(
      /^data\.users: all 4 unique rows were used 0\.\d s into the run; rows repeat from then on \(onExhausted: wrap\)$/,
    );
  });

  it('a journey reads one row per source for all its steps; sequential goes in order', async () => {
    server = await startShopTarget();
    const rows = [
      ['p1', 'red shoe'],
      ['p2', 'blue hat'],
      ['p3', 'ünïcode #1'],
    ];
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      data: [makeDataSource('products', ['id', 'name'], rows, { order: 'sequential' })],
      journeys: [
        {
          name: 'view',
          steps: [
            { name: 'a', path: '/p/${data.products.id}?q=${data.products.name}' },
            {
              name: 'b',
              path: '/p/${data.products.id}/reviews',
              headers: { 'x-name': '${data.products.id}' },
            },
          ],
        },
      ],
    });
    await runToCompletion(profile);
    const requests = server.requests;
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (let i = 0; i + 1 < requests.length; i += 2) {
      const row = rows[(i / 2) % 3] as string[];
      // Values rendered into a path are percent-encoded where a path could not carry them.
      expect(requests[i]?.path).toBe(`/p/${row[0]}?q=${encodeURIComponent(row[1] as string)}`);
      expect(requests[i + 1]?.path).toBe(`/p/${row[0]}/reviews`);
      expect(requests[i + 1]?.headers['x-name']).toBe(row[0]);
    }
  });

  it('keeps the scenario mix when data is added (separate random streams)', async () => {
    const mixOf = async (withData: boolean) => {
      const target = await startShopTarget();
      try {
        const profile = makeJourneyProfile(target.url, {
          plan: { executor: 'constant-arrival-rate', ratePerSec: 100, durationMs: 300 },
          seed: 9,
          plain: [
            { name: 'a', path: withData ? '/a/${data.users.name}' : '/a/x' },
            { name: 'b', path: '/b' },
          ],
          ...(withData ? { data: [makeDataSource('users', ['name'], names(5))] } : {}),
        });
        await runToCompletion(profile);
        return target.requests.map((r) => r.path.slice(0, 2));
      } finally {
        await target.close();
      }
    };
    const plain = await mixOf(false);
    expect(plain.length).toBe(30);
    expect((await mixOf(true)).sort()).toEqual(plain.sort());
  });
});

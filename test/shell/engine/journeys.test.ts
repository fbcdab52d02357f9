import { afterEach, describe, expect, it } from 'vitest';
import { startMachineLagProbe } from '../../helpers/machine-lag.js';
import { makeJourneyProfile, type StepSpec } from '../../helpers/make-journey.js';
import { runToCompletion } from '../../helpers/make-profile.js';
import { type ShopTarget, startShopTarget } from '../../helpers/shop-target.js';

let server: ShopTarget | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** list → add to cart (the listed id) → checkout (the cart's id, in the path). */
function shopSteps(
  overrides: Partial<Record<'list' | 'cart' | 'checkout', Partial<StepSpec>>> = {},
) {
  return [
    {
      name: 'list',
      path: '/api/products',
      extract: { firstId: 'json.$.items[0].id' },
      ...overrides.list,
    },
    {
      name: 'cart',
      method: 'POST' as const,
      path: '/api/cart',
      json: { productId: '${vars.firstId}', qty: 1 },
      expect: [201],
      extract: { cartId: 'json.$.cartId', loc: 'header.location' },
      ...overrides.cart,
    },
    {
      name: 'checkout',
      method: 'POST' as const,
      path: '/api/cart/${vars.cartId}/checkout',
      ...overrides.checkout,
    },
  ];
}

const CLOSED_2_VUS = { executor: 'constant-vus', vus: 2, durationMs: 600 } as const;

describe('journeys', () => {
  it('runs steps in order with extracted values in the next path and body', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: CLOSED_2_VUS,
      journeys: [{ name: 'shopper', steps: shopSteps() }],
    });
    const run = await runToCompletion(profile);
    const [list, cart, checkout] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    expect(run.status).toBe('completed');
    expect(journey?.totals.requests).toBeGreaterThan(5);
    // Every journey completed: one of each step per journey, all as expected.
    expect(journey?.totals.ok).toBe(journey?.totals.requests);
    expect(list?.totals.ok).toBe(journey?.totals.requests);
    expect(cart?.totals.ok).toBe(journey?.totals.requests);
    expect(checkout?.totals.ok).toBe(journey?.totals.requests);
    // Steps are requests (in overall); journeys are not.
    expect(run.recording.overall.totals.requests).toBe(3 * (journey?.totals.requests ?? 0));
    // The server checked every checkout's cart id: each was one it had issued.
    expect(server.unknownCartIds).toEqual([]);
    const checkouts = server.requests.filter((r) => r.path.endsWith('/checkout'));
    expect(checkouts.length).toBe(journey?.totals.requests);
    const carts = server.requests.filter((r) => r.path === '/api/cart');
    // The extracted number goes on as text (an extracted value is a string).
    expect(carts.every((r) => r.body === '{"productId":"17","qty":1}')).toBe(true);
    expect(carts.every((r) => r.headers['content-length'] === String(r.body.length))).toBe(true);
    // A journey's duration covers its three steps.
    expect(journey?.latencyMs.min).toBeGreaterThanOrEqual(list?.latencyMs.min ?? 0);
  });

  it('waits the drawn think time between steps, each step timed from its intended start', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 1, durationMs: 800 },
      journeys: [
        {
          name: 'browse',
          steps: [
            { name: 'a', path: '/a', thinkMs: 150 },
            { name: 'b', path: '/b', thinkMs: 0 },
          ],
        },
      ],
    });
    const lag = await startMachineLagProbe();
    const run = await runToCompletion(profile);
    const lagMs = await lag.stop();
    const arrivals = server.requests;
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    for (let i = 0; i + 1 < arrivals.length; i += 2) {
      expect(arrivals[i]?.path).toBe('/a');
      expect(arrivals[i + 1]?.path).toBe('/b');
      const gapMs = (arrivals[i + 1]?.atMs ?? 0) - (arrivals[i]?.atMs ?? 0);
      expect(gapMs).toBeGreaterThanOrEqual(148);
      expect(gapMs).toBeLessThan(150 + 60 + lagMs);
    }
    const [a, b] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    // The think time is in the journey's duration, never in the step's latency.
    expect(journey?.latencyMs.min).toBeGreaterThanOrEqual(150);
    expect(b?.latencyMs.max).toBeLessThan(60 + lagMs);
    expect(a?.totals.requests).toBe(journey?.totals.requests);
    // 1 user, ≥ 150 ms a journey: at most 6 in 800 ms.
    expect(journey?.totals.requests).toBeLessThanOrEqual(6);
  });

  it('ends a journey at a failed step and counts it on the step and journey rows', async () => {
    server = await startShopTarget({ productsStatus: () => 503 });
    const profile = makeJourneyProfile(server.url, {
      plan: CLOSED_2_VUS,
      journeys: [{ name: 'shopper', steps: shopSteps() }],
    });
    const run = await runToCompletion(profile);
    const [list, cart, checkout] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    expect(list?.totals.failed).toBeGreaterThan(3);
    expect(cart?.totals.requests).toBe(0);
    expect(checkout?.totals.requests).toBe(0);
    expect(journey?.totals).toMatchObject({
      requests: list?.totals.failed,
      ok: 0,
      failed: list?.totals.failed,
    });
    expect(journey?.failureKinds.http_5xx).toBe(list?.totals.failed);
    expect(server.requests.every((r) => r.path === '/api/products')).toBe(true);
  });

  it('goes on after a failed step with continueOnFailure, and the journey still counts failed', async () => {
    server = await startShopTarget({ productsStatus: () => 503 });
    const profile = makeJourneyProfile(server.url, {
      plan: CLOSED_2_VUS,
      journeys: [
        {
          name: 'shopper',
          steps: shopSteps({
            list: { continueOnFailure: true, extract: {} },
            cart: { json: { productId: 5 } },
          }),
        },
      ],
    });
    const run = await runToCompletion(profile);
    const [list, cart, checkout] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    expect(list?.totals.failed).toBeGreaterThan(3);
    expect(cart?.totals.ok).toBe(list?.totals.requests);
    expect(checkout?.totals.ok).toBe(list?.totals.requests);
    expect(journey?.totals).toMatchObject({ ok: 0, failed: list?.totals.requests });
    expect(server.unknownCartIds).toEqual([]);
  });

  it('fails a step with extract_failed when the value is missing, and never sends a hole', async () => {
    server = await startShopTarget({ cartWithoutId: true });
    const profile = makeJourneyProfile(server.url, {
      plan: CLOSED_2_VUS,
      journeys: [
        { name: 'shopper', steps: shopSteps({ cart: { extract: { cartId: 'json.$.cartId' } } }) },
      ],
    });
    const run = await runToCompletion(profile);
    const [list, cart, checkout] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    expect(cart?.totals.errors).toBe(list?.totals.requests);
    expect(cart?.errorKinds).toEqual({ extract_failed: list?.totals.requests });
    expect(checkout?.totals.requests).toBe(0);
    expect(journey?.totals).toMatchObject({ errors: list?.totals.requests, ok: 0 });
    expect(journey?.errorKinds).toEqual({ extract_failed: list?.totals.requests });
    expect(server.requests.some((r) => r.path.includes('checkout'))).toBe(false);
    // How often is not enough: the run says why, naming the spec (never a value).
    expect(run.extractFailures).toEqual([
      {
        row: 1,
        count: list?.totals.requests,
        firstReason: 'json.$.cartId is missing: $ has no key "cartId"',
      },
    ]);
    expect(run.warnings).toBeUndefined();
  });

  it('a later step whose value was never extracted (continueOnFailure) fails, unsent', async () => {
    server = await startShopTarget({ cartWithoutId: true });
    const profile = makeJourneyProfile(server.url, {
      plan: CLOSED_2_VUS,
      journeys: [
        {
          name: 'shopper',
          steps: shopSteps({
            cart: { extract: { cartId: 'json.$.cartId' }, continueOnFailure: true },
          }),
        },
      ],
    });
    const run = await runToCompletion(profile);
    const [list, , checkout] = run.recording.scenarios;
    expect(checkout?.errorKinds).toEqual({ extract_failed: list?.totals.requests });
    expect(server.requests.some((r) => r.path.includes('checkout'))).toBe(false);
    const checkoutFailures = run.extractFailures?.find((f) => f.row === 2);
    expect(checkoutFailures?.count).toBe(list?.totals.requests);
    expect(checkoutFailures?.firstReason).toMatch(/vars\.cartId/);
  });

  it('open model: each arrival starts a journey, steps timed from their own intended starts', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 1000 },
      journeys: [{ name: 'shopper', steps: shopSteps({ list: { thinkMs: 50 } }) }],
    });
    const run = await runToCompletion(profile);
    const [list, cart, checkout] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    expect(run.plannedRequests).toBe(20);
    expect(journey?.totals).toMatchObject({ requests: 20, ok: 20, dropped: 0 });
    expect([list, cart, checkout].map((s) => s?.totals.ok)).toEqual([20, 20, 20]);
    expect(journey?.latencyMs.min).toBeGreaterThanOrEqual(50);
    expect(server.unknownCartIds).toEqual([]);
  });

  it('open model: a journey holds its in-flight slot through think times; drops count on both rows', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 20, durationMs: 1000 },
      load: { maxInFlight: 2, onMaxInFlight: 'drop' },
      journeys: [
        {
          name: 'slow',
          steps: [
            { name: 'a', path: '/a', thinkMs: 300 },
            { name: 'b', path: '/b' },
          ],
        },
      ],
    });
    const run = await runToCompletion(profile);
    const [a, b] = run.recording.scenarios;
    const journey = run.recording.journeys?.[0];
    // Two journeys of ≥ 300 ms at a time: at most ~2 × 1000 / 300 + 2 start in 1 s.
    expect(journey?.totals.requests).toBeLessThanOrEqual(10);
    expect(journey?.totals.dropped).toBeGreaterThanOrEqual(10);
    expect(a?.totals.dropped).toBe(journey?.totals.dropped);
    expect(b?.totals.dropped).toBe(0);
    expect((journey?.totals.requests ?? 0) + (journey?.totals.dropped ?? 0)).toBe(20);
    // In flight never above 2: the server never saw more than 2 journeys' first steps unpaired.
    let open = 0;
    let most = 0;
    for (const r of server.requests) {
      open += r.path === '/a' ? 1 : -1;
      most = Math.max(most, open);
    }
    expect(most).toBeLessThanOrEqual(2);
  });

  it('interrupts journeys still thinking when the run stops', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 2, durationMs: 300 },
      load: { gracefulStopMs: 0 },
      journeys: [
        {
          name: 'sleepy',
          steps: [
            { name: 'a', path: '/a', thinkMs: 5000 },
            { name: 'b', path: '/b' },
          ],
        },
      ],
    });
    const startedMs = performance.now();
    const run = await runToCompletion(profile);
    expect(performance.now() - startedMs).toBeLessThan(3000);
    const journey = run.recording.journeys?.[0];
    expect(journey?.totals).toMatchObject({ requests: 0, interrupted: 2 });
    expect(run.recording.scenarios[1]?.totals.requests).toBe(0);
  });

  it('mixes plain scenarios and journeys by weight', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-arrival-rate', ratePerSec: 200, durationMs: 1000 },
      plain: [{ name: 'health', path: '/health' }],
      journeys: [
        {
          name: 'two',
          weight: 3,
          steps: [
            { name: 'a', path: '/a' },
            { name: 'b', path: '/b' },
          ],
        },
      ],
    });
    const run = await runToCompletion(profile);
    const [health, a, b] = run.recording.scenarios;
    const journeys = run.recording.journeys?.[0]?.totals.requests ?? 0;
    expect((health?.totals.requests ?? 0) + journeys).toBe(200);
    expect(journeys / 200).toBeGreaterThan(0.65);
    expect(journeys / 200).toBeLessThan(0.85);
    expect(a?.totals.requests).toBe(journeys);
    expect(b?.totals.requests).toBe(journeys);
  });
});

describe('plain scenarios with per-request values', () => {
  it('fills random.int within its bounds and seq in order, per request', async () => {
    server = await startShopTarget();
    const profile = makeJourneyProfile(server.url, {
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      plain: [
        {
          name: 'item',
          path: '/items/${random.int(3, 7)}?n=${seq}&vu=${vu}&it=${iteration}',
          headers: { 'x-pick': '${random.pick(red, "dark blue")}' },
        },
      ],
    });
    const run = await runToCompletion(profile);
    const seen = server.requests.map((r) => {
      const match = /^\/items\/(\d+)\?n=(\d+)&vu=(\d+)&it=(\d+)$/.exec(r.path);
      if (!match) throw new Error(`unexpected path ${r.path}`);
      return {
        int: Number(match[1]),
        seq: Number(match[2]),
        vu: match[3],
        it: Number(match[4]),
        pick: r.headers['x-pick'],
      };
    });
    expect(seen.length).toBeGreaterThan(20);
    expect(run.recording.overall.totals.ok).toBe(seen.length);
    expect(seen.every((s) => s.int >= 3 && s.int <= 7)).toBe(true);
    expect(new Set(seen.map((s) => s.int)).size).toBe(5);
    expect(seen.map((s) => s.seq)).toEqual(seen.map((_, i) => i + 1));
    expect(seen.map((s) => s.it)).toEqual(seen.map((_, i) => i));
    expect(seen.every((s) => s.vu === '1')).toBe(true);
    expect(new Set(seen.map((s) => s.pick))).toEqual(new Set(['red', 'dark blue']));
  });

  it('draws the same per-request values from the same seed', async () => {
    const draw = async () => {
      const target = await startShopTarget();
      try {
        const profile = makeJourneyProfile(target.url, {
          plan: { executor: 'constant-arrival-rate', ratePerSec: 50, durationMs: 200 },
          seed: 42,
          plain: [{ name: 'r', path: '/r/${random.int(1, 1000000)}/${random.uuid}' }],
        });
        await runToCompletion(profile);
        return target.requests.map((r) => r.path).sort();
      } finally {
        await target.close();
      }
    };
    const first = await draw();
    expect(first.length).toBe(10);
    expect(await draw()).toEqual(first);
  });
});

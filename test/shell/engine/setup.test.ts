import { afterEach, describe, expect, it } from 'vitest';
import {
  type JourneyProfileSpec,
  makeDataSource,
  makeJourneyProfile,
} from '../../helpers/make-journey.js';
import { makeEngine } from '../../helpers/make-profile.js';
import { type ShopTarget, startShopTarget } from '../../helpers/shop-target.js';

let server: ShopTarget | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const USERS = { alice: 'pw-alice-secret', bob: 'pw-bob-secret', carol: 'pw-carol-secret' };

function users(order: 'unique' | 'random' = 'unique', passwords: Record<string, string> = USERS) {
  return makeDataSource('users', ['name', 'password'], Object.entries(passwords), {
    order,
    onExhausted: 'wrap',
    secretColumns: ['password'],
  });
}

const LOGIN = {
  name: 'login',
  method: 'POST' as const,
  path: '/auth/token',
  json: { user: '${data.users.name}', password: '${data.users.password}' },
  extract: { token: 'json.$.token' },
};

const AUTHORIZED_CART = {
  name: 'cart',
  method: 'POST' as const,
  path: '/api/cart',
  headers: { authorization: 'Bearer ${setup.token}' },
  expect: [201],
};

async function run(spec: JourneyProfileSpec) {
  const secrets: string[][] = [];
  const profile = makeJourneyProfile((server as ShopTarget).url, spec);
  const outcome = await makeEngine().run(profile, {
    onSecretValues: (values) => secrets.push(values),
  });
  return { outcome, secrets };
}

describe('setup', () => {
  it('once: logs in before the clock, every request carries the token, the token is a secret', async () => {
    server = await startShopTarget({ users: USERS, requireToken: true });
    const { outcome, secrets } = await run({
      plan: { executor: 'constant-vus', vus: 2, durationMs: 300 },
      data: [users()],
      setup: { requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
    });
    if (outcome.kind !== 'ran') throw new Error(outcome.message);
    expect(server.tokens).toHaveLength(1);
    const token = server.tokens[0] as string;
    expect(secrets).toEqual([[token]]);
    const load = server.requests.slice(1);
    expect(server.requests[0]?.path).toBe('/auth/token');
    expect(load.length).toBeGreaterThan(5);
    expect(load.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    expect(outcome.recording.overall.totals.ok).toBe(load.length);
    expect(outcome.recording.setup).toEqual({ runs: 1, failed: 0 });
    // Not measured: no row holds the log-in, and nothing of it is in the figures.
    expect(outcome.recording.scenarios).toHaveLength(1);
  });

  it('once, failing: setup-failed with the status and a masked excerpt, and no load sent', async () => {
    server = await startShopTarget({ users: { alice: 'the-real-one' }, requireToken: true });
    const { outcome } = await run({
      plan: { executor: 'constant-vus', vus: 2, durationMs: 300 },
      data: [users('random', { alice: 'pw-wrong-secret' })],
      setup: { requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
      secretValues: ['profile-secret'],
    });
    expect(outcome).toEqual({
      kind: 'setup-failed',
      // The server echoes the password it was sent: the excerpt masks it.
      message:
        'setup request "login" (POST /auth/token) answered 401, expected 200: {"error":"bad password","user":"alice","password":"***"}',
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/auth/token']);
  });

  it('once, failing on a value it cannot take, says which and why', async () => {
    server = await startShopTarget({ users: USERS });
    const { outcome } = await run({
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      data: [users()],
      setup: { requests: [{ ...LOGIN, extract: { token: 'json.$.access_token' } }] },
      plain: [{ name: 'x', path: '/x' }],
    });
    expect(outcome.kind).toBe('setup-failed');
    const token = server.tokens[0];
    expect(outcome).toEqual({
      kind: 'setup-failed',
      message: `setup request "login" (POST /auth/token) answered 200, but token could not be taken: json.$.access_token is missing: $ has no key "access_token": {"token":"${token}"}`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("once: masks earlier setup values in a later request's excerpt; a timeout names itself", async () => {
    server = await startShopTarget({
      users: USERS,
      latencyMs: (path) => (path === '/slow' ? 2000 : 0),
    });
    const echo = {
      name: 'echo',
      method: 'POST' as const,
      path: '/auth/token',
      json: { user: '${setup.token}', password: 'x' },
    };
    const masked = await run({
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      data: [users()],
      setup: { requests: [LOGIN, echo] },
      plain: [{ name: 'x', path: '/x' }],
    });
    expect(masked.outcome).toEqual({
      kind: 'setup-failed',
      message:
        'setup request "echo" (POST /auth/token) answered 401, expected 200: {"error":"bad password","user":"***","password":"x"}',
    });
    expect(masked.secrets).toEqual([[server.tokens[0]]]);

    const slow = await run({
      plan: { executor: 'constant-vus', vus: 1, durationMs: 300 },
      setup: { requests: [{ name: 'warm', path: '/slow', timeoutMs: 200 }] },
      plain: [{ name: 'x', path: '/x' }],
    });
    expect(slow.outcome).toEqual({
      kind: 'setup-failed',
      message: 'setup request "warm" (GET /slow) failed: timeout (after 200 ms)',
    });
  });

  it('perVu: each user logs in once, with its own row, before its first iteration', async () => {
    server = await startShopTarget({ users: USERS, requireToken: true });
    const { outcome, secrets } = await run({
      plan: { executor: 'constant-vus', vus: 3, durationMs: 400 },
      data: [users('unique')],
      setup: { perVu: true, requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
    });
    if (outcome.kind !== 'ran') throw new Error(outcome.message);
    expect(server.tokens).toHaveLength(3);
    // unique users: each VU logged in as a different user.
    expect(new Set(server.tokens).size).toBe(3);
    expect(secrets.flat().sort()).toEqual([...server.tokens].sort());
    const logins = server.requests.filter((r) => r.path === '/auth/token');
    expect(logins).toHaveLength(3);
    const load = server.requests.filter((r) => r.path !== '/auth/token');
    const byToken = new Map<string, number>();
    for (const r of load) {
      const header = String(r.headers.authorization);
      byToken.set(header, (byToken.get(header) ?? 0) + 1);
    }
    expect([...byToken.keys()].sort()).toEqual(server.tokens.map((t) => `Bearer ${t}`).sort());
    expect(outcome.recording.overall.totals.ok).toBe(load.length);
    expect(outcome.recording.setup).toEqual({ runs: 3, failed: 0 });
  });

  it('perVu: a failed log-in is counted and tried again after 1 s', async () => {
    server = await startShopTarget({ users: USERS, requireToken: true, refuseFirstLogins: 1 });
    const { outcome } = await run({
      plan: { executor: 'constant-vus', vus: 1, durationMs: 1600 },
      data: [users('random')],
      setup: { perVu: true, requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
    });
    if (outcome.kind !== 'ran') throw new Error(outcome.message);
    const logins = server.requests.filter((r) => r.path === '/auth/token');
    expect(logins).toHaveLength(2);
    const gapMs = (logins[1]?.atMs ?? 0) - (logins[0]?.atMs ?? 0);
    expect(gapMs).toBeGreaterThanOrEqual(990);
    expect(outcome.recording.setup).toEqual({ runs: 1, failed: 1 });
    expect(outcome.recording.overall.totals.errors + outcome.recording.overall.totals.failed).toBe(
      0,
    );
    expect(outcome.firstVuLoginFailure).toBe(
      'setup request "login" (POST /auth/token) answered 503, expected 200: busy, try later',
    );
    expect(outcome.warnings).toBeUndefined();
  });

  it('perVu: a stop ends the wait for a retry at once', async () => {
    server = await startShopTarget({ users: USERS, refuseFirstLogins: 100 });
    const startedMs = performance.now();
    const { outcome } = await run({
      plan: { executor: 'constant-vus', vus: 2, durationMs: 300 },
      load: { gracefulStopMs: 0 },
      data: [users('random')],
      setup: { perVu: true, requests: [LOGIN] },
      plain: [{ name: 'x', path: '/x' }],
    });
    expect(performance.now() - startedMs).toBeLessThan(900);
    if (outcome.kind !== 'ran') throw new Error(outcome.message);
    expect(outcome.recording.setup).toEqual({ runs: 0, failed: 2 });
    expect(server.requests.every((r) => r.path === '/auth/token')).toBe(true);
  });

  it('measure: setup requests are rows of their own, once or per user', async () => {
    server = await startShopTarget({ users: USERS, requireToken: true });
    const once = await run({
      plan: { executor: 'constant-vus', vus: 2, durationMs: 300 },
      load: { warmupMs: 100 },
      data: [users()],
      setup: { measure: true, requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
    });
    if (once.outcome.kind !== 'ran') throw new Error(once.outcome.message);
    const [cart, login] = once.outcome.recording.scenarios;
    expect(login?.totals).toMatchObject({ requests: 1, ok: 1 });
    expect(login?.latencyMs.max).toBeGreaterThan(0);
    expect(cart?.totals.requests).toBeGreaterThan(3);

    const perVu = await run({
      plan: { executor: 'constant-vus', vus: 3, durationMs: 300 },
      data: [users()],
      setup: { perVu: true, measure: true, requests: [LOGIN] },
      plain: [AUTHORIZED_CART],
    });
    if (perVu.outcome.kind !== 'ran') throw new Error(perVu.outcome.message);
    expect(perVu.outcome.recording.scenarios[1]?.totals).toMatchObject({ requests: 3, ok: 3 });
  });
});

import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../src/shell/demo-catalog.js';
import { DEMO_USERS } from '../../src/shell/demo-shop.js';
import { type DemoTarget, startDemoTarget } from '../../src/shell/demo-target.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

const ADA = DEMO_USERS[0] ?? { user: '', password: '' };

describe('demo target: log-in, cart and checkout', () => {
  let target: DemoTarget;
  beforeAll(async () => {
    target = await startDemoTarget();
  });
  afterAll(() => target.close());

  async function send(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; token?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const response = await request(`${target.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, json: JSON.parse(text) };
  }

  async function logIn(): Promise<string> {
    const reply = await send('POST', '/auth/token', { body: ADA });
    expect(reply.status).toBe(200);
    return String(reply.json.token);
  }

  it('hands a token to every demo user, and 401 to a wrong password or an unknown user', async () => {
    for (const user of DEMO_USERS) {
      const reply = await send('POST', '/auth/token', { body: user });
      expect(reply).toMatchObject({
        status: 200,
        json: { token: expect.stringMatching(/^t_/), tokenType: 'Bearer' },
      });
    }
    const wrong = await send('POST', '/auth/token', { body: { ...ADA, password: 'nope' } });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'unknown user or wrong password' } });
    const unknown = await send('POST', '/auth/token', { body: { user: 'x', password: 'y' } });
    expect(unknown.status).toBe(401);
    const malformed = await send('POST', '/auth/token', { body: ['ada'] });
    expect(malformed).toMatchObject({
      status: 400,
      json: { error: expect.stringContaining('user') },
    });
  });

  it('refuses every cart route without a known bearer token', async () => {
    for (const token of [undefined, 'forged']) {
      const reply = await send('POST', '/api/cart', token === undefined ? {} : { token });
      expect(reply).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
    }
    const checkout = await send('POST', '/api/cart/c_any/checkout', { token: 'forged' });
    expect(checkout.status).toBe(401);
  });

  it('walks the journey: cart, items, checkout with the total of what was added', async () => {
    const token = await logIn();
    const created = await send('POST', '/api/cart', { token });
    expect(created.status).toBe(201);
    const cartId = String(created.json.cartId);
    expect(created.headers.location).toBe(`/api/cart/${cartId}`);

    const added = await send('POST', `/api/cart/${cartId}/items`, {
      token,
      body: { productId: '3', qty: 2 },
    });
    expect(added).toMatchObject({ status: 200, json: { cartId, productId: 3, qty: 2 } });
    await send('POST', `/api/cart/${cartId}/items`, { token, body: { productId: 5 } });
    const cart = await send('GET', `/api/cart/${cartId}`, { token });
    expect(cart.json).toEqual({
      cartId,
      items: [
        { productId: 3, qty: 2 },
        { productId: 5, qty: 1 },
      ],
    });

    const price = (id: number) => DEMO_PRODUCTS[id - 1]?.priceCents ?? Number.NaN;
    const order = await send('POST', `/api/cart/${cartId}/checkout`, { token });
    expect(order).toMatchObject({
      status: 200,
      json: {
        orderId: expect.any(Number),
        cartId,
        totalCents: 2 * price(3) + price(5),
        itemCount: 3,
      },
    });
    const again = await send('POST', `/api/cart/${cartId}/checkout`, { token });
    expect(again).toMatchObject({ status: 404, json: { error: 'cart not found' } });
  });

  it('checks out an empty cart, and gives distinct order ids', async () => {
    const token = await logIn();
    const orderIds: unknown[] = [];
    for (let i = 0; i < 2; i += 1) {
      const cartId = String((await send('POST', '/api/cart', { token })).json.cartId);
      const order = await send('POST', `/api/cart/${cartId}/checkout`, { token });
      expect(order.json).toMatchObject({ totalCents: 0, itemCount: 0 });
      orderIds.push(order.json.orderId);
    }
    expect(new Set(orderIds).size).toBe(2);
  });

  it.each<[string, unknown, number, string]>([
    ['an unknown product', { productId: 0 }, 400, 'unknown productId'],
    ['a product id that is not a number', { productId: 'abc' }, 400, 'unknown productId'],
    ['a fractional quantity', { productId: 1, qty: 1.5 }, 400, 'qty must be'],
    ['a quantity above 1000', { productId: 1, qty: 1001 }, 400, 'qty must be'],
    ['a body that is not an object', 'oops', 400, 'unknown productId'],
  ])('answers %s with %i', async (_, body, status, error) => {
    const token = await logIn();
    const cartId = String((await send('POST', '/api/cart', { token })).json.cartId);
    const reply = await send('POST', `/api/cart/${cartId}/items`, { token, body });
    expect(reply).toMatchObject({ status, json: { error: expect.stringContaining(error) } });
  });

  it('answers 404 for items and checkout of an unknown cart', async () => {
    const token = await logIn();
    const items = await send('POST', '/api/cart/c_nope/items', { token, body: { productId: 1 } });
    expect(items.status).toBe(404);
    expect((await send('POST', '/api/cart/c_nope/checkout', { token })).status).toBe(404);
    expect((await send('GET', '/api/cart/c_nope', { token })).status).toBe(404);
  });

  it('serves every catalogue id as a product detail', async () => {
    for (const { id } of DEMO_PRODUCTS) {
      const reply = await send('GET', `/api/products/${id}`);
      expect(reply).toMatchObject({ status: 200, json: { id } });
    }
  });
});

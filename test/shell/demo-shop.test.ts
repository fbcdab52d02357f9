import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../src/shell/demo-catalog.js';
import { createDemoRouter, type DemoRequest } from '../../src/shell/demo-routes.js';
import { createDemoShop, DEMO_USERS } from '../../src/shell/demo-shop.js';

/** Ids `t_1`, `c_2`, … so tests can name them. */
function countingIds(): (prefix: string) => string {
  let last = 0;
  return (prefix) => {
    last += 1;
    return `${prefix}${last}`;
  };
}

const ADA = DEMO_USERS[0] ?? { user: '', password: '' };

describe('createDemoShop', () => {
  it('logs in known users with their password only, a new token each time', () => {
    const shop = createDemoShop();
    const first = shop.logIn(ADA.user, ADA.password);
    const second = shop.logIn(ADA.user, ADA.password);
    expect(first).toMatch(/^t_[\w-]{16}$/);
    expect(second).not.toBe(first);
    expect(shop.isKnownToken(first ?? '')).toBe(true);
    expect(shop.logIn(ADA.user, 'wrong')).toBeUndefined();
    expect(shop.logIn('mallory', ADA.password)).toBeUndefined();
    expect(shop.logIn('toString', '')).toBeUndefined();
    expect(shop.isKnownToken('t_forged')).toBe(false);
  });

  it('forgets the oldest token beyond maxTokens', () => {
    const shop = createDemoShop({ maxTokens: 3, newId: countingIds() });
    const tokens = [1, 2, 3, 4, 5].map(() => shop.logIn(ADA.user, ADA.password) ?? '');
    expect(tokens).toEqual(['t_1', 't_2', 't_3', 't_4', 't_5']);
    expect(tokens.map((token) => shop.isKnownToken(token))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(shop.size().tokens).toBe(3);
  });

  it('drops the oldest cart beyond maxCarts, and a checked-out cart is gone', () => {
    const shop = createDemoShop({ maxCarts: 2, newId: countingIds() });
    const carts = [shop.openCart(), shop.openCart(), shop.openCart()];
    expect(carts).toEqual(['c_1', 'c_2', 'c_3']);
    expect(shop.readCart('c_1')).toBeUndefined();
    expect(shop.addItem('c_1', 1, 1)).toBe('no-cart');
    expect(shop.addItem('c_3', 2, 3)).toBe('added');
    expect(shop.addItem('c_3', 2, 1)).toBe('added');
    expect(shop.addItem('c_3', 21, 1)).toBe('added');
    const price = (id: number) => DEMO_PRODUCTS[id - 1]?.priceCents ?? Number.NaN;
    // id 21 wraps to product 1, as GET /api/products/21 does.
    expect(shop.checkOut('c_3')).toEqual({ totalCents: 4 * price(2) + price(1), itemCount: 5 });
    expect(shop.checkOut('c_3')).toBeUndefined();
    expect(shop.size().carts).toBe(1);
  });

  it('bounds the lines of one cart', () => {
    const shop = createDemoShop({ maxCartLines: 2 });
    const cartId = shop.openCart();
    expect(shop.addItem(cartId, 1, 1)).toBe('added');
    expect(shop.addItem(cartId, 2, 1)).toBe('added');
    expect(shop.addItem(cartId, 3, 1)).toBe('cart-full');
    expect(shop.addItem(cartId, 2, 5)).toBe('added');
    expect(shop.readCart(cartId)).toEqual(
      new Map([
        [1, 1],
        [2, 6],
      ]),
    );
  });
});

describe('the demo router keeps its shop bounded', () => {
  const post = (pathname: string, body: unknown, authorization?: string): DemoRequest => ({
    method: 'POST',
    pathname,
    searchParams: new URLSearchParams(),
    bodyText: JSON.stringify(body),
    ...(authorization === undefined ? {} : { authorization }),
  });

  it('answers 404 for a cart evicted by newer ones, and 401 for an evicted token', () => {
    const route = createDemoRouter(createDemoShop({ maxCarts: 2, maxTokens: 2 }));
    const logIn = () =>
      (JSON.parse(route(post('/auth/token', ADA)).body) as { token: string }).token;
    const bearer = `Bearer ${logIn()}`;
    const openCart = () => {
      const answer = route(post('/api/cart', {}, bearer));
      expect(answer.status).toBe(201);
      return (JSON.parse(answer.body) as { cartId: string }).cartId;
    };
    const oldest = openCart();
    openCart();
    const newest = openCart();
    expect(route(post(`/api/cart/${oldest}/items`, { productId: 1 }, bearer)).status).toBe(404);
    expect(route(post(`/api/cart/${newest}/items`, { productId: 1 }, bearer)).status).toBe(200);

    logIn();
    logIn();
    expect(route(post('/api/cart', {}, bearer))).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
    });
  });
});

describe('examples/data (the shop-journey example) matches the demo shop', () => {
  const readLines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

  it('products.csv lists the catalogue: every id the demo serves, with its name and price', () => {
    expect(readLines('examples/data/products.csv')).toEqual([
      'id,name,priceCents',
      ...DEMO_PRODUCTS.map(({ id, name, priceCents }) => `${id},${name},${priceCents}`),
    ]);
  });

  it('users.csv holds the demo users with their passwords', () => {
    expect(readLines('examples/data/users.csv')).toEqual([
      'user,password',
      ...DEMO_USERS.map(({ user, password }) => `${user},${password}`),
    ]);
  });
});

/**
 * The demo shop's state: who may log in, the tokens handed out and the open carts. The demo
 * target may serve a soak test for days, so every collection here has a cap and forgets its
 * oldest entry first; a load test that outlives a token or a cart sees a 401 or a 404, as it
 * would from a real service that expires them.
 */
import { randomBytes } from 'node:crypto';
import { findDemoProduct } from './demo-catalog.js';

/** A demo account; the passwords are public (examples/data/users.csv), as a demo's are. */
export interface DemoUser {
  user: string;
  password: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { user: 'ada', password: 'analytical-engine' },
  { user: 'grace', password: 'compiler-1952' },
  { user: 'alan', password: 'enigma-bombe' },
  { user: 'edsger', password: 'shortest-path' },
  { user: 'barbara', password: 'substitution' },
];

export interface DemoShopLimits {
  /** Tokens remembered; the oldest is forgotten beyond this. Default 10,000. */
  maxTokens?: number;
  /** Open carts kept; the oldest is dropped beyond this. Default 10,000. */
  maxCarts?: number;
  /** Distinct products in one cart; default 100 (a cart is bounded too). */
  maxCartLines?: number;
  /** Makes tokens and cart ids; default: random, URL-safe. */
  newId?: (prefix: string) => string;
}

/** One cart line's outcome, or why it was refused. */
export type AddItemOutcome = 'added' | 'no-cart' | 'cart-full';

export interface DemoShop {
  /** A fresh token for a known user and matching password, else `undefined`. */
  logIn(user: string, password: string): string | undefined;
  isKnownToken(token: string): boolean;
  /** Opens an empty cart and returns its id. */
  openCart(): string;
  /** The cart's lines (product id → quantity), or `undefined` when unknown. */
  readCart(cartId: string): ReadonlyMap<number, number> | undefined;
  addItem(cartId: string, productId: number, quantity: number): AddItemOutcome;
  /** Closes the cart and returns its total in cents, or `undefined` when unknown. */
  checkOut(cartId: string): { totalCents: number; itemCount: number } | undefined;
  /** Tokens and carts held, for tests of the caps. */
  size(): { tokens: number; carts: number };
}

const DEFAULT_MAX_TOKENS = 10_000;
const DEFAULT_MAX_CARTS = 10_000;
const DEFAULT_MAX_CART_LINES = 100;

function makeRandomId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url')}`;
}

/** Inserts into an insertion-ordered map, dropping the oldest entries beyond `cap`. */
function putCapped<K, V>(map: Map<K, V>, key: K, value: V, cap: number): void {
  map.set(key, value);
  while (map.size > cap) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}

export function createDemoShop(limits: DemoShopLimits = {}): DemoShop {
  const maxTokens = limits.maxTokens ?? DEFAULT_MAX_TOKENS;
  const maxCarts = limits.maxCarts ?? DEFAULT_MAX_CARTS;
  const maxCartLines = limits.maxCartLines ?? DEFAULT_MAX_CART_LINES;
  const newId = limits.newId ?? makeRandomId;
  const passwords = new Map(DEMO_USERS.map(({ user, password }) => [user, password]));
  /** token → user name */
  const tokens = new Map<string, string>();
  const carts = new Map<string, Map<number, number>>();

  return {
    logIn(user, password) {
      if (passwords.get(user) !== password) return undefined;
      const token = newId('t_');
      putCapped(tokens, token, user, maxTokens);
      return token;
    },
    isKnownToken: (token) => tokens.has(token),
    openCart() {
      const cartId = newId('c_');
      putCapped(carts, cartId, new Map(), maxCarts);
      return cartId;
    },
    readCart: (cartId) => carts.get(cartId),
    addItem(cartId, productId, quantity) {
      const cart = carts.get(cartId);
      if (cart === undefined) return 'no-cart';
      const current = cart.get(productId);
      if (current === undefined && cart.size >= maxCartLines) return 'cart-full';
      cart.set(productId, (current ?? 0) + quantity);
      return 'added';
    },
    checkOut(cartId) {
      const cart = carts.get(cartId);
      if (cart === undefined) return undefined;
      carts.delete(cartId);
      let totalCents = 0;
      let itemCount = 0;
      for (const [productId, quantity] of cart) {
        totalCents += findDemoProduct(productId).priceCents * quantity;
        itemCount += quantity;
      }
      return { totalCents, itemCount };
    },
    size: () => ({ tokens: tokens.size, carts: carts.size }),
  };
}

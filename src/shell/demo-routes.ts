/**
 * Routing for the demo target, kept free of sockets so every answer is easy to reason about:
 * given a parsed request, say what to answer and how slow a real service would typically be.
 */
import { DEMO_PRODUCTS, findDemoProduct, searchDemoProducts } from './demo-catalog.js';
import { createDemoShop, type DemoShop } from './demo-shop.js';

/** A fully received request, as the router needs it. */
export interface DemoRequest {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  bodyText: string;
  /** The `authorization` header, if sent. */
  authorization?: string;
}

/** What to answer, and the median latency (ms) before answering; 0 means answer at once. */
export interface DemoAnswer {
  status: number;
  contentType: 'application/json' | 'text/plain';
  body: string;
  medianLatencyMs: number;
  /** Extra response headers (lower-case names), e.g. `location`. */
  headers?: Readonly<Record<string, string>>;
}

const PRODUCT_PATH = /^\/api\/products\/([^/]+)$/;
/** Positive ids only, short enough to stay a safe integer. */
const PRODUCT_ID = /^[1-9]\d{0,8}$/;
const SEARCH_RESULT_LIMIT = 10;
/** `/api/cart`, `/api/cart/<id>`, `/api/cart/<id>/items`, `/api/cart/<id>/checkout`. */
const CART_PATH = /^\/api\/cart(?:\/([^/]+)(\/items|\/checkout)?)?$/;
const BEARER = /^Bearer +(\S+)$/i;
const MAX_QUANTITY = 1_000;

function answerJson(status: number, value: unknown, medianLatencyMs: number): DemoAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(value), medianLatencyMs };
}

function answerText(status: number, text: string, medianLatencyMs: number): DemoAnswer {
  return { status, contentType: 'text/plain', body: text, medianLatencyMs };
}

/**
 * A crude stand-in for a WAF rule, so the demo can show an intended 403 counted as "blocked":
 * a quote together with a boolean/union/comment token.
 */
export function looksLikeSqlInjection(query: string): boolean {
  const lower = query.toLowerCase();
  if (!lower.includes("'")) return false;
  return /\bor\b/.test(lower) || lower.includes('union') || lower.includes('--');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A JSON object body's fields, or `undefined` for anything else. */
function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJson(text);
  const value = parsed.ok ? parsed.value : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * A whole number in 1..max, written as a JSON number or as digits in a string: values from a
 * CSV data file arrive as strings (`"productId": "${data.products.id}"`).
 */
function readCount(value: unknown, max: number): number | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !PRODUCT_ID.test(text)) return undefined;
  const count = Number(text);
  return count <= max ? count : undefined;
}

const UNAUTHORIZED: DemoAnswer = {
  ...answerJson(401, { error: 'send authorization: Bearer <token> from POST /auth/token' }, 1),
  headers: { 'www-authenticate': 'Bearer' },
};

/** POST /auth/token with `{"user": …, "password": …}`: a fresh bearer token for a demo user. */
function answerLogIn(shop: DemoShop, bodyText: string): DemoAnswer {
  const fields = parseJsonObject(bodyText);
  if (typeof fields?.user !== 'string' || typeof fields.password !== 'string') {
    return answerJson(400, { error: 'expected JSON {"user": "…", "password": "…"}' }, 2);
  }
  const token = shop.logIn(fields.user, fields.password);
  if (token === undefined) return answerJson(401, { error: 'unknown user or wrong password' }, 12);
  // A real login checks a slow password hash: the slowest route of the demo.
  return answerJson(200, { token, tokenType: 'Bearer' }, 12);
}

/** Every /api/cart route; a known bearer token is required first. */
function answerCart(
  shop: DemoShop,
  request: DemoRequest,
  cartId: string | undefined,
  action: string | undefined,
  nextOrderId: () => number,
): DemoAnswer {
  const token = BEARER.exec(request.authorization ?? '')?.[1];
  if (token === undefined || !shop.isKnownToken(token)) return UNAUTHORIZED;
  const { method } = request;
  if (cartId === undefined) {
    if (method !== 'POST') return answerJson(404, { error: 'not found' }, 0);
    const newCartId = shop.openCart();
    return {
      ...answerJson(201, { cartId: newCartId }, 6),
      headers: { location: `/api/cart/${encodeURIComponent(newCartId)}` },
    };
  }
  const cartNotFound = answerJson(404, { error: 'cart not found' }, 2);
  if (action === undefined && method === 'GET') {
    const cart = shop.readCart(cartId);
    if (cart === undefined) return cartNotFound;
    const items = [...cart].map(([productId, qty]) => ({ productId, qty }));
    return answerJson(200, { cartId, items }, 3);
  }
  if (action === '/items' && method === 'POST') {
    if (shop.readCart(cartId) === undefined) return cartNotFound;
    const fields = parseJsonObject(request.bodyText);
    const productId = readCount(fields?.productId, Number.MAX_SAFE_INTEGER);
    if (productId === undefined) return answerJson(400, { error: 'unknown productId' }, 2);
    const qty = fields?.qty === undefined ? 1 : readCount(fields.qty, MAX_QUANTITY);
    if (qty === undefined) {
      return answerJson(400, { error: `qty must be a whole number from 1 to ${MAX_QUANTITY}` }, 2);
    }
    if (shop.addItem(cartId, productId, qty) === 'cart-full') {
      return answerJson(409, { error: 'the cart holds too many different products' }, 2);
    }
    return answerJson(200, { cartId, productId, qty }, 5);
  }
  if (action === '/checkout' && method === 'POST') {
    const order = shop.checkOut(cartId);
    if (order === undefined) return cartNotFound;
    return answerJson(200, { orderId: nextOrderId(), cartId, ...order }, 15);
  }
  return answerJson(404, { error: 'not found' }, 0);
}

/**
 * Creates a router; it owns the order-id counter so ids are unique per demo target, and the
 * shop (tokens, carts), whose caps tests set small.
 */
export function createDemoRouter(
  shop: DemoShop = createDemoShop(),
): (request: DemoRequest) => DemoAnswer {
  let lastOrderId = 1000;
  const nextOrderId = () => {
    lastOrderId += 1;
    return lastOrderId;
  };

  return (request) => {
    const { method, pathname, searchParams, bodyText } = request;
    if (method === 'GET' && pathname === '/healthz') return answerText(200, 'ok', 0);
    if (method === 'GET' && pathname === '/api/products') return answerJson(200, DEMO_PRODUCTS, 4);

    const productMatch = method === 'GET' ? PRODUCT_PATH.exec(pathname) : null;
    if (productMatch) {
      const idText = productMatch[1] ?? '';
      if (!PRODUCT_ID.test(idText)) return answerJson(404, { error: 'product not found' }, 3);
      return answerJson(200, findDemoProduct(Number(idText)), 3);
    }

    if (method === 'POST' && pathname === '/api/orders') {
      const parsed = parseJson(bodyText);
      if (!parsed.ok) return answerJson(400, { error: 'body must be valid JSON' }, 8);
      return answerJson(201, { id: nextOrderId(), status: 'created' }, 8);
    }

    if (method === 'POST' && pathname === '/auth/token') return answerLogIn(shop, bodyText);

    const cartMatch = CART_PATH.exec(pathname);
    if (cartMatch) return answerCart(shop, request, cartMatch[1], cartMatch[2], nextOrderId);

    if (method === 'GET' && pathname === '/search') {
      const query = searchParams.get('q') ?? '';
      if (looksLikeSqlInjection(query)) return answerText(403, 'blocked by policy', 1);
      const results = searchDemoProducts(query, SEARCH_RESULT_LIMIT);
      return answerJson(200, { query, count: results.length, results }, 5);
    }

    return answerJson(404, { error: 'not found' }, 0);
  };
}

/**
 * Routing for the demo target, kept free of sockets so every answer is easy to reason about:
 * given a parsed request, say what to answer and how slow a real service would typically be.
 */
import { DEMO_PRODUCTS, findDemoProduct, searchDemoProducts } from './demo-catalog.js';

/** A fully received request, as the router needs it. */
export interface DemoRequest {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  bodyText: string;
}

/** What to answer, and the median latency (ms) before answering; 0 means answer at once. */
export interface DemoAnswer {
  status: number;
  contentType: 'application/json' | 'text/plain';
  body: string;
  medianLatencyMs: number;
}

const PRODUCT_PATH = /^\/api\/products\/([^/]+)$/;
/** Positive ids only, short enough to stay a safe integer. */
const PRODUCT_ID = /^[1-9]\d{0,8}$/;
const SEARCH_RESULT_LIMIT = 10;

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

/** Creates a router; it owns the order-id counter so ids are unique per demo target. */
export function createDemoRouter(): (request: DemoRequest) => DemoAnswer {
  let lastOrderId = 1000;

  return ({ method, pathname, searchParams, bodyText }) => {
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
      lastOrderId += 1;
      return answerJson(201, { id: lastOrderId, status: 'created' }, 8);
    }

    if (method === 'GET' && pathname === '/search') {
      const query = searchParams.get('q') ?? '';
      if (looksLikeSqlInjection(query)) return answerText(403, 'blocked by policy', 1);
      const results = searchDemoProducts(query, SEARCH_RESULT_LIMIT);
      return answerJson(200, { query, count: results.length, results }, 5);
    }

    return answerJson(404, { error: 'not found' }, 0);
  };
}

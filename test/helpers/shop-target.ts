/**
 * A small shop API on 127.0.0.1 for journey, data and setup tests: log-in, products, carts
 * and checkout, with every request logged (path, headers, body, arrival time) so a test can
 * assert what the engine really sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from './loopback-port.js';
import { readCappedBodyText } from './read-capped-body.js';

export interface ShopRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Arrival on the performance.now() clock. */
  atMs: number;
}

export interface ShopTargetOptions {
  /** user → password accepted by POST /auth/token; the token is `tok-<user>-<password length>`. */
  users?: Record<string, string>;
  /** Token cart routes require as `authorization: Bearer <token>`; default: any issued token. */
  requireToken?: boolean;
  /** Ms before answering each request (by path), default 0. */
  latencyMs?: (path: string) => number;
  /** Answer `/api/cart` POSTs without a cartId (to provoke extract_failed). */
  cartWithoutId?: boolean;
  /** Status for GET /api/products (default 200). */
  productsStatus?: () => number;
  /** Refuse this many log-ins (503) before accepting any. */
  refuseFirstLogins?: number;
}

export interface ShopTarget {
  url: string;
  requests: ShopRequest[];
  /** Issued tokens, in order. */
  tokens: string[];
  /** Requests that carried a cart id the server never issued (must stay empty). */
  unknownCartIds: string[];
  close(): Promise<void>;
}

export async function startShopTarget(options: ShopTargetOptions = {}): Promise<ShopTarget> {
  const requests: ShopRequest[] = [];
  const tokens: string[] = [];
  const carts = new Set<string>();
  const unknownCartIds: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextCart = 1;
  let refused = 0;

  const answer = (res: ServerResponse, status: number, body: unknown, extra = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      'content-length': Buffer.byteLength(text),
      ...extra,
    });
    res.end(text);
  };

  const authorized = (req: IncomingMessage) => {
    if (!options.requireToken) return true;
    const header = req.headers.authorization ?? '';
    return tokens.some((token) => header === `Bearer ${token}`);
  };

  function route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (method === 'POST' && path === '/auth/token') {
      if (refused < (options.refuseFirstLogins ?? 0)) {
        refused++;
        answer(res, 503, 'busy, try later');
        return;
      }
      let parsed: { user?: string; password?: string } = {};
      try {
        parsed = JSON.parse(body);
      } catch {}
      const expected = options.users?.[parsed.user ?? ''];
      if (expected === undefined || expected !== parsed.password) {
        answer(res, 401, { error: 'bad password', user: parsed.user, password: parsed.password });
        return;
      }
      const token = `tok-${parsed.user}-${String(parsed.password).length}x`;
      tokens.push(token);
      answer(res, 200, { token });
      return;
    }
    if (!authorized(req)) {
      answer(res, 401, { error: 'no token' });
      return;
    }
    if (method === 'GET' && path.startsWith('/api/products')) {
      answer(res, options.productsStatus?.() ?? 200, { items: [{ id: 17 }, { id: 23 }] });
      return;
    }
    if (method === 'POST' && path === '/api/cart') {
      const id = `c${nextCart++}`;
      carts.add(id);
      if (options.cartWithoutId) answer(res, 201, { created: true });
      else answer(res, 201, { cartId: id }, { location: `/api/cart/${id}` });
      return;
    }
    const checkout = /^\/api\/cart\/([^/]+)\/checkout$/.exec(path);
    if (method === 'POST' && checkout) {
      const id = decodeURIComponent(checkout[1] as string);
      if (!carts.has(id)) {
        unknownCartIds.push(id);
        answer(res, 404, { error: 'no such cart' });
        return;
      }
      answer(res, 200, { orderId: `o-${id}` });
      return;
    }
    answer(res, 200, 'ok');
  }

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const record: ShopRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body: '',
      atMs: performance.now(),
    };
    requests.push(record);
    void readCappedBodyText(req).then((body) => {
      record.body = body;
      const delayMs = options.latencyMs?.(record.path) ?? 0;
      if (delayMs <= 0) {
        route(req, res, body);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) route(req, res, body);
      }, delayMs);
      timers.add(timer);
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tokens,
    unknownCartIds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

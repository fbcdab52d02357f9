/**
 * A configurable real HTTP server on 127.0.0.1 for engine tests: latency, a server-wide stall,
 * status and body per request, resets and hangs — the failure shapes a load generator must survive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from './loopback-port.js';
import { readCappedBodyText } from './read-capped-body.js';
import { computeAnswerAtMs, type StallWindowMs } from './stall-window.js';

export { findClosedPort } from './loopback-port.js';

type RequestShape = { method: string; path: string };
type IndexedRequestShape = RequestShape & { index: number };

export interface TargetServerOptions {
  /** Latency per request in ms (called once per request, in arrival order, with its method and
   * path); default 0. */
  latencyMs?: (requestIndex: number, req: RequestShape) => number;
  /** Server-wide stall starting `afterFirstRequestMs` after the first request arrives. */
  stall?: { afterFirstRequestMs: number; durationMs: number };
  /** Status to answer with; default 200. */
  status?: number | ((req: RequestShape) => number);
  /** Body to answer with; default `ok`. */
  body?: string | ((req: RequestShape) => string);
  /** Reset the connection instead of answering matching requests. */
  resetWhen?: (req: IndexedRequestShape) => boolean;
  /** Never answer matching requests (to provoke timeouts). */
  hangWhen?: (req: IndexedRequestShape) => boolean;
}

/** One received request; `body` fills in once the request body has been read. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Arrival time on the performance.now() clock. */
  atMs: number;
}

export interface TargetServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Requests in arrival order; the first 10,000 only (see requestCount for the total). */
  requests: ReadonlyArray<ReceivedRequest>;
  requestCount(): number;
  /** Distinct TCP connections accepted so far. */
  connectionCount(): number;
  close(): Promise<void>;
}

const MAX_LOGGED_REQUESTS = 10_000;
/** Keeps pooled client sockets alive for the whole of any test run. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function sendConfiguredAnswer(
  res: ServerResponse,
  options: TargetServerOptions,
  req: RequestShape,
) {
  if (res.destroyed) return;
  const status = typeof options.status === 'function' ? options.status(req) : options.status;
  const statusCode = status ?? 200;
  const body = typeof options.body === 'function' ? options.body(req) : options.body;
  // These answers must not carry a body; writing one anyway would break the response.
  const bodyless = req.method === 'HEAD' || statusCode < 200 || [204, 304].includes(statusCode);
  const bodyText = bodyless ? '' : (body ?? 'ok');
  res.writeHead(statusCode, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(bodyText),
  });
  res.end(bodyText);
}

/** Starts a target server on 127.0.0.1 with an ephemeral port. */
export async function startTargetServer(options: TargetServerOptions = {}): Promise<TargetServer> {
  const requests: ReceivedRequest[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  let receivedCount = 0;
  let acceptedConnectionCount = 0;
  let stallWindow: StallWindowMs | undefined;

  // Re-checks the clock after each timer: timers may fire a little early, and a stall must
  // hold every answer until its end without exception.
  function runAt(atMs: number, action: () => void): void {
    const delayMs = atMs - performance.now();
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      runAt(atMs, action);
    }, Math.ceil(delayMs));
    pendingTimers.add(timer);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivalMs = performance.now();
    const index = receivedCount++;
    if (index === 0 && options.stall) {
      const startMs = arrivalMs + options.stall.afterFirstRequestMs;
      stallWindow = { startMs, endMs: startMs + options.stall.durationMs };
    }
    const shape = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const latencyMs = options.latencyMs?.(index, shape) ?? 0;
    const shouldReset = options.resetWhen?.({ ...shape, index }) ?? false;
    const shouldHang = options.hangWhen?.({ ...shape, index }) ?? false;
    const record = { ...shape, headers: { ...req.headers }, body: '', atMs: arrivalMs };
    if (requests.length < MAX_LOGGED_REQUESTS) requests.push(record);

    record.body = await readCappedBodyText(req);
    if (shouldReset) {
      req.socket.resetAndDestroy();
      return;
    }
    if (shouldHang) return;
    const answerAtMs = computeAnswerAtMs(arrivalMs, latencyMs, stallWindow);
    runAt(answerAtMs, () => sendConfiguredAnswer(res, options, shape));
  }

  const server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => void handleRequest(req, res),
  );
  server.on('connection', () => {
    acceptedConnectionCount += 1;
  });
  const port = await listenOnLoopback(server);

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestCount: () => receivedCount,
    connectionCount: () => acceptedConnectionCount,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close(() => resolve());
        // Kept-alive and hung sockets would otherwise hold close() open for a minute.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

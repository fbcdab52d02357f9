/**
 * Misbehaving targets on 127.0.0.1, for what a load gate must not be fooled by: a body that
 * trickles forever, replies that are not HTTP, oversized headers, and redirect chains. Raw
 * `node:net` servers answer each request (everything up to a blank line; bodiless requests
 * only) with bytes chosen by the test. Every server is bounded (a trickle stops by itself) and
 * `close()` destroys all its sockets and timers.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from './loopback-port.js';
import { readCappedBodyText } from './read-capped-body.js';

/** One request seen by a raw server, and when its connection closed (performance.now()). */
export interface RawRequestLog {
  atMs: number;
  closedAtMs?: number;
}

export interface HostileServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Requests in arrival order (the first 1,000). */
  requests: ReadonlyArray<RawRequestLog>;
  close(): Promise<void>;
}

const MAX_LOGGED = 1000;

/**
 * A raw HTTP/1.1 server: `answer` writes whatever it likes for each request read from a socket
 * (it may write later, using `later` so close() can cancel it).
 */
async function startRawServer(
  answer: (socket: Socket, later: (ms: number, action: () => void) => void) => void,
): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const requests: RawRequestLog[] = [];
  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const logs: RawRequestLog[] = [];
    socket.on('close', () => {
      sockets.delete(socket);
      const closedAtMs = performance.now();
      for (const log of logs) log.closedAtMs ??= closedAtMs;
    });
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end !== -1) {
        pending = pending.slice(end + 4);
        const log = { atMs: performance.now() };
        logs.push(log);
        if (requests.length < MAX_LOGGED) requests.push(log);
        answer(socket, later);
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  const port = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

/**
 * Sends `200` headers at once, then the body one byte every `byteIntervalMs`: each gap is
 * short, the whole body is long. Stops by itself after `totalBytes` (the body is then complete).
 */
export function startTrickleServer(options: {
  byteIntervalMs: number;
  totalBytes: number;
}): Promise<HostileServer> {
  return startRawServer((socket, later) => {
    socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${options.totalBytes}\r\n\r\n`);
    let sent = 0;
    const drip = () => {
      if (socket.destroyed || sent >= options.totalBytes) return;
      socket.write('x');
      sent++;
      later(options.byteIntervalMs, drip);
    };
    later(options.byteIntervalMs, drip);
  });
}

/** Replies that break HTTP/1.1 in the ways real broken servers and middleboxes do. */
export const BROKEN_REPLIES = {
  /** A chunk size that is not hexadecimal. */
  'bad chunk framing':
    'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n',
  /** Another protocol's greeting on the port (an SSH server, say). */
  'non-HTTP reply': 'SSH-2.0-OpenSSH_9.6\r\n',
  /** Response headers far beyond what an HTTP client accepts (undici: 16 KiB). */
  'oversized headers': `HTTP/1.1 200 OK\r\nx-padding: ${'a'.repeat(100_000)}\r\ncontent-length: 2\r\n\r\nok`,
} as const;

/** Answers every request with `reply`, byte for byte, and keeps the connection open. */
export function startBrokenServer(reply: string): Promise<HostileServer> {
  return startRawServer((socket) => {
    socket.write(reply);
  });
}

/** What a redirect server answers for one path. */
export interface RedirectRoute {
  status: number;
  /** Sent as the Location header when given (relative or absolute). */
  location?: string;
  /** Held back this long before answering. */
  delayMs?: number;
}

/** One request a redirect server received. */
export interface RedirectRequestLog {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RedirectServer {
  url: string;
  requests: ReadonlyArray<RedirectRequestLog>;
  close(): Promise<void>;
}

/**
 * A node:http server answering by path: a route's status and Location, else 200 `ok`. Redirect
 * answers carry a small body, as real ones do, so a client has to skip it.
 */
export async function startRedirectServer(
  routes: (path: string) => RedirectRoute | undefined,
): Promise<RedirectServer> {
  const requests: RedirectRequestLog[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createHttpServer((req: IncomingMessage, res) => {
    void readCappedBodyText(req).then((body) => {
      const path = req.url ?? '/';
      if (requests.length < MAX_LOGGED) {
        requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body });
      }
      const route = routes(path) ?? { status: 200 };
      const text = route.status === 200 ? 'ok' : `moved: ${route.location ?? '(nowhere)'}`;
      const respond = () => {
        if (res.destroyed) return;
        res.writeHead(route.status, {
          'content-type': 'text/plain',
          'content-length': req.method === 'HEAD' ? 0 : Buffer.byteLength(text),
          ...(route.location === undefined ? {} : { location: route.location }),
        });
        res.end(req.method === 'HEAD' ? undefined : text);
      };
      if (!route.delayMs) {
        respond();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond();
      }, route.delayMs);
      timers.add(timer);
    });
  });
  const port = await listenOnLoopback(server);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

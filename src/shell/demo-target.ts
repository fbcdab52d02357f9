/**
 * The embedded demo target: a small shop API on loopback that `loadgate demo` runs load against,
 * so a newcomer sees the whole product without a server of their own.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLatencySampler } from './demo-latency.js';
import { parseRequestTarget, readRequestBodyText } from './demo-request.js';
import { createDemoRouter, type DemoAnswer } from './demo-routes.js';

export interface DemoTargetOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (ephemeral, read the chosen one from `url`). */
  port?: number;
  /** Multiplies every latency: 1.3 mimics a build 30 % slower; default 1. */
  slowdownFactor?: number;
  /** Seed for the latency draws; the default is fixed so runs are reproducible. */
  seed?: number;
}

export interface DemoTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Changes the slowdown for requests that arrive from now on. */
  setSlowdownFactor(factor: number): void;
  /** Requests received so far, on every path. */
  requestCount(): number;
  /** Stops listening and drops every connection, kept-alive ones included. */
  close(): Promise<void>;
}

const DEFAULT_SEED = 0x10adc0de;
/** Longer than any sensible run's idle gap, so a load generator's pooled sockets stay usable. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function checkSlowdownFactor(factor: number): number {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`slowdownFactor must be a finite number >= 0, got ${factor}`);
  }
  return factor;
}

function sendAnswer(
  res: ServerResponse,
  answer: Pick<DemoAnswer, 'status' | 'contentType' | 'body' | 'headers'>,
) {
  if (res.destroyed) return;
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': `${answer.contentType}; charset=utf-8`,
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

/** Starts the demo target and resolves once it is listening. */
export async function startDemoTarget(options: DemoTargetOptions = {}): Promise<DemoTarget> {
  const host = options.host ?? '127.0.0.1';
  let slowdownFactor = checkSlowdownFactor(options.slowdownFactor ?? 1);
  const drawLatencyMs = createLatencySampler(options.seed ?? DEFAULT_SEED);
  const route = createDemoRouter();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let receivedCount = 0;

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    receivedCount += 1;
    const factorAtArrival = slowdownFactor;
    const bodyText = await readRequestBodyText(req);
    if (bodyText === undefined) {
      sendAnswer(res, { status: 413, contentType: 'text/plain', body: 'body too large' });
      return;
    }
    const url = parseRequestTarget(req.url);
    if (url === undefined) {
      sendAnswer(res, { status: 400, contentType: 'text/plain', body: 'bad request target' });
      return;
    }
    const answer = route({
      method: req.method ?? 'GET',
      pathname: url.pathname,
      searchParams: url.searchParams,
      bodyText,
      authorization: req.headers.authorization,
    });
    if (answer.medianLatencyMs <= 0) {
      sendAnswer(res, answer);
      return;
    }
    const latencyMs = drawLatencyMs(answer.medianLatencyMs) * factorAtArrival;
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      sendAnswer(res, answer);
    }, latencyMs);
    pendingTimers.add(timer);
  }

  const server = createServer(
    { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
    (req, res) => void handleRequest(req, res),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    setSlowdownFactor(factor) {
      slowdownFactor = checkSlowdownFactor(factor);
    },
    requestCount: () => receivedCount,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of pendingTimers) clearTimeout(timer);
        pendingTimers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

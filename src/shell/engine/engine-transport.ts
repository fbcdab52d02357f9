import { Client, type Dispatcher, Pool } from 'undici';
import type { HttpProtocol, Profile } from '../../core/profile/types.js';
import { PlainHttp1Pool } from './plain-http1-pool.js';
import { PreconnectingConnector } from './preconnecting-connector.js';

/**
 * The connections a run sends over: opened before the clock, capped at `load.connections`,
 * the same for the load, the setup and same-origin redirect hops.
 */
export interface EngineTransport {
  readonly dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** Opens up to `count` connections now; how many opened, and the first error. */
  open(count: number): Promise<{ opened: number; error?: Error & { code?: string } }>;
  /** Re-opens idle connections the target may have closed during a long wait. */
  topUp(count: number): Promise<void>;
  /** Waits for requests in flight, then closes everything. */
  close(): Promise<void>;
  /** Cuts requests in flight (they fail, and the sender counts them as interrupted). */
  destroy(): Promise<void>;
  /** The protocols the connections spoke, for the results. */
  readonly protocolsSeen: ReadonlySet<HttpProtocol>;
}

export interface TransportOptions {
  connections: number;
  connectTimeoutMs: number;
  tls: { ca?: string[]; rejectUnauthorized?: boolean };
}

/**
 * Plain `http:` over HTTP/1.1 goes through `PlainHttp1Pool`, which costs a fraction of
 * undici's CPU per request (see `npm run bench`); `https:` and HTTP/2 go through undici.
 */
export function openTransport(
  profile: Pick<Profile, 'protocol' | 'maxConcurrentStreams'>,
  origin: URL,
  options: TransportOptions,
): EngineTransport {
  if (origin.protocol === 'http:' && profile.protocol !== 'http2') {
    return openPlainTransport(origin, options);
  }
  return openUndiciTransport(profile, origin, options);
}

function openPlainTransport(origin: URL, options: TransportOptions): EngineTransport {
  const pool = new PlainHttp1Pool(origin, options);
  return {
    dispatcher: pool,
    open: (count) => pool.open(count),
    topUp: (count) => pool.topUp(count),
    close: () => pool.close(),
    destroy: () => pool.destroy(),
    protocolsSeen: pool.protocolsSeen,
  };
}

/** undici's Pool, with connections opened ahead by the preconnecting connector. */
function openUndiciTransport(
  profile: Pick<Profile, 'protocol' | 'maxConcurrentStreams'>,
  origin: URL,
  options: TransportOptions,
): EngineTransport {
  const http2 = profile.protocol === 'http2';
  const connector = new PreconnectingConnector(origin, {
    timeout: options.connectTimeoutMs,
    allowH2: http2,
    ...options.tls,
  });
  const streams = http2 ? (profile.maxConcurrentStreams ?? 1) : 1;
  const pool = new Pool(origin.origin, {
    connections: options.connections,
    pipelining: 1,
    connect: connector.connect,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
    ...(http2 ? { allowH2: true, maxConcurrentStreams: streams } : {}),
    // undici 7 caps requests in flight per connection by `pipelining`, on HTTP/2 too; only a
    // connection that did negotiate h2 may take `streams` at once, never an HTTP/1.1 one (a
    // server that refused h2 would otherwise get pipelined requests).
    factory: (clientOrigin, clientOptions) => {
      const client = new Client(clientOrigin, clientOptions);
      if (http2) {
        client.on('connect', () => {
          client.pipelining = connector.lastProtocol === 'http2' ? streams : 1;
        });
      }
      return client;
    },
  });
  return {
    dispatcher: pool,
    open: (count) => connector.open(count),
    topUp: (count) => connector.topUp(count),
    close: async () => {
      await pool.close();
      connector.close();
    },
    destroy: async () => {
      await pool.destroy();
      connector.close();
    },
    protocolsSeen: connector.protocolsSeen,
  };
}

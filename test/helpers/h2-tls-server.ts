import { readFileSync } from 'node:fs';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Test-only self-signed certificate for 127.0.0.1 (see test/fixtures/tls/README.md). */
export const TLS_FIXTURES = new URL('../fixtures/tls/', import.meta.url);
export const CERT_PATH = new URL('cert.pem', TLS_FIXTURES).pathname;
export const CERT_PEM = readFileSync(CERT_PATH, 'utf8');
const KEY_PEM = readFileSync(new URL('key.pem', TLS_FIXTURES), 'utf8');

export interface H2TlsServer {
  url: string;
  /** Requests seen, by `req.httpVersion` ('2.0', '1.1'). */
  versions: Record<string, number>;
  /** HTTP/2 sessions opened (one per h2 connection). */
  sessions: number;
  /** TLS connections accepted (h2 and HTTP/1.1). */
  connections: number;
  /** Most HTTP/2 streams in flight at once on any one session. */
  maxStreamsInFlight: number;
  close(): Promise<void>;
}

/**
 * An HTTP/2 TLS server on 127.0.0.1 (HTTP/1.1 too when `allowHTTP1`, or only HTTP/1.1 when
 * `offerH2` is false: a node:https server) answering 200 after `delayMs`.
 */
export async function startH2TlsServer(
  options: { delayMs?: number; allowHTTP1?: boolean; offerH2?: boolean } = {},
): Promise<H2TlsServer> {
  const state = { versions: {} as Record<string, number>, sessions: 0, connections: 0, max: 0 };
  const inFlight = new Map<object, number>();
  const open = new Set<{ destroy(): void }>();
  const handle = (req: Http2ServerRequest, res: Http2ServerResponse) => {
    state.versions[req.httpVersion] = (state.versions[req.httpVersion] ?? 0) + 1;
    const session = req.stream?.session;
    if (session) {
      const now = (inFlight.get(session) ?? 0) + 1;
      inFlight.set(session, now);
      state.max = Math.max(state.max, now);
    }
    setTimeout(() => {
      if (session) inFlight.set(session, (inFlight.get(session) ?? 1) - 1);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    }, options.delayMs ?? 0);
  };
  const tls = { key: KEY_PEM, cert: CERT_PEM };
  // node:http2 always offers h2 by ALPN: a server that refuses it is a plain https one.
  const server =
    options.offerH2 === false
      ? createHttpsServer(tls, handle as never)
      : createSecureServer({ ...tls, allowHTTP1: options.allowHTTP1 ?? false }, handle);
  server.on('session', (session) => {
    state.sessions++;
    open.add(session);
    session.on('close', () => open.delete(session));
  });
  server.on('secureConnection', (socket) => {
    state.connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    get versions() {
      return state.versions;
    },
    get sessions() {
      return state.sessions;
    },
    get connections() {
      return state.connections;
    },
    get maxStreamsInFlight() {
      return state.max;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Sessions the client left open would keep close() waiting.
        for (const each of open) each.destroy();
      }),
  };
}

import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import type { HttpProtocol } from '../../core/profile/types.js';

type ConnectOptions = buildConnector.BuildOptions;
type Connector = buildConnector.connector;
type ConnectParams = Parameters<Connector>[0];

/** The HTTP version a connection speaks: h2 only when ALPN chose it during the TLS handshake. */
export function readSocketProtocol(socket: Socket): HttpProtocol {
  return (socket as Partial<TLSSocket>).alpnProtocol === 'h2' ? 'http2' : 'http1';
}

/**
 * A connector for undici's Pool that opens connections before the measured window and hands
 * them out first, so the first seconds of a run do not pay TCP (and TLS) set-up. Sockets that
 * died while idle are skipped; beyond the stash it connects as usual. With `allowH2` in the
 * options both offer h2 by ALPN (undici's connector does), so a preconnected socket has
 * already negotiated HTTP/2 when the server agreed.
 */
export class PreconnectingConnector {
  private readonly idle: Socket[] = [];
  private readonly base: Connector;
  readonly connect: Connector;
  /** Protocols of the connections handed to undici, for the results. */
  readonly protocolsSeen = new Set<HttpProtocol>();
  /**
   * Protocol of the connection handed out last. undici's client sets itself up for that socket
   * and emits `connect` synchronously inside the connector's callback, so a `connect` listener
   * reads here the protocol of its own connection.
   */
  lastProtocol: HttpProtocol = 'http1';

  constructor(
    private readonly origin: URL,
    options: ConnectOptions,
  ) {
    this.base = buildConnector(options);
    this.connect = (params, callback) => {
      const socket = this.takeIdle();
      if (socket) {
        // Asynchronously, as a real connect would: undici calls the connector from inside its
        // resume loop, and a synchronous callback's nested resume is ignored, so the request
        // would never be written.
        process.nextTick(() => {
          this.noteHandedOut(socket);
          callback(null, socket);
        });
        return;
      }
      this.base(params, (error, opened) => {
        if (error || !opened) {
          callback(error ?? new Error('connect failed'), null);
          return;
        }
        this.noteHandedOut(opened as Socket);
        callback(null, opened);
      });
    };
  }

  /**
   * Opens up to `count` connections in parallel.
   * @returns how many opened, and the first error when some did not.
   */
  async open(count: number): Promise<{ opened: number; error?: Error & { code?: string } }> {
    const attempts = Array.from({ length: count }, () => this.openOne());
    const results = await Promise.allSettled(attempts);
    let error: (Error & { code?: string }) | undefined;
    for (const r of results) {
      if (r.status === 'fulfilled') this.idle.push(r.value);
      else error ??= r.reason as Error;
    }
    return { opened: count - results.filter((r) => r.status === 'rejected').length, error };
  }

  /**
   * Opens connections again up to `count` idle ones, after dropping those that died while
   * idle (a server's keep-alive timeout): for a start after a long wait (`--start-at`). A
   * connection that fails to open is left to undici to open when needed.
   */
  async topUp(count: number): Promise<void> {
    const alive = this.idle.filter((socket) => !socket.destroyed && socket.readyState === 'open');
    for (const socket of this.idle) if (!alive.includes(socket)) socket.destroy();
    this.idle.splice(0, this.idle.length, ...alive);
    const missing = count - alive.length;
    if (missing > 0) await this.open(missing);
  }

  /** Closes the sockets that were never handed out. */
  close(): void {
    for (const socket of this.idle.splice(0)) socket.destroy();
  }

  private openOne(): Promise<Socket> {
    const params: ConnectParams = {
      host: this.origin.host,
      hostname: this.origin.hostname.replace(/^\[(.*)\]$/, '$1'),
      protocol: this.origin.protocol,
      port: this.origin.port || (this.origin.protocol === 'https:' ? '443' : '80'),
      servername: undefined,
      localAddress: null,
    };
    return new Promise((resolve, reject) => {
      this.base(params, (err, socket) => {
        if (err || !socket) {
          reject(err ?? new Error('connect failed'));
          return;
        }
        // An idle socket the server closes must not crash the process with an unhandled error.
        socket.on('error', () => {});
        resolve(socket as Socket);
      });
    });
  }

  private noteHandedOut(socket: Socket): void {
    this.lastProtocol = readSocketProtocol(socket);
    this.protocolsSeen.add(this.lastProtocol);
  }

  private takeIdle(): Socket | undefined {
    while (this.idle.length > 0) {
      const socket = this.idle.pop() as Socket;
      if (!socket.destroyed && socket.readyState === 'open') return socket;
      socket.destroy();
    }
    return undefined;
  }
}

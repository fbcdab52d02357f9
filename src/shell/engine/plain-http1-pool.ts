import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type Dispatcher, errors } from 'undici';
import type { HttpProtocol } from '../../core/profile/types.js';
import {
  Http1ResponseParser,
  type ResponseHeaders,
  type ResponseSink,
} from './http1-response-parser.js';

/**
 * The load engine's connections to a plain `http:` target: HTTP/1.1 keep-alive, one request
 * at a time per connection, at most `connections` of them, requests waiting first in, first
 * out when all are busy. It does what undici's Pool does for the engine with 4–5 µs less CPU
 * per request (`bench/max-rate.ts`: 15.8 → 11.2 µs, most of the rest being the kernel's),
 * because a load generator's request is simpler than a general client's:
 * a static request is encoded once and written as one buffer, reads land in one reused buffer
 * (`onread`, no stream machinery), and the answer is parsed for its status and framing only
 * (`Http1ResponseParser`). TLS, HTTP/2 and redirects to other origins stay with undici.
 *
 * It speaks undici's dispatch interface (new-style handlers), so `RequestSender`, the setup
 * and redirect hops use it unchanged, with the errors undici would give (same classes and
 * codes, so every failure keeps its kind): `SocketError` for a close mid-answer,
 * `HTTPParserError` for broken framing, `ConnectTimeoutError`, errno errors from the OS,
 * `InvalidArgumentError` for a request undici would refuse. Two differences, both stated for
 * handlers: `onResponseStart` gets an empty header object unless the status is a redirect or
 * the handler has `readsHeaders: true`; and `onResponseData`'s chunk is a view of a buffer
 * the next read reuses (copy it to keep it; the sender turns it into a string at once).
 */
export class PlainHttp1Pool {
  private readonly all = new Set<Connection>();
  /** Connected and free, the most recently freed last (it is the warmest). */
  private readonly idle: Connection[] = [];
  private readonly queue: PlainRequest[] = [];
  private queueHead = 0;
  private connecting = 0;
  /** Requests written and not yet settled, plus those waiting. */
  private unsettled = 0;
  private closing: (() => void) | undefined;
  /** Sockets destroyed and not yet closed: `close()` and `destroy()` wait for them. */
  private readonly closings = new Set<Promise<void>>();
  private destroyed = false;
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  /** `origin.origin`, read once: URL getters cost on every request. */
  private readonly originText: string;
  private readonly encoded = new WeakMap<Dispatcher.DispatchOptions, EncodedRequest>();
  /** Protocols of the connections used, for the results (always HTTP/1.1 here). */
  readonly protocolsSeen = new Set<HttpProtocol>();

  constructor(
    readonly origin: URL,
    private readonly options: { connections: number; connectTimeoutMs: number },
  ) {
    if (origin.protocol !== 'http:') {
      throw new Error(`PlainHttp1Pool speaks plain http: only, not ${origin.protocol}`);
    }
    this.host = origin.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = Number(origin.port || 80);
    this.hostHeader = origin.host;
    this.originText = origin.origin;
  }

  /**
   * Sends one request: on a free connection at once, else when one frees up (a new one is
   * opened while below `connections`).
   * @throws InvalidArgumentError for a request undici would refuse (a header value with a
   *   line break, a path with a space); ClientDestroyedError / ClientClosedError after
   *   `destroy` / `close`.
   */
  dispatch(options: Dispatcher.DispatchOptions, handler: PlainHttp1Handler): boolean {
    if (this.destroyed) throw new errors.ClientDestroyedError();
    if (this.closing) throw new errors.ClientClosedError();
    const origin = options.origin;
    if (origin !== undefined && origin !== this.originText && String(origin) !== this.originText) {
      throw new errors.InvalidArgumentError(`this pool sends to ${this.originText} only`);
    }
    const encoded = this.encode(options);
    const request = new PlainRequest(this, handler, encoded);
    this.unsettled++;
    const connection = this.takeIdle();
    if (connection) connection.send(request);
    else this.enqueue(request);
    return true;
  }

  /**
   * Opens up to `count` connections at once, before the clock starts, so the first seconds
   * of a run do not pay for TCP set-up.
   * @returns how many opened, and the first error when some did not.
   */
  async open(count: number): Promise<{ opened: number; error?: Error & { code?: string } }> {
    const wanted = Math.min(count, this.options.connections - this.all.size);
    const attempts = Array.from({ length: Math.max(0, wanted) }, () => this.openConnection());
    const results = await Promise.allSettled(attempts);
    let error: (Error & { code?: string }) | undefined;
    let opened = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') opened++;
      else error ??= r.reason as Error;
    }
    return error === undefined ? { opened } : { opened, error };
  }

  /** Re-opens connections up to `count` idle ones after a long wait (`--start-at`): a server
   * may have closed idle ones meanwhile. */
  async topUp(count: number): Promise<void> {
    for (const connection of [...this.idle]) {
      if (!connection.usable()) connection.destroy();
    }
    await this.open(count - this.idle.length);
  }

  /** Waits for every request to settle, then closes the connections (resolves once their
   * sockets are closed, as undici's does). */
  close(): Promise<void> {
    if (this.destroyed) return this.allClosed();
    return new Promise<void>((resolve) => {
      this.closing = resolve;
      if (this.unsettled === 0) resolve();
    }).then(() => this.destroy());
  }

  /** Cuts every connection; requests in flight or waiting fail with `ClientDestroyedError`.
   * Resolves once every socket is closed. */
  destroy(): Promise<void> {
    this.destroyed = true;
    const waiting = this.queue.splice(0);
    this.queueHead = 0;
    for (const request of waiting) request?.fail(new errors.ClientDestroyedError());
    for (const connection of [...this.all]) {
      connection.current?.fail(new errors.ClientDestroyedError());
      connection.destroy();
    }
    return this.allClosed();
  }

  /** Every socket opened so far has closed. */
  private allClosed(): Promise<void> {
    return Promise.all(this.closings).then(() => undefined);
  }

  /** Called by a connection that finished its answer and may carry another. */
  reuse(connection: Connection): void {
    const next = this.dequeue();
    if (next) connection.send(next);
    else this.idle.push(connection);
  }

  /** Called once per request when its handler was told how it ended. */
  onSettled(): void {
    this.unsettled--;
    if (this.unsettled === 0 && this.closing) this.closing();
  }

  /** Called when a connection is gone, whatever the reason. */
  onGone(connection: Connection): void {
    if (!this.all.delete(connection)) return;
    this.closings.add(connection.closed);
    void connection.closed.then(() => this.closings.delete(connection.closed));
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    this.openForWaiting();
  }

  /** Takes `request` off the queue (it was aborted while waiting). */
  unqueue(request: PlainRequest): boolean {
    const at = this.queue.indexOf(request, this.queueHead);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    return true;
  }

  private enqueue(request: PlainRequest): void {
    this.queue.push(request);
    this.openForWaiting();
  }

  private dequeue(): PlainRequest | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const request = this.queue[this.queueHead] as PlainRequest;
    this.queue[this.queueHead] = undefined as unknown as PlainRequest;
    this.queueHead++;
    // Compacts now and then, so a long run's queue does not keep every request it ever held.
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return request;
  }

  /** Opens connections for waiting requests, as many as wait and the cap allows. */
  private openForWaiting(): void {
    if (this.destroyed) return;
    const waiting = this.queue.length - this.queueHead;
    let missing = Math.min(waiting - this.connecting, this.options.connections - this.all.size);
    while (missing-- > 0) {
      this.connectThen((error, connection) => {
        if (connection) this.reuse(connection);
        // As undici: the request waiting for this connection fails with the connect error.
        else this.dequeue()?.fail(error as Error);
      });
    }
  }

  /** Resolves once connected, with the connection parked as idle; rejects on failure. */
  private openConnection(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      this.connectThen((error, connection) => {
        if (connection === undefined) {
          reject(error);
          return;
        }
        this.idle.push(connection);
        resolve(connection);
      });
    });
  }

  /** Opens one connection; `then` hears synchronously of the outcome. */
  private connectThen(then: (error: Error | undefined, connection?: Connection) => void): void {
    this.connecting++;
    const connection = new Connection(this, (error) => {
      this.connecting--;
      if (error) then(error);
      else if (this.destroyed) {
        connection.destroy();
        then(new errors.ClientDestroyedError());
      } else then(undefined, connection);
    });
    this.all.add(connection);
    connection.open(this.host, this.port, this.options.connectTimeoutMs);
  }

  private takeIdle(): Connection | undefined {
    while (this.idle.length > 0) {
      const connection = this.idle.pop() as Connection;
      if (connection.usable()) return connection;
      connection.destroy();
    }
    return undefined;
  }

  /**
   * The bytes of a request. Frozen options (a template's, sent again and again) are encoded
   * once; a rendered request's fresh object is not cached: a WeakMap entry per request costs
   * more than encoding it.
   */
  private encode(options: Dispatcher.DispatchOptions): EncodedRequest {
    if (!Object.isFrozen(options)) return encodeRequest(options, this.hostHeader);
    const cached = this.encoded.get(options);
    if (cached) return cached;
    const encoded = encodeRequest(options, this.hostHeader);
    this.encoded.set(options, encoded);
    return encoded;
  }
}

/** A handler that also wants the headers of answers that are not redirects (to extract). */
export type PlainHttp1Handler = Dispatcher.DispatchHandler & { readonly readsHeaders?: boolean };

/** A request ready to write, and what its answer needs to be parsed. */
interface EncodedRequest {
  bytes: Buffer;
  /** A HEAD's answer has no body; undici closes the connection after it, so do we. */
  head: boolean;
}

const NO_TRAILERS: ResponseHeaders = Object.freeze({}) as ResponseHeaders;
const NO_CONTEXT = Object.freeze({});

/**
 * One request from dispatch to its end; it is its handler's controller too (one object per
 * request instead of two).
 */
class PlainRequest implements Dispatcher.DispatchController {
  connection: Connection | undefined;
  private settled = false;
  private abortReason: Error | null = null;

  constructor(
    private readonly pool: PlainHttp1Pool,
    readonly handler: PlainHttp1Handler,
    readonly encoded: EncodedRequest,
  ) {}

  get aborted(): boolean {
    return this.abortReason !== null;
  }
  get paused(): boolean {
    return false;
  }
  get reason(): Error | null {
    return this.abortReason;
  }
  /** Reads are never held back: a load generator reads as fast as answers come. */
  pause(): void {}
  resume(): void {}

  abort(reason: Error): void {
    if (this.settled || this.abortReason !== null) return;
    this.abortReason = reason;
    const connection = this.connection;
    if (connection === undefined) this.pool.unqueue(this);
    else connection.abandon(this);
    this.fail(reason);
  }

  get done(): boolean {
    return this.settled;
  }

  start(): void {
    this.handler.onRequestStart?.(this, NO_CONTEXT);
  }

  head(status: number, headers: ResponseHeaders): void {
    if (!this.settled) this.handler.onResponseStart?.(this, status, headers, '');
  }

  data(chunk: Buffer): void {
    if (!this.settled) this.handler.onResponseData?.(this, chunk);
  }

  end(): void {
    if (this.settled) return;
    this.settled = true;
    this.pool.onSettled();
    this.handler.onResponseEnd?.(this, NO_TRAILERS);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.pool.onSettled();
    this.handler.onResponseError?.(this, error);
  }
}

/** One reused buffer per thread for every read: each read is parsed before the next lands. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** undici's `keepAliveTimeoutThreshold`: an idle connection is dropped this long before the
 * server said it would close it, so a request never races the server's close. */
const KEEP_ALIVE_THRESHOLD_MS = 2000;

/** One TCP connection and the answer it is reading. */
class Connection implements ResponseSink {
  private socket: Socket | undefined;
  private readonly parser = new Http1ResponseParser();
  current: PlainRequest | undefined;
  private connected = false;
  private gone = false;
  /** Whether the current request's bytes went out (an abort before that leaves it clean). */
  private written = false;
  /** When the server's announced idle timeout (minus the threshold) ends; 0: none said. */
  private expiresAtMs = 0;
  private connectTimer: NodeJS.Timeout | undefined;
  private onClosed: () => void = () => {};
  /** Resolves when the socket has closed. */
  readonly closed = new Promise<void>((resolve) => {
    this.onClosed = resolve;
  });

  constructor(
    private readonly pool: PlainHttp1Pool,
    private onConnect: ((error?: Error) => void) | undefined,
  ) {}

  open(host: string, port: number, connectTimeoutMs: number): void {
    const socket = connect({
      host,
      port,
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 60_000,
      onread: { buffer: READ_BUFFER, callback: (n) => this.onRead(n, READ_BUFFER) },
    });
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      this.fail(new errors.ConnectTimeoutError());
    }, connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(this.connectTimer);
      this.connected = true;
      const onConnect = this.onConnect;
      this.onConnect = undefined;
      onConnect?.();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('end', () => this.onEnd());
    socket.on('close', () => {
      this.fail(new errors.SocketError('closed'));
      this.onClosed();
    });
  }

  /** Whether it may carry a request now. */
  usable(): boolean {
    return (
      !this.gone &&
      this.connected &&
      (this.expiresAtMs === 0 || performance.now() < this.expiresAtMs) &&
      this.socket?.writable === true
    );
  }

  send(request: PlainRequest): void {
    request.connection = this;
    this.current = request;
    this.written = false;
    this.parser.expect(this, request.encoded.head, request.handler.readsHeaders === true);
    request.start();
    // Aborted in onRequestStart (its deadline passed between redirect hops): nothing was
    // written, and `abandon` gave the connection back.
    if (request.done) return;
    this.pool.protocolsSeen.add('http1');
    this.written = true;
    this.socket?.write(request.encoded.bytes);
  }

  /** An aborted request's connection: cut, unless nothing was written on it yet (then it is
   * as good as before and goes back to the pool). */
  abandon(request: PlainRequest): void {
    if (this.current !== request) return;
    this.current = undefined;
    this.parser.release();
    if (this.written) this.destroy();
    else this.pool.reuse(this);
  }

  onHead(status: number, headers: ResponseHeaders): void {
    this.current?.head(status, headers);
  }

  onBody(chunk: Buffer): void {
    this.current?.data(chunk);
  }

  destroy(): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.connectTimer);
    this.socket?.destroy();
    this.pool.onGone(this);
  }

  private onRead(n: number, buffer: Buffer): boolean {
    const request = this.current;
    if (request === undefined) {
      // Bytes nobody asked for: the connection's framing can no longer be trusted.
      this.destroy();
      return false;
    }
    let consumed: number;
    try {
      consumed = this.parser.execute(buffer, 0, n);
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
    if (this.current === request && this.parser.done) this.complete(request, consumed === n);
    return !this.gone;
  }

  /** The server closed its side: the end of a body framed by the close, or a cut answer. */
  private onEnd(): void {
    const request = this.current;
    if (request !== undefined && this.parser.endOfStream()) this.complete(request, false);
    else this.fail(new errors.SocketError('other side closed'));
  }

  /** Settles the answer, then offers the connection to the next request (or drops it). */
  private complete(request: PlainRequest, clean: boolean): void {
    const parser = this.parser;
    const keep = clean && parser.keepAlive && !request.encoded.head;
    if (keep && parser.keepAliveTimeoutMs > KEEP_ALIVE_THRESHOLD_MS) {
      this.expiresAtMs = performance.now() + parser.keepAliveTimeoutMs - KEEP_ALIVE_THRESHOLD_MS;
    }
    this.current = undefined;
    parser.release();
    // Free before the handler hears of it: a user's next request goes out on this same
    // connection, as it would with undici.
    if (keep) this.pool.reuse(this);
    else this.destroy();
    request.end();
  }

  /** The connection failed: its request (if any) fails with `error`, and it is gone. */
  private fail(error: Error): void {
    const request = this.current;
    this.current = undefined;
    if (!this.connected && this.onConnect) {
      const onConnect = this.onConnect;
      this.onConnect = undefined;
      this.destroy();
      onConnect(error);
      return;
    }
    this.destroy();
    if (request) {
      this.parser.release();
      request.fail(error);
    }
  }
}

/**
 * What undici writes for these options (`client-h1.js`): request line, `host`, `connection:
 * keep-alive` (`close` for a HEAD), the headers, a content-length when there is a body or the
 * method expects one, then the body, as one buffer.
 * @throws InvalidArgumentError where undici's Request would refuse the options.
 */
export function encodeRequest(
  options: Dispatcher.DispatchOptions,
  hostHeader: string,
): EncodedRequest {
  const method = String(options.method);
  const path = options.path;
  if (!TOKEN.test(method)) throw new errors.InvalidArgumentError('invalid request method');
  if (typeof path !== 'string' || path[0] !== '/') {
    throw new errors.InvalidArgumentError('path must be an absolute URL or start with a slash');
  }
  if (INVALID_PATH.test(path)) throw new errors.InvalidArgumentError('invalid request path');
  const body = toBodyBuffer(options.body);
  const head = method === 'HEAD';
  const headers = encodeHeaders(options.headers);
  const length = body?.length ?? 0;
  const lengthLine =
    length > 0 || EXPECTS_PAYLOAD.has(method) ? `content-length: ${length}\r\n` : '';
  const text = `${method} ${path} HTTP/1.1\r\nhost: ${headers.host ?? hostHeader}\r\nconnection: ${head ? 'close' : 'keep-alive'}\r\n${headers.lines}${lengthLine}\r\n`;
  if (body === undefined) return { bytes: Buffer.from(text, 'latin1'), head };
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(text, 'latin1') + length);
  const at = bytes.write(text, 'latin1');
  body.copy(bytes, at);
  return { bytes, head };
}

/** A headers object's lines, validated; `host` when the options name their own. */
interface EncodedHeaders {
  lines: string;
  host?: string;
}

/**
 * By headers object, for frozen ones only: an object that cannot change can be encoded once
 * (the engine freezes its templates' headers, which every request without per-request headers
 * shares), while caching the fresh object of every rendered request would cost more than it
 * saves.
 */
const encodedHeaders = new WeakMap<object, EncodedHeaders>();
/** Header names already checked (they come from profiles: a bounded set). */
const validNames = new Set<string>();

function encodeHeaders(headers: Dispatcher.DispatchOptions['headers']): EncodedHeaders {
  if (headers == null) return { lines: '' };
  const frozen = Object.isFrozen(headers);
  if (frozen) {
    const known = encodedHeaders.get(headers);
    if (known) return known;
  }
  const encoded: EncodedHeaders = { lines: '' };
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      addHeaderLine(encoded, String(headers[i]), headers[i + 1]);
    }
  } else {
    const record = headers as Record<string, unknown>;
    for (const name in record) addHeaderLine(encoded, name, record[name]);
  }
  if (frozen) encodedHeaders.set(headers, encoded);
  return encoded;
}

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_PATH = /[^\u0021-\u00ff]/;
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Framing and connection control are the client's own; undici refuses them as headers. */
const REFUSED_HEADERS = new Set(['connection', 'keep-alive', 'upgrade', 'transfer-encoding']);
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

function addHeaderLine(encoded: EncodedHeaders, name: string, value: unknown): void {
  if (value === undefined) return;
  if (!validNames.has(name)) {
    if (!TOKEN.test(name)) throw new errors.InvalidArgumentError('invalid header key');
    if (validNames.size < 10_000) validNames.add(name);
  }
  if (Array.isArray(value)) {
    for (const item of value) addHeaderLine(encoded, name, item);
    return;
  }
  const text = typeof value === 'string' ? value : String(value);
  if (INVALID_HEADER_VALUE.test(text)) {
    throw new errors.InvalidArgumentError(`invalid ${name} header`);
  }
  // Only names of these lengths can be host (4), content-length (14) or a refused one.
  const special = name.length === 4 || name.length >= 7 ? name.toLowerCase() : '';
  if (special === 'host') encoded.host = text;
  else if (special === 'content-length')
    return; // written from the body's own length
  else if (REFUSED_HEADERS.has(special)) {
    throw new errors.InvalidArgumentError(`invalid ${special} header`);
  } else encoded.lines += `${name}: ${text}\r\n`;
}

function toBodyBuffer(body: Dispatcher.DispatchOptions['body']): Buffer | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.length);
  throw new errors.InvalidArgumentError('the plain HTTP/1.1 pool sends string or buffer bodies');
}

/**
 * The plain HTTP/1.1 pool against real loopback servers: what it writes (byte for byte what
 * undici writes), how it reuses and caps connections, and how every way a server can fail
 * reaches the handler with undici's error (so each keeps its error kind).
 */
import { createServer, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../src/core/stats/error-kind.js';
import { PlainHttp1Pool } from '../../../src/shell/engine/plain-http1-pool.js';
import { listenOnLoopback } from '../../helpers/loopback-port.js';

/** One request as the server read it: head text, body, and which connection carried it. */
interface SeenRequest {
  head: string;
  body: string;
  connection: number;
}

interface ScriptedServer {
  url: string;
  requests: SeenRequest[];
  connections: number;
  /** Connections the server saw closed. */
  closed: number;
  close(): Promise<void>;
}

/** A raw server: `answer` writes what the test wants for each request it reads. */
async function startScriptedServer(
  answer: (socket: Socket, request: SeenRequest) => void,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const state: ScriptedServer = {
    url: '',
    requests: [],
    connections: 0,
    closed: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((socket) => {
    const connection = state.connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      state.closed++;
    });
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const body = pending.subarray(end + 4, end + 4 + length).toString('utf8');
        pending = pending.subarray(end + 4 + length);
        const request = { head, body, connection };
        state.requests.push(request);
        answer(socket, request);
      }
    });
  });
  state.url = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  return state;
}

const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';

interface Outcome {
  status?: number;
  body: string;
  error?: Error & { code?: string };
  started: boolean;
}

/** Dispatches and resolves when the handler heard the end or an error. */
function send(
  pool: Pick<Dispatcher, 'dispatch'>,
  options: Partial<Dispatcher.DispatchOptions> = {},
  onStart?: (controller: Dispatcher.DispatchController) => void,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { body: '', started: false };
    pool.dispatch(
      { path: '/', method: 'GET', headersTimeout: 0, bodyTimeout: 0, ...options },
      {
        onRequestStart(controller) {
          outcome.started = true;
          onStart?.(controller);
        },
        onResponseStart(_c, status) {
          outcome.status = status;
        },
        onResponseData(_c, chunk) {
          outcome.body += chunk.toString();
        },
        onResponseEnd: () => resolve(outcome),
        onResponseError(_c, error) {
          outcome.error = error;
          resolve(outcome);
        },
      },
    );
  });
}

let server: ScriptedServer | undefined;
let pool: PlainHttp1Pool | undefined;
afterEach(async () => {
  await pool?.destroy();
  await server?.close();
  pool = undefined;
  server = undefined;
});

function openPool(url: string, connections = 2): PlainHttp1Pool {
  pool = new PlainHttp1Pool(new URL(url), { connections, connectTimeoutMs: 2000 });
  return pool;
}

describe('what it writes', () => {
  it('writes what undici writes: request line, host, keep-alive, headers, length, body', async () => {
    server = await startScriptedServer((socket) => socket.write(OK));
    const cases: Partial<Dispatcher.DispatchOptions>[] = [
      { path: '/a?b=1', method: 'GET', headers: { 'user-agent': 'loadgate/1', 'x-Id': '7' } },
      {
        path: '/p',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"é":1}',
      },
      { path: '/p', method: 'POST', body: Buffer.from('raw') },
      { path: '/empty', method: 'PUT' },
      { path: '/h', method: 'GET', headers: { host: 'example.test', 'x-multi': ['a', 'b'] } },
      { path: '/del', method: 'DELETE' },
    ];
    const undici = new Pool(server.url, { connections: 1 });
    const plain = openPool(server.url, 1);
    try {
      for (const options of cases) {
        const before = server.requests.length;
        await send(undici, options);
        await send(plain, options);
        const [viaUndici, viaPlain] = server.requests.slice(before);
        expect(viaPlain?.head).toMatch(/^[A-Z]+ \/\S* HTTP\/1\.1\r\nhost: /);
        // Header order is not meaningful; the set of lines and the body are.
        const lines = (head?: string) => head?.split('\r\n').sort();
        expect(lines(viaPlain?.head)).toEqual(lines(viaUndici?.head));
        expect(viaPlain?.body).toBe(viaUndici?.body);
      }
    } finally {
      await undici.close();
    }
  });

  it('refuses what undici refuses, before sending anything: a line break in a header value, a space in the path', async () => {
    server = await startScriptedServer((socket) => socket.write(OK));
    const plain = openPool(server.url);
    const refused: Partial<Dispatcher.DispatchOptions>[] = [
      { headers: { 'x-injected': 'a\r\nx-evil: 1' } },
      { headers: { 'bad name': '1' } },
      { path: '/a b' },
      { path: 'no-slash' },
      { headers: { 'transfer-encoding': 'chunked' } },
    ];
    for (const options of refused) {
      expect(() => plain.dispatch({ path: '/', method: 'GET', ...options }, {})).toThrow(
        expect.objectContaining({ code: 'UND_ERR_INVALID_ARG' }),
      );
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('connections', () => {
  it('opens ahead, reuses a kept-alive connection, and never opens more than its cap', async () => {
    server = await startScriptedServer((socket) => setTimeout(() => socket.write(OK), 5));
    const plain = openPool(server.url, 3);
    expect(await plain.open(3)).toEqual({ opened: 3 });
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => send(plain)));
    expect(outcomes.every((o) => o.status === 200 && o.body === 'ok')).toBe(true);
    expect(server.connections).toBe(3);
    // Waiting requests go first in, first out: each connection carried a fair share.
    const perConnection = [0, 1, 2].map(
      (c) => server?.requests.filter((r) => r.connection === c).length,
    );
    expect(perConnection).toEqual([10, 10, 10]);
    expect(plain.protocolsSeen).toEqual(new Set(['http1']));
  });

  it('does not reuse a connection the server closes, asks to close, or that answered a HEAD', async () => {
    let count = 0;
    server = await startScriptedServer((socket, request) => {
      count++;
      if (request.head.startsWith('HEAD')) socket.write(OK);
      else if (count === 1)
        socket.write('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok');
      else if (count === 2) socket.end('HTTP/1.1 200 OK\r\n\r\nuntil close');
      else socket.write(OK);
    });
    const plain = openPool(server.url, 1);
    expect((await send(plain)).body).toBe('ok');
    expect((await send(plain)).body).toBe('until close');
    expect((await send(plain, { method: 'HEAD' })).status).toBe(200);
    expect((await send(plain)).body).toBe('ok');
    expect(server.connections).toBe(4);
  });

  it('drops an idle connection the server closed, or one the server said would be closed, and sends on a new one', async () => {
    let count = 0;
    server = await startScriptedServer((socket) => {
      count++;
      if (count === 1) {
        socket.write(OK);
        setTimeout(() => socket.end(), 20);
      } else
        socket.write(`HTTP/1.1 200 OK\r\nkeep-alive: timeout=3\r\ncontent-length: 2\r\n\r\nok`);
    });
    const plain = openPool(server.url, 1);
    await send(plain);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const afterClose = await send(plain);
    expect(afterClose).toMatchObject({ status: 200, body: 'ok' });
    expect(server.connections).toBe(2);
    // timeout=3 s minus undici's 2 s threshold: idle past 1 s, the connection is not used.
    await send(plain);
    expect(server.connections).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await send(plain)).status).toBe(200);
    expect(server.connections).toBe(3);
  });

  it('drops a connection the server wrote to unasked, and the next request is unharmed', async () => {
    server = await startScriptedServer((socket) => {
      socket.write(OK);
      setTimeout(() => socket.write('garbage'), 20);
    });
    const plain = openPool(server.url, 1);
    await send(plain);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await send(plain)).toMatchObject({ status: 200, body: 'ok' });
    expect(server.connections).toBe(2);
  });
});

describe('failures reach the handler with their kind', () => {
  it('a reset or a close before the answer is complete is connection_reset', async () => {
    let count = 0;
    server = await startScriptedServer((socket) => {
      count++;
      if (count === 1) socket.resetAndDestroy();
      else if (count === 2) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf');
      else socket.end();
    });
    const plain = openPool(server.url, 1);
    for (let i = 0; i < 3; i++) {
      const outcome = await send(plain);
      expect(outcome.error).toBeDefined();
      expect(classifyTransportError(outcome.error as Error)).toBe('connection_reset');
    }
  });

  it('broken framing is protocol, and the connection is not reused', async () => {
    let count = 0;
    server = await startScriptedServer((socket) => {
      count++;
      socket.write(
        count === 1 ? 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n' : OK,
      );
    });
    const plain = openPool(server.url, 1);
    const broken = await send(plain);
    expect(classifyTransportError(broken.error as Error)).toBe('protocol');
    expect((await send(plain)).body).toBe('ok');
    expect(server.connections).toBe(2);
  });

  it('a refused connection fails open() and the waiting request with connection_refused', async () => {
    const closedServer = await startScriptedServer(() => {});
    const url = closedServer.url;
    await closedServer.close();
    const plain = openPool(url, 2);
    const opened = await plain.open(2);
    expect(opened.opened).toBe(0);
    expect(classifyTransportError(opened.error as Error)).toBe('connection_refused');
    const outcome = await send(plain);
    expect(outcome.started).toBe(false);
    expect(classifyTransportError(outcome.error as Error)).toBe('connection_refused');
  });

  it('an abort cuts the connection in flight, and takes a waiting request off the queue unsent', async () => {
    server = await startScriptedServer(() => {}); // never answers
    const plain = openPool(server.url, 1);
    const reason = new Error('deadline');
    let abortFirst: ((reason: Error) => void) | undefined;
    const first = send(plain, {}, (controller) => {
      abortFirst = (r) => controller.abort(r);
    });
    let waitingController: Dispatcher.DispatchController | undefined;
    const waiting = new Promise<Outcome>((resolve) => {
      plain.dispatch(
        { path: '/queued', method: 'GET' },
        {
          onRequestStart(controller) {
            waitingController = controller;
          },
          onResponseError: (_c, error) => resolve({ body: '', error, started: false }),
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(waitingController).toBeUndefined(); // still waiting for the only connection
    abortFirst?.(reason);
    expect((await first).error).toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.closed).toBe(1);
    // The waiting request went out on a new connection once the first was cut.
    expect(waitingController).toBeDefined();
    waitingController?.abort(reason);
    expect((await waiting).error).toBe(reason);
    expect(server.requests.map((r) => r.head.split(' ')[1])).toEqual(['/', '/queued']);
  });

  it('an abort before anything was written leaves the connection clean for the next request', async () => {
    server = await startScriptedServer((socket) => socket.write(OK));
    const plain = openPool(server.url, 1);
    await plain.open(1);
    const reason = new Error('deadline passed between hops');
    const aborted = await send(plain, { path: '/never' }, (controller) => controller.abort(reason));
    expect(aborted.error).toBe(reason);
    expect(await send(plain)).toMatchObject({ status: 200, body: 'ok' });
    expect(server.requests.map((r) => r.head.split(' ')[1])).toEqual(['/']);
    expect(server.connections).toBe(1);
  });

  it('close() waits for answers in flight; destroy() fails them with ClientDestroyedError', async () => {
    server = await startScriptedServer((socket, request) => {
      if (request.head.startsWith('GET /slow')) setTimeout(() => socket.write(OK), 100);
    });
    const plain = openPool(server.url, 2);
    const slow = send(plain, { path: '/slow' });
    await plain.close();
    expect((await slow).status).toBe(200);
    expect(() => plain.dispatch({ path: '/', method: 'GET' }, {})).toThrow(
      expect.objectContaining({ code: 'UND_ERR_DESTROYED' }),
    );

    const other = openPool(server.url, 1);
    const hanging = send(other, { path: '/hang' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await other.destroy();
    expect((await hanging).error).toMatchObject({ code: 'UND_ERR_DESTROYED' });
  });
});

/**
 * The target of the verdict benchmarks (issue 13): a node:http server on 127.0.0.1 answering
 * every request in 20 ms, every 40th in 60 ms, all times (1 + slower), where `slower` can be
 * changed between runs. bench/verdict-quality.ts and bench/side-by-side.ts measure against it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BASE_MS = 20;
export const SLOW_MS = 60;
export const SLOW_EVERY = 40;

/** The target: 20 ms, every 40th request 60 ms, times (1 + slower), changeable between runs. */
export interface Target {
  url: string;
  setSlower(slower: number): void;
  close(): Promise<void>;
}

export async function startVerdictTarget(slower = 0, port = 0): Promise<Target> {
  let factor = 1 + slower;
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const ms = (count % SLOW_EVERY === 0 ? SLOW_MS : BASE_MS) * factor;
    // The body is read (and dropped) so the connection stays usable; GETs have none.
    req.resume();
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    }, ms);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    setSlower(next) {
      factor = 1 + next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

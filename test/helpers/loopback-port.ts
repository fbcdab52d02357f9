/** Loopback ports for test servers: always 127.0.0.1, never another interface. */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/** The slice of a node:net or node:http server that listening needs. */
interface ListenableServer {
  listen(port: number, host: string, callback: () => void): unknown;
  address(): AddressInfo | string | null;
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/** Listens on an ephemeral port on 127.0.0.1 and resolves with the port chosen. */
export function listenOnLoopback(server: ListenableServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Finds a port on 127.0.0.1 with nothing listening, for "connection refused" tests: binds an
 * ephemeral port, notes it and closes. Another process could grab it in between, but the kernel
 * hands out ephemeral ports round-robin, so an immediate reuse is very unlikely.
 */
export async function findClosedPort(): Promise<number> {
  const probe = createServer();
  const port = await listenOnLoopback(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

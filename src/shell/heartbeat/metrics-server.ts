import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from '../../core/cli/parse-heartbeat-args.js';
import type { MetricsEndpoint, MetricsServing } from '../../ports.js';

/** The text exposition's media type (format 0.0.4), as Prometheus expects it. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Why listening failed, in words a user can act on. */
function describeListenError(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is already in use (another heartbeat or exporter?); choose another port`;
    case 'EADDRNOTAVAIL':
      return `${where} is not an address of this machine`;
    case 'EACCES':
      return `${where} needs privileges to listen on (ports below 1024); choose a port from 1024`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: the host name does not resolve`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}

function urlOf(server: Server, requested: ListenAddress): string {
  const { port, address, family } = server.address() as AddressInfo;
  const host = requested.host ?? address;
  const shown = family === 'IPv6' && host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/metrics`;
}

/**
 * `/metrics` over `node:http`: GET or HEAD answers `render()`'s text; anything else is 404
 * (405 for other methods). A render that throws is a bug: 500, and the heartbeat goes on.
 * Listening errors (a busy port, an address not on this machine) come back as a message.
 */
export const nodeMetricsEndpoint: MetricsEndpoint = {
  serve(address: ListenAddress, render: () => string): Promise<MetricsServing> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found: metrics are at /metrics\n');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        res.end();
        return;
      }
      let body: string;
      try {
        body = render();
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
      res.writeHead(200, {
        'content-type': EXPOSITION_CONTENT_TYPE,
        'content-length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    const where = `${address.host ?? ''}:${address.port}`;
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        resolve({ ok: false, message: describeListenError(error, where) });
      };
      server.once('error', onError);
      server.listen({ port: address.port, ...(address.host ? { host: address.host } : {}) }, () => {
        server.off('error', onError);
        let closing: Promise<void> | undefined;
        resolve({
          ok: true,
          url: urlOf(server, address),
          close: () => {
            closing ??= new Promise<void>((done) => {
              server.close(() => done());
              // A scraper's kept-alive connection would hold close() open.
              server.closeAllConnections();
            });
            return closing;
          },
        });
      });
    });
  },
};

/** Small loopback HTTP client helpers shared by tests that talk to real servers. */
import { connect } from 'node:net';
import { request } from 'undici';

/** One fully read answer. */
export interface TargetReply {
  status: number;
  contentType: string | string[] | undefined;
  text: string;
}

/** Sends one request (through undici's global pool) and reads the whole body as text. */
export async function callTarget(
  url: string,
  init: { method?: 'GET' | 'POST'; body?: string } = {},
): Promise<TargetReply> {
  const response = await request(url, init);
  const text = await response.body.text();
  return { status: response.statusCode, contentType: response.headers['content-type'], text };
}

/**
 * Sends raw bytes to a loopback server and resolves with everything it sends back until it
 * closes: for request targets a real HTTP client refuses to produce.
 */
export function sendRawRequest(targetUrl: string, rawRequest: string): Promise<string> {
  const port = Number(new URL(targetUrl).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(rawRequest));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
    });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

/** The small request/reply vocabulary the fake GitHub's route modules share. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request with its whole body read. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers; an object body is sent as JSON. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

/** A route answers the requests it knows and returns undefined for the rest. */
export type Route = (request: FakeRequest) => Reply | undefined;

/** A JSON reply, as both the REST API and Twirp send them. */
export function replyJson(status: number, body: object, headers: Record<string, string> = {}) {
  return { status, headers, body } satisfies Reply;
}

/** Reads a request body completely (fake payloads are small). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes `reply` to the wire. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  const isJson = typeof reply.body === 'object' && !Buffer.isBuffer(reply.body);
  const body = isJson ? JSON.stringify(reply.body) : (reply.body as string | Buffer | undefined);
  const headers: Record<string, string> = {
    ...(isJson ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...reply.headers,
  };
  res.writeHead(reply.status, headers);
  res.end(body);
}

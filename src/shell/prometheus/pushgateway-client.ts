/**
 * The Pushgateway adapter: PUT replaces a group, DELETE removes it (prometheus/pushgateway's
 * README). Threats handled here: a gateway that hangs (one deadline for the whole exchange), an
 * error page of any size (only its first few KB are read), credentials (from the environment
 * only, never from the URL; the caller masks them), a connection left open that would keep the
 * CLI alive (each exchange closes its connection).
 */
import { request } from 'undici';
import type { MetricsPusher } from '../../ports.js';

/** The exposition format the gateway parses (it has no OpenMetrics parser). */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Long enough for a loaded gateway, short enough that a dead one does not hold a run's end. */
export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;

/** The gateway's answers are one line of text; an HTML error page from a proxy is cut here. */
const MAX_BODY_BYTES = 4096;

/** Stable codes of a failed exchange. */
export const PushgatewayErrorCode = {
  /** It answered with a status outside 2xx: `status` and `body` say what and why. */
  rejected: 'ERR_PUSHGATEWAY_REJECTED',
  /** No answer: refused, reset, DNS, TLS, or no answer within the deadline. */
  unreachable: 'ERR_PUSHGATEWAY_UNREACHABLE',
  /** The environment's credentials are incomplete or contradictory. */
  badAuth: 'ERR_PUSHGATEWAY_AUTH',
} as const;

export class PushgatewayError extends Error {
  constructor(
    message: string,
    readonly code: (typeof PushgatewayErrorCode)[keyof typeof PushgatewayErrorCode],
    /** The HTTP status, when the gateway answered. */
    readonly status?: number,
    /** The gateway's answer as it sent it (first 4 KB), when it answered. */
    readonly body?: string,
  ) {
    super(message);
    this.name = 'PushgatewayError';
  }
}

/** The `authorization` header to send, the values to mask, or why the set-up is unusable. */
export interface PushgatewayAuth {
  authorization?: string;
  /** Token, password and the encoded header value: every form that could be printed. */
  secrets: string[];
  /** Set when the variables cannot be used as they are; every push then fails with it. */
  problem?: string;
}

/**
 * Reads `LOADGATE_PUSHGATEWAY_TOKEN` (sent as `Bearer`) or `LOADGATE_PUSHGATEWAY_USER` with
 * `LOADGATE_PUSHGATEWAY_PASSWORD` (sent as Basic). Empty counts as unset. Both forms at once, or
 * a user without a password (or the reverse), is a `problem` rather than a guess.
 */
export function readPushgatewayAuth(env: Record<string, string | undefined>): PushgatewayAuth {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const token = read('LOADGATE_PUSHGATEWAY_TOKEN');
  const user = read('LOADGATE_PUSHGATEWAY_USER');
  const password = read('LOADGATE_PUSHGATEWAY_PASSWORD');
  const secrets = [token, password].filter((value): value is string => value !== undefined);
  if (token !== undefined && (user !== undefined || password !== undefined)) {
    return {
      secrets,
      problem:
        'set LOADGATE_PUSHGATEWAY_TOKEN or LOADGATE_PUSHGATEWAY_USER and LOADGATE_PUSHGATEWAY_PASSWORD, not both',
    };
  }
  if (token !== undefined) return { authorization: `Bearer ${token}`, secrets };
  if (user === undefined && password === undefined) return { secrets };
  if (user === undefined || password === undefined) {
    const missing = user === undefined ? 'USER' : 'PASSWORD';
    return {
      secrets,
      problem: `LOADGATE_PUSHGATEWAY_${missing} is not set: Basic auth needs LOADGATE_PUSHGATEWAY_USER and LOADGATE_PUSHGATEWAY_PASSWORD`,
    };
  }
  const encoded = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
  return { authorization: `Basic ${encoded}`, secrets: [...secrets, encoded] };
}

/** Why no answer came, in a few words: the socket error's code when there is one. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

export interface PushgatewayClientOptions {
  auth?: PushgatewayAuth;
  /** Deadline of one exchange, connecting to the end of the answer; default 10 s. */
  timeoutMs?: number;
}

/** `MetricsPusher` over HTTP with undici. */
export class PushgatewayClient implements MetricsPusher {
  private readonly auth: PushgatewayAuth;
  private readonly timeoutMs: number;

  constructor(options: PushgatewayClientOptions = {}) {
    this.auth = options.auth ?? { secrets: [] };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
  }

  async push(url: string, groupingPath: string, text: string): Promise<void> {
    await this.exchange('PUT', url, groupingPath, text);
  }

  async delete(url: string, groupingPath: string): Promise<void> {
    await this.exchange('DELETE', url, groupingPath);
  }

  private async exchange(
    method: 'PUT' | 'DELETE',
    url: string,
    groupingPath: string,
    text?: string,
  ): Promise<void> {
    if (this.auth.problem !== undefined) {
      throw new PushgatewayError(this.auth.problem, PushgatewayErrorCode.badAuth);
    }
    const headers: Record<string, string> = {
      ...(text === undefined ? {} : { 'content-type': EXPOSITION_CONTENT_TYPE }),
      ...(this.auth.authorization ? { authorization: this.auth.authorization } : {}),
    };
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let body: string;
    try {
      const response = await request(`${url}${groupingPath}`, {
        method,
        headers,
        ...(text === undefined ? {} : { body: text }),
        signal,
        // One exchange per run: no keep-alive socket left to hold the process open.
        reset: true,
      });
      status = response.statusCode;
      body = await readCapped(response.body);
    } catch (error) {
      throw new PushgatewayError(
        `could not reach the Pushgateway at ${url} (${describeFailure(error, this.timeoutMs)})`,
        PushgatewayErrorCode.unreachable,
      );
    }
    if (status < 200 || status > 299) {
      const said = body.trim();
      throw new PushgatewayError(
        `the Pushgateway answered ${status}${said === '' ? ' with no body' : `: ${said}`}`,
        PushgatewayErrorCode.rejected,
        status,
        body,
      );
    }
  }
}

/** The body's first `MAX_BODY_BYTES` as text; the rest is not read (the socket is closed). */
async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(): void }) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size >= MAX_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

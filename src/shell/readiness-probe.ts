import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import {
  type BackoffPlan,
  BODY_READ_LIMIT_BYTES,
  DEFAULT_BACKOFF,
  decideAfterAnswer,
  describeWaitProgress,
  describeWaitStart,
  isProgressDue,
  type ReadinessAnswer,
  readinessUrl,
  tryTimeoutMs,
  WAIT_STARTED,
  type WaitForSettings,
  type WaitProgress,
} from '../core/input/wait-for.js';
import { chooseReadinessHeaders } from '../core/profile/readiness-headers.js';
import type { Profile } from '../core/profile/types.js';
import { maskUrlText } from '../core/profile/url-secrets.js';
import { classifyTransportError } from '../core/stats/error-kind.js';
import type { Clock, ReadinessOutcome, ReadinessProbe } from '../ports.js';
import { VERSION } from '../version.js';
import { buildTlsOptions } from './engine/undici-engine.js';

/** Connecting may take this long (ms) within a try. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A body not looked at is drained up to this much (bytes) to keep the connection; past it the
 * connection is closed instead. */
const DUMP_LIMIT_BYTES = 128 * 1024;

export interface ReadinessProbeOptions {
  /** Delays between tries; default `DEFAULT_BACKOFF` (tests use shorter ones). */
  backoff?: BackoffPlan;
  /** How long one try may take (ms), given the settings and the time spent; default
   * `tryTimeoutMs` (10 s, less near the deadline). */
  tryTimeoutMs?: (settings: WaitForSettings, elapsedMs: number) => number;
  /** The jitter's randomness, in [0, 1); default Math.random. */
  random?: () => number;
}

/**
 * The wait for a target to be ready (`--wait-for`), with undici on a pool of its own, closed
 * afterwards: nothing of it reaches the engine's connections or figures. Uses the profile's TLS
 * settings and protocol as the engine does, so a target with a private CA is trusted here too.
 * Each try is a GET with its own total timeout; a status that matches is read up to 1 MiB when a
 * body text is asked for, any other body is dropped unread. Each try sends the profile's
 * default headers with the `--wait-for-header`s over them (`chooseReadinessHeaders`), and a
 * user-agent of its own unless one of those sets it. Every decision (ready, wait how long, give
 * up) is core's `decideAfterAnswer`.
 */
export class UndiciReadinessProbe implements ReadinessProbe {
  constructor(
    private readonly clock: Clock,
    private readonly options: ReadinessProbeOptions = {},
  ) {}

  async waitUntilReady(
    profile: Profile,
    settings: WaitForSettings,
    options: { signal?: AbortSignal; onLine: (text: string) => void; subject?: string },
  ): Promise<ReadinessOutcome> {
    const { signal, onLine, subject } = options;
    const headers = {
      'user-agent': `loadgate/${VERSION} (readiness check)`,
      ...chooseReadinessHeaders(profile, settings.headers),
    };
    const url = new URL(readinessUrl(profile.baseUrl, settings.path));
    const shown = maskUrlText(url.href);
    const agent = new Agent({
      connect: { timeout: CONNECT_TIMEOUT_MS, ...buildTlsOptions(profile) },
      ...(profile.protocol === 'http2' ? { allowH2: true } : {}),
    });
    const random = this.options.random ?? Math.random;
    const timeoutOf = this.options.tryTimeoutMs ?? tryTimeoutMs;
    const startMs = this.clock.nowMs();
    let lastLineMs = startMs;
    let progress: WaitProgress = WAIT_STARTED;
    onLine(describeWaitStart(settings, shown));
    try {
      for (;;) {
        if (signal?.aborted) return { kind: 'stopped' };
        const timeoutMs = timeoutOf(settings, this.clock.nowMs() - startMs);
        const answer = await tryOnce(agent, { url, headers }, settings, timeoutMs, signal);
        if (signal?.aborted) return { kind: 'stopped' };
        const nowMs = this.clock.nowMs();
        const decision = decideAfterAnswer(settings, progress, answer, {
          elapsedMs: nowMs - startMs,
          random: random(),
          plan: this.options.backoff ?? DEFAULT_BACKOFF,
          ...(subject === undefined ? {} : { subject }),
        });
        progress = decision.progress;
        if (decision.kind === 'ready') return { kind: 'ready', message: decision.message };
        if (decision.kind === 'give-up') return { kind: 'not-ready', message: decision.message };
        if (isProgressDue(lastLineMs, nowMs)) {
          onLine(describeWaitProgress(settings, shown, progress, nowMs - startMs));
          lastLineMs = nowMs;
        }
        try {
          await sleep(decision.delayMs, undefined, signal ? { signal } : {});
        } catch {
          return { kind: 'stopped' };
        }
      }
    } finally {
      await agent.destroy();
    }
  }
}

/** One GET of `url` with `headers`; never throws: a failure is an answer too. */
async function tryOnce(
  agent: Agent,
  { url, headers }: { url: URL; headers: Record<string, string> },
  settings: WaitForSettings,
  timeoutMs: number,
  stop: AbortSignal | undefined,
): Promise<ReadinessAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stop ? AbortSignal.any([stop, timeout]) : timeout;
  try {
    const response = await agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const status = response.statusCode;
    if (settings.bodyIncludes === undefined || !settings.statuses.includes(status)) {
      // Not read: only whether it answered counts. dump() drops a small body and closes the
      // connection under a large one.
      await response.body.dump({ limit: DUMP_LIMIT_BYTES, signal }).catch(() => undefined);
      return { kind: 'answered', status };
    }
    const bodyMatched = await bodyContains(response.body, settings.bodyIncludes);
    return { kind: 'answered', status, bodyMatched };
  } catch (error) {
    return { kind: 'failed', reason: describeTryError(error, timeoutMs, timeout.aborted) };
  }
}

/** Whether the first `BODY_READ_LIMIT_BYTES` of the body hold `text` (as UTF-8 bytes); stops
 * reading there. */
async function bodyContains(body: AsyncIterable<Buffer> & { destroy(): void }, text: string) {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    bytes += chunk.length;
    if (bytes >= BODY_READ_LIMIT_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT_BYTES).includes(text, 0, 'utf8');
}

/** One line for a try that got no answer: `connection refused`, `timed out after 10 s` … */
function describeTryError(error: unknown, timeoutMs: number, timedOut: boolean): string {
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  if (timedOut) return `timed out after ${seconds}`;
  const err = (error ?? {}) as Error & { code?: string; cause?: unknown };
  // undici wraps some connect failures: the OS error is the cause.
  const cause = (err.cause ?? {}) as Error & { code?: string };
  const coded = err.code === undefined && cause.code !== undefined ? cause : err;
  switch (classifyTransportError(coded)) {
    case 'connection_refused':
      return 'connection refused';
    case 'timeout':
      return `timed out after ${seconds}`;
    case 'connect_timeout':
      return `connecting timed out after ${CONNECT_TIMEOUT_MS / 1000} s`;
    case 'dns':
      return `host not found (${coded.code})`;
    case 'connection_reset':
      return 'connection reset';
    case 'tls':
      return `TLS failed: ${coded.message}`;
    default:
      return coded.message || String(error);
  }
}

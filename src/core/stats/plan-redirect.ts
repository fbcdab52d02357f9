/**
 * What a redirect answer leads to, decided the way browsers (fetch) and k6 do. Pure: the
 * engine asks once per 3xx answer and dispatches whatever comes back.
 */
import type { ErrorKind } from './error-kind.js';

/** The request that got the answer. */
export interface RedirectingRequest {
  /** Absolute http(s) URL it was sent to: relative `Location`s resolve against it. */
  url: string;
  method: string;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
}

/** The next hop of a followed redirect. */
export interface RedirectHop {
  /** Absolute URL of the next request (fragment removed). */
  url: string;
  /** `https://host:port` of `url`: which connection pool carries the hop. */
  origin: string;
  /** Path and query of `url`. */
  path: string;
  method: string;
  headers: Record<string, string>;
  /** 307/308 resend the body; 301/302/303 drop it. */
  keepBody: boolean;
  /** The hop leaves the origin of the request that got the answer. */
  crossOrigin: boolean;
}

export type RedirectPlan =
  /** Not followed: the 3xx itself is the answer, classified like any other status. */
  | { kind: 'final' }
  | { kind: 'follow'; hop: RedirectHop }
  | { kind: 'error'; errorKind: Extract<ErrorKind, 'protocol' | 'too_many_redirects'> };

/** Statuses that are followed (300 Multiple Choices and 304 Not Modified are answers). */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Dropped with the body when a redirect turns the request into a GET (fetch's list). */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];
/** Credentials meant for the first origin: never sent to another one (fetch, browsers). */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'host'];

/**
 * Decides what to do with an answer of status `status`.
 * - Not a redirect status, `maxRedirects` 0, or no `Location` → `final`.
 * - A `Location` that does not parse, several different ones, or one that is not http(s) →
 *   `protocol` error.
 * - A valid one after `maxRedirects` hops already followed → `too_many_redirects`.
 * - 301/302/303 → GET without body (HEAD stays HEAD); 307/308 keep method and body. A
 *   cross-origin hop drops authorization, cookie, proxy-authorization and host; a dropped
 *   header stays dropped for the rest of the chain, since the next hop starts from this one.
 * @param location the `Location` header as undici parsed it (an array when repeated).
 * @param hopsFollowed redirects already followed in this chain (0 for the first answer).
 * @param maxRedirects how many hops a chain may follow (0 disables following).
 */
export function planRedirect(
  status: number,
  location: string | string[] | undefined,
  request: RedirectingRequest,
  hopsFollowed: number,
  maxRedirects: number,
): RedirectPlan {
  if (maxRedirects <= 0 || !isRedirectStatus(status)) return { kind: 'final' };
  const target = readLocation(location);
  if (target === undefined) return { kind: 'final' };
  if (target === null) return { kind: 'error', errorKind: 'protocol' };
  let url: URL;
  try {
    url = new URL(target, request.url);
  } catch {
    return { kind: 'error', errorKind: 'protocol' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'error', errorKind: 'protocol' };
  }
  if (hopsFollowed >= maxRedirects) return { kind: 'error', errorKind: 'too_many_redirects' };
  url.hash = '';
  const crossOrigin = url.origin !== new URL(request.url).origin;
  const becomesGet = status !== 307 && status !== 308 && request.method !== 'HEAD';
  const headers = { ...request.headers };
  if (becomesGet) for (const name of BODY_HEADERS) delete headers[name];
  if (crossOrigin) for (const name of ORIGIN_BOUND_HEADERS) delete headers[name];
  return {
    kind: 'follow',
    hop: {
      url: url.href,
      origin: url.origin,
      path: url.pathname + url.search,
      method: becomesGet ? 'GET' : request.method,
      headers,
      keepBody: !becomesGet,
      crossOrigin,
    },
  };
}

/** The one Location given: undefined when absent or empty, null when several disagree. */
function readLocation(location: string | string[] | undefined): string | null | undefined {
  if (location === undefined) return undefined;
  if (typeof location === 'string') return location.trim() === '' ? undefined : location.trim();
  const distinct = new Set(location.map((value) => value.trim()).filter((value) => value !== ''));
  if (distinct.size === 0) return undefined;
  return distinct.size === 1 ? ([...distinct][0] as string) : null;
}

/**
 * Where a run's metrics live on a Prometheus Pushgateway: the grouping key, written as the URL
 * path the gateway reads (`/metrics/job/<job>{/<label>/<value>}`). A push (PUT) to the same key
 * replaces the group, so each run replaces the last of its kind; DELETE removes it.
 *
 * Every value goes in the `@base64` form (`<label>@base64/<base64url>`), always: a `/` in a
 * value splits the path even when percent-encoded, and an empty value needs `@base64/=`, so one
 * form that is never wrong beats deciding per value.
 */
import type { Checked } from '../input/value-checks.js';

/** The grouping key's `job`: the same for every loadgate push. */
export const PUSHGATEWAY_JOB = 'loadgate';

/** What identifies "a run of this kind": a new run with the same key replaces the last one. */
export interface GroupingKey {
  profile: string;
  /** The results file's `target`: the base URL without credentials or query. */
  target: string;
  layer: string;
  interval: string;
}

/** Base64url of the UTF-8 bytes, with padding; `=` for the empty string (the gateway's form). */
export function encodeGroupingValue(value: string): string {
  if (value === '') return '=';
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * The grouping key as a path: `/metrics/job/loadgate/profile@base64/…/target@base64/…/layer@base64/…/interval@base64/…`.
 * Safe to append to any base URL: only `[A-Za-z0-9_=@/-]` appear in it.
 */
export function buildGroupingPath(key: GroupingKey): string {
  const pairs: Array<[string, string]> = [
    ['profile', key.profile],
    ['target', key.target],
    ['layer', key.layer],
    ['interval', key.interval],
  ];
  const labels = pairs.map(([name, value]) => `/${name}@base64/${encodeGroupingValue(value)}`);
  return `/metrics/job/${PUSHGATEWAY_JOB}${labels.join('')}`;
}

/** How a Pushgateway URL is described in messages. */
export const PUSHGATEWAY_URL_FORM =
  'the http(s) URL of a Pushgateway, like http://127.0.0.1:9091 (credentials go in LOADGATE_PUSHGATEWAY_TOKEN or LOADGATE_PUSHGATEWAY_USER and LOADGATE_PUSHGATEWAY_PASSWORD, never in the URL)';

/**
 * Reads a Pushgateway base URL: http or https, no credentials (they would be printed with the
 * URL; they come from the environment instead), no query or fragment (the grouping path is
 * appended to it). Messages never repeat the text (it may hold a token). A path prefix is kept (a gateway behind a proxy at `/pushgateway`).
 * @returns the URL without a trailing slash, e.g. `http://127.0.0.1:9091/pushgateway`.
 */
export function checkPushgatewayUrl(text: string): Checked<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not echoed: a mistyped URL may still hold a token.
    return { ok: false, message: `expected ${PUSHGATEWAY_URL_FORM}, got text that is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      message: `expected ${PUSHGATEWAY_URL_FORM}, got the scheme "${url.protocol}"`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message:
        'credentials in the URL would be printed with it: set LOADGATE_PUSHGATEWAY_USER and LOADGATE_PUSHGATEWAY_PASSWORD (or LOADGATE_PUSHGATEWAY_TOKEN) instead',
    };
  }
  if (url.search !== '' || url.hash !== '') {
    return {
      ok: false,
      message: `expected ${PUSHGATEWAY_URL_FORM}, got one with a ${url.search !== '' ? 'query' : 'fragment'} (the grouping path is appended to the URL)`,
    };
  }
  return { ok: true, value: url.toString().replace(/\/+$/, '') };
}

/**
 * Secrets that travel inside a target URL: query values (`?api_key=…`) and credentials
 * (`http://user:pass@host/`). They are sent, but never shown: output gets the keys with the
 * values masked, and the values join the profile's secrets.
 */
import { describeValue } from '../input/issue-text.js';
import { type Checked, URL_FORM } from '../input/value-checks.js';
import { describeWrittenBadCharacter } from './request-text-checks.js';
import type { SecretSource } from './secret-masking.js';

/** What replaces a hidden value, as the maskers print it. */
export const MASK = '***';

/** A value as sent and as a reader might see it decoded, without repeats. */
function bothForms(value: string): string[] {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // Malformed %-escapes are sent as written; that form is the one to hide.
  }
  return decoded === value ? [value] : [value, decoded];
}

/**
 * Masks every query value, keeping the keys: `?api_key=abc&page=2&flag` → `?api_key=***&page=***&flag`.
 * Keys without `=` and empty values hide nothing and stay. `search` is a URL's `search` (with its
 * `?`) or `''`. Returns the values as written and percent-decoded, for masking elsewhere.
 */
export function maskQueryValues(search: string): { masked: string; values: string[] } {
  if (search === '' || search === '?') return { masked: search, values: [] };
  const values: string[] = [];
  const parts = search
    .slice(1)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals < 0 || equals === part.length - 1) return part;
      values.push(...bothForms(part.slice(equals + 1)));
      return `${part.slice(0, equals)}=${MASK}`;
    });
  return { masked: `?${parts.join('&')}`, values };
}

/**
 * A URL as typed, made safe to echo in a message: user info becomes `***@` and query values
 * `***`. Works on text that does not parse as a URL, since that is when messages echo it.
 */
export function maskUrlText(text: string): string {
  const withoutUserInfo = text.replace(/^(\s*[A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#]*@/, `$1${MASK}@`);
  const query = withoutUserInfo.indexOf('?');
  if (query < 0) return withoutUserInfo;
  const fragment = withoutUserInfo.indexOf('#', query);
  const end = fragment < 0 ? withoutUserInfo.length : fragment;
  const { masked } = maskQueryValues(withoutUserInfo.slice(query, end));
  return `${withoutUserInfo.slice(0, query)}${masked}${withoutUserInfo.slice(end)}`;
}

/** Basic credentials taken from a URL: the header to send and the secrets to mask. */
export interface UrlCredentials {
  /** `Basic <base64 of user:password>` (RFC 7617, UTF-8). */
  authorization: string;
  secrets: SecretSource[];
}

function decodeUserInfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Base64 of the UTF-8 bytes; `btoa` alone only takes Latin-1. */
function encodeBase64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Splits `http://user:pass@host/base` into the URL without user info and Basic credentials,
 * as curl and browsers send them. `source` names where the URL came from (`baseUrl`,
 * `--target`) in warnings. The password (or the user name when there is no password, as in
 * `https://TOKEN@host`), `user:pass` and the base64 token are secrets, in decoded and
 * percent-encoded forms. A URL without user info comes back as given.
 */
export function takeUrlCredentials(
  href: string,
  source: string,
): { url: string; credentials?: UrlCredentials } {
  const url = new URL(href);
  if (url.username === '' && url.password === '') return { url: href };
  const user = decodeUserInfo(url.username);
  const password = decodeUserInfo(url.password);
  const pair = `${user}:${password}`;
  const token = encodeBase64Utf8(pair);
  const secret = (value: string, label: string): SecretSource => ({ value, label, path: source });
  const hidden = password === '' ? [user, url.username] : [password, url.password];
  const what = password === '' ? 'the user name in the URL' : 'the password in the URL';
  const secrets = [
    secret(pair, 'the credentials in the URL'),
    secret(`${url.username}:${url.password}`, 'the credentials in the URL'),
    ...[...new Set(hidden)].map((value) => secret(value, what)),
    secret(token, 'the Basic token from the URL'),
  ];
  url.username = '';
  url.password = '';
  return {
    url: url.href.replace(/\/+$/, ''),
    credentials: { authorization: `Basic ${token}`, secrets },
  };
}

/**
 * Reads a base URL: http or https, no query or fragment (paths carry those), no spaces or
 * control characters (the URL parser would silently drop or encode them); trailing slashes
 * are removed so `baseUrl + path` never doubles them. User info is kept (see
 * `takeUrlCredentials`) but never echoed in a message, nor are query values.
 */
export function checkBaseUrl(input: unknown): Checked<string> {
  // Echoed with user info and query values masked: both may carry secrets.
  const shown =
    typeof input === 'string' ? describeValue(maskUrlText(input)) : describeValue(input);
  const bad = typeof input === 'string' ? describeWrittenBadCharacter('url', input) : undefined;
  if (bad !== undefined) {
    return {
      ok: false,
      message: `expected ${URL_FORM} without spaces or control characters, ${bad}`,
    };
  }
  const url = typeof input === 'string' && URL.canParse(input) ? new URL(input) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return { ok: false, message: `expected ${URL_FORM}, got ${shown}` };
  }
  if (url.search !== '' || url.hash !== '') {
    return {
      ok: false,
      message: `expected a URL without query or fragment (put those in scenario paths), got ${shown}`,
    };
  }
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}

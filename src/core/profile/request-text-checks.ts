/**
 * The characters HTTP (and undici, which sends our requests) accepts in header names and values,
 * paths and the base URL. undici refuses a bad request only when it is dispatched, and then every
 * request of the scenario fails the same way in the middle of the run; checked here, with the
 * profile, the user gets one message naming the field before any connection is opened.
 * The rules are undici 7's own (lib/core/util.js, lib/core/request.js), so what passes is what
 * undici sends.
 */
import type { InputIssue } from '../input/format-issues.js';
import { BAD_HEADER_VALUE_CHAR_RE, HTTP_TOKEN_RE } from '../input/http-header-text.js';
import { childPath } from '../input/issue-text.js';
import type { Reference } from './env-interpolation.js';
import { isValueReferenceName } from './value-template.js';

/** As `isRecord` in schema-fields.ts, which imports value-checks.ts, which imports this file. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Printable ASCII only. undici refuses anything outside U+0021–U+00FF (`invalidPathRegex`); Latin-1
 * letters it would send as single raw bytes, which no server reads as the UTF-8 the user meant,
 * and DEL is a control character: both must be percent-encoded too.
 */
const BAD_PATH_CHAR_RE = /[^\x21-\x7e]/;
/** The URL parser silently drops tabs and newlines and trims spaces and controls at either end,
 * so a base URL holding any of them would not be the URL the user wrote. */
const BAD_URL_CHAR_RE = /[\s\p{Cc}\p{Cf}]/u;

/** The characters a header value may hold, for messages. */
export const HEADER_VALUE_FORM = 'tab, printable ASCII or U+0080–U+00FF';

/** What each kind of text may hold, for messages. */
const ALLOWED = {
  header: HEADER_VALUE_FORM,
  path: 'printable ASCII (percent-encode the rest)',
  url: 'no spaces or control characters',
} as const;

/** Where a text goes: which of undici's rules applies. */
export type RequestTextKind = keyof typeof ALLOWED;

const BAD_CHAR_RE: Record<RequestTextKind, RegExp> = {
  header: BAD_HEADER_VALUE_CHAR_RE,
  path: BAD_PATH_CHAR_RE,
  url: BAD_URL_CHAR_RE,
};

/** Headers undici refuses, or that loadgate sets itself: name → why it cannot be set. */
const UNSETTABLE_HEADERS: Readonly<Record<string, string>> = {
  'content-length': 'loadgate sets content-length from the body',
  'transfer-encoding': 'undici sets transfer-encoding itself and refuses it',
  'keep-alive': 'undici manages keep-alive and refuses this header',
  upgrade: 'undici refuses upgrade: loadgate sends plain requests',
  expect: 'undici does not support expect (100-continue)',
};

const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0: 'NUL',
  9: 'tab',
  10: 'line feed',
  13: 'carriage return',
  32: 'space',
  127: 'DEL',
  160: 'no-break space',
};

/**
 * `U+2019 ("’")`, `U+000A (line feed)`: the code point, and the character itself only when
 * printing it is harmless (never a control, format or separator character).
 */
export function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[codePoint];
  if (name !== undefined) return `${code} (${name})`;
  if (/\p{Cc}/u.test(char)) return `${code} (a control character)`;
  if (/[\p{Cf}\p{Z}]/u.test(char)) return `${code} (an invisible character)`;
  return `${code} (${JSON.stringify(char)})`;
}

/** Index of the first character `kind` cannot hold, or -1. */
export function findBadCharacter(kind: RequestTextKind, text: string): number {
  return text.search(BAD_CHAR_RE[kind]);
}

/** The whole character at `index` (both halves of a surrogate pair). */
function characterAt(text: string, index: number): string {
  return String.fromCodePoint(text.codePointAt(index) ?? 0);
}

/** How to write a character in a path: `"é" → %C3%A9`. */
function percentEncodingHint(char: string): string {
  const encoded = encodeURIComponent(char);
  return encoded === char ? '' : `: percent-encode it (${JSON.stringify(char)} → ${encoded})`;
}

/**
 * For text as written in the profile: `got U+2019 ("’") at character 8`, or `undefined` when
 * every character may be sent. The text itself is never echoed (a header may hold a token).
 */
export function describeWrittenBadCharacter(
  kind: RequestTextKind,
  text: string,
): string | undefined {
  const index = findBadCharacter(kind, text);
  if (index < 0) return undefined;
  const char = characterAt(text, index);
  const hint = kind === 'path' ? percentEncodingHint(char) : '';
  return `got ${describeCharacter(char)} at character ${index + 1}${hint}`;
}

/** As env-interpolation.ts and value-template.ts read references. */
const REFERENCE_RE = /(\$?)\$\{([^}]*)\}/g;

/**
 * `text` as written, with the inside of each per-request reference (`${random.pick(a, b)}`,
 * `${data.products.unit price}`, not an escaped `$${…}`) replaced by as many `x`s, so a written
 * path or header check neither refuses what only names a value nor shifts character positions.
 * In a path every per-request value is percent-encoded when rendered; in a header only `data.`
 * references are masked: their column names are not sent (their values are checked when the
 * data is read), while a `random.pick` choice is sent as written and must be checked.
 */
export function maskValueReferences(kind: 'path' | 'header', text: string): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE_RE, (whole: string, escapeSign: string, name: string) =>
    escapeSign === '' && isValueReferenceName(name) && (kind === 'path' || name.startsWith('data.'))
      ? `\${${'x'.repeat(name.length)}}`
      : whole,
  );
}

/** Why a header (lower-cased name) cannot be set at all, or `undefined`. */
export function describeUnsettableHeader(name: string): string | undefined {
  return UNSETTABLE_HEADERS[name.toLowerCase()];
}

/**
 * undici refuses a `connection` header unless each comma-separated option is a token
 * (`close`, `keep-alive`); `undefined` when it would be sent.
 */
export function checkConnectionOptions(value: string): string | undefined {
  const bad = value.split(',').find((option) => !HTTP_TOKEN_RE.test(option.trim()));
  return bad === undefined
    ? undefined
    : `expected comma-separated options like close, got ${JSON.stringify(bad.trim())}`;
}

const WHAT_CANNOT_HOLD: Record<RequestTextKind, string> = {
  header: 'a header value cannot hold',
  path: 'a path cannot hold',
  url: 'a URL cannot hold',
};

/**
 * Looks for a character `kind` cannot hold inside the values `${VAR}`s put into `text`, and
 * says which variable it came from and which character it is, never the value. Characters
 * written in the profile are the schema's to report.
 */
export function describeSubstitutedBadCharacter(
  kind: RequestTextKind,
  text: string,
  references: readonly Reference[],
): string | undefined {
  for (const reference of references) {
    const value = text.slice(reference.start, reference.end);
    const index = findBadCharacter(kind, value);
    if (index < 0) continue;
    const char = characterAt(value, index);
    const trailingNewline =
      (char === '\n' || char === '\r') && value.slice(index).trim() === ''
        ? ' (a trailing newline? remove it from the variable)'
        : '';
    const hint = kind === 'path' ? percentEncodingHint(char) : '';
    return `the value of \${${reference.name}} has ${describeCharacter(char)} at character ${index + 1}, which ${WHAT_CANNOT_HOLD[kind]} (expected ${ALLOWED[kind]})${hint}${trailingNewline}`;
  }
  return undefined;
}

function checkHeaders(
  headers: unknown,
  path: string,
  references: ReadonlyMap<string, readonly Reference[]>,
  into: InputIssue[],
): void {
  if (!isRecord(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    const valuePath = childPath(path, name);
    const used = references.get(valuePath);
    if (typeof value !== 'string' || used === undefined) continue;
    const message =
      describeSubstitutedBadCharacter('header', value, used) ??
      (name.toLowerCase() === 'connection' ? checkConnectionOptions(value) : undefined);
    if (message !== undefined) into.push({ path: valuePath, message });
  }
}

/**
 * Checks every header value, request path (scenarios, journey steps, setup requests) and
 * `baseUrl` that `${VAR}`s were substituted into
 * (`references`, keyed by issue path) against undici's rules: one issue per field, naming the
 * variable and the character. Tolerates any document shape; the schema reports wrong types.
 */
export function checkSubstitutedRequestText(
  document: unknown,
  references: ReadonlyMap<string, readonly Reference[]>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!isRecord(document)) return issues;
  const baseUrlReferences = references.get('baseUrl');
  if (typeof document.baseUrl === 'string' && baseUrlReferences !== undefined) {
    const message = describeSubstitutedBadCharacter('url', document.baseUrl, baseUrlReferences);
    if (message !== undefined) issues.push({ path: 'baseUrl', message });
  }
  checkHeaders(document.headers, 'headers', references, issues);
  const checkRequest = (request: unknown, requestPath: string): void => {
    if (!isRecord(request)) return;
    const pathPath = childPath(requestPath, 'path');
    const pathReferences = references.get(pathPath);
    if (typeof request.path === 'string' && pathReferences !== undefined) {
      const message = describeSubstitutedBadCharacter('path', request.path, pathReferences);
      if (message !== undefined) issues.push({ path: pathPath, message });
    }
    checkHeaders(request.headers, childPath(requestPath, 'headers'), references, issues);
  };
  const checkRequests = (requests: unknown, path: string): void => {
    if (!Array.isArray(requests)) return;
    requests.forEach((request, index) => {
      checkRequest(request, childPath(path, index));
    });
  };
  const scenarios = Array.isArray(document.scenarios) ? document.scenarios : [];
  scenarios.forEach((scenario, index) => {
    const scenarioPath = childPath('scenarios', index);
    checkRequest(scenario, scenarioPath);
    if (isRecord(scenario)) checkRequests(scenario.steps, childPath(scenarioPath, 'steps'));
  });
  if (isRecord(document.setup)) {
    checkRequests(document.setup.requests, childPath('setup', 'requests'));
  }
  return issues;
}

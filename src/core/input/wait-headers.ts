/**
 * Headers the readiness check sends (`--wait-for-header 'Name: value'`, repeatable; action input
 * `wait-for-headers`, one per line): what gets a protected preview to answer (Vercel's
 * `x-vercel-protection-bypass`, Cloudflare Access' `cf-access-client-id` / `-secret`, a basic
 * `authorization`). Every value is treated as a secret: no message here ever holds one.
 */
import type { InputIssue } from './format-issues.js';
import { BAD_HEADER_VALUE_CHAR_RE, HTTP_TOKEN_RE } from './http-header-text.js';

/** One header for the readiness check: the name lower-cased, the value trimmed. */
export interface WaitHeader {
  name: string;
  value: string;
}

/** The first character that is not in an RFC 9110 token (`HTTP_TOKEN_RE`). */
const NOT_TOKEN_CHAR_RE = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Names undici refuses or manages itself on a GET: setting one would fail every try. */
const REFUSED_NAMES: Readonly<Record<string, string>> = {
  'content-length': 'a GET without a body has none',
  'transfer-encoding': 'undici sets it itself and refuses it',
  connection: 'undici manages the connection',
  'keep-alive': 'undici manages keep-alive and refuses it',
  upgrade: 'undici refuses it: the check is a plain GET',
  expect: 'undici does not support expect (100-continue)',
};

const FORM = 'Name: value, like x-vercel-protection-bypass: <secret>';

/**
 * Splits the action input into its lines: one header a line, surrounding blanks and empty lines
 * dropped (a trailing newline of a YAML block). Undefined when nothing is left.
 */
export function splitHeaderLines(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length === 0 ? undefined : lines;
}

/**
 * Reads `Name: value` entries: the name before the first colon must be a token (RFC 9110, as
 * undici checks) and not one undici refuses; the value after it, trimmed, must not be empty (an
 * unset secret expands to nothing) and may hold only tab, printable ASCII and U+0080–U+00FF (no
 * CR or LF). A name given twice (any case) is refused: which one wins would be a guess.
 * Every problem at once, each at `label[i]` (i from 0, as the entries were given). Messages may
 * name a valid header name and describe a bad character and its position, never the value, nor
 * the text of an entry without a colon (it may be a bare secret).
 */
export function readWaitHeaders(
  entries: readonly string[],
  label: string,
): { ok: true; value: WaitHeader[] } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const headers: WaitHeader[] = [];
  const firstAt = new Map<string, number>();
  entries.forEach((entry, index) => {
    const path = `${label}[${index}]`;
    const read = readEntry(entry);
    if (!read.ok) {
      issues.push({ path, message: read.message });
      return;
    }
    const first = firstAt.get(read.value.name);
    if (first !== undefined) {
      issues.push({
        path,
        message: `repeats ${read.value.name} (first at ${label}[${first}]): give each header once`,
      });
      return;
    }
    firstAt.set(read.value.name, index);
    headers.push(read.value);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: headers };
}

function readEntry(
  entry: string,
): { ok: true; value: WaitHeader } | { ok: false; message: string } {
  const colon = entry.indexOf(':');
  if (colon < 0) {
    return {
      ok: false,
      message: `expected ${FORM}, got text without a colon (not shown: it may be a secret)`,
    };
  }
  const name = entry.slice(0, colon).trim();
  if (name === '') return { ok: false, message: `expected ${FORM}, got no name before the colon` };
  if (!HTTP_TOKEN_RE.test(name)) {
    const bad = name.search(NOT_TOKEN_CHAR_RE);
    return {
      ok: false,
      message: `expected ${FORM}: a header name holds letters, digits and !#$%&'*+-.^_\`|~ only, got ${describeChar(name, bad)} at character ${bad + 1} of the name`,
    };
  }
  const lower = name.toLowerCase();
  const refused = REFUSED_NAMES[lower];
  if (refused !== undefined) return { ok: false, message: `${lower} cannot be set: ${refused}` };
  const value = entry.slice(colon + 1).trim();
  if (value === '') {
    return {
      ok: false,
      message: `expected a value after "${lower}:", got nothing (an unset secret expands to nothing: is it available to this workflow?)`,
    };
  }
  const bad = value.search(BAD_HEADER_VALUE_CHAR_RE);
  if (bad >= 0) {
    return {
      ok: false,
      message: `the value of ${lower} has ${describeChar(value, bad, true)} at character ${bad + 1}, which a header value cannot hold (expected tab, printable ASCII or U+0080–U+00FF; the value is not shown)`,
    };
  }
  return { ok: true, value: { name: lower, value } };
}

/** `U+000A`, with a name for the usual suspects; the character itself only in a name, and
 * only when printable (a value's characters are never shown). */
function describeChar(text: string, index: number, inValue = false): string {
  const codePoint = text.codePointAt(index) ?? 0;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Record<number, string> = {
    0: 'NUL',
    10: 'line feed',
    13: 'carriage return',
    32: 'space',
    127: 'DEL',
  };
  const named = names[codePoint];
  if (named !== undefined) return `${code} (${named})`;
  if (inValue || /[\p{Cc}\p{Cf}\p{Z}]/u.test(String.fromCodePoint(codePoint))) return code;
  return `${code} (${JSON.stringify(String.fromCodePoint(codePoint))})`;
}

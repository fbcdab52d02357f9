/**
 * Where JSON text stops being JSON. `JSON.parse` decides whether a profile is valid; this only
 * finds the place to point at, because Node 20's messages often carry no position at all
 * ("Unexpected end of JSON input", "Unexpected token '}', … is not valid JSON").
 * A small iterative scanner of RFC 8259 (no recursion, so deep nesting cannot overflow the stack).
 */

/** The first offending character's offset and what was wrong there. */
export interface JsonSyntaxError {
  /** UTF-16 offset into the text; the text's length for a premature end. */
  offset: number;
  /** `unexpected "}"`, `unexpected end of the file`, … */
  reason: string;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const LITERALS = ['true', 'false', 'null'] as const;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function unexpected(text: string, offset: number, expected?: string): JsonScanError {
  const wanted = expected === undefined ? '' : ` (expected ${expected})`;
  if (offset >= text.length)
    return new JsonScanError(text.length, `unexpected end of the file${wanted}`);
  const char = text[offset] ?? '';
  const shown = char === "'" ? `"'" (JSON strings need double quotes)` : JSON.stringify(char);
  return new JsonScanError(offset, `unexpected ${shown}${wanted}`);
}

function skipWhitespace(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && WHITESPACE.has(text[at] ?? '')) at++;
  return at;
}

/** Scans a string starting at its opening quote; returns the offset after the closing one. */
function scanString(text: string, offset: number): number {
  let at = offset + 1;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (char === '"') return at + 1;
    if (char < ' ') {
      throw new JsonScanError(at, 'unexpected control character in a string (escape it, e.g. \\n)');
    }
    if (char === '\\') {
      const next = text[at + 1] ?? '';
      if (ESCAPES.has(next)) at += 2;
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
      else throw new JsonScanError(at, 'bad escape in a string');
    } else at++;
  }
  throw new JsonScanError(text.length, 'unexpected end of the file in a string (missing ")');
}

/** Scans one scalar or opens a container; returns the offset after the scalar. */
function scanScalar(text: string, offset: number): number {
  const char = text[offset] ?? '';
  if (char === '"') return scanString(text, offset);
  for (const literal of LITERALS) {
    if (text.startsWith(literal, offset)) return offset + literal.length;
  }
  NUMBER_RE.lastIndex = offset;
  if (NUMBER_RE.test(text)) return NUMBER_RE.lastIndex;
  throw unexpected(text, offset, 'a value');
}

type Container = '{' | '[';

function scan(text: string): void {
  const open: Container[] = [];
  let at = skipWhitespace(text, 0);
  let expectKey = false;
  for (;;) {
    // A value (or, right after `{` or `,` inside an object, a key and its colon first).
    if (expectKey) {
      if (text[at] !== '"') throw unexpected(text, at, 'a "key" in double quotes');
      at = skipWhitespace(text, scanString(text, at));
      if (text[at] !== ':') throw unexpected(text, at, '":"');
      at = skipWhitespace(text, at + 1);
      expectKey = false;
    }
    const char = text[at];
    if (char === '{' || char === '[') {
      open.push(char);
      at = skipWhitespace(text, at + 1);
      const closer = char === '{' ? '}' : ']';
      if (text[at] !== closer) {
        expectKey = char === '{';
        continue;
      }
      open.pop();
      at++;
    } else at = scanScalar(text, at);
    // After a value: close containers, or a comma leads to the next value.
    for (;;) {
      at = skipWhitespace(text, at);
      const container = open.at(-1);
      if (container === undefined) {
        if (at < text.length) throw unexpected(text, at, 'the end of the file');
        return;
      }
      const closer = container === '{' ? '}' : ']';
      if (text[at] === closer) {
        open.pop();
        at++;
        continue;
      }
      if (text[at] !== ',') throw unexpected(text, at, `"," or "${closer}"`);
      at = skipWhitespace(text, at + 1);
      if (text[at] === closer) throw new JsonScanError(at, `trailing comma before "${closer}"`);
      expectKey = container === '{';
      break;
    }
  }
}

/**
 * Finds the first syntax error of `text` as JSON, or `undefined` when the scanner finds none
 * (then `JSON.parse`'s own message is all there is).
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text);
    return undefined;
  } catch (error) {
    if (error instanceof JsonScanError) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

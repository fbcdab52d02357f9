/** Profile text → plain data, with syntax errors located by line and column. */

import { parseDocument } from 'yaml';
import type { InputIssue } from './format-issues.js';

/** `auto` reads YAML, which covers JSON too. */
export type ProfileFormat = 'yaml' | 'json' | 'auto';

/** Parsed data with YAML warnings, or one `(file)` issue. */
export type ReadDocumentResult =
  | { ok: true; value: unknown; warnings: string[] }
  | { ok: false; issues: InputIssue[] };

const FILE_PATH = '(file)';

function failWith(message: string): ReadDocumentResult {
  return { ok: false, issues: [{ path: FILE_PATH, message }] };
}

function locate(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * `JSON.parse` decides; the place and reason come from our own scanner, because Node 20's
 * messages often have no position and quote the text around the error (which may hold a token).
 */
function readJson(text: string): ReadDocumentResult {
  try {
    return { ok: true, value: JSON.parse(text), warnings: [] };
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (found !== undefined) {
      return failWith(`JSON syntax error at ${locate(text, found.offset)}: ${found.reason}`);
    }
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    const where = ` at ${locate(text, offset === undefined ? text.length : Number(offset))}`;
    return failWith(`JSON syntax error${where}: ${message.split('\n')[0]}`);
  }
}

/**
 * YAML 1.2 (a superset of JSON, so it also reads `.json` when the format is `auto`). Duplicate
 * keys are errors; `<<` merge keys are allowed, so defaults can be shared with anchors. Only the
 * first syntax error is reported: later ones are often echoes of it.
 */
function readYaml(text: string): ReadDocumentResult {
  const document = parseDocument(text, { merge: true, uniqueKeys: true });
  const [error] = document.errors;
  if (error !== undefined) {
    const start = error.linePos?.[0];
    const where = start === undefined ? '' : ` at line ${start.line}, column ${start.col}`;
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    return failWith(`YAML syntax error${where}: ${reason}`);
  }
  try {
    const warnings = document.warnings.map(
      (warning) => `(file): ${warning.message.split('\n')[0]}`,
    );
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }), warnings };
  } catch (aliasError) {
    // Unresolvable or exploding aliases only surface when converting.
    return failWith(
      `YAML error: ${aliasError instanceof Error ? aliasError.message : String(aliasError)}`,
    );
  }
}

/**
 * Parses profile text; an empty file is an issue rather than `null` reaching validation. A
 * leading byte-order mark is ignored (editors on Windows write one; `JSON.parse` refuses it).
 */
export function readProfileDocument(rawText: string, format: ProfileFormat): ReadDocumentResult {
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  if (text.trim() === '') {
    return failWith('expected a profile with name, baseUrl, scenarios and load, got an empty file');
  }
  return format === 'json' ? readJson(text) : readYaml(text);
}

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

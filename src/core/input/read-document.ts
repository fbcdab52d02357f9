/** Profile text → plain data, with syntax errors located by line and column. */

import { parseDocument } from 'yaml';
import type { InputIssue } from './format-issues.js';
import { findJsonSyntaxError } from './json-error-offset.js';

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

/**
 * Takes the values an `extract:` asks for out of one response. A value that is not there, or
 * that could not be sent as written, fails the step (`extract_failed`) with a reason: a later
 * request never goes out with `undefined`, `[object Object]` or a silently rounded id in it.
 */
import { countCaptureGroups } from '../profile/extract-spec.js';
import { describeCharacter } from '../profile/request-text-checks.js';
import type { ExtractSpec } from '../profile/types.js';

/** The parts of a response extraction reads. */
export interface ExtractSource {
  /** As undici gives them (lower-case names; repeated headers as arrays); other case is found too. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as text (the engine caps what it reads), or `undefined` when it was not read. */
  body: string | undefined;
}

export type ExtractOutcome =
  | { ok: true; values: Record<string, string> }
  | { ok: false; name: string; reason: string };

interface CompiledPattern {
  regex: RegExp;
  /** Whether the value is group 1 (else the whole match). */
  hasGroups: boolean;
}

/**
 * Compiled patterns by source text. ExtractSpec holds only the text (profiles stay plain data),
 * so each pattern is compiled at first use and kept. A profile has a handful of patterns; the
 * cap only keeps a long-lived process that loads many profiles from growing without bound.
 */
const compiledPatterns = new Map<string, CompiledPattern>();
const MAX_COMPILED_PATTERNS = 1_000;

function compilePattern(pattern: string): CompiledPattern {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    // No `g` or `y` flag: exec then ignores lastIndex, so a shared RegExp holds no state.
    const regex = new RegExp(pattern);
    compiled = { regex, hasGroups: countCaptureGroups(regex) > 0 };
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

/** Any ASCII control character but tab (C0 and DEL, written as what is allowed): what a header
 * value cannot carry, and what no one means to send in a path. */
const CONTROL_CHAR_RE = /[^\t\x20-\x7e\x80-\uffff]/;
const BIGGEST_EXACT_INTEGER = 'beyond ±2^53 (9007199254740991)';

/** `$.items[0]['a key']`: a path (or the first `length` steps of it) for messages. */
function formatPath(path: readonly (string | number)[], length = path.length): string {
  let text = '$';
  for (const step of path.slice(0, length)) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(step)) text += `.${step}`;
    else text += step.includes("'") ? `[${JSON.stringify(step)}]` : `['${step}']`;
  }
  return text;
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

type Found = { ok: true; value: unknown } | { ok: false; why: string };

/** Walks `path` into a parsed body; on a dead end says where and why. */
function walkJsonPath(root: unknown, path: readonly (string | number)[]): Found {
  let value = root;
  for (const [at, step] of path.entries()) {
    const here = formatPath(path, at);
    if (typeof step === 'number') {
      if (!Array.isArray(value)) {
        return { ok: false, why: `${here} is ${describeKind(value)}, not an array` };
      }
      const index = step < 0 ? value.length + step : step;
      if (index < 0 || index >= value.length) {
        const items = value.length === 1 ? '1 item' : `${value.length} items`;
        return { ok: false, why: `${here} has ${items}` };
      }
      value = value[index];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, why: `${here} is ${describeKind(value)}, not an object` };
      }
      if (!Object.hasOwn(value, step)) {
        return { ok: false, why: `${here} has no key ${JSON.stringify(step)}` };
      }
      value = (value as Record<string, unknown>)[step];
    }
  }
  return { ok: true, value };
}

/** The value a found JSON scalar is sent as, or why it cannot be. */
function jsonScalarText(written: string, value: unknown): { text: string } | { reason: string } {
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: String(value) };
  if (typeof value === 'number') {
    // JSON.parse has already rounded it: sending the rounded id would address another object.
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return {
        reason: `${written} is a whole number ${BIGGEST_EXACT_INTEGER}, which cannot be copied exactly; have the API send it as a string`,
      };
    }
    return { text: String(value) };
  }
  return { reason: `${written} is ${describeKind(value)}, not a value` };
}

function readHeader(source: ExtractSource, name: string): string | undefined {
  let value = source.headers[name];
  if (value === undefined) {
    const key = Object.keys(source.headers).find((key) => key.toLowerCase() === name);
    value = key === undefined ? undefined : source.headers[key];
  }
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The values for every spec, in order, or the first failing spec's name and why. Reasons name
 * the spec as written, never the value (it may be a token):
 * - `json.$.cart.id is missing: $.cart has no key "id"` (also `… $.items has 2 items`,
 *   `… $.cart is a string, not an object`); `json.$.cart is an object, not a value` (arrays
 *   and null alike); `the body is not JSON, so json.$.cart.id cannot be read`;
 * - `header.location is missing`; `regex.<pattern> found no match in the body`, or
 *   `… matched, but its group 1 took no part in the match`;
 * - any value holding a control character but tab: `… holds a line break or control character
 *   (U+000A (line feed) at character 7): cannot be sent in a header`.
 * Strings are kept as they are (an empty string is a value); numbers and booleans become
 * `String(v)`; a whole number beyond ±2^53 fails, since parsing has already rounded it.
 * The body is parsed as JSON at most once, and only when a json spec needs it. A body of
 * `undefined` is read as empty.
 */
export function extractValues(
  specs: readonly ExtractSpec[],
  source: ExtractSource,
): ExtractOutcome {
  const values: Record<string, string> = {};
  let parsedBody: { ok: true; value: unknown } | { ok: false } | undefined;
  for (const spec of specs) {
    let text: string;
    if (spec.from === 'header') {
      const value = readHeader(source, spec.header);
      if (value === undefined)
        return { ok: false, name: spec.name, reason: `${spec.written} is missing` };
      text = value;
    } else if (spec.from === 'json') {
      if (parsedBody === undefined) {
        try {
          parsedBody = { ok: true, value: JSON.parse(source.body ?? '') };
        } catch {
          parsedBody = { ok: false };
        }
      }
      if (!parsedBody.ok) {
        const what = source.body ? 'not JSON' : 'empty, not JSON';
        const reason = `the body is ${what}, so ${spec.written} cannot be read`;
        return { ok: false, name: spec.name, reason };
      }
      const found = walkJsonPath(parsedBody.value, spec.path);
      if (!found.ok) {
        return { ok: false, name: spec.name, reason: `${spec.written} is missing: ${found.why}` };
      }
      const scalar = jsonScalarText(spec.written, found.value);
      if ('reason' in scalar) return { ok: false, name: spec.name, reason: scalar.reason };
      text = scalar.text;
    } else {
      const { regex, hasGroups } = compilePattern(spec.pattern);
      const match = regex.exec(source.body ?? '');
      if (match === null) {
        return { ok: false, name: spec.name, reason: `${spec.written} found no match in the body` };
      }
      const value = hasGroups ? match[1] : match[0];
      if (value === undefined) {
        const reason = `${spec.written} matched, but its group 1 took no part in the match`;
        return { ok: false, name: spec.name, reason };
      }
      text = value;
    }
    const bad = text.search(CONTROL_CHAR_RE);
    if (bad >= 0) {
      const char = describeCharacter(text.charAt(bad));
      const reason = `${spec.written} holds a line break or control character (${char} at character ${bad + 1}): cannot be sent in a header`;
      return { ok: false, name: spec.name, reason };
    }
    values[spec.name] = text;
  }
  return { ok: true, values };
}

/** Whether any spec reads the body (json or regex): the engine reads it only then. */
export function extractionReadsBody(specs: readonly ExtractSpec[]): boolean {
  return specs.some((spec) => spec.from !== 'header');
}

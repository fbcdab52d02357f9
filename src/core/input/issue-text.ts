/** Wording shared by every validation message, so they all read `expected …, got …`. */
import { quoteForTerminal } from './terminal-text.js';

const MAX_SHOWN_CHARS = 60;

/**
 * Renders a value the user wrote for a `got …` clause: strings quoted (and cut at 60 characters)
 * with every control, bidi and line-separator character as a visible `\uXXXX` escape (the
 * message goes to a terminal or CI log), lists and mappings by kind, since echoing a whole
 * section would bury the message.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    return quoteForTerminal(shown);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object' && value !== null) return 'a mapping';
  return String(value);
}

/** `expected <what>, got <value>`, or `required: expected <what>` when the key is missing. */
export function expectedMessage(what: string, value: unknown): string {
  return value === undefined
    ? `required: expected ${what}`
    : `expected ${what}, got ${describeValue(value)}`;
}

const PLAIN_KEY_RE = /^[A-Za-z_$][\w$-]*$/;

function appendSegment(text: string, segment: PropertyKey): string {
  if (typeof segment === 'number') return `${text}[${segment}]`;
  if (typeof segment === 'string' && PLAIN_KEY_RE.test(segment)) {
    return text === '' ? segment : `${text}.${segment}`;
  }
  return `${text}[${quoteForTerminal(String(segment))}]`;
}

/**
 * Joins path segments the way users navigate a profile: `load.stages[2].duration`; keys that are
 * not plain words are bracketed (`headers["x.y"]`). An empty path is the whole file: `(file)`.
 */
export function formatIssuePath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(appendSegment, '') || '(file)';
}

/** Appends a key or index to an already formatted path. */
export function childPath(parent: string, child: string | number): string {
  return appendSegment(parent === '(file)' ? '' : parent, child);
}

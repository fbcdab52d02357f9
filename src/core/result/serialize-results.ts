/**
 * The results file as text, in pieces. A day-long run at a high rate has hundreds of thousands
 * of timeline points; one `JSON.stringify` of it can pass the longest string Node can make
 * (~512 MB), so the file is produced piece by piece and written as a stream instead.
 */
import type { ResultsFileV1 } from './types.js';

const INDENT = '  ';

type Json = unknown;

/** `JSON.stringify` drops these as object members and writes them as `null` in arrays. */
function isSkipped(value: Json): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** Objects that hold an array are split into members; anything else is small enough whole. */
function isSplit(value: Json): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object' || 'toJSON' in value) return false;
  return Object.values(value).some((member) => Array.isArray(member));
}

/** `JSON.stringify(value, null, 2)` as it reads at `depth` inside a larger document. */
function stringifyAt(value: Json, depth: number): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return depth === 0 ? text : text.replaceAll('\n', `\n${INDENT.repeat(depth)}`);
}

function* serializeValue(value: Json, depth: number): Generator<string> {
  if (!isSplit(value)) {
    yield stringifyAt(value, depth);
    return;
  }
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  const close = `\n${INDENT.repeat(depth)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[${inner}` : `,${inner}`;
      const item: Json = value[i];
      if (isSkipped(item)) yield 'null';
      else yield* serializeValue(item, depth + 1);
    }
    yield `${close}]`;
    return;
  }
  const members = Object.entries(value).filter(([, member]) => !isSkipped(member));
  if (members.length === 0) {
    yield '{}';
    return;
  }
  for (let i = 0; i < members.length; i++) {
    const [key, member] = members[i] as [string, Json];
    yield `${i === 0 ? '{' : ','}${inner}${JSON.stringify(key)}: `;
    yield* serializeValue(member, depth + 1);
  }
  yield `${close}}`;
}

/**
 * Yields the results file's text: joined, the pieces are exactly
 * `JSON.stringify(result, null, 2) + "\n"`, but no piece is larger than one figure block or one
 * timeline point, so the whole text never has to exist as one string.
 * @throws whatever `JSON.stringify` throws for a value (a BigInt, a cycle) when it gets there:
 *   pieces already yielded stay valid, the caller decides what to do with a half-written file.
 */
export function* serializeResults(result: ResultsFileV1): Generator<string> {
  yield* serializeValue(result, 0);
  yield '\n';
}

/**
 * The results without their timelines (the whole run's and every scenario's): the figures and
 * histograms a comparison needs, in a fraction of the size, for when the full file cannot be
 * written. Windows for the noise test come from timelines, so judging against it warns at most.
 */
export function withoutTimelines(result: ResultsFileV1): ResultsFileV1 {
  return {
    ...result,
    timeline: [],
    scenarios: result.scenarios.map((scenario) => ({ ...scenario, timeline: [] })),
  };
}

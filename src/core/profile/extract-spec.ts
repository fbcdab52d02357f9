/**
 * `extract:` specs as written (`json.$.cart.id`, `header.location`, `regex.token=(\w+)`), parsed
 * once with the profile so that a typo is exit 2 before any load, never a step that fails on
 * every response of the run. Applying a spec to a response is stats/extract-value.ts.
 */
import type { ExtractSpec } from './types.js';

/** Name form of extracted values (`${vars.cartId}`, `${setup.token}`): a JS-like identifier. */
export const EXTRACT_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The three forms, for messages. */
const SPEC_FORMS = 'json.$.<path>, header.<name> or regex.<pattern>';
const JSON_PATH_FORM = 'json.$.a.b[0] (keys and indexes only; no wildcards or filters)';
/** An RFC 9110 token, the rule undici applies to header names (as request-text-checks.ts). */
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** `.key` after `$`: the identifier-like keys JSONPath writes without brackets. */
const DOT_KEY_RE = /^\.([A-Za-z_$][\w$-]*)/;
/** `[0]`, `[12]`, `[-1]`: whole numbers without leading zeros; negative counts from the end. */
const INDEX_RE = /^\[(-?(?:0|[1-9]\d{0,8}))\]/;
/** `['any key']` or `["any key"]`: any characters but the enclosing quote (no escapes). */
const QUOTED_KEY_RE = /^\[(?:'([^']*)'|"([^"]*)")\]/;

type ParsedSpec = { spec: ExtractSpec } | { message: string };

/**
 * Parses a JSON path after `json.`: `$` then `.key`, `['any key']`, `["any key"]` or `[N]`, in
 * any number. `[-1]` is the last element (`[-2]` the one before); `-0` is `0`. Returns the keys
 * (strings) and indexes (numbers) in order, or the unparsed rest (`[*].id`) to point at.
 */
function parseJsonPath(text: string): { path: (string | number)[] } | { rest: string } {
  if (!text.startsWith('$')) return { rest: text };
  const path: (string | number)[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    const dotKey = DOT_KEY_RE.exec(rest);
    const index = dotKey === null ? INDEX_RE.exec(rest) : null;
    const quoted = dotKey === null && index === null ? QUOTED_KEY_RE.exec(rest) : null;
    const match = dotKey ?? index ?? quoted;
    if (match === null) return { rest };
    if (dotKey !== null) path.push(dotKey[1] as string);
    else if (index !== null) path.push(Number(index[1]) || 0);
    else path.push((quoted?.[1] ?? quoted?.[2]) as string);
    rest = rest.slice(match[0].length);
  }
  return { path };
}

/** The number of capture groups in a valid pattern (`(?:…)` and lookarounds do not count). */
export function countCaptureGroups(pattern: RegExp): number {
  // An alternative that matches the empty string makes exec report every group, unmatched.
  return (new RegExp(`${pattern.source}|`).exec('')?.length ?? 1) - 1;
}

/**
 * Parses one entry of an `extract:` map: `name` is its key, `written` its value.
 * - `json.$.cart.id`, `json.$.items[0].id`, `json.$['a key'][-1]`: a value in a JSON body.
 *   Keys and indexes only: wildcards (`[*]`, `..`) and filters (`[?(…)]`) would pick several
 *   values or none, and a step needs exactly one.
 * - `header.location`: a response header, matched case-insensitively (stored lower-case).
 * - `regex.<pattern>`: a JavaScript regular expression (no flags) run on the body; the value is
 *   its first capture group, or the whole match when it has no group. The pattern is compiled
 *   here so an invalid one is reported with the profile.
 * The name is checked against {@link EXTRACT_NAME_RE} first. Messages are the part after the
 * issue path (the caller names `…extract.<name>`); they quote what was written.
 */
export function parseExtractSpec(name: string, written: string): ParsedSpec {
  if (!EXTRACT_NAME_RE.test(name)) {
    return {
      message: `expected a name of letters, digits and _ that does not start with a digit (like cartId), got ${JSON.stringify(name)}`,
    };
  }
  const got = JSON.stringify(written);
  if (written.startsWith('json.')) {
    const parsed = parseJsonPath(written.slice('json.'.length));
    if ('path' in parsed) return { spec: { name, from: 'json', path: parsed.path, written } };
    const at = parsed.rest === '' ? '' : ` (stuck at ${JSON.stringify(parsed.rest)})`;
    return { message: `expected ${JSON_PATH_FORM}, got ${got}${at}` };
  }
  if (written.startsWith('header.')) {
    const header = written.slice('header.'.length);
    if (!HEADER_NAME_RE.test(header)) {
      return {
        message: `expected header.<name> with a header name (letters, digits and !#$%&'*+-.^_\`|~), got ${got}`,
      };
    }
    return { spec: { name, from: 'header', header: header.toLowerCase(), written } };
  }
  if (written.startsWith('regex.')) {
    const pattern = written.slice('regex.'.length);
    if (pattern === '') {
      return { message: 'expected regex.<pattern> with a pattern after "regex.", got "regex."' };
    }
    try {
      new RegExp(pattern);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        message: `expected regex.<pattern> with a valid JavaScript pattern, got ${got}: ${why}`,
      };
    }
    return { spec: { name, from: 'regex', pattern, written } };
  }
  // JSONPath as other tools write it, without our `json.` prefix.
  const hint = written.startsWith('$') ? ` (json.${written}?)` : '';
  return { message: `expected ${SPEC_FORMS}, got ${got}${hint}` };
}

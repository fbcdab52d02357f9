/**
 * Per-request values: `${seq}`, `${random.int(1, 9)}`, `${data.products.id}`, `${vars.cartId}`…
 * in a path, a header value or a body. Templates are parsed once, when the profile is read, into
 * literal text and references; the engine renders them for every request, so rendering walks the
 * precompiled parts with plain string concatenation and no regular expression.
 *
 * Parsing runs on text after environment substitution (env-interpolation.ts), which leaves these
 * references, and `$${…}` escapes of them, exactly as written for this module to read.
 */
import { describeValue } from '../input/issue-text.js';
import type { JsonTemplate, JsonValueSlot, TextTemplate, ValueReference } from './types.js';

/**
 * The same reference syntax env-interpolation.ts reads, so both agree on where a reference ends:
 * an optional escaping `$`, then `${`, everything up to the first `}`, and that `}` if present.
 */
const REFERENCE_RE = /(\$?)\$\{([^}]*)(\}?)/g;
const EXTRACTED_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_NUMBER_RE = /^-?\d+$/;
const RANDOM_INT_RE = /^random\.int\((.*)\)$/s;
const RANDOM_PICK_RE = /^random\.pick\((.*)\)$/s;

const COUNTER_NAMES: ReadonlySet<string> = new Set(['seq', 'vu', 'iteration']);
const REFERENCE_PREFIXES = ['random.', 'data.', 'setup.', 'vars.'] as const;

const RANDOM_FORMS = 'random.int(MIN, MAX), random.uuid or random.pick(A, B, …)';
const RANDOM_INT_FORM = 'random.int(MIN, MAX) with whole numbers, MIN ≤ MAX';
const RANDOM_PICK_FORM =
  "random.pick(A, B, …) with one or more comma-separated choices (quote a choice holding commas or spaces: 'a, b')";
const DATA_FORM = 'data.SOURCE.COLUMN, or data.SOURCE for a source with one column';
const NAME_FORM = 'a name of letters, digits and _, not starting with a digit';

/**
 * True for the text between `${` and `}` that names a per-request value rather than an
 * environment variable: `seq`, `vu`, `iteration`, or anything starting with `random.`, `data.`,
 * `setup.` or `vars.` (well-formed or not: `random.float` is a malformed per-request reference,
 * never an environment variable). Case-sensitive: `${SEQ}` is an environment variable.
 */
export function isValueReferenceName(name: string): boolean {
  return COUNTER_NAMES.has(name) || REFERENCE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

type ParsedReference = { reference: ValueReference } | { message: string };

/** `expected <form>, got "${…}"`, with the reason after when one helps. */
function malformed(form: string, name: string, reason?: string): { message: string } {
  const got = describeValue(`\${${name}}`);
  return { message: `expected ${form}, got ${got}${reason === undefined ? '' : ` (${reason})`}` };
}

function parseWholeNumber(text: string): number | string {
  if (!WHOLE_NUMBER_RE.test(text)) return `${describeValue(text)} is not a whole number`;
  // `+ 0` turns -0 into 0, so it renders as "0".
  const value = Number(text) + 0;
  return Number.isSafeInteger(value)
    ? value
    : `${text} is beyond ±${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER)`;
}

function parseRandomInt(name: string): ParsedReference {
  const call = RANDOM_INT_RE.exec(name);
  if (call === null) {
    const reason = name.startsWith('random.int(') ? 'no closing ")"' : undefined;
    return malformed(RANDOM_INT_FORM, name, reason);
  }
  const args = (call[1] as string).split(',').map((arg) => arg.trim());
  if (args.length !== 2) {
    return malformed(RANDOM_INT_FORM, name, `expected 2 numbers, got ${args.length}`);
  }
  const min = parseWholeNumber(args[0] as string);
  if (typeof min === 'string') return malformed(RANDOM_INT_FORM, name, min);
  const max = parseWholeNumber(args[1] as string);
  if (typeof max === 'string') return malformed(RANDOM_INT_FORM, name, max);
  if (min > max) return malformed(RANDOM_INT_FORM, name, `MIN ${min} is more than MAX ${max}`);
  return { reference: { kind: 'random.int', min, max } };
}

function skipSpaces(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text.charAt(index))) index++;
  return index;
}

/** Choices of `random.pick(…)`: trimmed, `'…'`/`"…"` quoting keeps commas and spaces. */
function parsePickChoices(args: string): string[] | string {
  if (args.trim() === '') return 'no choices';
  const choices: string[] = [];
  let index = 0;
  for (;;) {
    const number = choices.length + 1;
    index = skipSpaces(args, index);
    const quote = args.charAt(index);
    if (quote === "'" || quote === '"') {
      const end = args.indexOf(quote, index + 1);
      if (end < 0) return `choice ${number} has no closing ${quote}`;
      choices.push(args.slice(index + 1, end));
      index = skipSpaces(args, end + 1);
      if (index < args.length && args.charAt(index) !== ',') {
        return `text after the closing ${quote} of choice ${number}`;
      }
    } else {
      const comma = args.indexOf(',', index);
      const end = comma < 0 ? args.length : comma;
      const choice = args.slice(index, end).trim();
      if (choice === '') return `choice ${number} is empty (write '' for an empty value)`;
      choices.push(choice);
      index = end;
    }
    if (index >= args.length) return choices;
    index++; // past the comma
  }
}

function parseRandomPick(name: string): ParsedReference {
  const call = RANDOM_PICK_RE.exec(name);
  if (call === null) {
    // `${random.pick(a}, b)}` ends at the first `}`: say why rather than only "no `)`".
    const reason = name.startsWith('random.pick(')
      ? 'no closing ")"; a choice cannot hold "}", which ends the reference'
      : undefined;
    return malformed(RANDOM_PICK_FORM, name, reason);
  }
  const choices = parsePickChoices(call[1] as string);
  return typeof choices === 'string'
    ? malformed(RANDOM_PICK_FORM, name, choices)
    : { reference: { kind: 'random.pick', choices } };
}

function parseRandom(name: string): ParsedReference {
  if (name === 'random.uuid') return { reference: { kind: 'random.uuid' } };
  if (name === 'random.int' || name.startsWith('random.int(')) return parseRandomInt(name);
  if (name === 'random.pick' || name.startsWith('random.pick(')) return parseRandomPick(name);
  return malformed(RANDOM_FORMS, name);
}

function parseData(name: string): ParsedReference {
  const rest = name.slice('data.'.length);
  const dot = rest.indexOf('.');
  const source = dot < 0 ? rest : rest.slice(0, dot);
  // The column is the rest, dots included: CSV headers may hold dots and spaces.
  const column = dot < 0 ? undefined : rest.slice(dot + 1);
  if (source === '') return malformed(DATA_FORM, name, 'no source name');
  if (column === '') return malformed(DATA_FORM, name, 'no column name after the "."');
  return {
    reference: column === undefined ? { kind: 'data', source } : { kind: 'data', source, column },
  };
}

function parseExtracted(kind: 'setup' | 'vars', name: string): ParsedReference {
  const extracted = name.slice(kind.length + 1);
  return EXTRACTED_NAME_RE.test(extracted)
    ? { reference: { kind, name: extracted } }
    : malformed(`${kind}.NAME with ${NAME_FORM}`, name);
}

/** One reference from the text between `${` and `}`, known to be a per-request name. */
function parseReference(name: string): ParsedReference {
  if (name === 'seq' || name === 'vu' || name === 'iteration') return { reference: { kind: name } };
  if (name.startsWith('random.')) return parseRandom(name);
  if (name.startsWith('data.')) return parseData(name);
  return parseExtracted(name.startsWith('setup.') ? 'setup' : 'vars', name);
}

/**
 * Parses text (a path, a header value, a raw body, a string inside `json`) after environment
 * substitution into literal text and per-request references.
 * - `$${seq}` (an escaped per-request reference) gives the literal text `${seq}`.
 * - Anything else in `${…}` form (`${HOME}` left unset or escaped by env-interpolation, `${1X}`,
 *   `${}`) is kept literally with no issue: env-interpolation.ts reports those.
 * - Issues are messages (the caller adds the field path) for malformed per-request references
 *   only: `expected random.int(MIN, MAX) with whole numbers, MIN ≤ MAX, got "${random.int(5, 1)}"
 *   (MIN 5 is more than MAX 1)`; a malformed reference is kept in the text as written.
 * Adjacent literal text is merged, so a template without references has `parts` `[]` (empty
 * text) or `[text]`: that text (escapes consumed) is what to send, not the input.
 */
export function parseTextTemplate(text: string): { template: TextTemplate; issues: string[] } {
  const parts: (string | ValueReference)[] = [];
  const issues: string[] = [];
  let literal = '';
  let consumed = 0;
  for (const match of text.matchAll(REFERENCE_RE)) {
    const [whole, escapeSign = '', name = '', close = ''] = match;
    if (!isValueReferenceName(name)) continue;
    literal += text.slice(consumed, match.index);
    consumed = match.index + whole.length;
    if (escapeSign !== '') {
      literal += whole.slice(1);
      continue;
    }
    if (close === '') {
      issues.push(`expected "}" to end the reference, got ${describeValue(whole)}`);
      literal += whole;
      continue;
    }
    const parsed = parseReference(name);
    if ('message' in parsed) {
      issues.push(parsed.message);
      literal += whole;
      continue;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(parsed.reference);
  }
  literal += text.slice(consumed);
  if (literal !== '') parts.push(literal);
  return { template: { kind: 'text', parts }, issues };
}

/**
 * True when the template has no reference, so the request can be sent as is: a text template's
 * `parts` are then `[]` or `[text]`, a JSON template's `[jsonText]`.
 */
export function isStaticTemplate(t: TextTemplate | JsonTemplate): boolean {
  return t.parts.every((part) => typeof part === 'string');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function isUnserializable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Compiles a `json:` body into JSON text pieces and value slots. Each string is parsed with
 * `parseTextTemplate`: a string that is exactly one reference becomes a `whole` slot (the value
 * keeps its type: a number for random.int, seq, vu, iteration; a JSON data file's own scalar);
 * a string mixing text and references becomes a `string` slot (rendered, then JSON-escaped); a
 * string without references is JSON text. Object keys are not templated. Without references the
 * template is `[JSON.stringify(value)]`.
 * `issues[].path` is relative to the json value: keys and array indexes (`['items', 0, 'id']`).
 */
export function compileJsonTemplate(value: unknown): {
  template: JsonTemplate;
  issues: { path: (string | number)[]; message: string }[];
} {
  const parts: (string | JsonValueSlot)[] = [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const path: (string | number)[] = [];
  let literal = '';

  const addSlot = (slot: JsonValueSlot): void => {
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(slot);
  };
  const walkString = (text: string): void => {
    const { template, issues: found } = parseTextTemplate(text);
    for (const message of found) issues.push({ path: [...path], message });
    const [first] = template.parts;
    if (isStaticTemplate(template)) literal += JSON.stringify(first ?? '');
    else if (template.parts.length === 1 && typeof first === 'object') {
      addSlot({ kind: 'whole', reference: first });
    } else addSlot({ kind: 'string', template });
  };
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      walkString(node);
      return;
    }
    if (Array.isArray(node)) {
      literal += '[';
      node.forEach((item, index) => {
        if (index > 0) literal += ',';
        path.push(index);
        if (isUnserializable(item)) literal += 'null';
        else walk(item);
        path.pop();
      });
      literal += ']';
      return;
    }
    if (isPlainObject(node) && typeof node.toJSON !== 'function') {
      literal += '{';
      let first = true;
      for (const [key, item] of Object.entries(node)) {
        if (isUnserializable(item)) continue;
        literal += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        path.push(key);
        walk(item);
        path.pop();
      }
      literal += '}';
      return;
    }
    // Numbers, booleans, null and anything exotic: exactly as JSON.stringify writes them.
    literal += JSON.stringify(node) ?? 'null';
  };

  walk(value);
  if (literal !== '') parts.push(literal);
  return { template: { kind: 'json', parts }, issues };
}

/**
 * Every reference of a template, in order of appearance, repeats included (the caller dedupes
 * when it needs to): for validation (does the data source exist, is `${vars.x}` extracted
 * earlier) and for the engine (which data sources an iteration reads).
 */
export function listTemplateReferences(t: TextTemplate | JsonTemplate): ValueReference[] {
  const references: ValueReference[] = [];
  for (const part of t.parts) {
    if (typeof part === 'string') continue;
    if ('reference' in part) references.push(part.reference);
    else if ('template' in part) references.push(...listTemplateReferences(part.template));
    else references.push(part);
  }
  return references;
}

/** A choice as `random.pick` reads it back: quoted when it holds a comma, edge spaces, a
 * leading quote, or nothing. */
function describeChoice(choice: string): string {
  const needsQuotes =
    choice === '' || choice.includes(',') || choice.trim() !== choice || /^['"]/.test(choice);
  if (!needsQuotes) return choice;
  return choice.includes("'") ? `"${choice}"` : `'${choice}'`;
}

/**
 * A reference as a user writes it, for messages: `${data.products.id}`, `${random.int(1, 9)}`,
 * `${random.pick(red, 'a, b')}`, `${setup.token}`. Parsing the result gives the same reference.
 */
export function describeReference(r: ValueReference): string {
  switch (r.kind) {
    case 'random.int':
      return `\${random.int(${r.min}, ${r.max})}`;
    case 'random.pick':
      return `\${random.pick(${r.choices.map(describeChoice).join(', ')})}`;
    case 'data':
      return r.column === undefined ? `\${data.${r.source}}` : `\${data.${r.source}.${r.column}}`;
    case 'setup':
    case 'vars':
      return `\${${r.kind}.${r.name}}`;
    default:
      return `\${${r.kind}}`;
  }
}

/** What rendering reads: the run's state for one request. Built by the engine. */
export interface RenderContext {
  /** [0, 1) from the run's seeded random.* stream (`createRandom(seed + 3)`); each random.*
   * reference draws anew (random.int and random.pick once, random.uuid 16 times). */
  random(): number;
  /** The run's counter for this iteration, from 1. */
  seq: number;
  /** Closed model: the virtual user's number, from 1. */
  vu: number;
  /** Closed model: the virtual user's iteration, from 0. */
  iteration: number;
  /** The value of `source`/`column` in this iteration's row (drawn at first use by the engine).
   * column undefined = the only column. */
  dataValue(source: string, column: string | undefined): string | number | boolean | null;
  /** Values extracted by setup requests, by name. */
  setup: Readonly<Record<string, string>>;
  /** Values extracted by earlier steps of this journey iteration, by name. */
  vars: Readonly<Record<string, string>>;
}

/** A whole number uniform in [min, max]; exact for spans up to 2^53 (random.int's bounds are
 * safe integers, so the result always is one). */
function drawInt(min: number, max: number, random: () => number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function readExtracted(
  values: Readonly<Record<string, string>>,
  r: ValueReference & { name: string },
): string {
  // hasOwn: `${vars.constructor}` must not read Object.prototype.
  const value = Object.hasOwn(values, r.name) ? values[r.name] : undefined;
  if (value === undefined) throw new Error(`no value for ${describeReference(r)} at render time`);
  return value;
}

/** A reference's value as text. */
function renderReference(r: ValueReference, ctx: RenderContext): string {
  switch (r.kind) {
    case 'random.int':
      return String(drawInt(r.min, r.max, ctx.random));
    case 'random.uuid':
      return drawUuid(ctx.random);
    case 'random.pick':
      return r.choices[Math.floor(ctx.random() * r.choices.length)] as string;
    case 'seq':
      return String(ctx.seq);
    case 'vu':
      return String(ctx.vu);
    case 'iteration':
      return String(ctx.iteration);
    case 'data': {
      const value = ctx.dataValue(r.source, r.column);
      return value === null ? '' : String(value);
    }
    case 'setup':
      return readExtracted(ctx.setup, r);
    case 'vars':
      return readExtracted(ctx.vars, r);
  }
}

/**
 * The text of a template for one request: literal parts as they are, each reference's value
 * passed through `escapeValue` when given. Values as text: numbers in decimal, a data value's
 * booleans as `true`/`false`, a data value of null (a key missing from a JSON data row) as empty
 * text. Throws an Error naming the reference when a setup/vars value is missing, which
 * validation and the engine's order (render only after extraction succeeded) rule out.
 * @param escapeValue applied to each rendered value (not to literal text), e.g. encodePathValue.
 */
export function renderText(
  t: TextTemplate,
  ctx: RenderContext,
  escapeValue?: (v: string) => string,
): string {
  const parts = t.parts;
  let text = '';
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string | ValueReference;
    if (typeof part === 'string') text += part;
    else {
      const value = renderReference(part, ctx);
      text += escapeValue === undefined ? value : escapeValue(value);
    }
  }
  return text;
}

/** A `whole` slot's JSON: numbers stay numbers, a data value keeps its type, the rest strings. */
function renderWholeJson(r: ValueReference, ctx: RenderContext): string {
  switch (r.kind) {
    case 'random.int':
    case 'seq':
    case 'vu':
    case 'iteration':
      return renderReference(r, ctx);
    case 'data':
      return JSON.stringify(ctx.dataValue(r.source, r.column));
    default:
      return JSON.stringify(renderReference(r, ctx));
  }
}

/**
 * The JSON body text of a template for one request: always valid JSON. A `whole` slot gives a
 * number for random.int, seq, vu and iteration, a data value in its own type (a CSV value is a
 * string; a JSON data file's number, boolean or null stays one), and a JSON string for
 * random.uuid, random.pick, setup and vars; a `string` slot gives the JSON string of its text.
 */
export function renderJson(t: JsonTemplate, ctx: RenderContext): string {
  const parts = t.parts;
  let json = '';
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string | JsonValueSlot;
    if (typeof part === 'string') json += part;
    else if (part.kind === 'whole') json += renderWholeJson(part.reference, ctx);
    else json += JSON.stringify(renderText(part.template, ctx));
  }
  return json;
}

/** `%XX` for each byte, upper-case hex as RFC 3986 recommends. */
const PERCENT_BYTES = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);
const REPLACEMENT_CHARACTER = 0xfffd;

function isHexDigit(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

/** Kept as is in a path: printable ASCII except `#` (it would start a fragment) and a `%` that
 * does not begin an escape (`%41` is kept, so a value may be pre-encoded). */
function isPathSafeAt(value: string, index: number, code: number): boolean {
  if (code < 0x21 || code > 0x7e || code === 0x23) return false;
  return (
    code !== 0x25 ||
    (isHexDigit(value.charCodeAt(index + 1)) && isHexDigit(value.charCodeAt(index + 2)))
  );
}

function percentEncodeCodePoint(codePoint: number): string {
  if (codePoint < 0x80) return PERCENT_BYTES[codePoint] as string;
  const bytes =
    codePoint < 0x800
      ? [0xc0 | (codePoint >> 6), 0x80 | (codePoint & 0x3f)]
      : codePoint < 0x10000
        ? [0xe0 | (codePoint >> 12), 0x80 | ((codePoint >> 6) & 0x3f), 0x80 | (codePoint & 0x3f)]
        : [
            0xf0 | (codePoint >> 18),
            0x80 | ((codePoint >> 12) & 0x3f),
            0x80 | ((codePoint >> 6) & 0x3f),
            0x80 | (codePoint & 0x3f),
          ];
  return bytes.map((byte) => PERCENT_BYTES[byte]).join('');
}

/**
 * A value made safe for a request path: every character outside printable ASCII (U+0021–U+007E:
 * space, controls, DEL, any non-ASCII as its UTF-8 bytes), `#`, and a `%` not followed by two
 * hex digits is percent-encoded (upper-case hex); `/ ? & =` and the rest of printable ASCII are
 * kept, so a data value may carry a sub-path or a query, and an already encoded `%41` stays.
 * A lone surrogate (not valid UTF-16) is encoded as U+FFFD. Returns `value` itself when nothing
 * needs encoding.
 */
export function encodePathValue(value: string): string {
  let encoded = '';
  let copiedUpTo = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (isPathSafeAt(value, index, code)) continue;
    encoded += value.slice(copiedUpTo, index);
    let codePoint = code;
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        codePoint = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index++;
      } else codePoint = REPLACEMENT_CHARACTER;
    }
    encoded += percentEncodeCodePoint(codePoint);
    copiedUpTo = index + 1;
  }
  return copiedUpTo === 0 ? value : encoded + value.slice(copiedUpTo);
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A version-4 UUID (RFC 4122 / 9562 layout: `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, `y` one of
 * 8 9 a b), lower-case, from 16 draws of `random` (one byte each, `floor(random() * 256)`), so a
 * seeded source gives the same sequence of UUIDs on every run. Not for secrets: the source is
 * whatever `random` is, typically a fast seeded PRNG.
 */
export function drawUuid(random: () => number): string {
  let uuid = '';
  for (let index = 0; index < 16; index++) {
    let byte = Math.floor(random() * 256) & 0xff;
    if (index === 6)
      byte = (byte & 0x0f) | 0x40; // version 4
    else if (index === 8) byte = (byte & 0x3f) | 0x80; // variant 10xx
    if (index === 4 || index === 6 || index === 8 || index === 10) uuid += '-';
    uuid += HEX_BYTES[byte];
  }
  return uuid;
}

/**
 * Thresholds in k6's form, so k6 users can paste theirs unchanged: `http_req_duration:
 * ["p(95)<200"]`, sub-metrics `http_req_duration{scenario:search}` (or `{name:search}`), and
 * `{ threshold, abortOnFail, delayAbortEval }` items. k6 thresholds only fail: no target level.
 *
 * The expression grammar is k6's (`metrics/thresholds_parser.go`), written the way k6 writes it:
 * ```
 * assertion    -> whitespace* aggregation whitespace* operator whitespace* number whitespace*
 * aggregation  -> counter | gauge | rate | trend     (which ones: the metric's k6 type)
 * counter      -> "count" | "rate"
 * gauge        -> "value"
 * rate         -> "rate"
 * trend        -> "avg" | "min" | "max" | "med" | percentile
 * percentile   -> "p(" number ")"                    (0 <= number <= 100, no spaces inside)
 * operator     -> "<=" | "<" | ">=" | ">" | "===" | "==" | "!="
 * number       -> sign? (digit+ ("." digit*)? | "." digit+) (("e" | "E") sign? digit+)?
 * sign         -> "+" | "-"
 * ```
 * As in k6, the operator is found by trying each in the order above at its first occurrence,
 * so `p(95)=<200` and `rate!==0` leave a stray `=` or `!` that no aggregation has; `===` means
 * `==`; names are lower-case (`P(95)` is an error). A number is what k6's Go `ParseFloat` and
 * JavaScript's `Number()` both read as a finite decimal: `200`, `-1`, `.5`, `5.`, `1e3`, `+2`.
 * k6 also takes `Inf`, `NaN` and hex floats (`0x1p4`) as values, and a bare `p` (which it
 * reads as p(0)); they are refused here, since a limit of NaN or infinity cannot mean anything
 * and a bare `p` is surely a typo. `a && b` is no threshold in k6 either: one condition per
 * list item. Meanings are k6's: durations in ms, rates 0..1, a counter's rate per second
 * (k6's `http_reqs` rate is loadgate's `rps`), `med` is p50, `p(0)` min and `p(100)` max.
 */
import { childPath, describeValue, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import {
  describeK6Metric,
  K6_SCENARIO_TAGS,
  K6_TYPE_METHODS,
  type K6Key,
  listK6Methods,
  resolveK6Aggregation,
} from './k6-metrics.js';
import {
  checkKnownKeys,
  checkScenarioName,
  type RuleContext,
  readAbortGrace,
  readBoolean,
  reportIssue,
} from './rule-context.js';
import type { Condition, JsonSchema, MetricName, ThresholdRule } from './types.js';

/** k6's operators in the order its scanner tries them (`operatorTokens`): longer ones first. */
const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
type K6Operator = (typeof OPERATORS)[number];

const NUMBER_SOURCE = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUMBER_RE = new RegExp(`^${NUMBER_SOURCE}$`);
/** `p(` anything `)`: what k6 takes for a percentile before reading its number. */
const PERCENTILE_CALL_RE = /^p\((.*)\)$/;
const EXAMPLE_FORM = 'a k6 threshold like "p(95)<200"';

/** `"1e3"` → 1000; `undefined` for anything else, infinities included (`1e999`). */
function readK6Number(text: string): number | undefined {
  if (!NUMBER_RE.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** k6's `scanThresholdExpression`: the first operator (in `OPERATORS` order) with text after it. */
function scanExpression(text: string): { left: string; op: K6Operator; right: string } | undefined {
  for (const op of OPERATORS) {
    const at = text.indexOf(op);
    const right = at < 0 ? '' : text.slice(at + op.length);
    if (right !== '') return { left: text.slice(0, at).trim(), op, right: right.trim() };
  }
  return undefined;
}

type Read<T> = ({ ok: true } & T) | { ok: false; message: string };

/** The aggregation as k6 reads it: a method name, or `p` with its percentile. */
function readAggregation(
  k6Metric: string,
  left: string,
  got: string,
): Read<{ metric: MetricName }> {
  const { type } = describeK6Metric(k6Metric);
  const methods = listK6Methods(k6Metric).join(', ');
  const unsupported = `expected one of ${methods} for ${k6Metric} (a k6 ${type}), got ${got}`;
  const inner = PERCENTILE_CALL_RE.exec(left)?.[1];
  if (inner !== undefined || left === 'p') {
    if (!K6_TYPE_METHODS[type].includes('p')) return { ok: false, message: unsupported };
    const q = inner === undefined ? undefined : readK6Number(inner);
    if (q === undefined || q < 0 || q > 100) {
      const message = `expected p(N) with N a number from 0 to 100, like p(99.9), got ${got}`;
      return { ok: false, message };
    }
    return { ok: true, metric: resolveK6Aggregation(k6Metric, 'p', q) as MetricName };
  }
  const metric = resolveK6Aggregation(k6Metric, left);
  if (metric !== undefined) return { ok: true, metric };
  const lower = left.toLowerCase();
  if (lower !== left && (resolveK6Aggregation(k6Metric, lower) || PERCENTILE_CALL_RE.test(lower))) {
    return { ok: false, message: `expected lower-case ${lower} as k6 writes it, got ${got}` };
  }
  return { ok: false, message: unsupported };
}

/**
 * Reads one k6 expression (`p(95)<200`, `rate<0.01`, `count>=1e3`) of `k6Metric` into the
 * metric it judges and the condition that must hold, with k6's meaning; or the message saying
 * what is wrong with it (the grammar is at the top of this file).
 */
export function readK6Expression(
  k6Metric: string,
  expression: string,
): Read<{ metric: MetricName; condition: Condition }> {
  const got = describeValue(expression);
  const scanned = scanExpression(expression);
  if (scanned === undefined) return { ok: false, message: `expected ${EXAMPLE_FORM}, got ${got}` };
  const { left, op, right } = scanned;
  if (/[=!<>]$/.test(left) || /^[=!<>]/.test(right)) {
    const message = `expected one operator of <, <=, >, >=, ==, === or !=, got ${got}`;
    return { ok: false, message };
  }
  const aggregation = readAggregation(k6Metric, left, got);
  if (!aggregation.ok) return aggregation;
  const value = readK6Number(right);
  if (value === undefined) {
    const message = /&&|\|\||[<>=!]/.test(right)
      ? `expected one condition per item (k6 has no && or ||: list each condition as its own item), got ${got}`
      : `expected a number after "${op}" like 200, 0.01 or 1e3 (k6 values have no unit: ms, 0..1 for rates), got ${got}`;
    return { ok: false, message };
  }
  const condition: Condition = { op: op === '===' ? '==' : op, value };
  return { ok: true, metric: aggregation.metric, condition };
}

/** A percentile in `p(…)` that the schema can tell from its digits: 0..100 written out, or any
 * exponent form (whose range only the parser checks). */
const PERCENTILE_SOURCE = String.raw`(?:\+?(?:0*(?:\d{1,2}(?:\.\d*)?|100(?:\.0*)?)|\.\d+)|-(?:0+(?:\.0*)?|\.0+)|[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+)`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The JSON Schema pattern of `k6Metric`'s expressions: this file's grammar with the methods of
 * the metric's type, for editors. Looser than the parser only where a regular expression cannot
 * follow it (the range of a percentile written with an exponent).
 */
export function k6ExpressionPattern(k6Metric: string): string {
  const methods = K6_TYPE_METHODS[describeK6Metric(k6Metric).type].map((method) =>
    method === 'p' ? String.raw`p\(${PERCENTILE_SOURCE}\)` : method,
  );
  const operators = OPERATORS.map(escapeRegExp).join('|');
  return String.raw`^\s*(?:${methods.join('|')})\s*(?:${operators})\s*${NUMBER_SOURCE}\s*$`;
}

const ITEM_KEYS = ['threshold', 'abortOnFail', 'delayAbortEval'] as const;
const ITEM_FORM =
  'a k6 threshold like "p(95)<200", or a mapping with threshold, abortOnFail and delayAbortEval';

interface K6Item {
  expression: string;
  abortOnFail: boolean;
  abortGraceMs?: number;
}

/** One list item: the expression string, or k6's mapping form with abort settings. */
function readItem(item: unknown, path: string, ctx: RuleContext): K6Item | undefined {
  if (typeof item === 'string') return { expression: item, abortOnFail: false };
  if (!isRecord(item)) {
    reportIssue(ctx, path, expectedMessage(ITEM_FORM, item));
    return undefined;
  }
  checkKnownKeys(item, ITEM_KEYS, path, ctx);
  const { threshold, abortOnFail, delayAbortEval } = item;
  if (typeof threshold !== 'string') {
    const message = expectedMessage('a k6 threshold like "p(95)<200"', threshold);
    reportIssue(ctx, childPath(path, 'threshold'), message);
  }
  const abort =
    abortOnFail === undefined
      ? false
      : readBoolean(abortOnFail, childPath(path, 'abortOnFail'), ctx);
  const abortGraceMs =
    delayAbortEval === undefined
      ? undefined
      : readAbortGrace(delayAbortEval, abort, childPath(path, 'delayAbortEval'), ctx);
  if (typeof threshold !== 'string' || abort === undefined) return undefined;
  const grace = abortGraceMs === undefined ? {} : { abortGraceMs };
  return { expression: threshold, abortOnFail: abort, ...grace };
}

/** The scenario a sub-metric selects; `{name:…}` is accepted as an alias of `{scenario:…}`. */
function readScenarioTag(key: K6Key, path: string, ctx: RuleContext) {
  if (key.tag === undefined) return { ok: true as const };
  const { name, value } = key.tag;
  const scenario = value.replace(/^(["'])(.*)\1$/, '$2');
  if (!K6_SCENARIO_TAGS.includes(name)) {
    const got = describeValue(`{${name}:${value}}`);
    reportIssue(ctx, path, `expected a sub-metric tag {scenario:NAME} or {name:NAME}, got ${got}`);
    return { ok: false as const };
  }
  return checkScenarioName(scenario, path, ctx)
    ? { ok: true as const, scenario }
    : { ok: false as const };
}

/**
 * Reads the list under one k6 key (`key` as written, `k6Key` as split by `readK6Key`) into
 * fail-only rules whose `source` keeps the k6 text: `http_req_duration p(95)<200`.
 */
export function parseK6Thresholds(
  key: string,
  k6Key: K6Key,
  input: unknown,
  path: string,
  ctx: RuleContext,
): ThresholdRule[] {
  const tag = readScenarioTag(k6Key, path, ctx);
  if (!Array.isArray(input)) {
    const form = `a list of k6 thresholds like [${JSON.stringify(k6Key.example)}]`;
    reportIssue(ctx, path, expectedMessage(form, input));
    return [];
  }
  const rules: ThresholdRule[] = [];
  input.forEach((entry, index) => {
    const itemPath = childPath(path, index);
    const item = readItem(entry, itemPath, ctx);
    if (item === undefined) return;
    const read = readK6Expression(k6Key.metric, item.expression);
    if (!read.ok) reportIssue(ctx, itemPath, read.message);
    if (!read.ok || !tag.ok) return;
    rules.push({
      metric: read.metric,
      ...(tag.scenario === undefined ? {} : { scenario: tag.scenario }),
      failUnless: read.condition,
      ...(item.abortOnFail ? { abortOnFail: true } : {}),
      ...(item.abortGraceMs === undefined ? {} : { abortGraceMs: item.abortGraceMs }),
      source: `${key} ${item.expression.trim()}`,
    });
  });
  return rules;
}

/**
 * The JSON Schema of the list under `k6Metric` (or one of its sub-metrics): expressions, or
 * items with `ITEM_KEYS`, as `parseK6Thresholds` reads them.
 */
export function k6ThresholdsJsonSchema(k6Metric: string): JsonSchema {
  const { type, example } = describeK6Metric(k6Metric);
  const expression = {
    type: 'string',
    pattern: k6ExpressionPattern(k6Metric),
    description: `A k6 threshold on a ${type}: ${listK6Methods(k6Metric).join(', ')}, then <, <=, >, >=, ==, === or !=, then a number.`,
    examples: [example],
  };
  const properties: Record<(typeof ITEM_KEYS)[number], JsonSchema> = {
    threshold: expression,
    abortOnFail: { type: 'boolean', description: 'Stop the run as soon as this threshold fails.' },
    delayAbortEval: {
      type: 'string',
      description: 'With abortOnFail: how much of the run to wait before judging, like 10s.',
      examples: ['10s'],
    },
  };
  return {
    type: 'array',
    description: `k6 thresholds on ${k6Metric}, as in a k6 script's options.thresholds.`,
    items: {
      anyOf: [
        expression,
        { type: 'object', properties, required: ['threshold'], additionalProperties: false },
      ],
    },
  };
}

/**
 * One threshold in loadgate's own form: `p95: 300ms` (fail-only shorthand) or
 * `p99: { target: 300ms, critical: 500ms, abortOnFail: true, abortGrace: 10s }`.
 */
import { childPath, describeValue } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { formatDurationMs } from '../input/units.js';
import { metricInfo, parseMetricValue, VALUE_FORMS } from './metrics.js';
import {
  checkKnownKeys,
  type RuleContext,
  readAbortGrace,
  readBoolean,
  reportIssue,
} from './rule-context.js';
import { describeCondition } from './rule-text.js';
import type { Condition, JsonSchema, MetricName, ThresholdRule } from './types.js';

const LEVEL_KEYS = ['target', 'critical', 'abortOnFail', 'abortGrace'] as const;
const THRESHOLD_FORM =
  'a limit like 300ms, a comparator and a value like "<= 300ms", or a mapping with target and/or critical';

function readLevel(metric: MetricName, input: unknown, path: string, ctx: RuleContext) {
  if (input === undefined) return undefined;
  const condition = readCondition(metric, input, path, ctx);
  if (condition !== undefined && canNeverFail(metric, condition)) {
    ctx.warnings.push(
      `${path}: ${metric} ${describeCondition(metric, condition)} can never be broken, so it never fires`,
    );
  }
  return condition;
}

/** `abortOnFail` and `abortGrace`; both need the other's context to make sense. */
function readAbort(
  levels: Record<string, unknown>,
  path: string,
  ctx: RuleContext,
): Pick<ThresholdRule, 'abortOnFail' | 'abortGraceMs'> {
  const abortPath = childPath(path, 'abortOnFail');
  const gracePath = childPath(path, 'abortGrace');
  const abortOnFail =
    levels.abortOnFail === undefined ? undefined : readBoolean(levels.abortOnFail, abortPath, ctx);
  if (abortOnFail === true && levels.critical === undefined) {
    reportIssue(ctx, abortPath, 'needs a critical level: the run stops when critical is broken');
  }
  if (levels.abortGrace === undefined) return abortOnFail === true ? { abortOnFail } : {};
  const written = levels.abortOnFail === undefined ? false : abortOnFail;
  const graceMs = readAbortGrace(levels.abortGrace, written, gracePath, ctx);
  return abortOnFail === true && graceMs !== undefined
    ? { abortOnFail, abortGraceMs: graceMs }
    : {};
}

function describeLevels(metric: MetricName, rule: Omit<ThresholdRule, 'source'>): string {
  const parts: string[] = [];
  const add = (condition: Condition | undefined, level: string) => {
    if (condition !== undefined) parts.push(`${describeCondition(metric, condition)} (${level})`);
  };
  add(rule.warnUnless, 'target');
  add(rule.failUnless, 'critical');
  const grace =
    rule.abortGraceMs === undefined ? '' : ` after ${formatDurationMs(rule.abortGraceMs)}`;
  const abort = rule.abortOnFail ? `, abort on fail${grace}` : '';
  return `${metric} ${parts.join(', ')}${abort}`;
}

/**
 * Reads the value of a friendly threshold key. A plain value or comparator string is the
 * critical level only (fail, never warn). Returns `undefined` after reporting issues at `path`.
 */
export function parseFriendlyThreshold(
  metric: MetricName,
  input: unknown,
  path: string,
  scenario: string | undefined,
  ctx: RuleContext,
): ThresholdRule | undefined {
  const where = scenario === undefined ? {} : { scenario };
  if (typeof input === 'string' || typeof input === 'number') {
    const failUnless = readLevel(metric, input, path, ctx);
    if (failUnless === undefined) return undefined;
    return { metric, ...where, failUnless, source: describeLevels(metric, { metric, failUnless }) };
  }
  if (!isRecord(input)) {
    reportIssue(ctx, path, `expected ${THRESHOLD_FORM}, got ${describeValue(input)}`);
    return undefined;
  }
  const before = ctx.issues.length;
  checkKnownKeys(input, LEVEL_KEYS, path, ctx);
  if (input.target === undefined && input.critical === undefined) {
    reportIssue(
      ctx,
      path,
      'expected target and/or critical, e.g. { target: 300ms, critical: 500ms }',
    );
  }
  const targetPath = childPath(path, 'target');
  const warnUnless = readLevel(metric, input.target, targetPath, ctx);
  const failUnless = readLevel(metric, input.critical, childPath(path, 'critical'), ctx);
  if (warnUnless !== undefined && failUnless !== undefined) {
    checkTargetWithinCritical(metric, warnUnless, failUnless, targetPath, ctx);
  }
  const abort = readAbort(input, path, ctx);
  if (ctx.issues.length > before) return undefined;
  const rule = {
    metric,
    ...where,
    ...(warnUnless === undefined ? {} : { warnUnless }),
    ...(failUnless === undefined ? {} : { failUnless }),
    ...abort,
  };
  return { ...rule, source: describeLevels(metric, rule) };
}

/** The JSON Schema of a friendly threshold on `metric`, as `parseFriendlyThreshold` reads it. */
export function friendlyThresholdJsonSchema(metric: MetricName): JsonSchema {
  const level = levelJsonSchema(metric);
  const properties: Record<(typeof LEVEL_KEYS)[number], JsonSchema> = {
    target: { ...level, description: `Warn ("degraded") unless this holds. ${level.description}` },
    critical: { ...level, description: `Fail unless this holds. ${level.description}` },
    abortOnFail: {
      type: 'boolean',
      description: 'Stop the run as soon as the critical level is broken, like k6.',
    },
    abortGrace: {
      type: ['string', 'number'],
      description: 'With abortOnFail: how much of the measured window to wait first, like 10s.',
      examples: ['10s'],
    },
  };
  return {
    description: `${metricInfo(metric).description}. A limit (fails beyond it), or target and/or critical.`,
    anyOf: [
      level,
      {
        type: 'object',
        properties,
        additionalProperties: false,
        anyOf: [{ required: ['target'] }, { required: ['critical'] }],
      },
    ],
  };
}

/**
 * One threshold level (`300ms`, `">= 99%"`) → a `Condition`, and the check that a target is at
 * least as strict as its critical level. Plain values take the metric's direction; metrics
 * without one (blockRate) need an explicit comparator.
 */
const COMPARATOR_RE = /^\s*(<=|>=|<|>)\s*(.*?)\s*$/;
/** Comparators people reach for that a limit cannot use (`==`), or misspell (`=>`). */
const WRONG_COMPARATOR_RE = /^\s*(={1,3}|!={0,2}|=>|=<)/;

/**
 * Reads a level of a threshold. `input` is a value in the metric's unit (see `parseMetricValue`)
 * meaning "at most" for lower-is-better metrics and "at least" for higher-is-better ones, or a
 * string with a comparator first: `<`, `<=`, `>`, `>=`. Issues go to `ctx` at `path`.
 */
export function readCondition(
  metric: MetricName,
  input: unknown,
  path: string,
  ctx: RuleContext,
): Condition | undefined {
  const { unit, direction } = metricInfo(metric);
  const form = VALUE_FORMS[unit];
  const match = typeof input === 'string' ? COMPARATOR_RE.exec(input) : null;
  if (match !== null) {
    const op = match[1] as Condition['op'];
    const value = parseMetricValue(metric, match[2] ?? '');
    if (value !== undefined) return { op, value };
    reportIssue(ctx, path, `expected ${form} after "${op}", got ${describeValue(input)}`);
    return undefined;
  }
  if (typeof input === 'string' && WRONG_COMPARATOR_RE.test(input)) {
    const message = `expected a comparator <, <=, > or >= then a value, got ${describeValue(input)}`;
    reportIssue(ctx, path, message);
    return undefined;
  }
  const value =
    typeof input === 'string' || typeof input === 'number'
      ? parseMetricValue(metric, input)
      : undefined;
  if (value === undefined) {
    const example = direction === 'higher-is-better' ? '">= 95"' : '"<= 300ms"';
    const message = `expected ${form}, or a comparator then a value like ${example}, got ${describeValue(input)}`;
    reportIssue(ctx, path, message);
    return undefined;
  }
  if (direction === 'none') {
    const message = `${metric} has no natural direction (good for an attack probe, bad for a normal page): write a comparator, e.g. ">= 99%" or "< 1%", got ${describeValue(input)}`;
    reportIssue(ctx, path, message);
    return undefined;
  }
  return { op: direction === 'lower-is-better' ? '<=' : '>=', value };
}

function isUpperBound(condition: Condition): boolean {
  return condition.op === '<' || condition.op === '<=';
}

/** True when every value meeting `inner` also meets `outer` (both bounds the same way). */
function isWithin(inner: Condition, outer: Condition): boolean {
  if (inner.value !== outer.value) {
    return isUpperBound(inner) ? inner.value < outer.value : inner.value > outer.value;
  }
  // Same number: only `<= x` as target under `< x` as critical fails on x while meeting the target.
  return inner.op.length <= outer.op.length;
}

/**
 * Checks that `target` is stricter than or equal to `critical`: the warning must come before
 * the failure, or the "degraded" band between them would be empty or inverted. Reports at `path`
 * (the target's) and returns false when not.
 */
export function checkTargetWithinCritical(
  metric: MetricName,
  target: Condition,
  critical: Condition,
  path: string,
  ctx: RuleContext,
): boolean {
  const criticalText = describeCondition(metric, critical);
  const targetText = describeCondition(metric, target);
  if (isUpperBound(target) !== isUpperBound(critical)) {
    const message = `expected a target pointing the same way as critical (${criticalText}), got ${targetText}`;
    reportIssue(ctx, path, message);
    return false;
  }
  if (isWithin(target, critical)) return true;
  const message = `expected a target stricter than or equal to critical (${criticalText}), got ${targetText}`;
  reportIssue(ctx, path, message);
  return false;
}

/** True for a condition no measured value can break (`<= 100 %` on a rate, `>= 0`). */
export function canNeverFail(metric: MetricName, condition: Condition): boolean {
  if (condition.op === '>=') return condition.value <= 0;
  return condition.op === '<=' && metricInfo(metric).unit === 'fraction' && condition.value >= 1;
}

/**
 * The JSON Schema of one level as `readCondition` reads it: a value in the metric's unit or a
 * comparator string; a comparator string only for metrics without a direction (blockRate).
 */
export function levelJsonSchema(metric: MetricName): JsonSchema {
  const { unit, direction } = metricInfo(metric);
  if (direction === 'none') {
    return {
      type: 'string',
      pattern: String.raw`^\s*(<=|>=|<|>)`,
      description: `A comparator then ${VALUE_FORMS[unit]}.`,
      examples: ['>= 99%', '< 1%'],
    };
  }
  const example = direction === 'higher-is-better' ? '>= 95' : '<= 300ms';
  return {
    type: ['number', 'string'],
    description: `Either ${VALUE_FORMS[unit]}, or a comparator (<, <=, >, >=) then a value like "${example}".`,
  };
}

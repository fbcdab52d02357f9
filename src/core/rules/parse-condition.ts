/**
 * One threshold level (`300ms`, `">= 99%"`) → a `Condition`, and the check that a target is at
 * least as strict as its critical level. Plain values take the metric's direction; metrics
 * without one (blockRate) need an explicit comparator.
 */
import { describeValue } from '../input/issue-text.js';
import { metricInfo, parseMetricValue, VALUE_FORMS } from './metrics.js';
import { type RuleContext, reportIssue } from './rule-context.js';
import { describeCondition } from './rule-text.js';
import type { Condition, JsonSchema, MetricName } from './types.js';

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

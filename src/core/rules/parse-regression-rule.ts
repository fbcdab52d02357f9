/**
 * One regression limit: `p95: { warn: 10%, fail: 20%, floor: 2ms }`, or the fail-only
 * shorthand `p95: 20%`. Relative limits are fractions of the baseline; a change counts only
 * when it is also at least `floor` (the metric's unit), so tiny values cannot trip them.
 */
import { childPath, describeValue, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { parsePercent } from '../input/units.js';
import { DEFAULT_FLOORS } from './default-rules.js';
import { metricInfo, parseMetricValue, VALUE_FORMS } from './metrics.js';
import { checkKnownKeys, type RuleContext, reportIssue } from './rule-context.js';
import { describeRegression, formatPercentValue } from './rule-text.js';
import type { Direction, JsonSchema, MetricName, RegressionRule } from './types.js';

type Worse = Exclude<Direction, 'none'>;

const RULE_KEYS = ['warn', 'fail', 'floor', 'direction'] as const;
const DIRECTIONS: readonly string[] = ['lower-is-better', 'higher-is-better'];
const RELATIVE_FORM = 'a relative change like 10%, +10% or 0.1';

/** `"-10%"` → `-`, 0.1; `0.1` → ``, 0.1; the magnitude is `undefined` when malformed. */
function splitSign(input: unknown): { sign: string; magnitude: number | undefined } {
  if (typeof input === 'number') {
    const magnitude = Number.isFinite(input) ? Math.abs(input) : undefined;
    return { sign: input < 0 ? '-' : '', magnitude };
  }
  const match = typeof input === 'string' ? /^\s*([+-]?)(.*)$/.exec(input) : null;
  return { sign: match?.[1] ?? '', magnitude: parsePercent(match?.[2] ?? '') };
}

/**
 * Reads `warn`/`fail`: `10%`, `+10%`, `0.1`. For higher-is-better metrics a regression is a
 * drop, so `-10%` and `10%` both mean "down 10 %" and more than 100 % is impossible; for
 * lower-is-better ones a `-` would describe an improvement, so it is refused.
 */
function readRelative(input: unknown, worse: Worse | undefined, path: string, ctx: RuleContext) {
  if (input === undefined) return undefined;
  const { sign, magnitude } = splitSign(input);
  const got = describeValue(input);
  if (magnitude === undefined) reportIssue(ctx, path, `expected ${RELATIVE_FORM}, got ${got}`);
  else if (worse === 'lower-is-better' && sign === '-') {
    reportIssue(ctx, path, `expected a rise (a fall is an improvement), e.g. "10%", got ${got}`);
  } else if (worse === 'higher-is-better' && sign === '+') {
    const message = `expected a drop (a rise is an improvement), e.g. "10%" or "-10%", got ${got}`;
    reportIssue(ctx, path, message);
  } else if (worse === 'higher-is-better' && magnitude > 1) {
    reportIssue(ctx, path, `expected a drop of at most 100%, got ${got}`);
  } else return magnitude;
  return undefined;
}

/** The direction that makes `metric` worse: its own, or the one written for blockRate. */
function readDirection(metric: MetricName, input: unknown, path: string, ctx: RuleContext) {
  const natural = metricInfo(metric).direction;
  if (input === undefined) {
    if (natural !== 'none') return { worse: natural };
    const message = `required: ${metric} has no natural direction; expected lower-is-better (e.g. a normal page) or higher-is-better (e.g. an attack probe)`;
    reportIssue(ctx, path, message);
    return {};
  }
  if (typeof input !== 'string' || !DIRECTIONS.includes(input)) {
    reportIssue(ctx, path, expectedMessage('lower-is-better or higher-is-better', input));
    return {};
  }
  if (natural !== 'none' && input !== natural) {
    reportIssue(
      ctx,
      path,
      `expected ${natural} (${metric} has a fixed direction), got ${describeValue(input)}`,
    );
    return {};
  }
  return { worse: input as Worse, written: input as Worse };
}

/**
 * Reads the value of one regression key into a rule (fail-only for the shorthand). `floor`
 * defaults per unit (`DEFAULT_FLOORS`); `direction` is kept only when written. Returns
 * `undefined` after reporting issues at `path`.
 */
export function parseRegressionRule(
  metric: MetricName,
  input: unknown,
  path: string,
  scenario: string | undefined,
  ctx: RuleContext,
): RegressionRule | undefined {
  const limits = typeof input === 'string' || typeof input === 'number' ? { fail: input } : input;
  if (!isRecord(limits)) {
    const form = `${RELATIVE_FORM}, or a mapping with warn, fail, floor and direction`;
    reportIssue(ctx, path, expectedMessage(form, input));
    return undefined;
  }
  const before = ctx.issues.length;
  checkKnownKeys(limits, RULE_KEYS, path, ctx);
  const direction = readDirection(metric, limits.direction, childPath(path, 'direction'), ctx);
  if (limits.warn === undefined && limits.fail === undefined) {
    reportIssue(ctx, path, 'expected warn and/or fail, e.g. { warn: 10%, fail: 20% }');
  }
  const warnRelative = readRelative(limits.warn, direction.worse, childPath(path, 'warn'), ctx);
  const failRelative = readRelative(limits.fail, direction.worse, childPath(path, 'fail'), ctx);
  if (warnRelative !== undefined && failRelative !== undefined && failRelative < warnRelative) {
    const message = `expected fail to be at least warn (${formatPercentValue(warnRelative)}), got ${describeValue(limits.fail)}`;
    reportIssue(ctx, childPath(path, 'fail'), message);
  }
  const unit = metricInfo(metric).unit;
  const floor =
    limits.floor === undefined
      ? DEFAULT_FLOORS[unit]
      : typeof limits.floor === 'string' || typeof limits.floor === 'number'
        ? parseMetricValue(metric, limits.floor)
        : undefined;
  if (floor === undefined) {
    reportIssue(ctx, childPath(path, 'floor'), expectedMessage(VALUE_FORMS[unit], limits.floor));
  }
  if (ctx.issues.length > before || floor === undefined || direction.worse === undefined) {
    return undefined;
  }
  const rule = {
    metric,
    ...(scenario === undefined ? {} : { scenario }),
    ...(warnRelative === undefined ? {} : { warnRelative }),
    ...(failRelative === undefined ? {} : { failRelative }),
    floor,
    ...(direction.written === undefined ? {} : { direction: direction.written }),
  };
  return { ...rule, source: describeRegression(metric, direction.worse, rule) };
}

/** The JSON Schema of a regression rule on `metric`, as `parseRegressionRule` reads it. */
export function regressionRuleJsonSchema(metric: MetricName): JsonSchema {
  const { unit, direction, description } = metricInfo(metric);
  const relative = {
    type: ['number', 'string'],
    description: `${RELATIVE_FORM}: how much worse than the baseline.`,
    examples: ['10%'],
  };
  const properties: Record<(typeof RULE_KEYS)[number], JsonSchema> = {
    warn: { ...relative, description: `Warn when worse by more than this: ${RELATIVE_FORM}.` },
    fail: { ...relative, description: `Fail when worse by more than this: ${RELATIVE_FORM}.` },
    floor: {
      type: ['number', 'string'],
      description: `The smallest change that counts, in the metric's unit: ${VALUE_FORMS[unit]}.`,
    },
    direction: {
      enum: direction === 'none' ? DIRECTIONS : [direction],
      description: 'Which way is worse; needed only where the metric has no direction of its own.',
    },
  };
  const mapping = {
    type: 'object',
    properties,
    additionalProperties: false,
    anyOf: [{ required: ['warn'] }, { required: ['fail'] }],
    ...(direction === 'none' ? { required: ['direction'] } : {}),
  };
  // Without a direction of its own, the shorthand cannot say which way is worse.
  return {
    description: `${description}. A fail limit, or warn, fail, floor and direction.`,
    anyOf: direction === 'none' ? [mapping] : [relative, mapping],
  };
}

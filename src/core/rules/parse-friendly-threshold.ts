/**
 * One threshold in loadgate's own form: `p95: 300ms` (fail-only shorthand) or
 * `p99: { target: 300ms, critical: 500ms, abortOnFail: true, abortGrace: 10s }`.
 */
import { childPath, describeValue } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { formatDurationMs } from '../input/units.js';
import { metricInfo } from './metrics.js';
import {
  canNeverFail,
  checkTargetWithinCritical,
  levelJsonSchema,
  readCondition,
} from './parse-condition.js';
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

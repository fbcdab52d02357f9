/**
 * The `regressions` section: allowed change against the baseline per metric, for the whole run
 * and per scenario, plus the comparison settings (`reportImprovements`, `confidence`).
 */
import { childPath, describeValue, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { parsePercent } from '../input/units.js';
import { describeUnknownKeys } from '../input/unknown-keys.js';
import { DEFAULT_FLOORS, DEFAULT_SETTINGS } from './default-rules.js';
import {
  METRIC_NAMES,
  metricInfo,
  metricJsonSchemaDefs,
  metricKeysJsonSchema,
  PERCENTILE_KEY_FORM,
  parseMetricValue,
  readMetricKey,
  VALUE_FORMS,
} from './metrics.js';
import {
  checkKnownKeys,
  forEachScenarioBlock,
  type RuleContext,
  readBoolean,
  readScenarioMetric,
  reportIssue,
} from './rule-context.js';
import { describeRegression, formatPercentValue } from './rule-text.js';
import type {
  CompareSettings,
  Direction,
  JsonSchema,
  MetricName,
  RegressionRule,
  SectionJsonSchema,
} from './types.js';

const SECTION = 'regressions';
const SETTING_KEYS: readonly string[] = [
  'reportImprovements',
  'confidence',
] satisfies readonly (keyof CompareSettings)[];
const TOP_KEYS = [...METRIC_NAMES, ...SETTING_KEYS, 'scenarios'];
/** Below 50 % a "significant" change is likelier noise than not; above 99.9 % nothing is. */
const CONFIDENCE = { min: 0.5, max: 0.999 };

export interface RegressionSection {
  rules: RegressionRule[];
  settings: CompareSettings;
}

function readConfidence(input: unknown, path: string, ctx: RuleContext): number | undefined {
  const fraction =
    typeof input === 'string' || typeof input === 'number' ? parsePercent(input) : undefined;
  if (fraction !== undefined && fraction >= CONFIDENCE.min && fraction <= CONFIDENCE.max) {
    return fraction;
  }
  reportIssue(
    ctx,
    path,
    `expected a confidence from 50% to 99.9%, like 95%, got ${describeValue(input)}`,
  );
  return undefined;
}

/**
 * Reads the whole `regressions` section (a mapping). Settings not written keep their defaults.
 * A section with settings but no rules gates nothing, which is allowed (`regressions: {}` turns
 * regression gating off) but warned about when settings suggest the user expected rules.
 */
export function parseRegressions(raw: unknown, ctx: RuleContext): RegressionSection {
  const settings: CompareSettings = { ...DEFAULT_SETTINGS };
  const rules: RegressionRule[] = [];
  if (!isRecord(raw)) {
    const form = 'a mapping of metrics to limits, e.g. p95: { warn: 10%, fail: 20% }';
    reportIssue(ctx, SECTION, expectedMessage(form, raw));
    return { rules, settings };
  }
  const add = (rule: RegressionRule | undefined) => {
    if (rule !== undefined) rules.push(rule);
  };
  for (const [key, value] of Object.entries(raw)) {
    const path = childPath(SECTION, key);
    if (key === 'scenarios') {
      forEachScenarioBlock(value, path, ctx, (scenario, block, blockPath) => {
        for (const [metricKey, limits] of Object.entries(block)) {
          const metricPath = childPath(blockPath, metricKey);
          const metric = readScenarioMetric(metricKey, metricPath, ctx);
          if (metric !== undefined)
            add(parseRegressionRule(metric, limits, metricPath, scenario, ctx));
        }
      });
    } else if (key === 'reportImprovements') {
      settings.reportImprovements = readBoolean(value, path, ctx) ?? settings.reportImprovements;
    } else if (key === 'confidence') {
      settings.confidence = readConfidence(value, path, ctx) ?? settings.confidence;
    } else {
      const metricKey = readMetricKey(key);
      if (metricKey !== undefined && 'metric' in metricKey) {
        add(parseRegressionRule(metricKey.metric, value, path, undefined, ctx));
      } else {
        const message =
          metricKey?.message ??
          `${describeUnknownKeys([key], TOP_KEYS)}, or ${PERCENTILE_KEY_FORM}`;
        reportIssue(ctx, path, message);
      }
    }
  }
  const onlySettings = Object.keys(raw).every((key) => SETTING_KEYS.includes(key));
  if (onlySettings && Object.keys(raw).length > 0) {
    ctx.warnings.push(
      `${SECTION}: settings but no rules, so no regression is gated; add rules (e.g. p95: { warn: 10%, fail: 20% }) or remove the section to use the defaults`,
    );
  }
  return { rules, settings };
}

/**
 * The JSON Schema of the `regressions` section for editors, from what this parser reads: the
 * registry's metrics (and any percentile), `scenarios` blocks and the comparison settings.
 * The section's own description is the profile schema's.
 */
export function regressionsJsonSchema(): SectionJsonSchema {
  const run = metricKeysJsonSchema('regression', 'run');
  const scenario = metricKeysJsonSchema('regression', 'scenario');
  const settings: Record<keyof CompareSettings, JsonSchema> = {
    reportImprovements: {
      type: 'boolean',
      description: 'Report better-than-baseline changes that clear the same bars.',
      default: DEFAULT_SETTINGS.reportImprovements,
    },
    confidence: {
      type: ['number', 'string'],
      description: `Confidence wanted before a change counts as real: ${CONFIDENCE.min * 100}% to ${CONFIDENCE.max * 100}%.`,
      examples: ['95%'],
    },
  };
  const schema = {
    type: 'object',
    properties: {
      ...(run.properties as JsonSchema),
      ...settings,
      scenarios: {
        type: 'object',
        description: "Regression limits of one scenario each, by the scenario's name.",
        additionalProperties: { type: 'object', ...scenario, additionalProperties: false },
      },
    },
    patternProperties: run.patternProperties,
    additionalProperties: false,
  };
  return { schema, defs: metricJsonSchemaDefs('regression', regressionRuleJsonSchema) };
}

/**
 * One regression limit: `p95: { warn: 10%, fail: 20%, floor: 2ms }`, or the fail-only
 * shorthand `p95: 20%`. Relative limits are fractions of the baseline; a change counts only
 * when it is also at least `floor` (the metric's unit), so tiny values cannot trip them.
 */
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

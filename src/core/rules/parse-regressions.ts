/**
 * The `regressions` section: allowed change against the baseline per metric, for the whole run
 * and per scenario, plus the comparison settings (`reportImprovements`, `confidence`).
 */
import { childPath, describeValue, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { parsePercent } from '../input/units.js';
import { describeUnknownKeys } from '../input/unknown-keys.js';
import { DEFAULT_SETTINGS } from './default-rules.js';
import {
  METRIC_NAMES,
  metricJsonSchemaDefs,
  metricKeysJsonSchema,
  PERCENTILE_KEY_FORM,
  readMetricKey,
} from './metrics.js';
import { parseRegressionRule, regressionRuleJsonSchema } from './parse-regression-rule.js';
import {
  forEachScenarioBlock,
  type RuleContext,
  readBoolean,
  readScenarioMetric,
  reportIssue,
} from './rule-context.js';
import type { CompareSettings, JsonSchema, RegressionRule, SectionJsonSchema } from './types.js';

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

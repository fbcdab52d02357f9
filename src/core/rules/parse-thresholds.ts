/**
 * The `thresholds` section: friendly metric keys (`p95: 300ms`), k6 metric keys
 * (`http_req_duration: ["p(95)<200"]`) and per-scenario blocks, side by side.
 */
import { childPath, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { formatDidYouMean } from '../input/unknown-keys.js';
import { K6_EQUIVALENTS, K6_METRIC_NAMES, k6SubMetricKeyPattern, readK6Key } from './k6-metrics.js';
import {
  METRIC_NAMES,
  metricJsonSchemaDefs,
  metricKeysJsonSchema,
  PERCENTILE_KEY_FORM,
  readMetricKey,
} from './metrics.js';
import { friendlyThresholdJsonSchema, parseFriendlyThreshold } from './parse-friendly-threshold.js';
import { k6ThresholdsJsonSchema, parseK6Thresholds } from './parse-k6-threshold.js';
import {
  forEachScenarioBlock,
  type RuleContext,
  readScenarioMetric,
  reportIssue,
} from './rule-context.js';
import type { JsonSchema, SectionJsonSchema, ThresholdRule } from './types.js';

const SECTION = 'thresholds';
const TOP_KEYS = [...METRIC_NAMES, 'scenarios'];

/**
 * The message for a key that is neither a metric nor a supported k6 metric. snake_case keys
 * are most likely other k6 metrics (`http_req_waiting`), so those get the k6 mapping.
 */
function describeUnknownKey(key: string): string {
  const hint = formatDidYouMean(key, [...TOP_KEYS, ...K6_METRIC_NAMES]);
  if (/_|\{/.test(key) && hint === '') {
    return `unsupported k6 metric ${JSON.stringify(key)}; supported: ${K6_EQUIVALENTS}`;
  }
  return `unknown key ${JSON.stringify(key)}${hint}; expected a metric (${METRIC_NAMES.join(', ')}, or ${PERCENTILE_KEY_FORM}), scenarios, or a k6 metric (${K6_METRIC_NAMES.join(', ')})`;
}

/** Two rules on one metric both apply; usually one was meant to replace the other. */
function warnAboutRepeats(rules: readonly ThresholdRule[], ctx: RuleContext): void {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const where = rule.scenario === undefined ? 'the whole run' : `scenario "${rule.scenario}"`;
    const id = `${rule.metric} for ${where}`;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, rule.source);
    else
      ctx.warnings.push(
        `${SECTION}: two rules on ${id} ("${first}", "${rule.source}"); both apply`,
      );
  }
}

/**
 * Reads the whole `thresholds` section (a mapping) into rules in the order written; issues
 * go to `ctx`, each at its path (`thresholds.p95.critical`, `thresholds.http_req_duration[1]`).
 */
export function parseThresholds(raw: unknown, ctx: RuleContext): ThresholdRule[] {
  if (!isRecord(raw)) {
    reportIssue(
      ctx,
      SECTION,
      expectedMessage('a mapping of metrics to limits, e.g. p95: 300ms', raw),
    );
    return [];
  }
  const rules: ThresholdRule[] = [];
  const add = (rule: ThresholdRule | undefined) => {
    if (rule !== undefined) rules.push(rule);
  };
  for (const [key, value] of Object.entries(raw)) {
    const path = childPath(SECTION, key);
    const k6Key = readK6Key(key);
    if (key === 'scenarios') {
      forEachScenarioBlock(value, path, ctx, (scenario, block, blockPath) => {
        for (const [metricKey, limit] of Object.entries(block)) {
          const metricPath = childPath(blockPath, metricKey);
          const metric = readScenarioMetric(metricKey, metricPath, ctx);
          if (metric !== undefined)
            add(parseFriendlyThreshold(metric, limit, metricPath, scenario, ctx));
        }
      });
      continue;
    }
    const metricKey = readMetricKey(key);
    if (metricKey !== undefined && 'metric' in metricKey) {
      add(parseFriendlyThreshold(metricKey.metric, value, path, undefined, ctx));
    } else if (metricKey !== undefined) reportIssue(ctx, path, metricKey.message);
    else if (k6Key !== undefined) rules.push(...parseK6Thresholds(key, k6Key, value, path, ctx));
    else reportIssue(ctx, path, describeUnknownKey(key));
  }
  warnAboutRepeats(rules, ctx);
  return rules;
}

/**
 * The JSON Schema of the `thresholds` section for editors, from what this parser reads: the
 * registry's metrics (and any percentile), `scenarios` blocks, and k6 metrics with their
 * sub-metric keys. The section's own description is the profile schema's.
 */
export function thresholdsJsonSchema(): SectionJsonSchema {
  const run = metricKeysJsonSchema('threshold', 'run');
  const scenario = metricKeysJsonSchema('threshold', 'scenario');
  const k6Ref = (name: string) => ({ $ref: `#/$defs/k6.${name}` });
  const schema = {
    type: 'object',
    properties: {
      ...(run.properties as JsonSchema),
      scenarios: {
        type: 'object',
        description: "Thresholds of one scenario each, by the scenario's name.",
        additionalProperties: { type: 'object', ...scenario, additionalProperties: false },
      },
      ...Object.fromEntries(K6_METRIC_NAMES.map((name) => [name, k6Ref(name)])),
    },
    patternProperties: {
      ...(run.patternProperties as JsonSchema),
      ...Object.fromEntries(
        K6_METRIC_NAMES.map((name) => [k6SubMetricKeyPattern(name), k6Ref(name)]),
      ),
    },
    additionalProperties: false,
  };
  const defs = {
    ...metricJsonSchemaDefs('threshold', friendlyThresholdJsonSchema),
    ...Object.fromEntries(
      K6_METRIC_NAMES.map((name) => [`k6.${name}`, k6ThresholdsJsonSchema(name)]),
    ),
  };
  return { schema, defs };
}

/**
 * The `thresholds` section: friendly metric keys (`p95: 300ms`), k6 metric keys
 * (`http_req_duration: ["p(95)<200"]`) and per-scenario blocks, side by side.
 */
import { childPath, expectedMessage } from '../profile/issue-text.js';
import { isRecord } from '../profile/schema-fields.js';
import { suggestKey } from '../profile/unknown-keys.js';
import { K6_EQUIVALENTS, readK6Key } from './k6-metrics.js';
import { isMetricName, METRIC_NAMES } from './metrics.js';
import { parseFriendlyThreshold } from './parse-friendly-threshold.js';
import { parseK6Thresholds } from './parse-k6-threshold.js';
import {
  forEachScenarioBlock,
  type RuleContext,
  readScenarioMetric,
  reportIssue,
} from './rule-context.js';
import type { ThresholdRule } from './types.js';

const SECTION = 'thresholds';
const K6_NAMES = ['http_req_duration', 'http_req_failed', 'http_reqs', 'dropped_iterations'];
const TOP_KEYS = [...METRIC_NAMES, 'scenarios'];

/**
 * The message for a key that is neither a metric nor a supported k6 metric. snake_case keys
 * are most likely other k6 metrics (`http_req_waiting`), so those get the k6 mapping.
 */
function describeUnknownKey(key: string): string {
  const suggestion = suggestKey(key, [...TOP_KEYS, ...K6_NAMES]);
  const hint = suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`;
  if (/_|\{/.test(key) && suggestion === undefined) {
    return `unsupported k6 metric ${JSON.stringify(key)}; supported: ${K6_EQUIVALENTS}`;
  }
  return `unknown key ${JSON.stringify(key)}${hint}; expected a metric (${METRIC_NAMES.join(', ')}), scenarios, or a k6 metric (${K6_NAMES.join(', ')})`;
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
    } else if (isMetricName(key)) add(parseFriendlyThreshold(key, value, path, undefined, ctx));
    else if (k6Key !== undefined) rules.push(...parseK6Thresholds(key, k6Key, value, path, ctx));
    else reportIssue(ctx, path, describeUnknownKey(key));
  }
  warnAboutRepeats(rules, ctx);
  return rules;
}

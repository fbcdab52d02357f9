import { formatMetricValue } from '../rules/format-metric.js';
import { metricInfo } from '../rules/metrics.js';
import type { Condition, Level, ThresholdRule } from '../rules/types.js';
import type { Figures } from '../stats/figures.js';
import { type RunExtras, readMetric } from './read-metric.js';
import type { ThresholdResult } from './types.js';

/** Whether `value` meets the condition; `==` and `!=` compare exactly, as k6 does. */
export function meets(condition: Condition, value: number): boolean {
  switch (condition.op) {
    case '<':
      return value < condition.value;
    case '<=':
      return value <= condition.value;
    case '>':
      return value > condition.value;
    case '>=':
      return value >= condition.value;
    case '==':
      return value === condition.value;
    case '!=':
      return value !== condition.value;
  }
}

/**
 * Checks one absolute threshold against measured figures: `failUnless` broken → fail,
 * otherwise `warnUnless` (the target) broken → warn. A metric that was not measured (send lag
 * of a closed-model run) passes with a note rather than failing on a missing number.
 */
export function evaluateThreshold(
  rule: ThresholdRule,
  figures: Figures,
  extras: RunExtras,
): ThresholdResult {
  const { unit, label } = metricInfo(rule.metric);
  const value = readMetric(figures, rule.metric, extras);
  const where = rule.scenario ? `${rule.scenario}: ` : '';
  if (!Number.isFinite(value)) {
    return { rule, value: undefined, level: 'pass', message: `${where}${label} not measured` };
  }
  const shown = formatMetricValue(unit, value);
  const needs = (c: Condition, tier: string) =>
    `${where}${label} ${shown}, needs ${c.op} ${formatMetricValue(unit, c.value)} (${tier})`;
  let level: Level = 'pass';
  let message = `${where}${label} ${shown}`;
  if (rule.failUnless && !meets(rule.failUnless, value)) {
    level = 'fail';
    message = needs(rule.failUnless, 'critical');
  } else if (rule.warnUnless && !meets(rule.warnUnless, value)) {
    level = 'warn';
    message = needs(rule.warnUnless, 'target');
  }
  return { rule, value, level, message };
}

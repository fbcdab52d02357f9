import { metricInfo } from '../rules/metrics.js';
import { formatMetricValue } from '../rules/rule-text.js';
import type { Condition, Rules, ThresholdRule } from '../rules/types.js';
import type { Figures } from '../stats/figures.js';
import type { LiveSnapshot } from '../stats/run-recorder.js';
import { evaluateThreshold } from './judge-scenario.js';
import { bracketPercentile, type RunExtras } from './read-metric.js';

/** True when no value from `low` to `high` meets `condition`. */
function breaksThroughout(condition: Condition, low: number, high: number): boolean {
  const { op, value } = condition;
  switch (op) {
    case '<':
      return low >= value;
    case '<=':
      return low > value;
    case '>':
      return high <= value;
    case '>=':
      return high < value;
    case '==':
      return value < low || value > high;
    case '!=':
      return low === value && high === value;
  }
}

/**
 * Why `rule` is broken now, or `undefined`. Live figures carry the named percentiles but no
 * histogram, so a percentile without a name (`p97.5`) is judged by the named ones around it
 * (p95 ≤ p97.5 ≤ p99): the run stops when every value between them breaks the critical level,
 * and is otherwise left to the judgement at the end, which reads the exact value. Decoding a
 * live histogram every check would cost far more than the check itself.
 */
function checkLive(rule: ThresholdRule, figures: Figures, extras: RunExtras): string | undefined {
  const info = metricInfo(rule.metric);
  if (!info.fromHistogram || info.percentile === undefined || rule.failUnless === undefined) {
    const result = evaluateThreshold(rule, figures, extras);
    return result.level === 'fail' ? result.message : undefined;
  }
  const { low, lowName, high, highName } = bracketPercentile(figures, info.percentile);
  if (!breaksThroughout(rule.failUnless, low, high)) return undefined;
  const where = rule.scenario ? `${rule.scenario}: ` : '';
  const ms = (value: number) => formatMetricValue('ms', value);
  const { op, value } = rule.failUnless;
  return `${where}${info.label} between ${ms(low)} (${lowName}) and ${ms(high)} (${highName}), needs ${op} ${ms(value)} (critical)`;
}

/**
 * The check the engine runs every couple of seconds: any threshold marked abortOnFail whose
 * critical level is broken (after its grace period) stops the run, as k6's abortOnFail does.
 * Rules naming a scenario not in `scenarioNames` are left out.
 * @returns undefined when no rule asks for it, so the engine does no live work at all.
 */
export function buildAbortCheck(
  rules: Rules,
  scenarioNames: readonly string[],
): ((snapshot: LiveSnapshot) => string | undefined) | undefined {
  const watched = rules.thresholds.filter((t) => t.abortOnFail);
  if (watched.length === 0) return undefined;
  // Resolved once: an indexOf per rule on every check is O(rules × scenarios) each time.
  const firstIndex = new Map<string, number>();
  scenarioNames.forEach((name, i) => {
    if (!firstIndex.has(name)) firstIndex.set(name, i);
  });
  // A rule of a scenario that is not running (left out by `--category`) is not evaluated:
  // read as the whole run's, it would stop a run for a limit meant for one scenario.
  const targets = watched.flatMap((rule) => {
    if (rule.scenario === undefined) return [{ rule, index: -1 }];
    const index = firstIndex.get(rule.scenario);
    return index === undefined ? [] : [{ rule, index }];
  });
  if (targets.length === 0) return undefined;
  return (snapshot) => {
    for (const { rule, index } of targets) {
      if (snapshot.measuredMs < (rule.abortGraceMs ?? 0)) continue;
      const figures = index < 0 ? snapshot.overall : snapshot.scenarios[index];
      if (!figures || figures.totals.requests === 0) continue;
      const extras = { sendLagP99: snapshot.sendLagP99, durationMs: snapshot.measuredMs };
      const broken = checkLive(rule, figures, extras);
      if (broken !== undefined) return `abortOnFail threshold broken: ${broken}`;
    }
    return undefined;
  };
}

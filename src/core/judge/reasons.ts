import { formatPercent, formatRunDuration, formatSignedRelative } from '../input/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';
import { formatMetricDelta, formatMetricValue } from '../rules/format-metric.js';
import { metricInfo } from '../rules/metrics.js';
import type { RuleIndex } from '../rules/rule-index.js';
import type { Level, Rules } from '../rules/types.js';
import type { MetricComparison, ScenarioComparison } from './types.js';

interface ReasonInput {
  current: ResultsFileV1;
  scenarios: readonly ScenarioComparison[];
  rules: Rules;
  hasBaseline: boolean;
  level: Level;
  /** `rules` by scope (`indexRules`), as the scopes were judged with. */
  index: RuleIndex;
  /** Failures of the run itself (see `checkCompletion`), listed after an incomplete status. */
  runFailures?: readonly string[];
}

function describeChange(
  scope: string,
  m: MetricComparison,
  rules: Rules,
  index: RuleIndex,
): string {
  const label = metricInfo(m.metric).label;
  const rule = index.forScope(scope === 'all' ? undefined : scope).regressions.get(m.metric);
  const rel = m.relative !== undefined ? formatSignedRelative(m.relative) : 'up from 0';
  const where = scope === 'all' ? '' : `${scope}: `;
  const head = `${where}${label} ${rel} (${formatMetricDelta(m.unit, m.delta ?? 0)}) vs baseline`;
  const s = m.significance;
  if (s?.method !== 'mann-whitney') {
    return `${head}: over the limit, but too few requests per window to rule out noise, so a warning only`;
  }
  const limit = m.status === 'fail' ? rule?.failRelative : rule?.warnRelative;
  const sign = m.direction === 'higher-is-better' ? '−' : '+';
  const bar =
    limit !== undefined && rule
      ? `the ${sign}${formatPercent(limit)} ${m.status} limit (floor ${formatMetricValue(m.unit, rule.floor)})`
      : 'its limit';
  return `${head}: over ${bar}, ${formatPercent(rules.settings.confidence)} confident (p ${formatPValue(s.pValue ?? 1)})`;
}

function formatPValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toPrecision(2);
}

/**
 * One line per reason, failures before warnings; for a pass, one line saying what was checked.
 * Lines are plain text: the renderer escapes them.
 */
export function describeReasons(input: ReasonInput): string[] {
  const { current, scenarios, rules, index } = input;
  const byLevel: Record<'fail' | 'warn', string[]> = { fail: [], warn: [] };
  if (current.status !== 'completed') {
    byLevel.fail.push(
      `The run was ${current.status} after ${formatRunDuration(current.durationMs)}${current.abortReason ? ` (${current.abortReason})` : ''}: a partial run cannot pass.`,
    );
  }
  byLevel.fail.push(...(input.runFailures ?? []));
  for (const scope of scenarios) {
    for (const t of scope.thresholds) if (t.level !== 'pass') byLevel[t.level].push(t.message);
    for (const m of scope.metrics) {
      if (m.status === 'fail' || m.status === 'warn')
        byLevel[m.status].push(describeChange(scope.name, m, rules, index));
    }
  }
  if (byLevel.fail.length + byLevel.warn.length > 0) return [...byLevel.fail, ...byLevel.warn];
  const thresholds = scenarios.reduce((n, s) => n + s.thresholds.length, 0);
  const compared = scenarios.reduce(
    (n, s) => n + s.metrics.filter((m) => m.rule !== undefined).length,
    0,
  );
  const lines: string[] = [];
  if (!input.hasBaseline) lines.push('No baseline yet: only absolute thresholds were checked.');
  else
    lines.push(
      `No regression beyond its limits and floors (${compared} ruled metric${compared === 1 ? '' : 's'} compared).`,
    );
  if (thresholds > 0) lines.push(`All ${thresholds} threshold${thresholds === 1 ? '' : 's'} met.`);
  return lines;
}

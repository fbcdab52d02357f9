import { collectRunWarnings } from '../render/run-warnings.js';
import type { ResultsFileV1 } from '../result/types.js';
import { describeBaselineMismatch } from './baseline-mismatch.js';
import { checkCompletion } from './completion-check.js';
import { judgeScope, type Scope, worstLevel } from './judge-scenario.js';
import { describeReasons } from './reasons.js';
import { indexRules } from './rule-index.js';
import type { BaselineInfo, Level, Rules, Verdict } from './types.js';

export interface VerdictInput {
  current: ResultsFileV1;
  baseline?: ResultsFileV1;
  rules: Rules;
  baselineInfo?: BaselineInfo;
}

function scopesOf(current: ResultsFileV1, baseline: ResultsFileV1 | undefined): Scope[] {
  const extrasOf = (r: ResultsFileV1) => ({ sendLagP99: r.sendLagMs.p99 });
  const all: Scope = {
    name: 'all',
    current: { figures: current, timeline: current.timeline, extras: extrasOf(current) },
    ...(baseline
      ? { baseline: { figures: baseline, timeline: baseline.timeline, extras: extrasOf(baseline) } }
      : {}),
  };
  // By name, once: a `find` per scenario made judging n scenarios O(n²).
  const baseByName = new Map(baseline?.scenarios.map((b) => [b.name, b]));
  const scenarios = current.scenarios.map((s): Scope => {
    const base = baseByName.get(s.name);
    return {
      name: s.name,
      ...(s.category ? { category: s.category } : {}),
      current: { figures: s, timeline: s.timeline, extras: {} },
      ...(base ? { baseline: { figures: base, timeline: base.timeline, extras: {} } } : {}),
    };
  });
  return [all, ...scenarios];
}

/**
 * The gate's decision: every scope compared and checked, then one level with one-line reasons,
 * worst first. A run that did not complete (interrupted, aborted) never passes: its figures
 * cover only part of the load. Nor does a run in which no request completed, or in which
 * requests still in flight at the end plus dropped ones outnumber the completed ones
 * (`checkCompletion`), whatever the rules say. Pure: all inputs are data. Linear in the
 * number of scenarios and rules.
 */
export function buildVerdict(input: VerdictInput): Verdict {
  const { current, baseline, rules } = input;
  const index = indexRules(rules);
  const scenarios = scopesOf(current, baseline).map((scope) => judgeScope(scope, rules, index));
  const incomplete: Level = current.status === 'completed' ? 'pass' : 'fail';
  const unanswered = checkCompletion(current.totals);
  const level = worstLevel([
    incomplete,
    unanswered.length > 0 ? 'fail' : 'pass',
    ...scenarios.map((s) => s.level),
  ]);
  const runWarnings = [
    ...collectRunWarnings(current),
    ...(baseline ? describeBaselineMismatch(current, baseline) : []),
  ];
  return {
    level,
    reasons: describeReasons({
      current,
      scenarios,
      rules,
      hasBaseline: baseline !== undefined,
      level,
      index,
      runFailures: unanswered,
    }),
    scenarios,
    hasBaseline: baseline !== undefined,
    ...(input.baselineInfo ? { baseline: input.baselineInfo } : {}),
    runWarnings,
    rulesDefaulted: rules.defaulted,
  };
}

import type { LiveSnapshot } from '../stats/run-recorder.js';
import { evaluateThreshold } from './evaluate-thresholds.js';
import type { Rules } from './types.js';

/**
 * The check the engine runs every couple of seconds: any threshold marked abortOnFail whose
 * critical level is broken (after its grace period) stops the run, as k6's abortOnFail does.
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
  const targets = watched.map((rule) => ({
    rule,
    index: rule.scenario === undefined ? -1 : (firstIndex.get(rule.scenario) ?? -1),
  }));
  return (snapshot) => {
    for (const { rule, index } of targets) {
      if (snapshot.measuredMs < (rule.abortGraceMs ?? 0)) continue;
      const figures = index < 0 ? snapshot.overall : snapshot.scenarios[index];
      if (!figures || figures.totals.requests === 0) continue;
      const result = evaluateThreshold(rule, figures, { sendLagP99: snapshot.sendLagP99 });
      if (result.level === 'fail') return `abortOnFail threshold broken: ${result.message}`;
    }
    return undefined;
  };
}

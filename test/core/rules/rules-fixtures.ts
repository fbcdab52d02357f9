import {
  type ParseRulesResult,
  parseRules,
  type RawRules,
} from '../../../src/core/rules/parse-rules.js';
import type { Rules, ThresholdRule } from '../../../src/core/rules/types.js';

/** Scenario names the rule tests' profiles have. */
export const SCENARIOS = ['search', 'sql injection probe', 'list products'];

export function parse(raw: RawRules): ParseRulesResult {
  return parseRules(raw, SCENARIOS);
}

export function expectRules(raw: RawRules): Rules & { warnings: string[] } {
  const result = parse(raw);
  if (!result.ok) throw new Error(`expected rules, got issues: ${JSON.stringify(result.issues)}`);
  return { ...result.rules, warnings: result.warnings };
}

/** The user's thresholds, without the run-health guards appended after them. */
export function userThresholds(thresholds: unknown): ThresholdRule[] {
  return expectRules({ thresholds }).thresholds.filter(
    (rule) => !rule.source.startsWith('run health:'),
  );
}

/** Every issue as `path: message`, in order. */
export function issueLines(raw: RawRules): string[] {
  const result = parse(raw);
  if (result.ok) throw new Error(`expected issues, got rules: ${JSON.stringify(result.rules)}`);
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

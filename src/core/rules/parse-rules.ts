/**
 * A profile's `thresholds` and `regressions` sections → typed `Rules`, with every problem in
 * both reported at once, each at its path and in the profile parser's `expected …, got …` form.
 */

import type { InputIssue } from '../input/format-issues.js';
import {
  DEFAULT_SETTINGS,
  defaultRegressionRules,
  missingRunHealthGuards,
} from './default-rules.js';
import { parseRegressions } from './parse-regressions.js';
import { parseThresholds } from './parse-thresholds.js';
import { createRuleContext } from './rule-context.js';
import type { Rules } from './types.js';

/** The sections as written (`undefined`: not written). */
export interface RawRules {
  thresholds?: unknown;
  regressions?: unknown;
}

export type ParseRulesResult =
  | { ok: true; rules: Rules; warnings: string[] }
  | { ok: false; issues: InputIssue[] };

/**
 * Parses both sections against the profile's scenario names (which `scenarios:` blocks and k6
 * `{scenario:…}` tags must use).
 * - `thresholds` absent: no user thresholds. The run-health guards (dropRate, sendLagP99) are
 *   always added, except for a metric the user gave a whole-run threshold of their own.
 * - `regressions` absent: the default regressions (`defaultRegressionRules`) for the whole run
 *   and each scenario, so adding a threshold never silently turns regression gating off.
 *   Written (even `{}`): exactly the rules written.
 * - `rules.defaulted` is true only when neither section is written.
 * Warnings point at rules that are legal but probably not meant (a limit that can never be
 * broken, two rules on one metric).
 */
export function parseRules(raw: RawRules, scenarioNames: readonly string[]): ParseRulesResult {
  const ctx = createRuleContext(scenarioNames);
  const thresholds = raw.thresholds === undefined ? [] : parseThresholds(raw.thresholds, ctx);
  const regressions =
    raw.regressions === undefined
      ? { rules: defaultRegressionRules(scenarioNames), settings: { ...DEFAULT_SETTINGS } }
      : parseRegressions(raw.regressions, ctx);
  if (ctx.issues.length > 0) return { ok: false, issues: ctx.issues };
  const rules: Rules = {
    thresholds: [...thresholds, ...missingRunHealthGuards(thresholds)],
    regressions: regressions.rules,
    settings: regressions.settings,
    defaulted: raw.thresholds === undefined && raw.regressions === undefined,
  };
  return { ok: true, rules, warnings: ctx.warnings };
}

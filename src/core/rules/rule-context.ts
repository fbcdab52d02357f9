/**
 * What the rule parsers share: one collector for issues and warnings (so every problem in both
 * sections is reported at once, each at its path) and the checks both sections make.
 */
import type { InputIssue } from '../input/format-issues.js';
import { listNames } from '../input/format-units.js';
import { childPath, describeValue, expectedMessage } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import { describeUnknownKeys, formatDidYouMean } from '../input/unknown-keys.js';
import { checkDuration, PAUSE_DURATION } from '../input/value-checks.js';
import {
  METRIC_NAMES,
  METRICS,
  metricInfo,
  PERCENTILE_KEY_FORM,
  readMetricKey,
} from './metrics.js';
import type { MetricName } from './types.js';

export interface RuleContext {
  /** The profile's scenario names, which `scenarios:` blocks and k6 tags must use. */
  readonly scenarioNames: readonly string[];
  /** The same names as a set: a profile may have thousands, and every rule is checked. */
  readonly knownScenarios: ReadonlySet<string>;
  readonly issues: InputIssue[];
  readonly warnings: string[];
}

export function createRuleContext(scenarioNames: readonly string[]): RuleContext {
  return { scenarioNames, knownScenarios: new Set(scenarioNames), issues: [], warnings: [] };
}

export function reportIssue(ctx: RuleContext, path: string, message: string): void {
  ctx.issues.push({ path, message });
}

/** Reports keys of `record` outside `allowed` (with a did-you-mean); true when there were none. */
export function checkKnownKeys(
  record: Record<string, unknown>,
  allowed: readonly string[],
  path: string,
  ctx: RuleContext,
): boolean {
  const unknown = Object.keys(record).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) reportIssue(ctx, path, describeUnknownKeys(unknown, allowed));
  return unknown.length === 0;
}

/** True when `name` is one of the profile's scenarios; otherwise an issue listing them. */
export function checkScenarioName(name: string, path: string, ctx: RuleContext): boolean {
  if (ctx.knownScenarios.has(name)) return true;
  const hint = formatDidYouMean(name, ctx.scenarioNames);
  const known = listNames(ctx.scenarioNames, (known) => JSON.stringify(known));
  reportIssue(
    ctx,
    path,
    `unknown scenario ${JSON.stringify(name)}${hint}; the profile's scenarios: ${known || 'none'}`,
  );
  return false;
}

/** A `true`/`false` field; anything else is an issue and reads as `undefined`. */
export function readBoolean(value: unknown, path: string, ctx: RuleContext): boolean | undefined {
  if (typeof value === 'boolean') return value;
  reportIssue(ctx, path, expectedMessage('true or false', value));
  return undefined;
}

/**
 * A grace period before an abort may happen (`abortGrace`, k6's `delayAbortEval`), in ms. It
 * only means something with abortOnFail true, so a grace beside a false or missing abortOnFail
 * is flagged (k6 ignores a lone delayAbortEval; the user surely meant to abort).
 * @param abortOnFail as read: `false` when not written, `undefined` when malformed (reported
 *   already, so no second issue here).
 * @returns the grace when abortOnFail is true and the duration valid, else undefined.
 */
export function readAbortGrace(
  value: unknown,
  abortOnFail: boolean | undefined,
  path: string,
  ctx: RuleContext,
): number | undefined {
  const grace = checkDuration(value, PAUSE_DURATION);
  if (!grace.ok) {
    reportIssue(ctx, path, grace.message);
    return undefined;
  }
  if (abortOnFail === false) {
    reportIssue(ctx, path, 'only delays abortOnFail: add abortOnFail: true, or remove it');
    return undefined;
  }
  return abortOnFail === true ? grace.value : undefined;
}

/** A metric key inside a `scenarios.<name>` block: per-scenario metrics only. */
export function readScenarioMetric(
  key: string,
  path: string,
  ctx: RuleContext,
): MetricName | undefined {
  const read = readMetricKey(key);
  if (read === undefined || 'message' in read) {
    const allowed = METRIC_NAMES.filter((metric) => !METRICS[metric].wholeRunOnly);
    const message =
      read?.message ?? `${describeUnknownKeys([key], allowed)}, or ${PERCENTILE_KEY_FORM}`;
    reportIssue(ctx, path, message);
    return undefined;
  }
  if (metricInfo(read.metric).wholeRunOnly) {
    reportIssue(ctx, path, `${key} is measured for the whole run only; move it out of scenarios`);
    return undefined;
  }
  return read.metric;
}

/**
 * Walks a `scenarios:` block (`name → mapping`), calling `visit` for each known scenario whose
 * value is a mapping; reports the rest.
 */
export function forEachScenarioBlock(
  raw: unknown,
  path: string,
  ctx: RuleContext,
  visit: (scenario: string, block: Record<string, unknown>, blockPath: string) => void,
): void {
  if (!isRecord(raw)) {
    reportIssue(ctx, path, expectedMessage('a mapping of scenario names to rules', raw));
    return;
  }
  for (const [scenario, block] of Object.entries(raw)) {
    const blockPath = childPath(path, scenario);
    if (!checkScenarioName(scenario, blockPath, ctx)) continue;
    if (isRecord(block)) visit(scenario, block, blockPath);
    else {
      const message = `expected a mapping of metrics to rules, got ${describeValue(block)}`;
      reportIssue(ctx, blockPath, message);
    }
  }
}

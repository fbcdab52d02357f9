/**
 * Thresholds in k6's form, so k6 users can paste theirs: `http_req_duration: ["p(95)<200"]`,
 * sub-metrics `http_req_duration{scenario:search}` (or `{name:search}`), and
 * `{ threshold, abortOnFail, delayAbortEval }` items. k6 thresholds only fail: no target level.
 */
import { childPath, describeValue, expectedMessage } from '../profile/issue-text.js';
import { isRecord } from '../profile/schema-fields.js';
import { checkDuration, PAUSE_DURATION } from '../profile/value-checks.js';
import { type K6Key, readK6Expression } from './k6-metrics.js';
import {
  checkKnownKeys,
  checkScenarioName,
  type RuleContext,
  readBoolean,
  reportIssue,
} from './rule-context.js';
import type { ThresholdRule } from './types.js';

const ITEM_KEYS = ['threshold', 'abortOnFail', 'delayAbortEval'];
const ITEM_FORM =
  'a k6 threshold like "p(95)<200", or a mapping with threshold, abortOnFail and delayAbortEval';

interface K6Item {
  expression: string;
  abortOnFail: boolean;
  abortGraceMs?: number;
}

/** One list item: the expression string, or k6's mapping form with abort settings. */
function readItem(item: unknown, path: string, ctx: RuleContext): K6Item | undefined {
  if (typeof item === 'string') return { expression: item, abortOnFail: false };
  if (!isRecord(item)) {
    reportIssue(ctx, path, expectedMessage(ITEM_FORM, item));
    return undefined;
  }
  checkKnownKeys(item, ITEM_KEYS, path, ctx);
  const { threshold, abortOnFail, delayAbortEval } = item;
  if (typeof threshold !== 'string') {
    const message = expectedMessage('a k6 threshold like "p(95)<200"', threshold);
    reportIssue(ctx, childPath(path, 'threshold'), message);
  }
  const abort =
    abortOnFail === undefined
      ? false
      : readBoolean(abortOnFail, childPath(path, 'abortOnFail'), ctx);
  let abortGraceMs: number | undefined;
  if (delayAbortEval !== undefined) {
    const delayPath = childPath(path, 'delayAbortEval');
    const delay = checkDuration(delayAbortEval, PAUSE_DURATION);
    if (!delay.ok) reportIssue(ctx, delayPath, delay.message);
    // k6 ignores a lone delayAbortEval; here it is flagged, as the user surely meant to abort.
    else if (abort === false) {
      reportIssue(ctx, delayPath, 'only delays abortOnFail: add abortOnFail: true, or remove it');
    } else abortGraceMs = delay.value;
  }
  if (typeof threshold !== 'string' || abort === undefined) return undefined;
  const grace = abortGraceMs === undefined ? {} : { abortGraceMs };
  return { expression: threshold, abortOnFail: abort, ...grace };
}

/** The scenario a sub-metric selects; `{name:…}` is accepted as an alias of `{scenario:…}`. */
function readScenarioTag(key: K6Key, path: string, ctx: RuleContext) {
  if (key.tag === undefined) return { ok: true as const };
  const { name, value } = key.tag;
  const scenario = value.replace(/^(["'])(.*)\1$/, '$2');
  if (name !== 'scenario' && name !== 'name') {
    const got = describeValue(`{${name}:${value}}`);
    reportIssue(ctx, path, `expected a sub-metric tag {scenario:NAME} or {name:NAME}, got ${got}`);
    return { ok: false as const };
  }
  return checkScenarioName(scenario, path, ctx)
    ? { ok: true as const, scenario }
    : { ok: false as const };
}

/**
 * Reads the list under one k6 key (`key` as written, `k6Key` as split by `readK6Key`) into
 * fail-only rules whose `source` keeps the k6 text: `http_req_duration p(95)<200`.
 */
export function parseK6Thresholds(
  key: string,
  k6Key: K6Key,
  input: unknown,
  path: string,
  ctx: RuleContext,
): ThresholdRule[] {
  const tag = readScenarioTag(k6Key, path, ctx);
  if (!Array.isArray(input)) {
    const form = `a list of k6 thresholds like [${JSON.stringify(k6Key.example)}]`;
    reportIssue(ctx, path, expectedMessage(form, input));
    return [];
  }
  const rules: ThresholdRule[] = [];
  input.forEach((entry, index) => {
    const itemPath = childPath(path, index);
    const item = readItem(entry, itemPath, ctx);
    if (item === undefined) return;
    const read = readK6Expression(k6Key.metric, item.expression);
    if (!read.ok) reportIssue(ctx, itemPath, read.message);
    if (!read.ok || !tag.ok) return;
    rules.push({
      metric: read.metric,
      ...(tag.scenario === undefined ? {} : { scenario: tag.scenario }),
      failUnless: read.condition,
      ...(item.abortOnFail ? { abortOnFail: true } : {}),
      ...(item.abortGraceMs === undefined ? {} : { abortGraceMs: item.abortGraceMs }),
      source: `${key} ${item.expression.trim()}`,
    });
  });
  return rules;
}

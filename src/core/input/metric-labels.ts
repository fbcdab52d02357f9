/**
 * The labels a run's exported metrics carry besides the profile: `environment` (staging,
 * prod-eu …) and `client` (the team or tenant a run stands for). Profiles, CLI flags and action
 * inputs all give them, so they are checked here, once, with one wording. They become Prometheus
 * label values and Pushgateway-side series: a short, plain set keeps cardinality bounded and
 * nothing to escape.
 */
import { describeValue } from './issue-text.js';
import type { Checked } from './value-checks.js';

/** Letters, digits, `.`, `_` and `-`, 1 to 64 characters. */
export const METRIC_LABEL_PATTERN = '^[A-Za-z0-9._-]{1,64}$';
const METRIC_LABEL_RE = new RegExp(METRIC_LABEL_PATTERN);

/** How the form is described in messages (`expected …, got …`). */
export const METRIC_LABEL_FORM =
  'letters, digits, ".", "_" or "-" (1 to 64 characters, like staging or team-a)';

/**
 * Reads an `environment` or `client` value: exactly `METRIC_LABEL_PATTERN`, no trimming (a
 * caller that trims input, like the action's, does so before).
 */
export function checkMetricLabelValue(value: unknown): Checked<string> {
  return typeof value === 'string' && METRIC_LABEL_RE.test(value)
    ? { ok: true, value }
    : { ok: false, message: `expected ${METRIC_LABEL_FORM}, got ${describeValue(value)}` };
}

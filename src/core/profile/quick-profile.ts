/**
 * The one-URL profile behind `loadgate run --target URL --rate N`: built as a raw profile so it
 * goes through the same validation as a file, with problems reported against the flags.
 */

import type { InputIssue } from '../input/format-issues.js';
import { isRecord } from '../input/schema-fields.js';
import type { OverrideLabels } from './overrides.js';
import { findBadCharacter } from './request-text-checks.js';
import type { SecretSource } from './secret-masking.js';

import { maskQueryValues } from './url-secrets.js';

/** Flag values as typed; empty strings count as not given. */
export interface QuickProfileOptions {
  target: string;
  rate?: string;
  duration?: string;
  vus?: string;
}

const DEFAULT_QUICK_DURATION = '30s';

/** What validation needs to know about a raw profile built here. */
interface QuickInput {
  rateAndVus: boolean;
  /** The path as reports show it: query values masked. */
  pathTemplate: string;
  /** The target's query values, sent but never shown. */
  queryValues: string[];
}

/** Raw profiles built here, so validation can word their problems as flag problems. */
const quickInputs = new WeakMap<object, QuickInput>();

/** Fields of a quick profile that come straight from a flag. */
const FLAG_OF_PATH: Readonly<Record<string, keyof OverrideLabels>> = {
  baseUrl: 'target',
  'load.rate': 'rate',
  'load.duration': 'duration',
  'load.vus': 'vus',
};

function given(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === '' ? undefined : text;
}

/** `target` without path, query and fragment, keeping user info for `takeUrlCredentials`. */
function originWithCredentials(url: URL): string {
  const origin = new URL(url.href);
  origin.pathname = '/';
  origin.search = '';
  origin.hash = '';
  return origin.href.replace(/\/$/, '');
}

/**
 * Builds the raw profile `quick`: baseUrl = origin of `target` (with its credentials, sent as
 * Basic auth), one scenario `GET <path?query>` named with the query values masked
 * (`GET /health?api_key=***`), load constant-vus when `vus` is given, else
 * constant-arrival-rate at `rate`; duration defaults to 30s. Nothing is defaulted for rate:
 * without rate or vus, `normalizeProfile` reports `--rate: required without a profile`. Bad
 * values are kept as written so they are reported too (a target with spaces or control
 * characters is checked as typed, before the URL parser drops them). Pass the result to
 * `normalizeProfile` without target/rate/duration/vus overrides (they are already in it);
 * `connections` may be passed.
 */
export function buildQuickProfileInput(options: QuickProfileOptions): unknown {
  const typed = findBadCharacter('url', options.target) < 0;
  const parsed = typed && URL.canParse(options.target) ? new URL(options.target) : undefined;
  const url = parsed?.protocol === 'http:' || parsed?.protocol === 'https:' ? parsed : undefined;
  const search = url?.search ?? '';
  const pathname = url?.pathname ?? '/';
  const query = maskQueryValues(search);
  const shownPath = `${pathname}${query.masked}`;
  const rate = given(options.rate);
  const vus = given(options.vus);
  const duration = given(options.duration) ?? DEFAULT_QUICK_DURATION;
  const load =
    vus === undefined
      ? { executor: 'constant-arrival-rate', ...(rate === undefined ? {} : { rate }), duration }
      : { executor: 'constant-vus', vus: /^\d+$/.test(vus) ? Number(vus) : vus, duration };
  const raw = {
    name: 'quick',
    baseUrl: url === undefined ? options.target : originWithCredentials(url),
    scenarios: [{ name: `GET ${shownPath}`, path: `${pathname}${search}` }],
    load,
  };
  quickInputs.set(raw, {
    rateAndVus: rate !== undefined && vus !== undefined,
    pathTemplate: shownPath,
    queryValues: query.values,
  });
  return raw;
}

/**
 * For a profile built by `buildQuickProfileInput`: the path reports show (query values masked)
 * and those values as secrets, labelled for `chooseMaskedSecrets`. `undefined` for other input.
 */
export function readQuickTargetSecrets(
  raw: unknown,
  labels: OverrideLabels,
): { pathTemplate: string; secrets: SecretSource[] } | undefined {
  const quick = isRecord(raw) ? quickInputs.get(raw) : undefined;
  if (quick === undefined) return undefined;
  const secrets = quick.queryValues.map((value) => ({
    value,
    label: 'a query value of the target',
    path: labels.target,
  }));
  return { pathTemplate: quick.pathTemplate, secrets };
}

/**
 * For a profile built by `buildQuickProfileInput`: reports problems at the flag labels
 * (`--rate`, not `load.rate`) and adds the ones only flags can have. Other input is returned as is.
 */
export function reviewQuickProfileIssues(
  raw: unknown,
  issues: readonly InputIssue[],
  labels: OverrideLabels,
): InputIssue[] {
  const quick = isRecord(raw) ? quickInputs.get(raw) : undefined;
  if (quick === undefined) return [...issues];
  const reviewed = issues.map((issue): InputIssue => {
    const flag = FLAG_OF_PATH[issue.path];
    if (flag === undefined) return issue;
    if (flag === 'rate' && issue.message.startsWith('required')) {
      return { path: labels.rate, message: `required without a profile (e.g. ${labels.rate} 50)` };
    }
    return { path: labels[flag], message: issue.message };
  });
  if (quick.rateAndVus) {
    const message = `cannot be combined with ${labels.vus}: give ${labels.rate} for arrival-rate load or ${labels.vus} for virtual users`;
    reviewed.unshift({ path: labels.rate, message });
  }
  return reviewed;
}

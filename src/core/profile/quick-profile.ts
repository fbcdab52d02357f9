/**
 * The one-URL profile behind `loadgate run --target URL --rate N`: built as a raw profile so it
 * goes through the same validation as a file, with problems reported against the flags.
 */

import type { OverrideLabels } from './overrides.js';
import { isRecord } from './schema-fields.js';
import type { InputIssue } from './types.js';

/** Flag values as typed; empty strings count as not given. */
export interface QuickProfileOptions {
  target: string;
  rate?: string;
  duration?: string;
  vus?: string;
}

const DEFAULT_QUICK_DURATION = '30s';

/** Raw profiles built here, so validation can word their problems as flag problems. */
const quickInputs = new WeakMap<object, { rateAndVus: boolean }>();

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

/**
 * Builds the raw profile `quick`: baseUrl = origin of `target`, one scenario `GET <path?query>`,
 * load constant-vus when `vus` is given, else constant-arrival-rate at `rate`; duration
 * defaults to 30s. Nothing is defaulted for rate: without rate or vus, `normalizeProfile`
 * reports `--rate: required without a profile`. Bad values are kept as written so they are
 * reported too. Pass the result to `normalizeProfile` without target/rate/duration/vus
 * overrides (they are already in it); `connections` may be passed.
 */
export function buildQuickProfileInput(options: QuickProfileOptions): unknown {
  const url = URL.canParse(options.target) ? new URL(options.target) : undefined;
  const isHttp = url?.protocol === 'http:' || url?.protocol === 'https:';
  const path = url !== undefined && isHttp ? `${url.pathname}${url.search}` : '/';
  const rate = given(options.rate);
  const vus = given(options.vus);
  const duration = given(options.duration) ?? DEFAULT_QUICK_DURATION;
  const load =
    vus === undefined
      ? { executor: 'constant-arrival-rate', ...(rate === undefined ? {} : { rate }), duration }
      : { executor: 'constant-vus', vus: /^\d+$/.test(vus) ? Number(vus) : vus, duration };
  const raw = {
    name: 'quick',
    baseUrl: url !== undefined && isHttp ? url.origin : options.target,
    scenarios: [{ name: `GET ${path}`, path }],
    load,
  };
  quickInputs.set(raw, { rateAndVus: rate !== undefined && vus !== undefined });
  return raw;
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

/**
 * Override flags (`--rate`, or action inputs like `rate`): read and range-checked like the
 * profile fields they replace, and refused with a pointer to the right flag when they do not
 * apply to the profile's executor.
 */
import type { InputIssue } from '../input/format-issues.js';
import { checkMetricLabelValue } from '../input/metric-labels.js';
import { isRecord } from '../input/schema-fields.js';
import { checkShard, type ShardSpec } from '../input/shard-flags.js';
import {
  type Checked,
  checkCount,
  checkDuration,
  checkRate,
  LIMITS,
  RUN_DURATION,
} from '../input/value-checks.js';
import type { ExecutorName } from './types.js';
import { checkBaseUrl } from './url-secrets.js';

/** Values as typed on a command line or in action inputs; empty strings count as not given. */
export interface ProfileOverrides {
  target?: string;
  rate?: string;
  duration?: string;
  vus?: string;
  connections?: string;
  /** The exported metrics' `environment` and `client` labels (`--environment`, `--client`). */
  environment?: string;
  client?: string;
  /** `--shard i/N`: run only shard i of N of the profile's schedule. */
  shard?: string;
}

/** How each override is named in issues: a flag (`--rate`) or an action input. */
export type OverrideLabels = Record<keyof ProfileOverrides, string>;

/** The CLI flag names. */
export const DEFAULT_OVERRIDE_LABELS: Readonly<OverrideLabels> = {
  target: '--target',
  rate: '--rate',
  duration: '--duration',
  vus: '--vus',
  connections: '--connections',
  environment: '--environment',
  client: '--client',
  shard: '--shard',
};

/** Overrides in base units: URL without trailing slash, requests/s, ms, counts. */
export interface ParsedOverrides {
  baseUrl?: string;
  ratePerSec?: number;
  durationMs?: number;
  vus?: number;
  connections?: number;
  environment?: string;
  client?: string;
  shard?: ShardSpec;
}

/** What the raw `load` section asks for, read leniently: `undefined` when it is unreadable. */
export function describeLoadModel(
  raw: unknown,
): { executor: string; model: 'arrival' | 'vus' } | undefined {
  const load = isRecord(raw) ? raw.load : undefined;
  if (!isRecord(load)) return undefined;
  const executor = load.executor as ExecutorName | undefined;
  if (executor === 'constant-vus' || executor === 'ramping-vus') return { executor, model: 'vus' };
  if (executor === 'constant-arrival-rate' || executor === 'ramping-arrival-rate') {
    return { executor, model: 'arrival' };
  }
  return executor === undefined && typeof load.preset === 'string'
    ? { executor: `the ${load.preset} preset`, model: 'arrival' }
    : undefined;
}

/**
 * Reads every given override, reporting each bad one at its label. `--rate` is refused for VU
 * executors and `--vus` for arrival-rate ones, naming the flag that does apply.
 */
export function parseOverrides(
  overrides: ProfileOverrides,
  labels: OverrideLabels,
  loadModel: ReturnType<typeof describeLoadModel>,
): { values: ParsedOverrides; issues: InputIssue[] } {
  const values: ParsedOverrides = {};
  const issues: InputIssue[] = [];
  const read = <K extends keyof ParsedOverrides>(
    key: keyof ProfileOverrides,
    into: K,
    check: (text: string) => Checked<NonNullable<ParsedOverrides[K]>>,
  ): void => {
    const text = overrides[key]?.trim();
    if (text === undefined || text === '') return;
    const result = check(text);
    if (result.ok) values[into] = result.value;
    else issues.push({ path: labels[key], message: result.message });
  };

  read('target', 'baseUrl', checkBaseUrl);
  read('rate', 'ratePerSec', (text) => checkRate(text, false));
  read('duration', 'durationMs', (text) => checkDuration(text, RUN_DURATION));
  read('vus', 'vus', (text) => checkCount(text, 'virtual users', LIMITS.vus.min, LIMITS.vus.max));
  read('connections', 'connections', (text) =>
    checkCount(text, 'connections', LIMITS.connections.min, LIMITS.connections.max),
  );
  read('environment', 'environment', checkMetricLabelValue);
  read('client', 'client', checkMetricLabelValue);
  read('shard', 'shard', checkShard);

  if (values.ratePerSec !== undefined && loadModel?.model === 'vus') {
    const message = `applies to arrival-rate executors; this profile uses ${loadModel.executor}: use ${labels.vus}`;
    issues.push({ path: labels.rate, message });
    delete values.ratePerSec;
  }
  if (values.vus !== undefined && loadModel?.model === 'arrival') {
    const message = `applies to VU executors (constant-vus, ramping-vus); this profile uses ${loadModel.executor}: use ${labels.rate}`;
    issues.push({ path: labels.vus, message });
    delete values.vus;
  }
  return { values, issues };
}

export type FailOn = 'fail' | 'warn' | 'never';

/** The action's inputs, validated. Paths are relative to the workspace. */
export interface ActionConfig {
  mode: 'run' | 'report';
  profilePath?: string;
  target?: string;
  rate?: string;
  duration?: string;
  /** Branch whose runs provide baselines; undefined → the repository's default branch. */
  baselineBranch?: string;
  /** Artifact holding this profile's results: one per profile, so several live in one repo. */
  artifactName: string;
  /** A local baseline file instead of looking one up (release gates, manual runs). */
  baselinePath?: string;
  comment: boolean;
  failOn: FailOn;
  retentionDays: number;
  /** Upload this run's results as `<artifact-name>-pr`, for a `mode: report` workflow to read. */
  uploadResults: boolean;
  /** Every input given (trimmed; empty = not given): the outputs read their own paths from
   * these by the names they declare (see app/sinks), with their own defaults. */
  givenInputs: Record<string, string>;
}

/**
 * The inputs of the action itself; the outputs declare theirs (results-path, markdown-path,
 * comment, upload-results, retention-days: app/sinks/registry's `OUTPUT_INPUTS`).
 */
export const ACTION_OWN_INPUTS = [
  'profile',
  'target',
  'rate',
  'duration',
  'github-token',
  'baseline-branch',
  'artifact-name',
  'baseline-path',
  'fail-on',
  'mode',
] as const;

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  false: false,
  no: false,
  off: false,
};

/** A name safe for artifacts and comment markers: `loadtest/checkout.yml` → `checkout`. */
export function slugify(text: string): string {
  const base = text.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/i, '');
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'default'
  );
}

/**
 * Reads the raw input strings (empty = not given, as the runner passes unset inputs) into a
 * config, or every problem at once, each named `input <name>` with the expected form.
 */
export function parseActionInputs(
  raw: Record<string, string | undefined>,
): { ok: true; config: ActionConfig } | { ok: false; issues: InputIssue[] } {
  const get = (name: string) => {
    const value = raw[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const issues: InputIssue[] = [];
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = get(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value.toLowerCase()))
      return value.toLowerCase() as T;
    issues.push({
      path: `input ${name}`,
      message: `expected one of ${allowed.join(', ')}, got "${value}"`,
    });
    return fallback;
  };
  const mode = oneOf('mode', ['run', 'report'] as const, 'run');
  const failOn = oneOf('fail-on', ['fail', 'warn', 'never'] as const, 'fail');
  const flag = (name: string, fallback: boolean): boolean => {
    const text = get(name);
    if (text === undefined) return fallback;
    const value = BOOLEANS[text.toLowerCase()];
    if (value === undefined)
      issues.push({ path: `input ${name}`, message: `expected true or false, got "${text}"` });
    return value ?? fallback;
  };
  const comment = flag('comment', true);
  const uploadResults = flag('upload-results', false);
  const retentionText = get('retention-days') ?? '90';
  const retentionDays = Number(retentionText);
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > 400) {
    issues.push({
      path: 'input retention-days',
      message: `expected a whole number of days from 1 to 400, got "${retentionText}"`,
    });
  }
  const profilePath = get('profile');
  const target = get('target');
  if (mode === 'run' && !profilePath && !target) {
    issues.push({
      path: 'input profile',
      message: 'give a profile file, or input target with input rate (and duration)',
    });
  }
  const artifactName = get('artifact-name') ?? `loadgate-${slugify(profilePath ?? 'quick')}`;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(artifactName)) {
    issues.push({
      path: 'input artifact-name',
      message: `expected letters, digits, ".", "_" or "-" (up to 200), got "${artifactName}"`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const optional = (name: string) => get(name);
  return {
    ok: true,
    config: {
      mode,
      ...(profilePath ? { profilePath } : {}),
      ...(target ? { target } : {}),
      ...(optional('rate') ? { rate: optional('rate') } : {}),
      ...(optional('duration') ? { duration: optional('duration') } : {}),
      ...(optional('baseline-branch') ? { baselineBranch: optional('baseline-branch') } : {}),
      ...(optional('baseline-path') ? { baselinePath: optional('baseline-path') } : {}),
      artifactName,
      comment,
      failOn,
      retentionDays,
      uploadResults,
      givenInputs: Object.fromEntries(
        Object.keys(raw).flatMap((name) => {
          const value = get(name);
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    },
  };
}

import type { InputIssue } from '../input/format-issues.js';

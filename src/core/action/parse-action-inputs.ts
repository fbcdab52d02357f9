import { MAX_CONFIRM_REMEASURES, readConfirmTimes } from '../input/confirm-times.js';
import type { InputIssue } from '../input/format-issues.js';
import { describeValue } from '../input/issue-text.js';
import {
  checkInterval,
  checkRunCount,
  LAYER_FORM,
  LAYERS,
  type Layer,
  RUN_COUNTS,
  type RunCountBounds,
} from '../input/series-labels.js';
import { checkShard, type ShardSpec } from '../input/shard-flags.js';
import { ACTION_WAIT_FOR_LABELS, readWaitFor, type WaitForSettings } from '../input/wait-for.js';
import { splitHeaderLines } from '../input/wait-headers.js';
import {
  ACCEPT_SCOPES,
  type AcceptScope,
  DEFAULT_ACCEPT_LABEL,
} from '../judge/accept-regression.js';
import { type ScenarioSelection, splitNameList } from '../profile/select-scenarios.js';
import { checkWorkers, DEFAULT_WORKERS, type WorkersRequest } from '../schedule/worker-plan.js';
import { AUTO_TARGET } from './deployment-target.js';
import type { ConfirmSetting } from './run-labels.js';

export type FailOn = 'fail' | 'warn' | 'never';

export const ACTION_MODES = ['run', 'report', 'merge'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

/** Where a run's baseline comes from: `auto` (pull requests: the base branch's artifact;
 * scheduled and manual runs: the rolling baseline of their series) or the newest published
 * release's saved results. */
export const BASELINE_SOURCES = ['auto', 'latest-release'] as const;
export type BaselineSource = (typeof BASELINE_SOURCES)[number];

/** The action's inputs, validated. Paths are relative to the workspace. */
export interface ActionConfig {
  /** `run` measures; `report` judges another workflow's results (the fork pattern); `merge`
   * merges the shard artifacts of this workflow run, then judges once. */
  mode: ActionMode;
  profilePath?: string;
  target?: string;
  rate?: string;
  duration?: string;
  /** Input `shard`: run this share of the schedule and upload it for a `mode: merge` job. */
  shard?: ShardSpec;
  /** Input `start-at` as given (ISO 8601 or epoch ms): checked with the profile, against the
   * clock, like the CLI's `--start-at`. */
  startAt?: string;
  /** Input `workers`: engine threads of a measuring step, as the CLI's `--workers` (default
   * `auto`: one on a runner of 2 cores, one per core but one on larger ones). */
  workers: WorkersRequest;
  /** Inputs `wait-for`, `wait-for-status`, `wait-timeout`, `wait-for-body`, `wait-for-headers`:
   * wait until the target is ready before any load (mode run only). */
  waitFor?: WaitForSettings;
  /** Input `deployment-environment`: with `target: auto`, the environment whose deployments
   * are tested (others skip the step). */
  deploymentEnvironment?: string;
  /** Inputs `category` and `scenario` (comma- or newline-separated): run only those scenarios. */
  selection?: ScenarioSelection;
  /** The exported metrics' labels, as given (checked with the profile, like `target`). */
  environment?: string;
  client?: string;
  /** Branch whose runs provide baselines; undefined → the repository's default branch. */
  baselineBranch?: string;
  /** Artifact holding this profile's results: one per profile, so several live in one repo. */
  artifactName: string;
  /** A local baseline file instead of looking one up (release gates, manual runs). */
  baselinePath?: string;
  /** Input `baseline-target` as given: on a pull request, measured side by side with the
   * target and judged against instead of the stored baseline (checked with the profile). */
  baselineTarget?: string;
  comment: boolean;
  /** Input `comment-key`: the jobs with the same key share one comment, a section each. */
  commentKey?: string;
  failOn: FailOn;
  retentionDays: number;
  /** Upload this run's results as `<artifact-name>-pr`, for a `mode: report` workflow to read. */
  uploadResults: boolean;
  /** Series labels given as inputs (they win over the profile's and the event's). */
  layer?: Layer;
  interval?: string;
  baseline: BaselineSource;
  /** K: entries of the series merged into a rolling baseline (1..50, default 5). */
  baselineRuns: number;
  /** Re-measures before a breach counts, 0..5, or `auto` (`resolveConfirm`; default `auto`). */
  confirm: ConfirmSetting;
  /** Rows of the trend table in the job summary (1..200, default 20). */
  trendRuns: number;
  /** Keep the history artifact of baseline-branch runs (input `history`, default true). */
  history: boolean;
  /** Keep the regression issue (input `regression-issue`, default true; needs issues: write). */
  regressionIssue: boolean;
  /** Passing runs in a row that close the regression issue (input `close-after`, 1..50). */
  closeAfter: number;
  /** Input `accept-label`: the pull-request label that accepts a regression (default
   * `loadgate:accept-regression`). */
  acceptLabel: string;
  /** Input `accept-scope`: what the label may accept (`regressions`, the default, or `all`
   * with absolute thresholds), or `none` to switch the label off. */
  acceptScope: AcceptScope;
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
  'layer',
  'interval',
  'baseline',
  'baseline-runs',
  'confirm',
  'trend-runs',
  'category',
  'scenario',
  'environment',
  'client',
  'shard',
  'start-at',
  'workers',
  'wait-for',
  'wait-for-status',
  'wait-timeout',
  'wait-for-body',
  'deployment-environment',
  'accept-label',
  'accept-scope',
  'baseline-target',
  'wait-for-headers',
] as const;

/** GitHub's longest label name, in characters. */
const MAX_LABEL_CHARS = 50;

/** Inputs `accept-label` and `accept-scope`; issues appended. */
function readAcceptInputs(
  get: (name: string) => string | undefined,
  issues: InputIssue[],
): Pick<ActionConfig, 'acceptLabel' | 'acceptScope'> {
  const label = get('accept-label') ?? DEFAULT_ACCEPT_LABEL;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a label is one line of text
  if (Array.from(label).length > MAX_LABEL_CHARS || /[\u0000-\u001f\u007f]/.test(label)) {
    issues.push({
      path: 'input accept-label',
      message: `expected a label name of up to ${MAX_LABEL_CHARS} characters on one line, like ${DEFAULT_ACCEPT_LABEL}, got ${describeValue(label)}`,
    });
  }
  const scopeText = get('accept-scope');
  const scope = ACCEPT_SCOPES.find((known) => known === scopeText?.toLowerCase());
  if (scopeText !== undefined && scope === undefined) {
    issues.push({
      path: 'input accept-scope',
      message: `expected ${ACCEPT_SCOPES.join(', ')} (regressions: the label accepts regressions against the baseline only; all: absolute thresholds too; none: the label is not read), got ${describeValue(scopeText)}`,
    });
  }
  return { acceptLabel: label, acceptScope: scope ?? 'regressions' };
}

/** Input `comment-key`: a short name, safe in a hidden marker and an anchor id. */
const COMMENT_KEY_FORM = /^[A-Za-z0-9._-]{1,64}$/;

/** A Map, not an object literal: `BOOLEANS["constructor"]` must not find Object's. */
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['on', true],
  ['false', false],
  ['no', false],
  ['off', false],
]);

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

type SeriesInputs = Pick<
  ActionConfig,
  'layer' | 'interval' | 'baseline' | 'baselineRuns' | 'confirm' | 'trendRuns'
>;

/** The inputs of scheduled runs and release gates (`layer` … `trend-runs`), issues appended. */
function readSeriesInputs(
  get: (name: string) => string | undefined,
  issues: InputIssue[],
): SeriesInputs {
  const problem = (name: string, form: string, text: string) =>
    issues.push({ path: `input ${name}`, message: `expected ${form}, got ${describeValue(text)}` });
  const count = (name: string, bounds: RunCountBounds) => {
    const text = get(name);
    const checked = text === undefined ? undefined : checkRunCount(text, bounds);
    if (checked?.ok === false) issues.push({ path: `input ${name}`, message: checked.message });
    return checked?.ok ? checked.value : bounds.default;
  };
  const layerText = get('layer');
  const layer = LAYERS.find((known) => known === layerText?.toLowerCase());
  if (layerText !== undefined && layer === undefined) problem('layer', LAYER_FORM, layerText);
  const intervalText = get('interval');
  const interval = intervalText === undefined ? undefined : checkInterval(intervalText);
  if (interval?.ok === false) issues.push({ path: 'input interval', message: interval.message });
  const baselineText = get('baseline');
  const baseline = BASELINE_SOURCES.find((known) => known === baselineText?.toLowerCase());
  if (baselineText !== undefined && baseline === undefined)
    problem('baseline', BASELINE_SOURCES.join(' or '), baselineText);
  const baselineRuns = count('baseline-runs', RUN_COUNTS.baselineRuns);
  const confirmText = get('confirm');
  const confirmAuto = confirmText === undefined || confirmText.toLowerCase() === 'auto';
  const confirmTimes = confirmAuto ? undefined : readConfirmTimes(confirmText);
  if (!confirmAuto && confirmTimes === undefined)
    problem(
      'confirm',
      `auto, or the re-measures from 0 to ${MAX_CONFIRM_REMEASURES} (true = 1, false = 0)`,
      confirmText,
    );
  const trendRuns = count('trend-runs', RUN_COUNTS.trendRuns);
  return {
    ...(layer ? { layer } : {}),
    ...(interval?.ok ? { interval: interval.value } : {}),
    baseline: baseline ?? 'auto',
    baselineRuns,
    confirm: confirmTimes ?? 'auto',
    trendRuns,
  };
}

/** An input that only a measuring step (mode run) can use, given to a merge or report step. */
function refuseOutsideRun(issues: InputIssue[], mode: ActionMode, name: string): void {
  issues.push({
    path: `input ${name}`,
    message:
      mode === 'merge'
        ? `the merge job measures nothing: give ${name} to the shard jobs (mode run) and leave it out here`
        : `mode report measures nothing: ${name} belongs to a measuring step (mode run)`,
  });
}

/**
 * Inputs `shard` and `start-at`: a share of the schedule is measured in `mode: run` only (the
 * merge job merges the shares; report mode judges a finished run), and so is a wait for the
 * agreed start. Issues appended.
 */
function readShardInputs(
  get: (name: string) => string | undefined,
  mode: ActionMode,
  issues: InputIssue[],
): Pick<ActionConfig, 'shard' | 'startAt'> {
  const shardText = get('shard');
  const startAt = get('start-at');
  const shard = shardText === undefined ? undefined : checkShard(shardText);
  if (shard?.ok === false) issues.push({ path: 'input shard', message: shard.message });
  if (mode !== 'run' && shardText !== undefined) refuseOutsideRun(issues, mode, 'shard');
  if (mode !== 'run' && startAt !== undefined) refuseOutsideRun(issues, mode, 'start-at');
  return {
    ...(shard?.ok ? { shard: shard.value } : {}),
    ...(startAt !== undefined ? { startAt } : {}),
  };
}

/**
 * Input `workers`, read as the CLI reads `--workers`. A count outside `mode: run` is refused
 * (nothing is measured there); `auto`, action.yml's default, is what every step gets unasked.
 * Issues appended.
 */
function readWorkersInput(
  get: (name: string) => string | undefined,
  mode: ActionMode,
  issues: InputIssue[],
): WorkersRequest {
  const text = get('workers');
  if (text === undefined) return DEFAULT_WORKERS;
  const workers = checkWorkers(text);
  if (!workers.ok) {
    issues.push({ path: 'input workers', message: workers.message });
    return DEFAULT_WORKERS;
  }
  if (mode !== 'run' && workers.value !== DEFAULT_WORKERS)
    refuseOutsideRun(issues, mode, 'workers');
  return workers.value;
}

/**
 * Inputs `wait-for` … `wait-for-body` (read as the CLI's `--wait-for` flags) and the
 * `deployment-environment` of `target: auto`. Waiting and `auto` belong to a measuring step
 * (mode run); `deployment-environment` needs `target: auto`. Issues appended.
 */
function readPreviewInputs(
  get: (name: string) => string | undefined,
  mode: ActionMode,
  issues: InputIssue[],
): Pick<ActionConfig, 'waitFor' | 'deploymentEnvironment'> {
  const waitFor = readWaitFor(
    {
      path: get('wait-for'),
      status: get('wait-for-status'),
      timeout: get('wait-timeout'),
      body: get('wait-for-body'),
      headers: splitHeaderLines(get('wait-for-headers')),
    },
    ACTION_WAIT_FOR_LABELS,
  );
  if (!waitFor.ok) issues.push(...waitFor.issues);
  const auto = get('target')?.toLowerCase() === AUTO_TARGET;
  if (mode !== 'run' && get('wait-for') !== undefined) refuseOutsideRun(issues, mode, 'wait-for');
  if (mode !== 'run' && auto) refuseOutsideRun(issues, mode, 'target');
  const deploymentEnvironment = get('deployment-environment');
  if (deploymentEnvironment !== undefined && !auto) {
    issues.push({
      path: 'input deployment-environment',
      message:
        'applies to target: auto (the URL of a deployment_status event); set target: auto, or leave it out',
    });
  }
  return {
    ...(waitFor.ok && waitFor.value ? { waitFor: waitFor.value } : {}),
    ...(deploymentEnvironment === undefined ? {} : { deploymentEnvironment }),
  };
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
  const mode = oneOf('mode', ACTION_MODES, 'run');
  const failOn = oneOf('fail-on', ['fail', 'warn', 'never'] as const, 'fail');
  const flag = (name: string, fallback: boolean): boolean => {
    const text = get(name);
    if (text === undefined) return fallback;
    const value = BOOLEANS.get(text.toLowerCase());
    if (value === undefined)
      issues.push({ path: `input ${name}`, message: `expected true or false, got "${text}"` });
    return value ?? fallback;
  };
  const series = readSeriesInputs(get, issues);
  const comment = flag('comment', true);
  const commentKey = get('comment-key');
  if (commentKey !== undefined && !COMMENT_KEY_FORM.test(commentKey)) {
    issues.push({
      path: 'input comment-key',
      message: `expected letters, digits, ".", "_" or "-" (up to 64), like perf, got ${describeValue(commentKey)}`,
    });
  }
  const uploadResults = flag('upload-results', false);
  const accept = readAcceptInputs(get, issues);
  const history = flag('history', true);
  const regressionIssue = flag('regression-issue', true);
  const closeAfterText = get('close-after') ?? '2';
  const closeAfter = /^\d+$/.test(closeAfterText) ? Number(closeAfterText) : Number.NaN;
  if (!(closeAfter >= 1 && closeAfter <= 50)) {
    issues.push({
      path: 'input close-after',
      message: `expected a whole number of passing runs from 1 to 50, got "${closeAfterText}"`,
    });
  }
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
  if (mode === 'merge' && !profilePath && !target) {
    issues.push({
      path: 'input profile',
      message:
        'give the profile the shard jobs ran (its thresholds judge the merged run), or their input target, rate and duration',
    });
  }
  const artifactName = get('artifact-name') ?? `loadgate-${slugify(profilePath ?? 'quick')}`;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(artifactName)) {
    issues.push({
      path: 'input artifact-name',
      message: `expected letters, digits, ".", "_" or "-" (up to 200), got "${artifactName}"`,
    });
  }
  const shard = readShardInputs(get, mode, issues);
  const workers = readWorkersInput(get, mode, issues);
  const preview = readPreviewInputs(get, mode, issues);
  const baselineTarget = get('baseline-target');
  if (mode !== 'run' && baselineTarget !== undefined) {
    issues.push({
      path: 'input baseline-target',
      message: `mode ${mode} measures nothing: baseline-target belongs to a measuring step (mode run)`,
    });
  }
  if (series.baseline === 'latest-release' && get('baseline-path') !== undefined) {
    issues.push({
      path: 'input baseline',
      message:
        'latest-release looks the baseline up, but input baseline-path gives one: set only one of them',
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const optional = (name: string) => get(name);
  const categories = splitNameList(get('category') ?? '');
  const scenarios = splitNameList(get('scenario') ?? '');
  return {
    ok: true,
    config: {
      mode,
      ...(profilePath ? { profilePath } : {}),
      ...(target ? { target } : {}),
      ...(optional('rate') ? { rate: optional('rate') } : {}),
      ...(optional('duration') ? { duration: optional('duration') } : {}),
      ...shard,
      workers,
      ...preview,
      ...(optional('environment') ? { environment: optional('environment') } : {}),
      ...(optional('client') ? { client: optional('client') } : {}),
      ...(categories.length + scenarios.length > 0 ? { selection: { categories, scenarios } } : {}),
      ...(optional('baseline-branch') ? { baselineBranch: optional('baseline-branch') } : {}),
      ...(optional('baseline-path') ? { baselinePath: optional('baseline-path') } : {}),
      ...(baselineTarget !== undefined ? { baselineTarget } : {}),
      artifactName,
      comment,
      ...(commentKey !== undefined ? { commentKey } : {}),
      failOn,
      retentionDays,
      uploadResults,
      history,
      regressionIssue,
      closeAfter,
      ...accept,
      ...series,
      givenInputs: Object.fromEntries(
        Object.keys(raw).flatMap((name) => {
          const value = get(name);
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    },
  };
}

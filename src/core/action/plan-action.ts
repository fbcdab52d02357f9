/** What the action does besides measuring, decided from its inputs and the event that ran it. */
import type { Level } from '../rules/types.js';
import type { ActionConfig } from './parse-action-inputs.js';
import type { EventContext } from './read-event-context.js';
import { shardArtifactName } from './shard-artifacts.js';

const BASELINE_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

/** What this run does besides measuring. */
export interface ActionPlan {
  /** The baseline branch's own run: its results become the artifact later PRs compare with. */
  saveBaseline: boolean;
  /** A pull request: look up the base branch's baseline (unless a baseline file was given). */
  findBaseline: boolean;
  baselineBranch?: string;
  comment: boolean;
  /** Runs on the baseline branch keep the history (input `history`): trend, rolling baseline,
   * regression issue. */
  keepHistory: boolean;
  /** The release whose baseline this run becomes: a published (not pre-) release event, or
   * input `layer: release` on a tag. */
  releaseTag?: string;
  /** A shard (input `shard`): its results go to this artifact for the merge job, which alone
   * judges, comments and saves; a shard's share of the load is no verdict on the profile. */
  shardArtifact?: string;
}

export function planAction(config: ActionConfig, context: EventContext | undefined): ActionPlan {
  if (config.shard) {
    return {
      saveBaseline: false,
      findBaseline: false,
      comment: false,
      keepHistory: false,
      shardArtifact: shardArtifactName(config.artifactName, config.shard.index),
    };
  }
  const isPullRequest = context?.pullRequest !== undefined;
  // Schedules always run on the default branch, and older schedule payloads name no
  // repository (github/codeql-action#1211): the ref is the default branch then.
  const scheduledBranch =
    context?.eventName === 'schedule' ? /^refs\/heads\/(.+)$/.exec(context.ref)?.[1] : undefined;
  const baselineBranch =
    config.baselineBranch ??
    (isPullRequest ? context?.pullRequest?.baseRef : (context?.defaultBranch ?? scheduledBranch));
  const onBaselineBranch =
    !isPullRequest &&
    context !== undefined &&
    BASELINE_EVENTS.has(context.eventName) &&
    baselineBranch !== undefined &&
    context.ref === `refs/heads/${baselineBranch}`;
  const releaseTag = findReleaseTag(config, context);
  return {
    saveBaseline: onBaselineBranch,
    findBaseline: isPullRequest && config.baselinePath === undefined,
    ...(baselineBranch ? { baselineBranch } : {}),
    comment: isPullRequest && config.comment,
    keepHistory: onBaselineBranch && config.history,
    ...(releaseTag ? { releaseTag } : {}),
  };
}

/**
 * A release whose results later release candidates compare with: only a published, final one
 * (a prerelease or draft is what gets gated, not what sets the bar), or a run on a tag that
 * says `layer: release`.
 */
function findReleaseTag(
  config: ActionConfig,
  context: EventContext | undefined,
): string | undefined {
  const release = context?.release;
  if (context?.eventName === 'release' && release && !release.prerelease && !release.draft)
    return release.tag;
  const tag = /^refs\/tags\/(.+)$/.exec(context?.ref ?? '')?.[1];
  return config.layer === 'release' && tag ? tag : undefined;
}

/** Whether the verdict fails the step under the `fail-on` policy. */
export function failsStep(level: Level, failOn: ActionConfig['failOn']): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return level !== 'pass';
  return level === 'fail';
}

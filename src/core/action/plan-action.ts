/** What the action does besides measuring, decided from its inputs and the event that ran it. */
import type { Level } from '../rules/types.js';
import type { ActionConfig } from './parse-action-inputs.js';
import type { EventContext } from './read-event-context.js';

const BASELINE_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

/** What this run does besides measuring. */
export interface ActionPlan {
  /** The baseline branch's own run: its results become the artifact later PRs compare with. */
  saveBaseline: boolean;
  /** A pull request: look up the base branch's baseline (unless a baseline file was given). */
  findBaseline: boolean;
  baselineBranch?: string;
  comment: boolean;
}

export function planAction(config: ActionConfig, context: EventContext | undefined): ActionPlan {
  const isPullRequest = context?.pullRequest !== undefined;
  const baselineBranch =
    config.baselineBranch ??
    (isPullRequest ? context?.pullRequest?.baseRef : context?.defaultBranch);
  const onBaselineBranch =
    !isPullRequest &&
    context !== undefined &&
    BASELINE_EVENTS.has(context.eventName) &&
    baselineBranch !== undefined &&
    context.ref === `refs/heads/${baselineBranch}`;
  return {
    saveBaseline: onBaselineBranch,
    findBaseline: isPullRequest && config.baselinePath === undefined,
    ...(baselineBranch ? { baselineBranch } : {}),
    comment: isPullRequest && config.comment,
  };
}

/** Whether the verdict fails the step under the `fail-on` policy. */
export function failsStep(level: Level, failOn: ActionConfig['failOn']): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warn') return level !== 'pass';
  return level === 'fail';
}

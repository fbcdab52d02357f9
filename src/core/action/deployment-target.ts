/**
 * `target: auto`: the URL to load-test comes from the `deployment_status` event that started
 * the run (a preview host reporting "deployed"), and the comment goes to the pull request of
 * the deployed commit.
 */
import type { InputIssue } from '../input/format-issues.js';
import { quoteForTerminal } from '../input/terminal-text.js';
import type { EventContext } from './read-event-context.js';

/** The value of input `target` that asks for the deployment's URL. */
export const AUTO_TARGET = 'auto';

export type DeploymentTarget =
  /** Measure `url` (the deployed commit is `sha`, of environment `environment`). */
  | { kind: 'measure'; url: string; sha: string; environment: string }
  /** Not this event's business: the step ends with this notice and passes. */
  | { kind: 'skip'; notice: string }
  /** The run cannot use `target: auto` (wrong event, no URL): the step fails. */
  | { kind: 'refused'; issue: InputIssue };

/**
 * Where `target: auto` points for this event. Only a `deployment_status` event can say: on
 * `success`, its `environment_url` (else `target_url`, which some hosts set instead). Any other
 * state (pending, in_progress, failure …: the same workflow runs for each) and another
 * environment than `wantedEnvironment` (when given; compared ignoring case, as GitHub names
 * environments) are skipped, not failed: they are not deployments to test.
 */
export function resolveDeploymentTarget(
  context: EventContext | undefined,
  wantedEnvironment: string | undefined,
): DeploymentTarget {
  const deployment = context?.deployment;
  if (context?.eventName !== 'deployment_status' || deployment === undefined) {
    const event = context?.eventName ? `a ${context.eventName} event` : 'no GitHub event';
    return {
      kind: 'refused',
      issue: {
        path: 'input target',
        message: `auto takes the URL from a deployment_status event, and this run has ${event}: run the workflow on deployment_status, or give the URL (like target: https://preview.example.com)`,
      },
    };
  }
  const environment = deployment.environment;
  const named = environment === '' ? 'an unnamed environment' : quoteForTerminal(environment);
  if (
    wantedEnvironment !== undefined &&
    environment.toLowerCase() !== wantedEnvironment.toLowerCase()
  ) {
    return {
      kind: 'skip',
      notice: `loadgate skipped: the deployment is to ${named}, not ${quoteForTerminal(wantedEnvironment)} (input deployment-environment)`,
    };
  }
  if (deployment.state !== 'success') {
    return {
      kind: 'skip',
      notice: `loadgate skipped: the deployment to ${named} is ${quoteForTerminal(deployment.state)}; the load test runs when it reports success`,
    };
  }
  const url = deployment.environmentUrl ?? deployment.targetUrl;
  if (url === undefined) {
    return {
      kind: 'refused',
      issue: {
        path: 'input target',
        message: `auto: the successful deployment to ${named} gives no environment_url or target_url to test; give the URL as input target instead`,
      },
    };
  }
  return { kind: 'measure', url, sha: deployment.sha, environment };
}

/** A pull request the API lists for a commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`). */
export interface CommitPullRequest {
  number: number;
  state: string;
  headSha: string;
  baseRef: string;
}

/**
 * The pull request a deployed commit belongs to: an open one whose head is that commit, else
 * the first open one that contains it (the API lists newest first); undefined when none is open
 * (a merged or closed pull request gets no comment on a later deployment).
 */
export function choosePullRequest(
  pulls: readonly CommitPullRequest[],
  sha: string,
): CommitPullRequest | undefined {
  const open = pulls.filter((pull) => pull.state === 'open');
  return open.find((pull) => pull.headSha === sha) ?? open[0];
}

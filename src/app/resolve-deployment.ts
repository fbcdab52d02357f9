import {
  AUTO_TARGET,
  type CommitPullRequest,
  choosePullRequest,
  resolveDeploymentTarget,
} from '../core/action/deployment-target.js';
import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import type { EventContext } from '../core/action/read-event-context.js';
import type { InputIssue } from '../core/input/format-issues.js';
import { messageOf } from '../core/input/format-issues.js';
import { maskUrlText } from '../core/profile/url-secrets.js';
import type { Output } from '../ports.js';

export type AutoTargetResolution =
  /** Measure with this config (its `target` the deployment's URL) and context (its
   * `pullRequest` the deployed commit's, when one is open). */
  | { kind: 'measure'; config: ActionConfig; context: EventContext | undefined }
  /** Not a deployment to test: the step passes with this notice. */
  | { kind: 'skip'; notice: string }
  | { kind: 'bad-input'; issues: InputIssue[] };

/**
 * `target: auto` on a `deployment_status` event: the deployment's URL becomes the target, and
 * the pull request of the deployed commit (found through the API: the event names none) the one
 * the comment and the baseline lookup are for. A config without `auto` is returned as it is. A
 * failed pull-request lookup is a warning: the run still measures and reports in the summary.
 */
export async function resolveAutoTarget(
  config: ActionConfig,
  context: EventContext | undefined,
  deps: {
    output: Output;
    /** `GET /repos/{o}/{r}/commits/{sha}/pulls`; absent without a token. */
    listPullRequestsOfCommit?: (sha: string) => Promise<CommitPullRequest[]>;
  },
): Promise<AutoTargetResolution> {
  if (config.target?.toLowerCase() !== AUTO_TARGET) return { kind: 'measure', config, context };
  const resolved = resolveDeploymentTarget(context, config.deploymentEnvironment);
  if (resolved.kind === 'skip') return resolved;
  if (resolved.kind === 'refused') return { kind: 'bad-input', issues: [resolved.issue] };
  const { output } = deps;
  const short = resolved.sha.slice(0, 7);
  let pull: CommitPullRequest | undefined;
  if (deps.listPullRequestsOfCommit) {
    try {
      pull = choosePullRequest(await deps.listPullRequestsOfCommit(resolved.sha), resolved.sha);
      if (pull === undefined)
        output.info(
          `no open pull request has commit ${short}: no comment; the job summary has the report`,
        );
    } catch (error) {
      output.warn(
        `could not find the pull request of commit ${short} (${messageOf(error)}): no comment; the job summary has the report`,
      );
    }
  }
  const where = resolved.environment === '' ? '' : ` (${resolved.environment})`;
  const forPull = pull ? ` for pull request #${pull.number}` : '';
  output.info(
    `target: auto: testing the deployment of ${short}${where} at ${maskUrlText(resolved.url)}${forPull}`,
  );
  return {
    kind: 'measure',
    config: { ...config, target: resolved.url },
    context:
      context && pull
        ? {
            ...context,
            pullRequest: { number: pull.number, headSha: resolved.sha, baseRef: pull.baseRef },
          }
        : context,
  };
}

import { tmpdir } from 'node:os';
import * as core from '@actions/core';
import type { Octokit } from '@octokit/rest';
import { isLabelEvent, runLabelEvent } from './app/accept-label.js';
import { resolveAutoTarget } from './app/resolve-deployment.js';
import { runAction } from './app/run-action.js';
import { runMergeJob } from './app/run-merge-job.js';
import { type ActionOutcome, runReport } from './app/run-report.js';
import { runShardJob } from './app/run-shard-job.js';
import { OUTPUT_INPUTS } from './app/sinks/registry.js';
import {
  ACTION_OWN_INPUTS,
  type FailOn,
  parseActionInputs,
} from './core/action/parse-action-inputs.js';
import { failsStep } from './core/action/plan-action.js';
import { readEventContext } from './core/action/read-event-context.js';
import { formatIssues, messageOf } from './core/input/format-issues.js';
import { neutralizeLogText } from './core/input/terminal-text.js';
import type { CommentGateway } from './ports.js';
import { ActionsIO, readActionInputs, readEventPayload } from './shell/actions-io.js';
import { ActionsOutput } from './shell/actions-output.js';
import { chooseLoadEngine } from './shell/engine/choose-engine.js';
import { CommentError, describeCommentError } from './shell/github/comment-error.js';
import { GitHubCommentGateway } from './shell/github/comment-gateway.js';
import { GitHubCommitStatus } from './shell/github/commit-status.js';
import { createOctokit } from './shell/github/create-octokit.js';
import { GitHubIssueGateway } from './shell/github/issue-gateway.js';
import { GitHubAcceptanceGateway } from './shell/github/label-events.js';
import { listPullRequestsOfCommit, readPullRequest } from './shell/github/pull-request-api.js';
import { GitHubReleaseLookup } from './shell/github/release-lookup.js';
import { NodeFileStore } from './shell/node-file-store.js';
import { PushgatewayClient, readPushgatewayAuth } from './shell/prometheus/pushgateway-client.js';
import { UndiciReadinessProbe } from './shell/readiness-probe.js';
import { readRunEnvironment } from './shell/run-environment.js';
import { ArtifactBaselineStore } from './shell/store/artifact-baseline-store.js';
import { GitHubArtifactStore } from './shell/store/artifact-store.js';
import { GitHubHeadResultsLookup } from './shell/store/find-head-results.js';
import { ActionsThisRunArtifacts } from './shell/store/this-run-artifacts.js';
import { systemClock } from './shell/system-clock.js';

/** Every input action.yml declares: the action's own, then those the outputs declare. */
export const ACTION_INPUTS: readonly string[] = [
  ...ACTION_OWN_INPUTS,
  ...OUTPUT_INPUTS.map((input) => input.name),
];

/**
 * Why the step fails, if it does: a run that could not be judged always fails it; a judged one
 * when `fail-on` says so for its verdict. Shown by setFailed (neutralized) as it is.
 */
export function describeStepFailure(outcome: ActionOutcome, failOn: FailOn): string | undefined {
  switch (outcome.kind) {
    case 'bad-input':
      return 'loadgate: bad input (see the errors above)';
    case 'target-unusable':
      // The why (refused, setup answered 401, data ran out) on the line a failed check shows.
      return `loadgate: the target could not be load-tested: ${outcome.message.split('\n')[0]}`;
    case 'interrupted':
      return 'loadgate: the run was interrupted';
    case 'cannot-report':
      return `loadgate: ${outcome.message}`;
    case 'shard-measured':
      // Measured and uploaded; its verdict is the merge job's.
      return outcome.status === 'interrupted' ? 'loadgate: the run was interrupted' : undefined;
    case 'judged': {
      const { level, reasons, acceptance } = outcome.run.verdict;
      // Rows the accept label accepted warn, but never fail the step, even with fail-on: warn.
      if (!failsStep(acceptance?.gateLevel ?? level, failOn)) return undefined;
      return `loadgate: the gate failed (${level}): ${reasons[0] ?? 'see the job summary'}`;
    }
  }
}

/**
 * The action: builds the real adapters (the only place that does), then runs the same pipeline
 * as `loadgate run` plus the GitHub side (baseline artifact, sticky comment). Never throws:
 * every failure ends in setFailed with a message, never a stack trace for bad input.
 */
export async function run(): Promise<void> {
  try {
    const raw = readActionInputs(ACTION_INPUTS);
    const token = raw['github-token']?.trim() ?? '';
    if (token) core.setSecret(token);
    const parsed = parseActionInputs(raw);
    if (!parsed.ok) {
      core.setFailed(formatIssues(parsed.issues, 'inputs'));
      return;
    }
    const env = process.env;
    const clock = systemClock;
    const output = new ActionsOutput(clock.nowMs);
    const eventContext = readEventContext(env, await readEventPayload(env.GITHUB_EVENT_PATH));
    const tempDir = env.RUNNER_TEMP || tmpdir();
    const octokit =
      token && eventContext
        ? createOctokit({
            token,
            ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
            log: output,
          })
        : undefined;
    const repo = eventContext ? { owner: eventContext.owner, repo: eventContext.repo } : undefined;
    // `target: auto`: the deployment_status event's URL, and the deployed commit's pull request.
    const resolved = await resolveAutoTarget(parsed.config, eventContext, {
      output,
      ...(octokit && repo
        ? {
            listPullRequestsOfCommit: (sha: string) => listPullRequestsOfCommit(octokit, repo, sha),
          }
        : {}),
    });
    if (resolved.kind === 'skip') {
      core.notice(neutralizeLogText(resolved.notice));
      return;
    }
    if (resolved.kind === 'bad-input') {
      core.setFailed(formatIssues(resolved.issues, 'inputs'));
      return;
    }
    const context = resolved.context;
    // What every mode shares; the GitHub side only when there is a token and a repository.
    const shared = {
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(env),
      io: new ActionsIO(),
      tempDir,
      nowMs: clock.epochMs,
      ...(context ? { context } : {}),
      ...(octokit && repo
        ? {
            baselines: new ArtifactBaselineStore({ octokit, token, tempDir }),
            artifacts: new GitHubArtifactStore({
              octokit,
              token,
              tempDir,
              serverUrl: context?.serverUrl ?? 'https://github.com',
              ...(Number(env.GITHUB_RETENTION_DAYS) > 0
                ? { repositoryRetentionDays: Number(env.GITHUB_RETENTION_DAYS) }
                : {}),
            }),
            releases: new GitHubReleaseLookup(octokit),
            issues: new GitHubIssueGateway(octokit),
            comments: explainFailures(new GitHubCommentGateway(octokit)),
            readPullRequest: (n: number) => readPullRequest(octokit, repo, n),
            ...createAcceptancePorts(octokit),
          }
        : {}),
      // The job's own run's artifacts (shards and their merge) need only the runtime token.
      ...(env.ACTIONS_RUNTIME_TOKEN
        ? { runArtifacts: new ActionsThisRunArtifacts({ tempDir }) }
        : {}),
    };
    const config = resolved.config;
    const measuring = () => {
      const chosen = chooseLoadEngine(config.workers, clock, 'input workers');
      if (chosen.note !== undefined) output.info(chosen.note);
      return {
        ...shared,
        engine: chosen.engine,
        pusher: createPusher(env, output),
        readiness: new UndiciReadinessProbe(clock),
      };
    };
    const outcome =
      config.mode === 'report'
        ? await runReport(config, {
            ...shared,
            ...(octokit ? { statuses: new GitHubCommitStatus(octokit) } : {}),
          })
        : config.mode === 'merge'
          ? await runMergeJob(config, shared)
          : config.shard
            ? await runShardJob({ ...config, shard: config.shard }, measuring())
            : isLabelEvent(config, context)
              ? await runLabelEvent(config, shared)
              : await runAction(config, measuring());
    const failure = describeStepFailure(outcome, parsed.config.failOn);
    if (failure) core.setFailed(neutralizeLogText(failure));
  } catch (error) {
    core.setFailed(neutralizeLogText(`loadgate: internal error: ${messageOf(error)}`));
  }
}

/**
 * What the accept label reads: label events, permissions and our own comments (their author
 * resolved as the comment gateway resolves it), and the results kept for a head commit.
 */
function createAcceptancePorts(octokit: Octokit) {
  const comments = new GitHubCommentGateway(octokit);
  return {
    labels: new GitHubAcceptanceGateway(octokit, { resolveAuthor: () => comments.resolveAuthor() }),
    headResults: new GitHubHeadResultsLookup({ octokit }),
  };
}

/** The Pushgateway client, its credentials (from the environment) masked in the log first. */
function createPusher(env: NodeJS.ProcessEnv, output: ActionsOutput): PushgatewayClient {
  const auth = readPushgatewayAuth(env);
  output.mask(auth.secrets);
  return new PushgatewayClient({ auth });
}

/** Comment failures carry the why (fork tokens, permissions) into the warning users read. */
function explainFailures(gateway: CommentGateway): CommentGateway {
  const explain = (error: unknown) => {
    throw error instanceof CommentError
      ? new Error(describeCommentError(error), { cause: error })
      : error;
  };
  return {
    upsert: (...args) => gateway.upsert(...args).catch(explain),
    upsertSection: (...args) => gateway.upsertSection(...args).catch(explain),
  };
}

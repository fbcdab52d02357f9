import { tmpdir } from 'node:os';
import * as core from '@actions/core';
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
import { UndiciEngine } from './shell/engine/undici-engine.js';
import { CommentError, describeCommentError } from './shell/github/comment-error.js';
import { GitHubCommentGateway } from './shell/github/comment-gateway.js';
import { GitHubCommitStatus } from './shell/github/commit-status.js';
import { createOctokit } from './shell/github/create-octokit.js';
import { GitHubIssueGateway } from './shell/github/issue-gateway.js';
import { readPullRequest } from './shell/github/pull-request-api.js';
import { GitHubReleaseLookup } from './shell/github/release-lookup.js';
import { NodeFileStore } from './shell/node-file-store.js';
import { PushgatewayClient, readPushgatewayAuth } from './shell/prometheus/pushgateway-client.js';
import { readRunEnvironment } from './shell/run-environment.js';
import { ArtifactBaselineStore } from './shell/store/artifact-baseline-store.js';
import { GitHubArtifactStore } from './shell/store/artifact-store.js';
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
      const { level, reasons } = outcome.run.verdict;
      if (!failsStep(level, failOn)) return undefined;
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
    const context = readEventContext(env, await readEventPayload(env.GITHUB_EVENT_PATH));
    const tempDir = env.RUNNER_TEMP || tmpdir();
    const octokit =
      token && context
        ? createOctokit({
            token,
            ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
            log: output,
          })
        : undefined;
    const repo = context ? { owner: context.owner, repo: context.repo } : undefined;
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
          }
        : {}),
      // The job's own run's artifacts (shards and their merge) need only the runtime token.
      ...(env.ACTIONS_RUNTIME_TOKEN
        ? { runArtifacts: new ActionsThisRunArtifacts({ tempDir }) }
        : {}),
    };
    const config = parsed.config;
    const measuring = () => ({
      ...shared,
      engine: new UndiciEngine(clock),
      pusher: createPusher(env, output),
    });
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
            : await runAction(config, measuring());
    const failure = describeStepFailure(outcome, parsed.config.failOn);
    if (failure) core.setFailed(neutralizeLogText(failure));
  } catch (error) {
    core.setFailed(neutralizeLogText(`loadgate: internal error: ${messageOf(error)}`));
  }
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

import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import type { EventContext } from '../core/action/read-event-context.js';
import { formatIssuesInline } from '../core/input/format-issues.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import { defaultRules } from '../core/rules/default-rules.js';
import type { CommitStatusGateway, FileStore, Output } from '../ports.js';
import type { AcceptanceRequest } from './accept-label.js';
import { judgeResults, type RunOutcome } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { type ResolvedBaseline, resolveBaseline } from './resolve-baseline.js';
import type { ActionDeps } from './run-action.js';
import { pullRequestArtifactName } from './sinks/github-sinks.js';
import { SINKS } from './sinks/registry.js';
import { actionSettings, deliverJudged, type FinishedRun } from './sinks/sink.js';

/** The action's dependencies without the engine (nothing is measured here), plus statuses. */
export type ReportDeps = Omit<ActionDeps, 'engine'> & { statuses?: CommitStatusGateway };

/** What the action's two modes return: report mode can also find nothing to report on. */
export type ActionOutcome = RunOutcome | { kind: 'cannot-report'; message: string };

export function cannotReport(message: string): ActionOutcome {
  return { kind: 'cannot-report', message };
}

/**
 * Judges results read back from an artifact (nothing is measured here: report mode, label
 * events) with this checkout's profile rules, or the default rules without a profile. A
 * profile that does not parse cannot report.
 */
export async function judgeReadResults(
  request: {
    current: ResultsFileV1;
    baseline: ResolvedBaseline;
    notes: string[];
    /** Called once the profile's rules are known good (it asks the API: not for bad input). */
    prepareAcceptance?: () => Promise<AcceptanceRequest | undefined>;
  },
  config: ActionConfig,
  files: FileStore,
  output: Output,
): Promise<FinishedRun | { kind: 'cannot-report'; message: string }> {
  const { current, baseline, notes } = request;
  const loaded = config.profilePath ? await loadProfileRules(config.profilePath, files) : undefined;
  if (loaded && !loaded.ok) {
    return {
      kind: 'cannot-report',
      message: `the profile is invalid: ${formatIssuesInline(loaded.issues)}`,
    };
  }
  const acceptance = await request.prepareAcceptance?.();
  return judgeResults(
    {
      current,
      ...(baseline.result ? { baseline: baseline.result } : {}),
      rules: loaded?.ok ? loaded.rules : defaultRules(current.scenarios.map((s) => s.name)),
      origin: 'read',
      marker: config.artifactName,
      ...(baseline.info ? { baselineInfo: baseline.info } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      ...(acceptance ? { acceptance } : {}),
    },
    output,
  );
}

/**
 * `mode: report`, the trusted half of the fork pattern, run by `workflow_run`. It reads the
 * results the pull request's own (untrusted) run uploaded, takes the pull request number from
 * them but trusts it only after the API confirms that pull request's head is the measured commit,
 * then judges with this checkout's profile, comments, and sets a commit status on the head,
 * since a status is what can gate a fork's pull request.
 */
export async function runReport(config: ActionConfig, deps: ReportDeps): Promise<ActionOutcome> {
  const { context, output } = deps;
  const run = context?.workflowRun;
  if (!context || !run || !deps.baselines || !deps.readPullRequest) {
    return cannotReport(
      'mode report runs in a workflow_run workflow with a token (see the README\u2019s fork pattern)',
    );
  }
  const repo = { owner: context.owner, repo: context.repo };
  const name = pullRequestArtifactName(config.artifactName);
  const ref = await deps.baselines.findInRun(repo, run.id, name);
  if (!ref)
    return cannotReport(
      `run ${run.id} uploaded no artifact ${name} (give its loadgate step upload-results: true)`,
    );
  const read = readResultsFile(
    await deps.baselines.download(repo, ref),
    `artifact ${name} of run ${run.id}`,
  );
  if (!read.ok) return cannotReport(formatIssuesInline(read.issues));
  const current = read.result;
  const prNumber = Number(current.environment.gitRef?.match(/^refs\/pull\/(\d+)\//)?.[1]);
  if (!Number.isInteger(prNumber) || prNumber <= 0) {
    return cannotReport(
      `the results of run ${run.id} do not come from a pull request (ref ${current.environment.gitRef ?? 'unknown'})`,
    );
  }
  const pr = await deps.readPullRequest(prNumber);
  if (pr.headSha !== run.headSha) {
    return cannotReport(
      `pull request #${prNumber} is at ${pr.headSha.slice(0, 7)}, but run ${run.id} measured ${run.headSha.slice(0, 7)}: not reporting on it`,
    );
  }
  const prContext: EventContext = {
    ...context,
    pullRequest: { number: prNumber, headSha: pr.headSha, baseRef: pr.baseRef },
    ...(run.workflowFile ? { workflowFile: run.workflowFile } : {}),
  };
  const baseline = await resolveBaseline(
    prContext,
    {
      branch: config.baselineBranch ?? pr.baseRef,
      artifactName: config.artifactName,
      tempDir: deps.tempDir,
    },
    // The pull request verified above, not a second read that could see a newer head.
    { store: deps.baselines, files: deps.files, output, readPullRequest: async () => pr },
  );
  const finished = await judgeReadResults(
    { current, baseline, notes: baseline.note ? [baseline.note] : [] },
    config,
    deps.files,
    output,
  );
  if ('kind' in finished) return finished;
  await deliverJudged(SINKS, finished, actionSettings(config.givenInputs), {
    files: deps.files,
    output,
    action: {
      config,
      io: deps.io,
      repo,
      baselines: deps.baselines,
      ...(deps.comments ? { comments: deps.comments } : {}),
      ...(deps.statuses ? { statuses: deps.statuses } : {}),
      ...(deps.runArtifacts ? { runArtifacts: deps.runArtifacts } : {}),
      ...(config.comment ? { commentOn: prNumber } : {}),
      ...(context.runId !== undefined
        ? { runStamp: { runId: context.runId, attempt: context.runAttempt ?? 1 } }
        : {}),
      statusOn: pr.headSha,
    },
  });
  return { kind: 'judged', run: finished };
}

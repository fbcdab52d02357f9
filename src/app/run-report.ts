import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { type EventContext, failsStep } from '../core/action/read-event-context.js';
import { defaultRules } from '../core/compare/default-rules.js';
import { formatIssuesInline } from '../core/profile/format-issues.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { CommitStatusGateway } from '../ports.js';
import { postStickyComment } from './github-side-effects.js';
import { judgeResults } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { resolveBaseline } from './resolve-baseline.js';
import type { ActionDeps } from './run-action.js';

/** The action's dependencies without the engine (nothing is measured here), plus statuses. */
export type ReportDeps = Omit<ActionDeps, 'engine'> & { statuses?: CommitStatusGateway };

/** The artifact a measuring run uploads for `mode: report` (input upload-results). */
export function pullRequestArtifactName(artifactName: string): string {
  return `${artifactName}-pr`;
}

/**
 * `mode: report`, the trusted half of the fork pattern, run by `workflow_run`. It reads the
 * results the pull request's own (untrusted) run uploaded, takes the pull request number from
 * them but trusts it only after the API confirms that pull request's head is the measured commit,
 * then judges with this checkout's profile, comments, and sets a commit status on the head,
 * since a status is what can gate a fork's pull request.
 * @returns the reason to fail the step, if any.
 */
export async function runReport(
  config: ActionConfig,
  deps: ReportDeps,
): Promise<{ failure?: string }> {
  const { context, output } = deps;
  const run = context?.workflowRun;
  if (!context || !run || !deps.baselines || !deps.readPullRequest) {
    return {
      failure:
        'loadgate: mode report runs in a workflow_run workflow with a token (see the README\u2019s fork pattern)',
    };
  }
  const repo = { owner: context.owner, repo: context.repo };
  const name = pullRequestArtifactName(config.artifactName);
  const ref = await deps.baselines.findInRun(repo, run.id, name);
  if (!ref)
    return {
      failure: `loadgate: run ${run.id} uploaded no artifact ${name} (give its loadgate step upload-results: true)`,
    };
  const read = readResultsFile(
    await deps.baselines.download(repo, ref),
    `artifact ${name} of run ${run.id}`,
  );
  if (!read.ok) return { failure: `loadgate: ${formatIssuesInline(read.issues)}` };
  const current = read.result;
  const prNumber = Number(current.environment.gitRef?.match(/^refs\/pull\/(\d+)\//)?.[1]);
  if (!Number.isInteger(prNumber) || prNumber <= 0) {
    return {
      failure: `loadgate: the results of run ${run.id} do not come from a pull request (ref ${current.environment.gitRef ?? 'unknown'})`,
    };
  }
  const pr = await deps.readPullRequest(prNumber);
  if (pr.headSha !== run.headSha) {
    return {
      failure: `loadgate: pull request #${prNumber} is at ${pr.headSha.slice(0, 7)}, but run ${run.id} measured ${run.headSha.slice(0, 7)}: not reporting on it`,
    };
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
      tempPath: `${deps.tempDir}/loadgate-baseline.json`,
    },
    // The pull request verified above, not a second read that could see a newer head.
    { store: deps.baselines, files: deps.files, output, readPullRequest: async () => pr },
  );
  const loaded = config.profilePath
    ? await loadProfileRules(config.profilePath, deps.files)
    : undefined;
  if (loaded && !loaded.ok)
    return {
      failure: `loadgate: the profile is invalid: ${formatIssuesInline(loaded.issues)}`,
    };
  const judged = await judgeResults(
    {
      current,
      ...(baseline.result ? { baseline: baseline.result } : {}),
      rules: loaded?.ok ? loaded.rules : defaultRules(current.scenarios.map((s) => s.name)),
      markdownPath: config.markdownPath,
      marker: config.artifactName,
      ...(baseline.info ? { baselineInfo: baseline.info } : {}),
      ...(baseline.note ? { notes: [baseline.note] } : {}),
    },
    deps.files,
    output,
  );
  deps.io.setOutput('verdict', judged.verdict.level);
  deps.io.setOutput('report-path', config.markdownPath);
  await deps.io.writeSummary(judged.markdown);
  const fails = failsStep(judged.verdict.level, config.failOn);
  await Promise.all([
    config.comment && deps.comments
      ? postStickyComment(
          deps.comments,
          {
            repo,
            issueNumber: prNumber,
            artifactName: config.artifactName,
            markdown: judged.markdown,
          },
          output,
        )
      : undefined,
    deps.statuses
      ?.setStatus(repo, pr.headSha, {
        state: fails ? 'failure' : 'success',
        context: `loadgate/${config.artifactName}`,
        description: `${judged.verdict.level}: ${judged.verdict.reasons[0] ?? ''}`,
      })
      .catch((e: unknown) =>
        output.warn(
          `could not set the commit status: ${e instanceof Error ? e.message : String(e)}`,
        ),
      ),
  ]);
  return fails
    ? {
        failure: `loadgate: the gate failed (${judged.verdict.level}): ${judged.verdict.reasons[0] ?? ''}`,
      }
    : {};
}

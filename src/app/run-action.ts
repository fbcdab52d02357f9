import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { type EventContext, failsStep, planAction } from '../core/action/read-event-context.js';
import type {
  ActionIO,
  BaselineStore,
  CommentGateway,
  FileStore,
  LoadEngine,
  Output,
  PullRequestInfo,
  RunEnvironment,
} from '../ports.js';
import { ExitCode } from './exit-codes.js';
import { postStickyComment, saveArtifact } from './github-side-effects.js';
import { type ResolvedBaseline, resolveBaseline } from './resolve-baseline.js';
import { runLoadTest } from './run-load-test.js';
import { pullRequestArtifactName } from './run-report.js';

export interface ActionDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  io: ActionIO;
  context?: EventContext;
  /** Absent when the run has no token or artifact runtime: lookups and saves are skipped. */
  baselines?: BaselineStore;
  comments?: CommentGateway;
  readPullRequest?: (number: number) => Promise<PullRequestInfo>;
  tempDir: string;
}

const WHY_NOT_RUN: Partial<Record<number, string>> = {
  [ExitCode.badInput]: 'bad input (see the errors above)',
  [ExitCode.targetUnusable]: 'the target could not be load-tested',
  [ExitCode.interrupted]: 'the run was interrupted',
};

/**
 * One step of the action: find the baseline (pull requests), run and judge, write outputs and
 * the job summary (always), save the baseline (base branch, and only a run whose gate did not
 * fail: the report says when it was not saved, and why), post the sticky comment (pull
 * requests). A failed comment or save is a warning: the verdict and the summary stand.
 * @returns the reason to fail the step, if any.
 */
export async function runAction(
  config: ActionConfig,
  deps: ActionDeps,
): Promise<{ failure?: string }> {
  const { output, context } = deps;
  const plan = planAction(config, context);
  const repo = context ? { owner: context.owner, repo: context.repo } : undefined;
  let baseline: ResolvedBaseline = {};
  if (config.baselinePath) baseline = { path: config.baselinePath };
  else if (
    plan.findBaseline &&
    context &&
    deps.baselines &&
    deps.readPullRequest &&
    plan.baselineBranch
  ) {
    baseline = await resolveBaseline(
      context,
      {
        branch: plan.baselineBranch,
        artifactName: config.artifactName,
        tempPath: `${deps.tempDir}/loadgate-baseline.json`,
      },
      { store: deps.baselines, files: deps.files, output, readPullRequest: deps.readPullRequest },
    );
  }
  if (baseline.note) output.info(baseline.note);
  const outcome = await runLoadTest(
    {
      ...(config.profilePath ? { profilePath: config.profilePath } : {}),
      overrides: { target: config.target, rate: config.rate, duration: config.duration },
      overrideLabels: { target: 'input target', rate: 'input rate', duration: 'input duration' },
      resultsPath: config.resultsPath,
      markdownPath: config.markdownPath,
      marker: config.artifactName,
      ...(baseline.path ? { baselinePath: baseline.path } : {}),
      ...(baseline.info ? { baselineInfo: baseline.info } : {}),
      ...(baseline.note ? { notes: [baseline.note] } : {}),
      ...(plan.saveBaseline && deps.baselines ? { baselineCandidate: true } : {}),
      pathLabels: {
        resultsPath: 'input results-path',
        markdownPath: 'input markdown-path',
        baselinePath: config.baselinePath ? 'input baseline-path' : 'the downloaded baseline',
      },
    },
    deps,
  );
  const { result, verdict, markdown } = outcome;
  if (result) {
    deps.io.setOutput('results-path', outcome.resultsPath ?? '');
    deps.io.setOutput('report-path', config.markdownPath);
    deps.io.setOutput('p50-ms', String(result.latencyMs.p50));
    deps.io.setOutput('p95-ms', String(result.latencyMs.p95));
    deps.io.setOutput('p99-ms', String(result.latencyMs.p99));
    deps.io.setOutput('rps', String(result.throughput.rps));
    deps.io.setOutput('error-rate', String(result.errorRate));
  }
  if (verdict) deps.io.setOutput('verdict', verdict.level);
  if (markdown) await deps.io.writeSummary(markdown);
  const { baselineSave } = outcome;
  if (baselineSave?.save === false) {
    output.warn(`not saving this run as the baseline: ${baselineSave.reason}`);
  }
  // Only a baseline candidate (saveBaseline, with a store) gets a `baselineSave`.
  if (baselineSave?.save && deps.baselines && outcome.resultsPath) {
    const name = config.artifactName;
    await saveArtifact(
      deps.baselines,
      { path: outcome.resultsPath, name, retentionDays: config.retentionDays },
      {
        saved: `saved the baseline as artifact ${name}`,
        failed: `could not save the baseline artifact ${name}`,
      },
      output,
    );
  }
  if (config.uploadResults && deps.baselines && outcome.resultsPath) {
    const name = pullRequestArtifactName(config.artifactName);
    await saveArtifact(
      deps.baselines,
      { path: outcome.resultsPath, name, retentionDays: config.retentionDays },
      {
        saved: `uploaded the results as artifact ${name} for a mode: report workflow`,
        failed: `could not upload the results artifact ${name}`,
      },
      output,
    );
  }
  if (plan.comment && deps.comments && repo && context?.pullRequest && markdown) {
    const target = {
      repo,
      issueNumber: context.pullRequest.number,
      artifactName: config.artifactName,
      markdown,
    };
    await postStickyComment(deps.comments, target, output);
  }
  const notRun = WHY_NOT_RUN[outcome.exitCode];
  if (notRun) return { failure: `loadgate: ${notRun}` };
  if (verdict && failsStep(verdict.level, config.failOn)) {
    return {
      failure: `loadgate: the gate failed (${verdict.level}): ${verdict.reasons[0] ?? 'see the job summary'}`,
    };
  }
  return {};
}

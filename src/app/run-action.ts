import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { planAction } from '../core/action/plan-action.js';
import type { EventContext } from '../core/action/read-event-context.js';
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
import type { RunOutcome } from './judge-results.js';
import { type ResolvedBaseline, resolveBaseline } from './resolve-baseline.js';
import { runLoadTest } from './run-load-test.js';
import { actionSettings } from './sinks/sink.js';

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

/**
 * One step of the action: find the baseline (pull requests), then run and judge with every
 * output of the registry: step outputs and the job summary (always), the baseline artifact
 * (base branch, and only a run whose gate did not fail: the report says when it was not saved,
 * and why), the sticky comment (pull requests). A failed comment or save is a warning: the
 * verdict and the summary stand. main.ts decides from the outcome whether the step fails.
 */
export async function runAction(config: ActionConfig, deps: ActionDeps): Promise<RunOutcome> {
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
      { branch: plan.baselineBranch, artifactName: config.artifactName, tempDir: deps.tempDir },
      { store: deps.baselines, files: deps.files, output, readPullRequest: deps.readPullRequest },
    );
  }
  if (baseline.note) output.info(baseline.note);
  const commentOn = plan.comment ? context?.pullRequest?.number : undefined;
  return runLoadTest(
    {
      ...(config.profilePath ? { profilePath: config.profilePath } : {}),
      overrides: { target: config.target, rate: config.rate, duration: config.duration },
      overrideLabels: { target: 'input target', rate: 'input rate', duration: 'input duration' },
      outputs: actionSettings(config.givenInputs),
      marker: config.artifactName,
      ...(baseline.path ? { baselinePath: baseline.path } : {}),
      ...(baseline.result ? { baselineResult: baseline.result } : {}),
      baselineLabel: config.baselinePath ? 'input baseline-path' : 'the downloaded baseline',
      ...(baseline.info ? { baselineInfo: baseline.info } : {}),
      ...(baseline.note ? { notes: [baseline.note] } : {}),
      ...(plan.saveBaseline && deps.baselines ? { baselineCandidate: true } : {}),
    },
    {
      engine: deps.engine,
      files: deps.files,
      output,
      environment: deps.environment,
      action: {
        config,
        io: deps.io,
        ...(repo ? { repo } : {}),
        ...(deps.baselines ? { baselines: deps.baselines } : {}),
        ...(deps.comments ? { comments: deps.comments } : {}),
        ...(commentOn !== undefined ? { commentOn } : {}),
      },
    },
  );
}

import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { type ActionPlan, planAction } from '../core/action/plan-action.js';
import type { EventContext } from '../core/action/read-event-context.js';
import { resolveConfirm } from '../core/action/run-labels.js';
import type {
  AcceptanceGateway,
  ActionIO,
  ArtifactStore,
  BaselineStore,
  CommentGateway,
  FileStore,
  HeadResultsLookup,
  IssueGateway,
  LoadEngine,
  MetricsPusher,
  Output,
  PullRequestInfo,
  ReadinessProbe,
  ReleaseLookup,
  RunEnvironment,
  ThisRunArtifactStore,
} from '../ports.js';
import { prepareAcceptance } from './accept-label.js';
import type { RunOutcome } from './judge-results.js';
import {
  type ResolvedBaseline,
  resolveBaseline,
  resolveReleaseBaseline,
} from './resolve-baseline.js';
import { type RunLoadDeps, type RunLoadRequest, runLoadTest } from './run-load-test.js';
import { loadHistoryArtifacts, type MemoryRequest, type SeriesSources } from './run-memory.js';
import { releaseArtifactName } from './sinks/memory-sinks.js';
import { type ActionPorts, actionSettings } from './sinks/sink.js';

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
  /** Artifacts by name (history, release baselines); absent without a token and repository. */
  artifacts?: ArtifactStore;
  releases?: ReleaseLookup;
  issues?: IssueGateway;
  tempDir: string;
  /** Wall-clock now (epoch ms): the history ages its entries by it; default the system clock. */
  nowMs?: () => number;
  /** A Prometheus Pushgateway, for input `pushgateway`. */
  pusher?: MetricsPusher;
  /** This workflow run's artifacts (a shard uploads its results, the merge job reads them);
   * absent outside a job (no ACTIONS_RUNTIME_TOKEN). */
  runArtifacts?: ThisRunArtifactStore;
  /** Polls the target before any load, for input `wait-for`. */
  readiness?: ReadinessProbe;
  /** The accept label's reads (events, permission, the comment's record); absent without a
   * token: no regression is accepted then. */
  labels?: AcceptanceGateway;
  /** The results an earlier run of the pull request's head kept, for label events. */
  headResults?: HeadResultsLookup;
}

/** What a measuring step of the action (a whole run or a shard) gives `runLoadTest`: its
 * adapters, and `action`, the ports that make its outputs the action's. */
export function runDepsOf(deps: ActionDeps, action: ActionPorts): RunLoadDeps {
  return {
    engine: deps.engine,
    files: deps.files,
    output: deps.output,
    environment: deps.environment,
    ...(deps.nowMs ? { nowEpochMs: deps.nowMs } : {}),
    ...(deps.pusher ? { pusher: deps.pusher } : {}),
    ...(deps.readiness ? { readiness: deps.readiness } : {}),
    action,
  };
}

/**
 * One measuring step of the action (main.ts sends a shard to runShardJob, a merge to
 * runMergeJob): find the baseline (pull requests), then run and judge with every output of the
 * registry: step outputs and the job summary (always), the baseline artifact
 * (base branch, and only a run whose gate did not fail: the report says when it was not saved,
 * and why), the sticky comment (pull requests). A failed comment or save is a warning: the
 * verdict and the summary stand. main.ts decides from the outcome whether the step fails.
 */
export async function runAction(config: ActionConfig, deps: ActionDeps): Promise<RunOutcome> {
  const { output, context } = deps;
  const plan = planAction(config, context);
  const repo = context ? { owner: context.owner, repo: context.repo } : undefined;
  // Side by side (a pull request with input baseline-target): the other side is the baseline,
  // so no stored one is looked up; a given baseline-path is kept, to be refused as a conflict.
  const sideBySide = config.baselineTarget !== undefined && plan.findBaseline;
  const baseline: ResolvedBaseline = sideBySide
    ? {
        ...(config.baselinePath ? { path: config.baselinePath } : {}),
        note: SIDE_BY_SIDE_NOTE,
      }
    : await resolveActionBaseline(config, plan, deps);
  if (config.baselineTarget !== undefined && !sideBySide) {
    output.info(
      `input baseline-target applies to pull requests: this ${context?.eventName ?? 'local'} run is measured alone, as the baseline branch's runs always are`,
    );
  }
  if (baseline.note) output.info(baseline.note);
  const described = context ? describeActionRun(config, context) : undefined;
  const acceptance = await prepareAcceptance(config, context, deps);
  const memory =
    plan.keepHistory && context && described && repo && deps.artifacts
      ? await prepareActionMemory(config, context, described, deps.artifacts, deps, baseline)
      : undefined;
  return runLoadTest(
    {
      ...measureRequestOf(config),
      marker: config.artifactName,
      ...(baseline.path ? { baselinePath: baseline.path } : {}),
      ...(baseline.result ? { baselineResult: baseline.result } : {}),
      baselineLabel: config.baselinePath ? 'input baseline-path' : 'the downloaded baseline',
      ...(baseline.info ? { baselineInfo: baseline.info } : {}),
      ...(baseline.note ? { notes: [baseline.note] } : {}),
      ...((plan.saveBaseline && deps.baselines) || plan.releaseTag
        ? { baselineCandidate: true }
        : {}),
      ...(memory ? { memory } : {}),
      ...(acceptance ? { acceptance } : {}),
      ...(described ? { series: described.series, runFacts: described.facts } : {}),
      confirm: resolveConfirm(config.confirm, context?.eventName ?? '', memory !== undefined),
      ...(sideBySide && config.baselineTarget !== undefined
        ? {
            sideBySide: {
              baselineTarget: config.baselineTarget,
              label: 'input baseline-target',
              targetLabel: 'input target',
            },
          }
        : {}),
    },
    runDepsOf(deps, actionPortsOf(config, plan, deps)),
  );
}

/** Said in the log and the report of a side-by-side pull-request run. */
export const SIDE_BY_SIDE_NOTE =
  "Measured side by side against input baseline-target: the base branch's stored baseline was not used for this run (the base branch's own runs still save it).";

/**
 * The action's side of the outputs of a judged run (measured here, or merged from shards): the
 * sticky comment on the pull request the plan comments on, the baseline and history artifacts,
 * the release baseline, the regression issue.
 */
export function actionPortsOf(
  config: ActionConfig,
  plan: ActionPlan,
  deps: Omit<ActionDeps, 'engine'>,
): ActionPorts {
  const { context } = deps;
  const repo = context ? { owner: context.owner, repo: context.repo } : undefined;
  const commentOn = plan.comment ? context?.pullRequest?.number : undefined;
  return {
    config,
    io: deps.io,
    ...(repo ? { repo } : {}),
    ...(deps.baselines ? { baselines: deps.baselines } : {}),
    ...(deps.comments ? { comments: deps.comments } : {}),
    ...(commentOn !== undefined ? { commentOn } : {}),
    ...(context?.runId !== undefined
      ? { runStamp: { runId: context.runId, attempt: context.runAttempt ?? 1 } }
      : {}),
    ...(deps.artifacts ? { artifacts: deps.artifacts } : {}),
    ...(deps.runArtifacts ? { runArtifacts: deps.runArtifacts } : {}),
    ...(deps.issues ? { issues: deps.issues } : {}),
    // A pull request's results are kept for the label events that re-judge them (a measuring
    // step: shards and their merge job are not re-judged by label events, see isLabelEvent).
    ...(context?.pullRequest &&
    config.acceptScope !== 'none' &&
    config.mode === 'run' &&
    !config.shard
      ? { keepResultsForLabel: true as const }
      : {}),
    tempDir: deps.tempDir,
    ...(plan.releaseTag ? { releaseTag: plan.releaseTag } : {}),
    ...(context?.workflowFile ? { workflowFile: context.workflowFile } : {}),
    ...(context ? { repoUrl: `${context.serverUrl}/${context.owner}/${context.repo}` } : {}),
  };
}

/**
 * What every measuring step asks for: the profile (or the one-URL profile of input target), the
 * override inputs and the selection, each named by its input in messages, the share of a
 * sharded run and the agreed start, and the outputs' own inputs.
 */
export function measureRequestOf(
  config: ActionConfig,
): Pick<
  RunLoadRequest,
  | 'profilePath'
  | 'overrides'
  | 'overrideLabels'
  | 'selection'
  | 'selectionLabels'
  | 'outputs'
  | 'startAt'
  | 'startAtLabel'
  | 'waitFor'
> {
  return {
    ...(config.profilePath ? { profilePath: config.profilePath } : {}),
    overrides: {
      target: config.target,
      rate: config.rate,
      duration: config.duration,
      environment: config.environment,
      client: config.client,
      ...(config.shard ? { shard: `${config.shard.index}/${config.shard.count}` } : {}),
    },
    overrideLabels: {
      target: 'input target',
      rate: 'input rate',
      duration: 'input duration',
      environment: 'input environment',
      client: 'input client',
      shard: 'input shard',
    },
    ...(config.selection
      ? {
          selection: config.selection,
          selectionLabels: { category: 'input category', scenario: 'input scenario' },
        }
      : {}),
    ...(config.startAt ? { startAt: config.startAt, startAtLabel: 'input start-at' } : {}),
    ...(config.waitFor ? { waitFor: config.waitFor } : {}),
    outputs: actionSettings(config.givenInputs),
  };
}

/**
 * The baseline this step compares with: input baseline-path, else (a pull request) the base
 * branch's artifact, else with `baseline: latest-release` the newest release's. Empty (with a
 * note) when there is none; a run on the baseline branch finds its rolling one in the history.
 */
export async function resolveActionBaseline(
  config: ActionConfig,
  plan: ActionPlan,
  deps: Omit<ActionDeps, 'engine'>,
): Promise<ResolvedBaseline> {
  const { output, context } = deps;
  const repo = context ? { owner: context.owner, repo: context.repo } : undefined;
  let baseline: ResolvedBaseline = {};
  if (config.baselinePath) baseline = { path: config.baselinePath };
  else if (
    // `baseline: latest-release` is asked for explicitly: it wins on a pull request too.
    config.baseline !== 'latest-release' &&
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
  } else if (config.baseline === 'latest-release' && repo && deps.releases && deps.artifacts) {
    baseline = await resolveReleaseBaseline(
      repo,
      {
        artifactName: config.artifactName,
        tempDir: deps.tempDir,
        releaseArtifactName: (tag) => releaseArtifactName(config.artifactName, tag),
      },
      { releases: deps.releases, artifacts: deps.artifacts, files: deps.files, output },
    );
  } else if (config.baseline === 'latest-release') {
    baseline = {
      note: 'No baseline: baseline: latest-release looks the release up through the GitHub API, which needs input github-token in a repository; absolute thresholds were still checked.',
    };
  }
  return baseline;
}

/**
 * The memory of a baseline-branch run: the history read from its artifacts, how the run is
 * labelled, and whether a breach is re-measured. A given baseline (a file, a release) replaces
 * the rolling one; the run is still added to the history.
 */
export async function prepareActionMemory(
  config: ActionConfig,
  context: EventContext,
  described: ActionRunFacts,
  artifacts: ArtifactStore,
  deps: Omit<ActionDeps, 'engine'>,
  baseline: ResolvedBaseline,
): Promise<MemoryRequest> {
  const nowMs = (deps.nowMs ?? Date.now)();
  const repo = { owner: context.owner, repo: context.repo };
  const loaded = await loadHistoryArtifacts(
    artifacts,
    repo,
    config.artifactName,
    nowMs,
    deps.output,
  );
  return {
    history: loaded.history,
    notes: loaded.notes,
    sources: loaded.sources,
    ...described.series,
    facts: described.facts,
    baselineRuns: config.baselineRuns,
    rolling: baseline.path === undefined && baseline.result === undefined,
    confirm: resolveConfirm(config.confirm, context.eventName, true) > 0,
    trendRows: config.trendRuns,
    nowMs,
  };
}

/** What every action run records of itself: where its series comes from and its workflow run. */
export interface ActionRunFacts {
  series: SeriesSources;
  facts: NonNullable<MemoryRequest['facts']>;
}

export function describeActionRun(config: ActionConfig, context: EventContext): ActionRunFacts {
  const runUrl =
    context.runId !== undefined
      ? `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`
      : undefined;
  return {
    series: {
      given: {
        ...(config.layer ? { layer: config.layer } : {}),
        ...(config.interval ? { interval: config.interval } : {}),
      },
      event: {
        name: context.eventName,
        ...(context.scheduleCron ? { scheduleCron: context.scheduleCron } : {}),
      },
    },
    facts: {
      event: context.eventName,
      ...(context.runId !== undefined ? { runId: context.runId } : {}),
      ...(context.runAttempt !== undefined ? { runAttempt: context.runAttempt } : {}),
      ...(runUrl ? { runUrl } : {}),
    },
  };
}

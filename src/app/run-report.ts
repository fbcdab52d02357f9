import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import type { EventContext } from '../core/action/read-event-context.js';
import { resolveConfirm } from '../core/action/run-labels.js';
import { MAX_CONFIRM_REMEASURES } from '../core/input/confirm-times.js';
import { formatIssuesInline, messageOf } from '../core/input/format-issues.js';
import { isSideBySidePair } from '../core/judge/build-verdict.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import { defaultRules } from '../core/rules/default-rules.js';
import type { BaselineStore, CommitStatusGateway, FileStore, Output, RepoRef } from '../ports.js';
import type { AcceptanceRequest } from './accept-label.js';
import { judgeResults, type RunOutcome } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { type ResolvedBaseline, resolveBaseline } from './resolve-baseline.js';
import { type ActionDeps, SIDE_BY_SIDE_NOTE } from './run-action.js';
import {
  pullRequestArtifactName,
  pullRequestBaselineSideArtifactName,
  pullRequestConfirmationArtifactName,
} from './sinks/github-sinks.js';
import { SINKS } from './sinks/registry.js';
import { actionSettings, deliverJudged, type FinishedRun } from './sinks/sink.js';

/** The action's dependencies without the engine (nothing is measured here), plus statuses. */
export type ReportDeps = Omit<ActionDeps, 'engine'> & { statuses?: CommitStatusGateway };

/** What the action's two modes return: report mode can also find nothing to report on. */
export type ActionOutcome = RunOutcome | CannotReport;

/** Nothing to judge, or it cannot be judged as asked: the step fails with `message`. */
export type CannotReport = { kind: 'cannot-report'; message: string };

export function cannotReport(message: string): CannotReport {
  return { kind: 'cannot-report', message };
}

/**
 * What a pull request's measuring run kept beside its results (`<artifact-name>-pr`), read back
 * so that judging them again (a label event, `mode: report`) says what the run said:
 * - a side-by-side run's other side (`-pr-baseline`), as the baseline to judge against (with the
 *   note saying so): the paired test, never the stored baseline;
 * - the re-measures of `confirm: N` (`-pr-confirm-1` … , side by side each with its own
 *   `-baseline`), in order: a regression that did not fail on every re-measure stays
 *   unconfirmed (a warning). Without them the first measurement alone would decide, and any
 *   label event would turn the run's warning into a failed check.
 * Everything comes from the run that kept the results, and each file is checked to belong to
 * it: re-run attempts leave their artifacts in the same run.
 */
export interface KeptCompanions {
  sideBaseline?: ResolvedBaseline;
  confirmations: { result: ResultsFileV1; baseline?: ResultsFileV1 }[];
}

/**
 * Reads the companions run `runId` kept for `current`. A side-by-side target without its other
 * side, or a file that cannot be read, cannot be judged as the run judged it: a refusal saying
 * why. Re-measures are read in order until one is missing; one that started before `current`
 * (an earlier attempt's) ends the list, with a line saying so.
 */
export async function readKeptCompanions(
  kept: {
    repo: RepoRef;
    runId: number;
    current: ResultsFileV1;
    artifactName: string;
    /** The measured head commit, as the messages name it (`abc1234`). */
    head: string;
  },
  store: BaselineStore,
  output: Output,
): Promise<KeptCompanions | CannotReport> {
  const { repo, runId, current, artifactName, head } = kept;
  const read = async (name: string): Promise<ResultsFileV1 | undefined | CannotReport> => {
    try {
      const ref = await store.findInRun(repo, runId, name);
      if (!ref) return undefined;
      const parsed = readResultsFile(
        await store.download(repo, ref),
        `artifact ${name} of run ${runId}`,
      );
      return parsed.ok ? parsed.result : cannotReport(formatIssuesInline(parsed.issues));
    } catch (error) {
      return cannotReport(
        `could not get artifact ${name} of run ${runId} kept for ${head}: ${messageOf(error)}`,
      );
    }
  };
  const pairedSide = async (
    target: ResultsFileV1,
    name: string,
  ): Promise<ResultsFileV1 | CannotReport> => {
    const side = await read(name);
    if (side === undefined) {
      return cannotReport(
        `run ${runId} measured ${head} side by side but kept no baseline target results (artifact ${name}), so its paired verdict cannot be judged again: re-run that workflow run`,
      );
    }
    if ('kind' in side) return side;
    if (!isSideBySidePair(target, side)) {
      return cannotReport(
        `artifact ${name} of run ${runId} is not the other side of the results measured side by side for ${head} (another target or another start): not re-judging`,
      );
    }
    return side;
  };
  const sideBySide = current.sideBySide?.side === 'target';
  let baselineSide: ResultsFileV1 | undefined;
  if (sideBySide) {
    const side = await pairedSide(current, pullRequestBaselineSideArtifactName(artifactName));
    if ('kind' in side) return side;
    baselineSide = side;
  }
  const confirmations: KeptCompanions['confirmations'] = [];
  const startedMs = Date.parse(current.startedAt);
  for (let k = 1; k <= MAX_CONFIRM_REMEASURES; k++) {
    const name = pullRequestConfirmationArtifactName(artifactName, k);
    const again = await read(name);
    if (again === undefined) break;
    if ('kind' in again) return again;
    if (again.target !== current.target || !(Date.parse(again.startedAt) > startedMs)) {
      output.info(
        `artifact ${name} of run ${runId} is not a re-measure of these results (another target, or measured before them: an earlier attempt's); re-measures from it on are not used`,
      );
      break;
    }
    if (!sideBySide) {
      confirmations.push({ result: again });
      continue;
    }
    const side = await pairedSide(again, `${name}-baseline`);
    if ('kind' in side) return side;
    confirmations.push({ result: again, baseline: side });
  }
  return {
    ...(baselineSide ? { sideBaseline: { result: baselineSide, note: SIDE_BY_SIDE_NOTE } } : {}),
    confirmations,
  };
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
    /** The re-measures the measuring run made (`readKeptCompanions`): its breaches are
     * confirmed through them as the run confirmed them (a pull request's mode, `regressions`). */
    confirmations?: KeptCompanions['confirmations'];
  },
  config: ActionConfig,
  files: FileStore,
  output: Output,
): Promise<FinishedRun | CannotReport> {
  const { current, baseline, notes } = request;
  const confirmations = request.confirmations ?? [];
  const loaded = config.profilePath ? await loadProfileRules(config.profilePath, files) : undefined;
  if (loaded && !loaded.ok) {
    return cannotReport(`the profile is invalid: ${formatIssuesInline(loaded.issues)}`);
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
      ...(confirmations.length > 0
        ? {
            confirmations,
            // The wall time is the run's and was not kept: the report states the count only.
            confirm: {
              mode: 'regressions' as const,
              maxRemeasures: Math.max(
                confirmations.length,
                resolveConfirm(config.confirm, 'pull_request', false),
              ),
            },
          }
        : {}),
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
  const companions = await readKeptCompanions(
    {
      repo,
      runId: run.id,
      current,
      artifactName: config.artifactName,
      head: run.headSha.slice(0, 7),
    },
    deps.baselines,
    output,
  );
  if ('kind' in companions) return companions;
  const baseline =
    companions.sideBaseline ??
    (await resolveBaseline(
      prContext,
      {
        branch: config.baselineBranch ?? pr.baseRef,
        artifactName: config.artifactName,
        tempDir: deps.tempDir,
      },
      // The pull request verified above, not a second read that could see a newer head.
      { store: deps.baselines, files: deps.files, output, readPullRequest: async () => pr },
    ));
  const finished = await judgeReadResults(
    {
      current,
      baseline,
      notes: baseline.note ? [baseline.note] : [],
      confirmations: companions.confirmations,
    },
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

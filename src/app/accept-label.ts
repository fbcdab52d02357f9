/**
 * The accept label on the action's side: what a pull-request run reads before judging (the
 * label's events, the permission of who applied it, the acceptance earlier runs kept in the
 * comment), and the `labeled` / `unlabeled` events, which re-judge the results a run of the same
 * head commit kept, without sending any load.
 */
import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { planAction } from '../core/action/plan-action.js';
import type { EventContext } from '../core/action/read-event-context.js';
import { formatIssuesInline, messageOf } from '../core/input/format-issues.js';
import { findAcceptanceRecord } from '../core/judge/accept-record.js';
import { type AcceptInput, findLatestLabelEvent } from '../core/judge/accept-regression.js';
import type { AcceptanceRecord } from '../core/judge/types.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { AcceptanceGateway, HeadResultsLookup, Output, RepoRef } from '../ports.js';
import { actionPortsOf, resolveActionBaseline } from './run-action.js';
import {
  type ActionOutcome,
  cannotReport,
  judgeReadResults,
  type ReportDeps,
  readKeptCompanions,
} from './run-report.js';
import { pullRequestArtifactName } from './sinks/github-sinks.js';
import { SINKS } from './sinks/registry.js';
import { actionSettings, deliverJudged } from './sinks/sink.js';

/** What judging needs to apply the accept label (`acceptRegressions`' input besides the
 * verdict, its results and rules). */
export type AcceptanceRequest = Omit<AcceptInput, 'verdict' | 'current' | 'rules'>;

/** The pull-request events that re-judge kept results instead of measuring. */
const LABEL_ACTIONS: ReadonlySet<string> = new Set(['labeled', 'unlabeled']);

/**
 * Whether this step re-judges kept results for a label event rather than measuring: a
 * `pull_request` (or `pull_request_target`) event whose action is `labeled` or `unlabeled`, in
 * mode run, not a shard, with the accept label in use. Any label counts, not only the accept
 * label: the check of this event must say what the check of the measuring run said, or a label
 * such as `documentation` would turn a failed check green.
 */
export function isLabelEvent(config: ActionConfig, context: EventContext | undefined): boolean {
  return (
    config.mode === 'run' &&
    config.shard === undefined &&
    config.acceptScope !== 'none' &&
    context?.pullRequest !== undefined &&
    context.eventName.startsWith('pull_request') &&
    LABEL_ACTIONS.has(context.action ?? '')
  );
}

/**
 * Reads what the accept label needs for a pull request's verdict. Undefined when the label is
 * off (`accept-scope: none`), the run is not a pull request's, there is no API access, or the
 * label was never applied. Every failure is a warning and fails closed: without the events no
 * regression is accepted; without the comment's record a fresh application still counts, a
 * carried one does not.
 */
export async function prepareAcceptance(
  config: ActionConfig,
  context: EventContext | undefined,
  deps: { labels?: AcceptanceGateway; output: Output },
): Promise<AcceptanceRequest | undefined> {
  const pr = context?.pullRequest;
  if (config.acceptScope === 'none' || !context || !pr || !deps.labels) return undefined;
  const repo: RepoRef = { owner: context.owner, repo: context.repo };
  const label = config.acceptLabel;
  let events: Awaited<ReturnType<AcceptanceGateway['listLabelEvents']>>;
  try {
    events = await deps.labels.listLabelEvents(repo, pr.number);
  } catch (error) {
    deps.output.warn(
      `could not read the label events of pull request #${pr.number} (${messageOf(error)}); the label ${label} accepts nothing in this run`,
    );
    return undefined;
  }
  const latest = findLatestLabelEvent(events, label);
  if (latest === undefined) return undefined;
  const writer =
    latest.action === 'labeled' ? await deps.labels.checkWriter(repo, latest.actor) : undefined;
  let stored: AcceptanceRecord | undefined;
  try {
    const bodies = await deps.labels.listOwnCommentBodies(repo, pr.number);
    const found = findAcceptanceRecord(bodies, config.artifactName);
    for (const note of found.notes) deps.output.warn(note);
    stored = found.record;
  } catch (error) {
    deps.output.warn(
      `could not read the pull-request comment for an earlier acceptance (${messageOf(error)}); only a label applied after these results were measured counts`,
    );
  }
  return {
    label,
    scope: config.acceptScope === 'all' ? 'all' : 'regressions',
    events,
    ...(writer ? { writer } : {}),
    ...(stored ? { stored } : {}),
    headSha: pr.headSha,
  };
}

/** The deps of a label event: report mode's (no engine), plus the label's gateways. */
export type LabelEventDeps = ReportDeps & {
  labels?: AcceptanceGateway;
  headResults?: HeadResultsLookup;
};

/**
 * A `labeled` or `unlabeled` event (`isLabelEvent`): finds the results the newest completed run
 * of this workflow at the pull request's head kept (artifact `<artifact-name>-pr`), judges them
 * again with this checkout's profile rules against the baseline the measuring run had (side by
 * side: the baseline target's results the same run kept, paired as the run paired them), applies
 * the accept label, and delivers the outputs as a measured run's (comment, summary, step
 * outputs). No load is sent: no engine is built. Without kept results the step cannot judge and
 * fails, saying why (the measuring run may still be going).
 */
export async function runLabelEvent(
  config: ActionConfig,
  deps: LabelEventDeps,
): Promise<ActionOutcome> {
  const { context, output } = deps;
  const pr = context?.pullRequest;
  if (!context || !pr || !context.workflowFile || !deps.headResults || !deps.baselines) {
    return cannotReport(
      'a label event re-judges the results of the run that measured the pull request, which needs a pull_request workflow and input github-token',
    );
  }
  const repo: RepoRef = { owner: context.owner, repo: context.repo };
  const head = pr.headSha.slice(0, 7);
  const name = pullRequestArtifactName(config.artifactName);
  output.info(
    `pull request #${pr.number} was ${context.action ?? 'labeled'}: re-judging the results kept for ${head}; no load is sent`,
  );
  let text: string;
  let runId: number;
  try {
    const ref = await deps.headResults.findHeadResults({
      repo,
      workflowFile: context.workflowFile,
      headSha: pr.headSha,
      artifactName: name,
      ...(context.runId !== undefined ? { exceptRunId: context.runId } : {}),
    });
    if (!ref) {
      return cannotReport(
        `no completed run of ${context.workflowFile} at ${head} kept its results (artifact ${name}) yet, so there is nothing to re-judge: the run measuring this commit may still be going (give the workflow a concurrency group per pull request, so label events wait for it) or stopped before judging`,
      );
    }
    runId = ref.runId;
    text = await deps.baselines.download(repo, ref);
  } catch (error) {
    return cannotReport(`could not get the results kept for ${head}: ${messageOf(error)}`);
  }
  const read = readResultsFile(text, `artifact ${name} of run ${runId}`);
  if (!read.ok) return cannotReport(formatIssuesInline(read.issues));
  const current = read.result;
  const plan = planAction(config, context);
  const companions = await readKeptCompanions(
    { repo, runId, current, artifactName: config.artifactName, head },
    deps.baselines,
    output,
  );
  if ('kind' in companions) return companions;
  const baseline = companions.sideBaseline ?? (await resolveActionBaseline(config, plan, deps));
  if (baseline.note) output.info(baseline.note);
  const rejudged = `Re-judged for the ${context.action ?? 'label'} event from the results run ${runId} kept for ${head}: no load was sent.`;
  const finished = await judgeReadResults(
    {
      current,
      baseline,
      notes: [rejudged, ...(baseline.note ? [baseline.note] : [])],
      confirmations: companions.confirmations,
      prepareAcceptance: () => prepareAcceptance(config, context, deps),
    },
    config,
    deps.files,
    output,
  );
  if ('kind' in finished) return finished;
  await deliverJudged(SINKS, finished, actionSettings(config.givenInputs), {
    files: deps.files,
    output,
    action: actionPortsOf(config, plan, deps),
  });
  return { kind: 'judged', run: finished };
}

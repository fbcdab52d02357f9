/**
 * The baseline search: the successful run of the workflow on the base branch at the pull
 * request's merge base, else the nearest earlier one whose artifact still exists. "Earlier" is
 * measured from the merge-base run's creation or, when the merge base never ran, from its commit
 * date — runs created after that measured later code and would hide or invent regressions.
 */
import type { Octokit } from '@octokit/rest';
import type { BaselineLookup, BaselineRef, BaselineStore } from '../../ports.js';
import {
  describeMissingBaseline,
  describeMissingWorkflow,
  type ScanNotes,
} from './baseline-reasons.js';
import {
  findRunArtifact,
  listSuccessfulRuns,
  type RunArtifact,
  readCommitDate,
  WorkflowNotFoundError,
  type WorkflowRun,
} from './baseline-runs-api.js';

export type BaselineQuery = Parameters<BaselineStore['find']>[0];

export interface FindLimits {
  /** Most runs whose artifacts are checked (one API call each). */
  maxRuns: number;
  /** Now, for expiry checks (epoch ms). */
  nowMs: number;
}

/** Runs at one commit: re-runs and several triggers; more than this is not worth paying for. */
const MAX_RUNS_AT_MERGE_BASE = 10;

function toRef(run: WorkflowRun, artifact: RunArtifact, query: BaselineQuery): BaselineRef {
  return {
    artifactId: artifact.id,
    artifactName: artifact.name,
    runId: Number(run.id),
    commit: run.head_sha,
    branch: run.head_branch ?? query.branch,
    createdAt: run.created_at,
    runUrl: run.html_url,
  };
}

/** Looks for the baseline artifact; `none` carries a reason a user can act on. */
export async function findBaseline(
  octokit: Octokit,
  query: BaselineQuery,
  limits: FindLimits,
): Promise<BaselineLookup> {
  const scan: ScanNotes = { runsChecked: 0, limitReached: false };
  const checked = new Set<number>();
  const filter = { repo: query.repo, workflowFile: query.workflowFile, branch: query.branch };

  const firstWithArtifact = async (runs: AsyncIterable<WorkflowRun> | WorkflowRun[]) => {
    for await (const run of runs) {
      const runId = Number(run.id);
      if (checked.has(runId)) continue;
      if (scan.runsChecked >= limits.maxRuns) {
        scan.limitReached = true;
        return undefined;
      }
      checked.add(runId);
      scan.runsChecked += 1;
      const found = await findRunArtifact(
        octokit,
        query.repo,
        runId,
        query.artifactName,
        limits.nowMs,
      );
      if (found.usable) return toRef(run, found.usable, query);
      if (found.expired && !scan.expired) {
        scan.expired = { runId, commit: run.head_sha, expiresAt: found.expired.expires_at };
      }
    }
    return undefined;
  };

  try {
    let cutoff: string | undefined;
    if (query.mergeBaseSha) {
      const exactRuns: WorkflowRun[] = [];
      const atMergeBase = { ...filter, headSha: query.mergeBaseSha };
      for await (const run of listSuccessfulRuns(octokit, atMergeBase, MAX_RUNS_AT_MERGE_BASE)) {
        if (run.head_sha === query.mergeBaseSha) exactRuns.push(run);
      }
      const exact = await firstWithArtifact(exactRuns);
      if (exact) return { kind: 'found', ref: exact, exactMergeBase: true };
      cutoff =
        exactRuns.map((run) => run.created_at).sort()[0] ??
        (await readCommitDate(octokit, query.repo, query.mergeBaseSha));
    }
    const earlier = listSuccessfulRuns(
      octokit,
      { ...filter, createdAtOrBefore: cutoff },
      limits.maxRuns + MAX_RUNS_AT_MERGE_BASE,
    );
    const ref = await firstWithArtifact(onlyUpTo(earlier, cutoff));
    if (ref) return { kind: 'found', ref, exactMergeBase: ref.commit === query.mergeBaseSha };
    return { kind: 'none', reason: describeMissingBaseline(query, scan) };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      return { kind: 'none', reason: describeMissingWorkflow(query) };
    throw error;
  }
}

/** Drops runs created after `cutoff`, should the server have ignored the `created` filter. */
async function* onlyUpTo(runs: AsyncIterable<WorkflowRun>, cutoff: string | undefined) {
  for await (const run of runs) {
    if (cutoff === undefined || Date.parse(run.created_at) <= Date.parse(cutoff)) yield run;
  }
}

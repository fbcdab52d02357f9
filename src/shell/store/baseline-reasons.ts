/**
 * Why no baseline was found, in words for the report's "no baseline yet" note: the reader should
 * learn what was looked for and what to do about it.
 */
import type { RepoRef } from '../../ports.js';

/** What a lookup saw on its way to finding nothing. */
export interface ScanNotes {
  /** Runs whose artifacts were checked. */
  runsChecked: number;
  /** True when the lookup stopped at its run limit rather than running out of runs. */
  limitReached: boolean;
  /** The newest artifact seen that had the right name but had expired. */
  expired?: { runId: number; commit: string; expiresAt: string | null };
}

/** The parts of a lookup the reasons mention. */
export interface ReasonQuery {
  repo: RepoRef;
  workflowFile: string;
  branch: string;
  mergeBaseSha?: string;
  artifactName: string;
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** The workflow file is unknown to GitHub (or hidden from the token). */
export function describeMissingWorkflow(query: ReasonQuery): string {
  return (
    `workflow ${query.workflowFile} was not found in ${query.repo.owner}/${query.repo.repo} ` +
    `(or the token cannot read its Actions runs)`
  );
}

/** Explains a lookup that found no usable artifact. */
export function describeMissingBaseline(query: ReasonQuery, scan: ScanNotes): string {
  const where = `${query.workflowFile} on ${query.branch}`;
  const before = query.mergeBaseSha
    ? ` at or before the merge base ${shortSha(query.mergeBaseSha)}`
    : '';
  if (scan.runsChecked === 0) return `no successful run of ${where}${before} yet`;
  if (scan.expired) {
    const { runId, commit, expiresAt } = scan.expired;
    const when = expiresAt ? ` on ${expiresAt.slice(0, 10)}` : '';
    return (
      `the newest baseline artifacts have expired: ${query.artifactName} of run ${runId} ` +
      `(commit ${shortSha(commit)}) expired${when}; artifacts are deleted after the repository's ` +
      `retention period (90 days by default), so run ${where} again to record a new baseline`
    );
  }
  if (scan.limitReached) {
    return (
      `none of the ${scan.runsChecked} newest successful runs of ${where}${before} has the ` +
      `artifact ${query.artifactName}`
    );
  }
  return `no successful run of ${where}${before} has the artifact ${query.artifactName} yet`;
}

/**
 * The GitHub REST calls a baseline lookup makes: successful runs of a workflow on a branch
 * (newest first, fetched page by page only as far as the caller reads), a run's artifacts by
 * name, and a commit's date.
 */
import type { Octokit } from '@octokit/rest';
import type { RepoRef } from '../../ports.js';

type ListRunsResponse = Awaited<ReturnType<Octokit['rest']['actions']['listWorkflowRuns']>>;
type ListArtifactsResponse = Awaited<
  ReturnType<Octokit['rest']['actions']['listWorkflowRunArtifacts']>
>;
export type WorkflowRun = ListRunsResponse['data']['workflow_runs'][number];
export type RunArtifact = ListArtifactsResponse['data']['artifacts'][number];

/** Small pages: the newest run usually has the artifact, so one short page usually answers. */
const RUNS_PAGE_SIZE = 20;

/** Which runs to list: `headSha` pins one commit, `createdAtOrBefore` (ISO) cuts off later ones. */
export interface RunFilter {
  repo: RepoRef;
  workflowFile: string;
  branch: string;
  headSha?: string;
  createdAtOrBefore?: string;
}

/** GitHub answered 404 to listing the workflow's runs: no such workflow file (or no access). */
export class WorkflowNotFoundError extends Error {
  constructor(workflowFile: string, options: { cause: unknown }) {
    super(`workflow ${workflowFile} not found`, options);
  }
}

/**
 * Yields successful runs matching `filter`, newest first, at most `limit` of them. Throws
 * WorkflowNotFoundError when the workflow does not exist.
 */
export async function* listSuccessfulRuns(
  octokit: Octokit,
  filter: RunFilter,
  limit: number,
): AsyncGenerator<WorkflowRun> {
  let yielded = 0;
  const pages = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRuns, {
    owner: filter.repo.owner,
    repo: filter.repo.repo,
    // The API takes the workflow's file name (e.g. loadtest.yml) as well as its numeric id.
    workflow_id: filter.workflowFile,
    branch: filter.branch,
    status: 'success',
    exclude_pull_requests: true,
    per_page: RUNS_PAGE_SIZE,
    ...(filter.headSha ? { head_sha: filter.headSha } : {}),
    // Server-side cut-off (search syntax), so a busy branch's newer runs do not use up the limit.
    ...(filter.createdAtOrBefore ? { created: `<=${filter.createdAtOrBefore}` } : {}),
  });
  try {
    for await (const page of pages) {
      for (const run of page.data) {
        if (yielded >= limit) return;
        yielded += 1;
        yield run;
      }
    }
  } catch (error) {
    if (hasStatus(error, 404))
      throw new WorkflowNotFoundError(filter.workflowFile, { cause: error });
    throw error;
  }
}

/** True once GitHub has expired the artifact, or its expiry time has passed. */
export function isExpired(artifact: RunArtifact, nowMs: number): boolean {
  return (
    artifact.expired || (artifact.expires_at !== null && Date.parse(artifact.expires_at) <= nowMs)
  );
}

/** The run's newest unexpired artifact called `name`, else its newest expired one (or none). */
export async function findRunArtifact(
  octokit: Octokit,
  repo: RepoRef,
  runId: number,
  name: string,
  nowMs: number,
): Promise<{ usable?: RunArtifact; expired?: RunArtifact }> {
  const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
    owner: repo.owner,
    repo: repo.repo,
    run_id: runId,
    name,
    per_page: 100,
  });
  // Re-run attempts can each upload one; the highest id is the latest upload.
  const named = data.artifacts.filter((a) => a.name === name).sort((a, b) => b.id - a.id);
  const usable = named.find((a) => !isExpired(a, nowMs));
  return usable ? { usable } : { expired: named[0] };
}

/** The committer date of `sha` (ISO), or undefined when GitHub does not know the commit. */
export async function readCommitDate(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
): Promise<string | undefined> {
  try {
    // per_page 1: the commit endpoint pages its file list, which is not needed here.
    const { data } = await octokit.rest.repos.getCommit({
      owner: repo.owner,
      repo: repo.repo,
      ref: sha,
      per_page: 1,
    });
    return data.commit.committer?.date ?? data.commit.author?.date;
  } catch (error) {
    if (hasStatus(error, 404) || hasStatus(error, 422)) return undefined;
    throw error;
  }
}

/** True for an Octokit RequestError (or anything shaped like one) with HTTP status `status`. */
export function hasStatus(error: unknown, status: number): boolean {
  return (
    typeof error === 'object' && error !== null && 'status' in error && error.status === status
  );
}

import type { Octokit } from '@octokit/rest';
import type { CommitPullRequest } from '../../core/action/deployment-target.js';
import { messageOf } from '../../core/input/format-issues.js';
import type { PullRequestInfo, RepoRef } from '../../ports.js';

/** A pull request that could not be read back from the API. */
export class PullRequestReadError extends Error {
  override readonly name = 'PullRequestReadError';

  constructor(
    message: string,
    /** HTTP status of GitHub's answer; undefined when none came. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Reads a pull request's head commit and base branch from the API (an artifact or a
 * workflow_run event cannot be trusted for them), plus the merge base of head and base when the
 * compare API gives it.
 */
export async function readPullRequest(
  octokit: Octokit,
  repo: RepoRef,
  number: number,
): Promise<PullRequestInfo> {
  const pull = await octokit.rest.pulls
    .get({ owner: repo.owner, repo: repo.repo, pull_number: number })
    .then(
      (response) => response.data,
      (error: unknown) => {
        const reason = messageOf(error);
        throw new PullRequestReadError(
          `Could not read pull request #${number} of ${repo.owner}/${repo.repo}: ${reason}`,
          statusOf(error),
          { cause: error },
        );
      },
    );
  const info: PullRequestInfo = { number, headSha: pull.head.sha, baseRef: pull.base.ref };
  const mergeBaseSha = await readMergeBase(octokit, repo, pull.base.sha, pull.head.sha);
  if (mergeBaseSha !== undefined) info.mergeBaseSha = mergeBaseSha;
  return info;
}

/**
 * The merge base of two commits, or undefined when the compare API fails: the baseline lookup
 * then falls back to the base branch's latest run, which is worse but not wrong.
 *
 * Compares the commits the pull request names rather than the base branch by name, so the
 * answer belongs to the event being judged (and a branch name with `/` needs no escaping).
 */
export async function readMergeBase(
  octokit: Octokit,
  repo: RepoRef,
  baseSha: string,
  headSha: string,
): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: repo.owner,
      repo: repo.repo,
      basehead: `${baseSha}...${headSha}`,
      // Only merge_base_commit is needed; one commit per page keeps a big diff's answer small.
      per_page: 1,
    });
    return data.merge_base_commit.sha || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pull requests GitHub associates with a commit (`GET /repos/{o}/{r}/commits/{sha}/pulls`:
 * open ones whose branch holds it, or the merged one that brought it in), newest first; the
 * first 100 are plenty for one commit. Errors are the API's, thrown.
 */
export async function listPullRequestsOfCommit(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
): Promise<CommitPullRequest[]> {
  const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100,
  });
  return data.map((pull) => ({
    number: pull.number,
    state: pull.state,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
  }));
}

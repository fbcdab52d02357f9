import type { Octokit } from '@octokit/rest';
import type { CommitStatus, CommitStatusGateway, RepoRef } from '../../ports.js';

/** GitHub's limit on a status description. */
const MAX_DESCRIPTION = 140;

/** Commit statuses through the REST API (needs `statuses: write`). */
export class GitHubCommitStatus implements CommitStatusGateway {
  constructor(private readonly octokit: Octokit) {}

  async setStatus(repo: RepoRef, sha: string, status: CommitStatus): Promise<void> {
    const description =
      status.description.length > MAX_DESCRIPTION
        ? `${status.description.slice(0, MAX_DESCRIPTION - 1)}…`
        : status.description;
    await this.octokit.rest.repos.createCommitStatus({
      owner: repo.owner,
      repo: repo.repo,
      sha,
      state: status.state,
      context: status.context,
      description,
      ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    });
  }
}

import type { Octokit } from '@octokit/rest';
import type { ReleaseInfo, ReleaseLookup, RepoRef } from '../../ports.js';
import { hasStatus } from '../store/baseline-runs-api.js';
import { toGitHubRequestError } from './github-request-error.js';

export { GitHubRequestError } from './github-request-error.js';

const ROUTE = 'GET /repos/{owner}/{repo}/releases/latest';

/**
 * The newest published release from `GET /repos/{o}/{r}/releases/latest`, which GitHub answers
 * with the latest full release (never a draft or prerelease), or 404 when there is none. Other
 * failures throw GitHubRequestError naming the request.
 */
export class GitHubReleaseLookup implements ReleaseLookup {
  constructor(private readonly octokit: Octokit) {}

  async latestRelease(repo: RepoRef): Promise<ReleaseInfo | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getLatestRelease({
        owner: repo.owner,
        repo: repo.repo,
      });
      return {
        tag: data.tag_name,
        ...(data.name ? { name: data.name } : {}),
        url: data.html_url,
        publishedAt: data.published_at ?? data.created_at,
      };
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw toGitHubRequestError(error, ROUTE);
    }
  }
}

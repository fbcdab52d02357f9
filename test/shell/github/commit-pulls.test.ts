import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { listPullRequestsOfCommit } from '../../../src/shell/github/pull-request-api.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const HEAD = 'a'.repeat(40);
const OTHER = 'e'.repeat(40);

let api: FakeGitHubApi;

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs_job');
  for (const [number, headSha] of [
    [7, HEAD],
    [8, OTHER],
    [9, HEAD],
  ] as const) {
    api.state.setPullRequest(REPO, {
      number,
      headSha,
      headRef: `feature-${number}`,
      baseSha: 'b'.repeat(40),
      baseRef: 'main',
    });
  }
});
afterEach(() => api.close());

const octokit = () =>
  createOctokit({ token: 'ghs_job', baseUrl: api.url, retryDelayMs: 2, limiterId: 'commit-pulls' });

describe('listPullRequestsOfCommit (GET /repos/{o}/{r}/commits/{sha}/pulls)', () => {
  it('lists the pull requests whose head is the commit, newest first', async () => {
    const pulls = await listPullRequestsOfCommit(octokit(), REPO, HEAD);
    expect(pulls).toEqual([
      { number: 9, state: 'open', headSha: HEAD, baseRef: 'main' },
      { number: 7, state: 'open', headSha: HEAD, baseRef: 'main' },
    ]);
    expect(api.requests.map((r) => r.path)).toEqual([
      `/repos/acme/shop/commits/${HEAD}/pulls?per_page=100`,
    ]);
  });

  it('answers an unknown commit with an empty list, as GitHub does', async () => {
    expect(await listPullRequestsOfCommit(octokit(), REPO, 'f'.repeat(40))).toEqual([]);
  });

  it('throws the API error for the caller to turn into a warning', async () => {
    api.faults.failNext('list-commit-pulls', { kind: 'status', status: 404, message: 'Not Found' });
    await expect(listPullRequestsOfCommit(octokit(), REPO, HEAD)).rejects.toMatchObject({
      status: 404,
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import {
  PullRequestReadError,
  readPullRequest,
} from '../../../src/shell/github/pull-request-api.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const MERGE_BASE = 'c'.repeat(40);

let api: FakeGitHubApi;
let serial = 0;

function octokit() {
  return createOctokit({
    token: 'pat-alice',
    baseUrl: api.url,
    retryDelayMs: 2,
    limiterId: `pull-test-${++serial}`,
  });
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addUserToken('pat-alice', 'alice');
  api.state.setPullRequest(REPO, {
    number: 12,
    headSha: HEAD,
    headRef: 'feature/faster-cart',
    baseSha: BASE,
    baseRef: 'main',
  });
});
afterEach(() => api.close());

describe('readPullRequest', () => {
  it('returns the head commit, the base branch and the merge base', async () => {
    api.state.setComparison(REPO, BASE, HEAD, { mergeBaseSha: MERGE_BASE, behindBy: 3 });
    const info = await readPullRequest(octokit(), REPO, 12);

    expect(info).toEqual({ number: 12, headSha: HEAD, baseRef: 'main', mergeBaseSha: MERGE_BASE });
    expect(api.requests.map((r) => r.path)).toEqual([
      '/repos/acme/shop/pulls/12',
      `/repos/acme/shop/compare/${BASE}...${HEAD}?per_page=1`,
    ]);
  });

  it('leaves the merge base out when the compare API answers 404', async () => {
    const info = await readPullRequest(octokit(), REPO, 12);
    expect(info).toEqual({ number: 12, headSha: HEAD, baseRef: 'main' });
    expect(info).not.toHaveProperty('mergeBaseSha');
  });

  it('leaves the merge base out when the compare API keeps failing, after its retries', async () => {
    api.state.setComparison(REPO, BASE, HEAD, { mergeBaseSha: MERGE_BASE });
    api.faults.failNext('compare', { kind: 'server-error', status: 502 }, 10);
    const info = await readPullRequest(octokit(), REPO, 12);
    expect(info.mergeBaseSha).toBeUndefined();
    expect(api.count('compare')).toBe(4);
  });

  it('throws PullRequestReadError with the status when the pull request cannot be read', async () => {
    const error = await readPullRequest(octokit(), REPO, 404).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullRequestReadError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as Error).message).toMatch(/^Could not read pull request #404 of acme\/shop/);
  });
});

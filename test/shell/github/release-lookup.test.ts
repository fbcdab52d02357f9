import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import {
  GitHubReleaseLookup,
  GitHubRequestError,
} from '../../../src/shell/github/release-lookup.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };

let api: FakeGitHubApi;
let serial = 0;

function lookup() {
  const octokit = createOctokit({
    token: 'ghs-actions',
    baseUrl: api.url,
    retries: 2,
    retryDelayMs: 5,
    limiterId: `release-lookup-${++serial}`,
  });
  return new GitHubReleaseLookup(octokit);
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
});
afterEach(() => api.close());

describe('GitHubReleaseLookup.latestRelease', () => {
  it('names the newest full release, passing over newer prereleases and drafts', async () => {
    api.state.addRelease(REPO, { tag: 'v1.0.0', publishedAt: '2025-01-01T00:00:00Z' });
    api.state.addRelease(REPO, {
      tag: 'v1.1.0',
      name: 'Spring release',
      publishedAt: '2025-02-01T00:00:00Z',
    });
    api.state.addRelease(REPO, {
      tag: 'v1.2.0-rc.1',
      prerelease: true,
      publishedAt: '2025-03-01T00:00:00Z',
    });
    api.state.addRelease(REPO, { tag: 'v2.0.0', draft: true, createdAt: '2025-04-01T00:00:00Z' });

    expect(await lookup().latestRelease(REPO)).toEqual({
      tag: 'v1.1.0',
      name: 'Spring release',
      url: `${api.url}/acme/shop/releases/tag/v1.1.0`,
      publishedAt: '2025-02-01T00:00:00Z',
    });
    expect(api.requests.map((r) => r.path)).toEqual(['/repos/acme/shop/releases/latest']);
  });

  it('returns undefined when there are only drafts and prereleases (GitHub answers 404)', async () => {
    api.state.addRelease(REPO, { tag: 'v0.9.0-rc.1', prerelease: true });
    api.state.addRelease(REPO, { tag: 'v1.0.0', draft: true });

    expect(await lookup().latestRelease(REPO)).toBeUndefined();
    expect(api.requests.map((r) => r.status)).toEqual([404]);
  });

  it('retries a server error, and names the request when it keeps failing', async () => {
    api.state.addRelease(REPO, { tag: 'v1.0.0' });
    api.faults.failNext('get-latest-release', { kind: 'server-error', status: 503 });
    expect((await lookup().latestRelease(REPO))?.tag).toBe('v1.0.0');
    expect(api.count('get-latest-release')).toBe(2);

    api.faults.failNext('get-latest-release', { kind: 'server-error', status: 500 }, 3);
    const failure = await lookup()
      .latestRelease(REPO)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GitHubRequestError);
    expect((failure as Error).message).toBe(
      'GET /repos/{owner}/{repo}/releases/latest failed: HTTP 500 Server Error',
    );
  });
});

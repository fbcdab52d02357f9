import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubCommentGateway } from '../../../src/shell/github/comment-gateway.js';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const PR = 7;
const MARKER = '<!-- loadgate:api -->';
const report = (text: string) => `${MARKER}\n## Load test\n${text}`;

let api: FakeGitHubApi;
let serial = 0;

/** A gateway over a real Octokit pointed at the fake; each gets its own write limiter. */
function gatewayFor(token: string, options: { authorLogin?: string } = {}) {
  const octokit = createOctokit({
    token,
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `gateway-test-${++serial}`,
  });
  return new GitHubCommentGateway(octokit, options);
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addUserToken('pat-alice', 'alice');
  api.state.addIssue(REPO, PR);
});
afterEach(() => api.close());

describe('GitHubCommentGateway.upsert', () => {
  it('creates the comment when the pull request has none of ours', async () => {
    api.state.addComments(REPO, PR, 3, 'bob');
    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('first'));

    const created = api.state.commentsOn(REPO, PR).at(-1);
    expect(result).toEqual({ action: 'created', url: expect.stringMatching(/#issuecomment-\d+$/) });
    expect(result.url).toContain(`/acme/shop/pull/${PR}#issuecomment-${created?.id}`);
    expect(created).toMatchObject({ body: report('first'), author: { login: 'alice' } });
    expect(api.count('create-comment')).toBe(1);
  });

  it('finds the marker comment on page 2 of 150 and updates it without a duplicate', async () => {
    api.state.addComments(REPO, PR, 120, 'bob');
    const ours = api.state.addComment(REPO, PR, 'alice', report('old'));
    api.state.addComments(REPO, PR, 29, 'carol');

    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('new'));

    expect(result.action).toBe('updated');
    expect(result.url).toMatch(new RegExp(`#issuecomment-${ours.id}$`));
    expect(ours.body).toBe(report('new'));
    expect(api.count('create-comment')).toBe(0);
    expect(api.state.commentsOn(REPO, PR)).toHaveLength(150);
    // Page 2 came from following GitHub's Link header, not from a guessed URL.
    const lists = api.requests.filter((r) => r.route === 'list-comments').map((r) => r.path);
    expect(lists).toEqual([
      `/repos/acme/shop/issues/${PR}/comments?per_page=100`,
      expect.stringMatching(/^\/repositories\/\d+\/issues\/7\/comments\?per_page=100&page=2$/),
    ]);
  });

  it('ignores a marker comment written by another user', async () => {
    const bobs = api.state.addComment(REPO, PR, 'bob', report('bob pasted this'));
    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('mine'));

    expect(result.action).toBe('created');
    expect(bobs.body).toBe(report('bob pasted this'));
    expect(api.count('update-comment')).toBe(0);
  });

  it('matches the marker as a whole line, not as a prefix of a longer key', async () => {
    api.state.addComment(REPO, PR, 'alice', '<!-- loadgate:api-v2 -->\nother profile');
    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('api'));
    expect(result.action).toBe('created');
  });

  it('updates the newest of several marker comments of ours and leaves the older ones', async () => {
    const older = api.state.addComment(REPO, PR, 'alice', report('older'));
    const newer = api.state.addComment(REPO, PR, 'alice', report('newer'));
    await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('latest'));
    expect([older.body, newer.body]).toEqual([report('older'), report('latest')]);
  });

  it('falls back to github-actions[bot] when GET /user answers 403, and asks only once', async () => {
    api.state.addInstallationToken('ghs-actions');
    const ours = api.state.addComment(REPO, PR, 'github-actions[bot]', report('old'));
    api.state.addComment(REPO, PR, 'alice', report('a copy by a person'));
    const gateway = gatewayFor('ghs-actions');

    expect((await gateway.upsert(REPO, PR, MARKER, report('new'))).action).toBe('updated');
    await gateway.upsert(REPO, PR, MARKER, report('newer'));
    expect(ours.body).toBe(report('newer'));
    expect(api.count('get-user')).toBe(1);
  });

  it('uses the author login it is given (a GitHub App bot) without asking GET /user', async () => {
    api.state.addInstallationToken('ghs-app', { login: 'loadgate-app[bot]' });
    const ours = api.state.addComment(REPO, PR, 'loadgate-app[bot]', report('old'));
    const gateway = gatewayFor('ghs-app', { authorLogin: 'Loadgate-App[bot]' });

    expect((await gateway.upsert(REPO, PR, MARKER, report('new'))).action).toBe('updated');
    expect(ours.body).toBe(report('new'));
    expect(api.count('get-user')).toBe(0);
  });

  it('retries a 5xx while listing, then succeeds', async () => {
    api.faults.failNext('list-comments', { kind: 'server-error', status: 502 }, 2);
    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('x'));
    expect(result.action).toBe('created');
    expect(api.count('list-comments')).toBe(3);
  });

  it('waits out a secondary rate limit (429, retry-after: 1), then succeeds', async () => {
    api.faults.failNext('list-comments', { kind: 'secondary-rate-limit', retryAfterSeconds: 1 });
    const started = performance.now();
    const result = await gatewayFor('pat-alice').upsert(REPO, PR, MARKER, report('x'));

    expect(result.action).toBe('created');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    // Exactly one retry: the retry plugin must not also retry the 429 on its own clock.
    expect(api.count('list-comments')).toBe(2);
  });
});

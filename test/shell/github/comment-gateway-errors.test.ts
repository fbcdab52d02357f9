import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CommentError,
  explainCommentError,
  GitHubCommentGateway,
} from '../../../src/shell/github/comment-gateway.js';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const PR = 7;
const MARKER = '<!-- loadgate:api -->';

let api: FakeGitHubApi;
let serial = 0;

function gatewayFor(token: string) {
  const octokit = createOctokit({
    token,
    baseUrl: api.url,
    retryDelayMs: 5,
    // Never sit out a rate limit here: these tests are about giving up.
    maxRateLimitWaitSeconds: 0,
    limiterId: `gateway-errors-${++serial}`,
  });
  return new GitHubCommentGateway(octokit);
}

/** The CommentError an upsert rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<CommentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommentError);
  return error as CommentError;
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addUserToken('pat-alice', 'alice');
  api.state.addIssue(REPO, PR);
});
afterEach(() => api.close());

describe('GitHubCommentGateway failures', () => {
  it('a read-only token (fork pull request) gives kind forbidden with a clear sentence', async () => {
    api.state.addInstallationToken('ghs-fork', { readOnly: true });
    const error = await failureOf(gatewayFor('ghs-fork').upsert(REPO, PR, MARKER, 'body'));

    expect(error).toMatchObject({ kind: 'forbidden', status: 403, operation: 'create' });
    expect(error.message).toContain('Resource not accessible by integration');
    expect(explainCommentError(error)).toMatch(/fork pull requests get a read-only token/);
    expect(explainCommentError(error)).toMatch(/The report is in the job summary\.$/);
    expect(api.count('create-comment')).toBe(1);
  });

  it('a pull request that does not exist gives kind not-found', async () => {
    const error = await failureOf(gatewayFor('pat-alice').upsert(REPO, 999, MARKER, 'body'));
    expect(error).toMatchObject({ kind: 'not-found', status: 404, operation: 'list' });
  });

  it('an unknown token gives kind forbidden (401), found while identifying the author', async () => {
    const error = await failureOf(gatewayFor('revoked').upsert(REPO, PR, MARKER, 'body'));
    expect(error).toMatchObject({ kind: 'forbidden', status: 401, operation: 'identify' });
  });

  it('a rate limit too long to wait gives kind rate-limited', async () => {
    api.faults.failNext('list-comments', { kind: 'primary-rate-limit' });
    const error = await failureOf(gatewayFor('pat-alice').upsert(REPO, PR, MARKER, 'body'));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 403, operation: 'list' });
  });

  it('a rate-limited 403 from GET /user is not taken for an installation token', async () => {
    api.faults.failNext('get-user', { kind: 'primary-rate-limit' });
    const error = await failureOf(gatewayFor('pat-alice').upsert(REPO, PR, MARKER, 'body'));
    expect(error).toMatchObject({ kind: 'rate-limited', operation: 'identify' });
    expect(api.count('list-comments')).toBe(0);
  });

  it('a server that keeps failing gives kind other after the retries', async () => {
    api.faults.failNext('create-comment', { kind: 'server-error', status: 503 }, 10);
    const error = await failureOf(gatewayFor('pat-alice').upsert(REPO, PR, MARKER, 'body'));
    expect(error).toMatchObject({ kind: 'other', status: 503, operation: 'create' });
    expect(api.count('create-comment')).toBe(4);
  });

  it('a body over 65,536 characters gives kind other with GitHub validation message', async () => {
    const error = await failureOf(
      gatewayFor('pat-alice').upsert(REPO, PR, MARKER, `${MARKER}\n${'x'.repeat(70_000)}`),
    );
    expect(error).toMatchObject({ kind: 'other', status: 422 });
    expect(api.count('create-comment')).toBe(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import {
  GitHubIssueGateway,
  GitHubRequestError,
  IssuePermissionError,
} from '../../../src/shell/github/issue-gateway.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const LABEL = 'loadgate-regression';
const MARKER = '<!-- loadgate:issue key=loadtest.yml/checkout/regression -->';
const BOT = 'github-actions[bot]';

let api: FakeGitHubApi;
let serial = 0;

/** Retries as createOctokit configures them (2 here, 5 ms apart); rate limits are not waited. */
function gatewayFor(token: string) {
  const octokit = createOctokit({
    token,
    baseUrl: api.url,
    retries: 2,
    retryDelayMs: 5,
    maxRateLimitWaitSeconds: 0,
    limiterId: `issue-gateway-errors-${++serial}`,
  });
  return new GitHubIssueGateway(octokit);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
  api.state.addInstallationToken('ghs-read-only', { readOnly: true });
});
afterEach(() => api.close());

describe('GitHubIssueGateway without issues: write', () => {
  it('finds issues but every write fails with IssuePermissionError naming the permission', async () => {
    const issue = api.state.seedIssue(REPO, {
      body: `${MARKER}\nstatus`,
      labels: [LABEL],
      author: BOT,
    });
    const gateway = gatewayFor('ghs-read-only');
    expect(await gateway.find(REPO, LABEL, MARKER)).toMatchObject({ number: issue.number });

    const failures = [
      await failureOf(gateway.create(REPO, { title: 't', body: 'b', label: 'perf' })),
      await failureOf(gateway.create(REPO, { title: 't', body: 'b', label: LABEL })),
      await failureOf(gateway.update(REPO, issue.number, { state: 'closed' })),
      await failureOf(gateway.comment(REPO, issue.number, 'hello')),
    ];

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(IssuePermissionError);
      expect(failure).toMatchObject({ status: 403, httpStatus: 403 });
      expect((failure as Error).message).toContain('`permissions: issues: write`');
      expect((failure as Error).message).toContain('HTTP 403 Resource not accessible');
    }
    expect(failures.map((f) => (f as IssuePermissionError).route)).toEqual([
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/issues',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(api.state.issuesIn(REPO)).toEqual([issue]);
    expect(issue.state).toBe('open');
    expect(api.state.comments).toEqual([]);
    expect(api.state.labels.map((l) => l.name)).toEqual([LABEL]);
  });

  it('treats a 404 on a write (an issue the token may not see) as a permission error', async () => {
    const failure = await failureOf(gatewayFor('ghs-actions').comment(REPO, 4242, 'hello'));
    expect(failure).toBeInstanceOf(IssuePermissionError);
    expect(failure).toMatchObject({ status: 403, httpStatus: 404 });
  });
});

describe('GitHubIssueGateway when GitHub fails', () => {
  it('retries a 500 on a page of the list and still finds the issue', async () => {
    const ours = api.state.seedIssue(REPO, {
      body: MARKER,
      labels: [LABEL],
      author: BOT,
      createdAt: '2025-01-01T00:00:00Z',
    });
    for (let i = 0; i < 120; i++) api.state.seedIssue(REPO, { labels: [LABEL], author: BOT });
    api.faults.failNext('list-issues', { kind: 'server-error', status: 500 });

    const found = await gatewayFor('ghs-actions').find(REPO, LABEL, MARKER);

    expect(found?.number).toBe(ours.number);
    expect(api.requests.filter((r) => r.route === 'list-issues').map((r) => r.status)).toEqual([
      500, 200, 200,
    ]);
  });

  it('retries a 502 on create and opens exactly one issue', async () => {
    api.state.addLabel(REPO, { name: LABEL });
    api.faults.failNext('create-issue', { kind: 'server-error', status: 502 });

    const created = await gatewayFor('ghs-actions').create(REPO, {
      title: 't',
      body: MARKER,
      label: LABEL,
    });

    expect(api.state.issuesIn(REPO).map((i) => i.number)).toEqual([created.number]);
    expect(api.count('create-issue')).toBe(2);
  });

  it('gives up after the retries with a GitHubRequestError naming the request', async () => {
    const issue = api.state.seedIssue(REPO, { labels: [LABEL], author: BOT });
    api.faults.failNext('update-issue', { kind: 'server-error', status: 500 }, 5);

    const failure = await failureOf(
      gatewayFor('ghs-actions').update(REPO, issue.number, { body: 'x' }),
    );

    expect(failure).toBeInstanceOf(GitHubRequestError);
    expect(failure).not.toHaveProperty('status');
    expect(failure).toMatchObject({
      httpStatus: 500,
      message: 'PATCH /repos/{owner}/{repo}/issues/{issue_number} failed: HTTP 500 Server Error',
    });
    expect(api.count('update-issue')).toBe(3);
  });

  it('does not mistake a 403 rate limit for a missing permission', async () => {
    api.state.addLabel(REPO, { name: LABEL });
    api.faults.failNext('create-issue', { kind: 'primary-rate-limit', status: 403 });

    const failure = await failureOf(
      gatewayFor('ghs-actions').create(REPO, { title: 't', body: 'b', label: LABEL }),
    );

    expect(failure).toBeInstanceOf(GitHubRequestError);
    expect(failure).toMatchObject({ httpStatus: 403 });
    expect((failure as Error).message).toMatch(/API rate limit exceeded/);
  });

  it('still opens the issue when creating the label fails (GitHub creates it grey)', async () => {
    api.faults.failNext('create-label', { kind: 'server-error', status: 500 }, 3);
    await gatewayFor('ghs-actions').create(REPO, { title: 't', body: 'b', label: LABEL });

    expect(api.count('create-label')).toBe(3);
    expect(api.state.issuesIn(REPO)).toHaveLength(1);
    expect(api.state.label(REPO, LABEL)?.color).toBe('ededed');
  });

  it('accepts a label a parallel run created first (422 already_exists)', async () => {
    api.faults.failNext('get-label', { kind: 'status', status: 404, message: 'Not Found' });
    api.state.addLabel(REPO, { name: LABEL, color: '123456' });

    await gatewayFor('ghs-actions').create(REPO, { title: 't', body: 'b', label: LABEL });

    expect(api.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'get-label 404',
      'create-label 422',
      'create-issue 201',
    ]);
    expect(api.state.issuesIn(REPO)[0]?.labels[0]?.color).toBe('123456');
  });
});

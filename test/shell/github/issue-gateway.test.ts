import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import {
  GitHubIssueGateway,
  REGRESSION_LABEL_STYLE,
} from '../../../src/shell/github/issue-gateway.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const LABEL = 'loadgate-regression';
const MARKER = '<!-- loadgate:issue key=loadtest.yml/checkout/regression -->';
const BOT = 'github-actions[bot]';
const marked = (text: string) => `${MARKER}\n${text}`;

let api: FakeGitHubApi;
let serial = 0;

/** A gateway over a real Octokit pointed at the fake; each gets its own write limiter. */
function gatewayFor(token: string, options: { authorLogin?: string } = {}) {
  const octokit = createOctokit({
    token,
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `issue-gateway-test-${++serial}`,
  });
  return new GitHubIssueGateway(octokit, options);
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
  api.state.addUserToken('pat-alice', 'alice');
});
afterEach(() => api.close());

describe('GitHubIssueGateway.find', () => {
  it('finds the marker issue on page 3, past pull requests and other people’s issues', async () => {
    const ours = api.state.seedIssue(REPO, {
      title: 'Regression',
      body: marked('status'),
      labels: [LABEL],
      author: BOT,
      createdAt: '2025-01-01T00:00:00Z',
    });
    for (let i = 0; i < 249; i++) api.state.seedIssue(REPO, { labels: [LABEL], author: BOT });
    // Newer than ours, carrying the marker, and not ours to take over:
    api.state.seedIssue(REPO, { body: marked('pasted'), labels: [LABEL], author: 'bob' });
    api.state.seedIssue(REPO, {
      body: marked('pr'),
      labels: [LABEL],
      author: BOT,
      pullRequest: true,
    });
    api.state.seedIssue(REPO, { body: marked('no label'), author: BOT });

    const found = await gatewayFor('ghs-actions').find(REPO, LABEL, MARKER);

    expect(found).toEqual({
      number: ours.number,
      state: 'open',
      title: 'Regression',
      body: marked('status'),
      url: `${api.url}/acme/shop/issues/${ours.number}`,
    });
    const lists = api.requests.filter((r) => r.route === 'list-issues').map((r) => r.path);
    expect(lists).toEqual([
      '/repos/acme/shop/issues?labels=loadgate-regression&state=all&per_page=100',
      expect.stringMatching(/^\/repositories\/\d+\/issues\?.*&page=2$/),
      expect.stringMatching(/^\/repositories\/\d+\/issues\?.*&page=3$/),
    ]);
    // The Actions token is not a user: one refused GET /user, then only bots' issues count.
    expect(api.count('get-user')).toBe(1);
  });

  it('counts the token owner’s and bots’ issues and takes the newest, closed or not', async () => {
    const byAlice = { body: marked('a'), labels: [LABEL], author: 'alice' };
    const alices = api.state.seedIssue(REPO, { ...byAlice, createdAt: '2025-01-01T00:00:00Z' });
    const appClosed = api.state.seedIssue(REPO, {
      body: marked('b'),
      labels: [LABEL],
      author: 'loadgate-app[bot]',
      state: 'closed',
      createdAt: '2025-02-01T00:00:00Z',
      closedAt: '2025-02-03T12:00:00Z',
    });
    api.state.seedIssue(REPO, { body: marked('c'), labels: [LABEL], author: 'bob' });

    const newest = await gatewayFor('pat-alice').find(REPO, LABEL, MARKER);
    expect(newest).toMatchObject({
      number: appClosed.number,
      state: 'closed',
      closedAt: '2025-02-03T12:00:00Z',
    });

    appClosed.author = api.state.account('carol');
    expect(await gatewayFor('pat-alice').find(REPO, LABEL, MARKER)).toMatchObject({
      number: alices.number,
    });
    // The Actions token cannot claim alice's issue: it is neither a bot's nor the token's.
    expect(await gatewayFor('ghs-actions').find(REPO, LABEL, MARKER)).toBeUndefined();
    expect(
      await gatewayFor('ghs-actions', { authorLogin: 'alice' }).find(REPO, LABEL, MARKER),
    ).toMatchObject({ number: alices.number });
  });

  it('returns undefined when no issue carries the marker, without asking who it is', async () => {
    api.state.seedIssue(REPO, { body: 'other key', labels: [LABEL], author: BOT });
    api.state.seedIssue(REPO, {
      body: '<!-- loadgate:issue key=loadtest.yml/search/regression -->',
      labels: [LABEL],
      author: BOT,
    });
    expect(await gatewayFor('ghs-actions').find(REPO, LABEL, MARKER)).toBeUndefined();
    expect(api.count('get-user')).toBe(0);
  });
});

describe('GitHubIssueGateway.create', () => {
  it('creates the missing label with colour and description, then opens the issue', async () => {
    const created = await gatewayFor('ghs-actions').create(REPO, {
      title: 'Performance regression: checkout',
      body: marked('p95 up 40%'),
      label: LABEL,
    });

    const label = api.state.label(REPO, LABEL);
    expect(label).toMatchObject({
      color: REGRESSION_LABEL_STYLE.color,
      description: REGRESSION_LABEL_STYLE.description,
    });
    const issue = api.state.issue(REPO, created.number);
    expect(issue).toMatchObject({
      title: 'Performance regression: checkout',
      body: marked('p95 up 40%'),
      state: 'open',
      author: { login: BOT },
      labels: [label],
    });
    expect(created).toEqual({
      number: issue?.number,
      state: 'open',
      title: 'Performance regression: checkout',
      body: marked('p95 up 40%'),
      url: `${api.url}/acme/shop/issues/${issue?.number}`,
    });
    expect(api.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'get-label 404',
      'create-label 201',
      'create-issue 201',
    ]);
  });

  it('uses an existing label as it is', async () => {
    api.state.addLabel(REPO, { name: 'Loadgate-Regression', color: '00ff00' });
    await gatewayFor('ghs-actions').create(REPO, { title: 't', body: 'b', label: LABEL });

    expect(api.count('create-label')).toBe(0);
    expect(api.state.labels).toHaveLength(1);
    expect(api.state.issuesIn(REPO)[0]?.labels.map((l) => [l.name, l.color])).toEqual([
      ['Loadgate-Regression', '00ff00'],
    ]);
  });
});

describe('GitHubIssueGateway lifecycle', () => {
  it('opens, rewrites, closes, finds closed, reopens and comments on one issue', async () => {
    const gateway = gatewayFor('ghs-actions');
    const created = await gateway.create(REPO, {
      title: 'Regression',
      body: marked('first'),
      label: LABEL,
    });
    const issue = api.state.issue(REPO, created.number);

    await gateway.update(REPO, created.number, { body: marked('second'), title: 'Regression!' });
    expect(issue).toMatchObject({ body: marked('second'), title: 'Regression!', state: 'open' });

    const beforeClose = Date.now() - 1000;
    await gateway.update(REPO, created.number, { state: 'closed' });
    expect(issue).toMatchObject({ state: 'closed', stateReason: 'completed' });
    const closed = await gateway.find(REPO, LABEL, MARKER);
    expect(closed).toMatchObject({ number: created.number, state: 'closed' });
    expect(Date.parse(closed?.closedAt ?? '')).toBeGreaterThanOrEqual(beforeClose);

    await gateway.update(REPO, created.number, { state: 'open' });
    expect(issue).toMatchObject({ state: 'open', stateReason: 'reopened', closedAt: null });
    expect(await gateway.find(REPO, LABEL, MARKER)).not.toHaveProperty('closedAt');

    await gateway.comment(REPO, created.number, 'The regression is back.');
    expect(api.state.commentsOn(REPO, created.number).map((c) => c.body)).toEqual([
      'The regression is back.',
    ]);
    expect(api.state.issuesIn(REPO)).toHaveLength(1);
    const patches = api.requests.filter((r) => r.route === 'update-issue').map((r) => r.body);
    expect(patches).toEqual([
      { title: 'Regression!', body: marked('second') },
      { state: 'closed', state_reason: 'completed' },
      { state: 'open' },
    ]);
  }, 20_000);

  it('sends nothing for an empty change', async () => {
    const issue = api.state.seedIssue(REPO, { labels: [LABEL], author: BOT });
    await gatewayFor('ghs-actions').update(REPO, issue.number, {});
    expect(api.requests).toEqual([]);
  });
});

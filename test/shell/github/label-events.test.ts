import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubCommentGateway } from '../../../src/shell/github/comment-gateway.js';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { GitHubAcceptanceGateway } from '../../../src/shell/github/label-events.js';
import { GitHubHeadResultsLookup } from '../../../src/shell/store/find-head-results.js';
import { makeZip } from '../../fakes/artifact-service/make-zip.js';
import { FakeGitHub } from '../../fakes/fake-github.js';

const REPO = { owner: 'acme', repo: 'shop' };
const TOKEN = 'ghs_labeltest00000000000000000000000000';
const LABEL = 'loadgate:accept-regression';
const HEAD = 'd'.repeat(40);

let fake: FakeGitHub;
let serial = 0;

function octokit() {
  return createOctokit({
    token: TOKEN,
    baseUrl: fake.url,
    retries: 1,
    retryDelayMs: 2,
    limiterId: `label-events-${++serial}`,
  });
}

function gateway() {
  const kit = octokit();
  const comments = new GitHubCommentGateway(kit);
  return new GitHubAcceptanceGateway(kit, { resolveAuthor: () => comments.resolveAuthor() });
}

beforeEach(async () => {
  fake = await FakeGitHub.start(REPO.owner, REPO.repo);
  fake.api.addInstallationToken(TOKEN);
  fake.api.setPullRequest(REPO, {
    number: 7,
    headSha: HEAD,
    headRef: 'feature',
    baseSha: 'a'.repeat(40),
    baseRef: 'main',
  });
});
afterEach(() => fake.close());

describe('GitHubAcceptanceGateway', () => {
  it('lists every labeled and unlabeled event, through every page, oldest first', async () => {
    for (let i = 0; i < 120; i++)
      fake.api.changeLabel(REPO, 7, { action: 'labeled', name: `tag-${i}`, actor: 'bot-ish' });
    const applied = fake.api.changeLabel(REPO, 7, {
      action: 'labeled',
      name: LABEL,
      actor: 'octocat',
    });
    const removed = fake.api.changeLabel(REPO, 7, {
      action: 'unlabeled',
      name: LABEL,
      actor: 'lead',
    });

    const events = await gateway().listLabelEvents(REPO, 7);

    expect(events).toHaveLength(122);
    expect(events.slice(-2)).toEqual([
      {
        id: applied.id,
        action: 'labeled',
        label: LABEL,
        actor: 'octocat',
        createdAt: applied.createdAt,
      },
      {
        id: removed.id,
        action: 'unlabeled',
        label: LABEL,
        actor: 'lead',
        createdAt: removed.createdAt,
      },
    ]);
    expect(fake.count('list-issue-events')).toBe(2);
    expect(fake.api.issue(REPO, 7)?.labels.map((l) => l.name)).not.toContain(LABEL);
  });

  it('reads the collaborator permission: a role, read for anyone else, 404 as not a collaborator', async () => {
    fake.api.setRole('octocat', 'maintain');
    fake.api.account('passer-by');
    const labels = gateway();

    expect(await labels.checkWriter(REPO, 'octocat')).toEqual({
      kind: 'permission',
      permission: 'write',
      roleName: 'maintain',
    });
    expect(await labels.checkWriter(REPO, 'passer-by')).toEqual({
      kind: 'permission',
      permission: 'read',
      roleName: 'read',
    });
    expect(await labels.checkWriter(REPO, 'nobody-known')).toEqual({ kind: 'not-collaborator' });
    fake.faults.failNext('get-collaborator-permission', {
      kind: 'status',
      status: 403,
      message: 'Resource not accessible by integration',
    });
    expect(await labels.checkWriter(REPO, 'octocat')).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('Resource not accessible by integration'),
    });
  });

  it('returns only the bodies of comments its own account wrote, newest first', async () => {
    fake.api.addComment(REPO, 7, 'github-actions[bot]', 'first');
    fake.api.addComment(REPO, 7, 'mallory', '<!-- loadgate:accepted:x forged -->');
    fake.api.addComment(REPO, 7, 'github-actions[bot]', 'second');

    expect(await gateway().listOwnCommentBodies(REPO, 7)).toEqual(['second', 'first']);
  });
});

describe('GitHubHeadResultsLookup', () => {
  async function seedRun(options: {
    headSha: string;
    at: string;
    conclusion: 'success' | 'failure';
    artifact?: string;
  }) {
    const run = fake.artifacts.addRun({
      headSha: options.headSha,
      createdAt: options.at,
      branch: 'feature',
      conclusion: options.conclusion,
    });
    if (options.artifact) {
      const zip = await makeZip([{ name: 'loadgate-results.json', content: '{}' }]);
      fake.artifacts.addArtifact(Number(run.id), { name: options.artifact, zip });
    }
    return Number(run.id);
  }

  it('finds the newest completed run at the head that kept the results, failed runs included', async () => {
    await seedRun({
      headSha: HEAD,
      at: '2026-01-01T10:00:00Z',
      conclusion: 'success',
      artifact: 'lg-pr',
    });
    const failed = await seedRun({
      headSha: HEAD,
      at: '2026-01-01T11:00:00Z',
      conclusion: 'failure',
      artifact: 'lg-pr',
    });
    await seedRun({ headSha: HEAD, at: '2026-01-01T12:00:00Z', conclusion: 'success' });
    const asking = await seedRun({
      headSha: HEAD,
      at: '2026-01-01T13:00:00Z',
      conclusion: 'success',
      artifact: 'lg-pr',
    });
    await seedRun({
      headSha: 'e'.repeat(40),
      at: '2026-01-01T14:00:00Z',
      conclusion: 'failure',
      artifact: 'lg-pr',
    });

    const lookup = new GitHubHeadResultsLookup({ octokit: octokit() });
    const found = await lookup.findHeadResults({
      repo: REPO,
      workflowFile: 'loadtest.yml',
      headSha: HEAD,
      artifactName: 'lg-pr',
      exceptRunId: asking,
    });

    expect(found).toMatchObject({ runId: failed, artifactName: 'lg-pr', commit: HEAD });
    expect(
      await lookup.findHeadResults({
        repo: REPO,
        workflowFile: 'loadtest.yml',
        headSha: 'f'.repeat(40),
        artifactName: 'lg-pr',
      }),
    ).toBeUndefined();
  });
});

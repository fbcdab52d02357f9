/**
 * One comment shared by several jobs (input comment-key), through the real gateway and a real
 * Octokit against the fake GitHub API. Racing jobs are ordered by holding a request at the fake
 * (job A has read, its PATCH waits) and by each job's injected wait between writing and
 * re-reading.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SharedSectionWrite } from '../../../src/core/notify/shared-comment-plan.js';
import { type CommentSection, parseSections } from '../../../src/core/render/comment-sections.js';
import {
  renderSharedComment,
  renderSharedCommentMarker,
} from '../../../src/core/render/shared-comment.js';
import { CommentError, GitHubCommentGateway } from '../../../src/shell/github/comment-gateway.js';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import type { SharedCommentTiming } from '../../../src/shell/github/shared-comment-sync.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';

const REPO = { owner: 'acme', repo: 'shop' };
const PR = 7;
const GROUP = 'perf';
const MARKER = renderSharedCommentMarker(GROUP);

let api: FakeGitHubApi;
let serial = 0;

function gatewayFor(token: string, timing: SharedCommentTiming = {}) {
  const octokit = createOctokit({
    token,
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `shared-comment-${++serial}`,
  });
  // No real waits: each test decides when a job re-reads.
  return new GitHubCommentGateway(octokit, {
    sharedTiming: { sleep: async () => undefined, ...timing },
  });
}

function section(key: string, runId: number, level: CommentSection['level'] = 'pass') {
  return { key, title: key, level, run: { runId, attempt: 1 }, body: `report of ${key} ${runId}` };
}

const write = (s: CommentSection): SharedSectionWrite => ({ groupKey: GROUP, section: s });

/** The shared comments on the pull request (any author), oldest first. */
const sharedComments = () =>
  api.state.commentsOn(REPO, PR).filter((c) => c.body.split('\n').includes(MARKER));

const sectionsIn = (body: string | undefined) =>
  parseSections(body ?? '')
    .sections.map((s) => `${s.key}@${s.run.runId}`)
    .sort();

/** A promise with its resolve, for ordering the jobs. */
function signal() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
  api.state.addUserToken('pat-bob', 'bob');
  api.state.addIssue(REPO, PR);
});
afterEach(() => api.close());

describe('GitHubCommentGateway.upsertSection', () => {
  it('creates the shared comment, then a second job adds its section to it (page 2 of 150)', async () => {
    api.state.addComments(REPO, PR, 120, 'bob');
    const first = await gatewayFor('ghs-actions').upsertSection(REPO, PR, write(section('api', 5)));
    api.state.addComments(REPO, PR, 29, 'carol');
    const second = await gatewayFor('ghs-actions').upsertSection(
      REPO,
      PR,
      write(section('cart', 6, 'fail')),
    );

    expect(first).toMatchObject({ action: 'created', writes: 1 });
    expect(second).toMatchObject({ action: 'updated', writes: 1, url: first.url });
    const [shared] = sharedComments();
    expect(sharedComments()).toHaveLength(1);
    expect(shared?.author.login).toBe('github-actions[bot]');
    expect(sectionsIn(shared?.body)).toEqual(['api@5', 'cart@6']);
    expect(shared?.body).toContain('## ❌ loadgate: fail — 2 profiles (1 fail, 1 pass)');
    expect(api.count('create-comment')).toBe(1);
  });

  it("two jobs racing: B's write lands between A's read and A's write; both sections end up there", async () => {
    api.state.addComment(
      REPO,
      PR,
      'github-actions[bot]',
      renderSharedComment({ groupKey: GROUP, sections: [section('other', 3)] }).markdown,
    );
    const aWrote = signal();
    const bWrote = signal();
    const bMayReread = signal();
    let bWaits = 0;
    const jobA = gatewayFor('ghs-actions', { sleep: async () => aWrote.resolve() });
    const jobB = gatewayFor('ghs-actions', {
      sleep: async () => {
        bWaits += 1;
        if (bWaits > 1) return;
        bWrote.resolve();
        await bMayReread.promise;
      },
    });

    const held = api.holds.holdNext('update-comment');
    const a = jobA.upsertSection(REPO, PR, write(section('a', 10)));
    await held.reached; // A has read the comment; its PATCH waits at GitHub.
    const b = jobB.upsertSection(REPO, PR, write(section('b', 10)));
    await bWrote.promise; // B read, wrote, and now waits before re-reading.
    expect(sectionsIn(sharedComments()[0]?.body)).toEqual(['b@10', 'other@3']);
    held.release(); // A's write, made from its older read, lands on B's.
    await aWrote.promise;
    expect(sectionsIn(sharedComments()[0]?.body)).toEqual(['a@10', 'other@3']);
    bMayReread.resolve(); // B re-reads, finds its section gone, merges again and rewrites.

    const [resultA, resultB] = await Promise.all([a, b]);
    expect(resultA).toMatchObject({ action: 'updated', writes: 1 });
    expect(resultB).toMatchObject({ action: 'updated', writes: 2 });
    expect(sharedComments()).toHaveLength(1);
    expect(sectionsIn(sharedComments()[0]?.body)).toEqual(['a@10', 'b@10', 'other@3']);
  });

  it('two jobs creating it at once: the newer comment is merged into the oldest and deleted', async () => {
    const aWrote = signal();
    const bWrote = signal();
    const bMayReread = signal();
    let bWaits = 0;
    const jobA = gatewayFor('ghs-actions', { sleep: async () => aWrote.resolve() });
    const jobB = gatewayFor('ghs-actions', {
      sleep: async () => {
        bWaits += 1;
        if (bWaits > 1) return;
        bWrote.resolve();
        await bMayReread.promise;
      },
    });

    const held = api.holds.holdNext('create-comment');
    const a = jobA.upsertSection(REPO, PR, write(section('a', 10)));
    await held.reached; // A found no comment and is creating one.
    const b = jobB.upsertSection(REPO, PR, write(section('b', 10)));
    await bWrote.promise; // B found none either, and created it first.
    held.release();
    await aWrote.promise;
    expect(sharedComments().map((c) => sectionsIn(c.body))).toEqual([['b@10'], ['a@10']]);
    const oldest = sharedComments()[0]?.id;
    bMayReread.resolve();

    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.action).sort()).toEqual(['created', 'updated']);
    expect(sharedComments()).toHaveLength(1);
    expect(sharedComments()[0]?.id).toBe(oldest);
    expect(sectionsIn(sharedComments()[0]?.body)).toEqual(['a@10', 'b@10']);
    expect(api.count('delete-comment')).toBeGreaterThanOrEqual(1);
  });

  it('a stale job (older run id) does not overwrite the newer section, and writes nothing', async () => {
    const gateway = gatewayFor('ghs-actions');
    await gateway.upsertSection(REPO, PR, write(section('api', 12, 'fail')));
    const before = sharedComments()[0]?.body;

    const result = await gatewayFor('ghs-actions').upsertSection(
      REPO,
      PR,
      write(section('api', 11)),
    );

    expect(result).toMatchObject({
      action: 'stale',
      writes: 0,
      keptRun: { runId: 12, attempt: 1 },
    });
    expect(result.url).toMatch(/#issuecomment-\d+$/);
    expect(sharedComments()[0]?.body).toBe(before);
    expect(api.count('update-comment')).toBe(0);
  });

  it('ignores a shared comment by another account, never edits or deletes it, and makes its own', async () => {
    const bobs = api.state.addComment(
      REPO,
      PR,
      'bob',
      renderSharedComment({ groupKey: GROUP, sections: [section('api', 99)] }).markdown,
    );
    const bobsBody = bobs.body;

    const result = await gatewayFor('ghs-actions').upsertSection(
      REPO,
      PR,
      write(section('api', 5)),
    );

    expect(result.action).toBe('created');
    expect(bobs.body).toBe(bobsBody);
    expect(sharedComments().map((c) => c.author.login)).toEqual(['bob', 'github-actions[bot]']);
    expect(api.count('update-comment') + api.count('delete-comment')).toBe(0);
  });

  it('a read-only token (fork pull request) fails with kind forbidden and writes nothing', async () => {
    api.state.addInstallationToken('ghs-fork', { readOnly: true });
    const failure = await gatewayFor('ghs-fork')
      .upsertSection(REPO, PR, write(section('a', 1)))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failure).toMatchObject({ kind: 'forbidden', operation: 'create', status: 403 });
    expect(sharedComments()).toHaveLength(0);
  });

  it('retries a 5xx on the re-read and a 502 on the write, then verifies', async () => {
    const gateway = gatewayFor('ghs-actions');
    await gateway.upsertSection(REPO, PR, write(section('a', 1)));
    api.faults.failNext('update-comment', { kind: 'server-error', status: 502 });
    api.faults.failNext('list-comments', { kind: 'server-error', status: 503 }, 2);

    const result = await gateway.upsertSection(REPO, PR, write(section('b', 1)));

    expect(result).toMatchObject({ action: 'updated', writes: 1 });
    expect(sectionsIn(sharedComments()[0]?.body)).toEqual(['a@1', 'b@1']);
    expect(api.count('update-comment')).toBe(2);
  });

  it('gives up with a conflict after 5 writes when another writer erases its section each time', async () => {
    const others = renderSharedComment({ groupKey: GROUP, sections: [section('x', 1)] }).markdown;
    const waits: number[] = [];
    const gateway = gatewayFor('ghs-actions', {
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
        const ours = sharedComments()[0];
        if (ours) api.state.editComment(ours, others);
      },
    });

    const failure = await gateway.upsertSection(REPO, PR, write(section('a', 1))).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(CommentError);
    expect(failure).toMatchObject({ kind: 'conflict', operation: 'update' });
    expect(api.count('create-comment') + api.count('update-comment')).toBe(5);
    // Settle waits of 1.5 × (1 + 0.5) s, and backoffs growing with each write.
    expect(waits).toEqual([2250, 500, 2250, 1000, 2250, 1500, 2250, 2000, 2250]);
  });
});

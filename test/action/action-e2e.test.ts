/**
 * The built action as the runner runs it, through the life of a pull request: main's push run
 * saves its results as an artifact of that run; a pull request that made the target slower
 * finds that run, downloads its artifact, fails the step and posts one sticky comment; a second
 * push to the pull request updates the same comment. Everything GitHub-side is the local fake,
 * and the steps are dependent on purpose: each one reads what the one before left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubRequest } from '../fakes/fake-github.js';
import { ARTIFACT, MARKER, REPO, ShopRepo, type StepRun, sha } from './e2e/shop-repo.js';

const BEFORE = sha('0');
const MAIN = sha('a');
const HEAD = sha('b');
const HEAD_2 = sha('c');

let shop: ShopRepo;
let push: StepRun;
beforeAll(async () => {
  shop = await ShopRepo.start();
});
afterAll(() => shop?.close());

async function getJson(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${shop.fake.url}${path}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The REST-API routes called since request number `from` (artifact traffic left out). */
function apiRoutes(from: number): (string | undefined)[] {
  return shop.fake.requests
    .slice(from)
    .flatMap((r: GitHubRequest) => (r.owner === 'api' ? [r.route] : []));
}

describe('the built action on a pull request’s life', { timeout: 60_000 }, () => {
  it('push to main: passes, saves the baseline artifact of its run, comments nowhere', async () => {
    push = await shop.push(BEFORE, MAIN);
    const { step, run } = push;

    expect(step.code).toBe(0);
    expect([...step.errors, ...step.warnings]).toEqual([]);
    expect(step.stdout).toContain(`saved the baseline as artifact ${ARTIFACT}`);
    expect(step.outputs).toMatchObject({
      verdict: 'pass',
      'results-path': 'loadgate-results.json',
    });
    expect(Number(step.outputs['p95-ms'])).toBeGreaterThanOrEqual(5);
    expect(step.summary).toMatch(/^### ✅ loadgate: pass — shop checkout$/m);
    // What a later pull request's lookup will see: the run, successful, on main at MAIN ...
    const runs = await getJson(
      `/repos/${REPO.owner}/${REPO.repo}/actions/workflows/loadtest.yml/runs?branch=main&status=success`,
    );
    expect(runs.workflow_runs).toEqual([
      expect.objectContaining({
        id: run.runId,
        head_sha: MAIN,
        event: 'push',
        conclusion: 'success',
      }),
    ]);
    // ... with the uploaded artifact listed as one of its own.
    const artifacts = await getJson(
      `/repos/${REPO.owner}/${REPO.repo}/actions/runs/${run.runId}/artifacts`,
    );
    // The HTML report (input html, on by default), the baseline, and the history this first run
    // on main starts.
    expect(artifacts.artifacts).toEqual([
      expect.objectContaining({ name: `${ARTIFACT}-report`, expired: false }),
      expect.objectContaining({
        name: ARTIFACT,
        expired: false,
        workflow_run: expect.objectContaining({ id: run.runId, head_sha: MAIN }),
      }),
      expect.objectContaining({ name: `${ARTIFACT}-history`, expired: false }),
    ]);
    expect(step.summary).toContain('No history yet');
    // No pull request, so no comment; the one REST-API call looks for an open regression issue
    // (a passing run counts toward closing it). Nothing the fake does not model.
    expect(
      shop.fake.requests.filter((r) => r.owner !== 'artifacts').map((r) => [r.method, r.route]),
    ).toEqual([['GET', 'list-issues']]);
  });

  it('pull request, slower target: compares with that run, fails, posts one comment', async () => {
    shop.setLatency(30);
    const from = shop.fake.requests.length;
    const { step } = await shop.pullRequest(
      { number: 7, headSha: HEAD, baseSha: MAIN },
      { mergeBaseSha: MAIN },
    );

    expect(step.code).toBe(1);
    expect(step.outputs.verdict).toBe('fail');
    // One failure annotation. Its first reason is the regression, or on a loaded machine the
    // 60 ms absolute limit too: both are true, so the regression is checked in the report.
    expect(step.errors).toEqual([expect.stringMatching(/^loadgate: the gate failed \(fail\): /)]);
    expect(step.summary).toMatch(
      /^- (\S+: )?p50 \+[\d.]+ % \(\+[\d.]+ ms\) vs baseline: over the \+50 % fail limit/m,
    );
    expect(step.warnings).toEqual([]);
    const [comment, ...others] = shop.stickyComments(7);
    expect(others).toEqual([]);
    expect(comment?.author.login).toBe('github-actions[bot]');
    expect(comment?.body.split('\n')[0]).toBe(MARKER);
    expect(comment?.body).toMatch(/^### ❌ loadgate: fail — shop checkout$/m);
    // The job summary is the same report, and says where the baseline came from.
    expect(step.summary).toBe(`${comment?.body}\n`);
    const pushRun = push.run.runId;
    const runUrl = `${shop.fake.url}/${REPO.owner}/${REPO.repo}/actions/runs/${pushRun}`;
    expect(step.summary).toContain(
      `Baseline: commit ${MAIN.slice(0, 7)} (refs/heads/main) · [run ${pushRun}](${runUrl}) · measured `,
    );
    // The pull request is re-read from the API, never taken from the payload; its label events
    // are read for the accept label (never applied here: nothing more is asked).
    expect(apiRoutes(from)).toEqual([
      'get-pull',
      'compare',
      'list-issue-events',
      'get-user',
      'list-comments',
      'create-comment',
    ]);
    const paths = shop.fake.requests.slice(from).map((r) => `${r.method} ${r.path.split('?')[0]}`);
    expect(paths).toContain(
      `GET /repos/${REPO.owner}/${REPO.repo}/actions/runs/${pushRun}/artifacts`,
    );
    expect(paths.filter((p) => p.endsWith('/zip'))).toHaveLength(1);
    expect(shop.fake.requests.filter((r) => r.owner === 'none')).toEqual([]);
  });

  it('a second push to the pull request: updates the same comment, adds none', async () => {
    const [before] = shop.stickyComments(7);
    const bodyBefore = before?.body;
    const from = shop.fake.requests.length;
    const { step } = await shop.pullRequest(
      { number: 7, headSha: HEAD_2, baseSha: MAIN },
      { mergeBaseSha: MAIN, before: HEAD },
    );

    expect(step.code).toBe(1);
    expect(step.stdout).toMatch(/^updated the pull-request comment: /m);
    expect(shop.stickyComments(7)).toHaveLength(1);
    expect(apiRoutes(from)).toEqual([
      'get-pull',
      'compare',
      'list-issue-events',
      'get-user',
      'list-comments',
      'update-comment',
    ]);
    const patch = shop.fake.requests.slice(from).find((r) => r.route === 'update-comment');
    expect(patch?.path).toBe(`/repos/${REPO.owner}/${REPO.repo}/issues/comments/${before?.id}`);
    const [after] = shop.stickyComments(7);
    expect(after?.body).not.toBe(bodyBefore);
    expect(step.summary).toBe(`${after?.body}\n`);
    expect(patch?.body).toEqual({ body: after?.body });
  });
});

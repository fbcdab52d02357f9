/**
 * The fork pattern with the built action: the pull request's own run measures with a read-only
 * token, comments nowhere and uploads its results as `<name>-pr`; the trusted `workflow_run` run
 * (`mode: report`) reads them, re-checks the pull request's head from the API, compares with
 * main's baseline, comments once and sets the commit status on the head. A pull request whose
 * head moved away from the measured commit gets nothing. The steps build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRepository } from '../fakes/github-api/repository-object.js';
import {
  ARTIFACT,
  JOB_TOKEN,
  MARKER,
  READ_ONLY_TOKEN,
  REPO,
  ShopRepo,
  type StepRun,
  sha,
} from './e2e/shop-repo.js';

const MAIN = sha('a');
const HEAD = sha('b');
const MOVED = sha('c');
const PR = { number: 7, headSha: HEAD, baseSha: MAIN };

let shop: ShopRepo;
let push: StepRun;
let measure: StepRun;
beforeAll(async () => {
  shop = await ShopRepo.start();
  push = await shop.push(sha('0'), MAIN);
});
afterAll(() => shop?.close());

/** The report workflow's run, triggered by the completed measuring run `measured`. */
function report(measured: StepRun, headSha: string, on = shop): Promise<StepRun> {
  const { fake } = on;
  const run = fake.startRun({
    headSha: MAIN,
    branch: 'main',
    event: 'workflow_run',
    workflowFile: 'loadtest-report.yml',
  });
  const payload = {
    action: 'completed',
    workflow_run: {
      id: measured.run.runId,
      head_sha: headSha,
      path: '.github/workflows/loadtest.yml',
      event: 'pull_request',
    },
    repository: toRepository(fake.api.repository(REPO), fake.url),
  };
  const context = {
    eventName: 'workflow_run' as const,
    payload,
    sha: MAIN,
    ref: 'refs/heads/main',
  };
  return on.play(run, context, { mode: 'report' }, JOB_TOKEN);
}

/** The REST-API routes called since request number `from`. */
function apiRoutes(from: number) {
  return shop.fake.requests.slice(from).flatMap((r) => (r.owner === 'api' ? [r.route] : []));
}

describe('the fork pattern with the built action', { timeout: 60_000 }, () => {
  it('measuring half: read-only token, passes, no comment, uploads <name>-pr', async () => {
    expect(push.step.code).toBe(0);
    shop.setLatency(30);
    const from = shop.fake.requests.length;
    measure = await shop.pullRequest(PR, {
      mergeBaseSha: MAIN,
      token: READ_ONLY_TOKEN,
      inputs: { comment: 'false', 'fail-on': 'never', 'upload-results': 'true' },
    });
    const { step, run } = measure;

    expect(step.code).toBe(0);
    expect(step.outputs.verdict).toBe('fail');
    expect([...step.errors, ...step.warnings]).toEqual([]);
    expect(step.stdout).toContain(`uploaded the results as artifact ${ARTIFACT}-pr`);
    expect(shop.stickyComments(7)).toEqual([]);
    expect(apiRoutes(from)).not.toContain('create-comment');
    expect(shop.fake.api.statuses).toEqual([]);
    const mine = shop.fake.artifacts.artifacts.filter((a) => a.runId === run.runId);
    // The regression was re-measured (confirm: 1): what confirmed it travels with the results.
    expect(mine.map((a) => [a.body.name, a.finalized])).toEqual([
      [`${ARTIFACT}-report`, true],
      [`${ARTIFACT}-pr`, true],
      [`${ARTIFACT}-pr-confirm-1`, true],
    ]);
  });

  it('report half: one comment, the summary, a failure status on the head, exit 1', async () => {
    const from = shop.fake.requests.length;
    const { step } = await report(measure, HEAD);

    expect(step.code).toBe(1);
    expect(step.outputs.verdict).toBe('fail');
    expect(step.errors).toEqual([expect.stringMatching(/^loadgate: the gate failed \(fail\): /)]);
    expect(step.warnings).toEqual([]);
    const [comment, ...others] = shop.stickyComments(7);
    expect(others).toEqual([]);
    expect(comment?.author.login).toBe('github-actions[bot]');
    expect(comment?.body.split('\n')[0]).toBe(MARKER);
    expect(comment?.body).toMatch(/^### ❌ loadgate: fail — shop checkout$/m);
    expect(step.summary).toBe(`${comment?.body}\n`);
    const pushRun = push.run.runId;
    expect(step.summary).toContain(
      `Baseline: commit ${MAIN.slice(0, 7)} (refs/heads/main) · [run ${pushRun}](`,
    );
    expect(shop.fake.api.statuses).toEqual([
      {
        repo: REPO,
        sha: HEAD,
        status: expect.objectContaining({
          state: 'failure',
          context: `loadgate/${ARTIFACT}`,
          description: expect.stringMatching(/^fail: /),
          creator: expect.objectContaining({ login: 'github-actions[bot]' }),
        }),
      },
    ]);
    const routes = apiRoutes(from);
    // The pull request is read (and its merge base compared) once: the verified read also serves
    // the baseline lookup. The comment (who am I, list, create) and the status run concurrently.
    expect(routes.slice(0, 2)).toEqual(['get-pull', 'compare']);
    expect(routes.slice(2).sort()).toEqual([
      'create-comment',
      'create-status',
      'get-user',
      'list-comments',
    ]);
  });

  it('a head that moved after measuring: fails "not reporting on it", writes nothing', async () => {
    shop.fake.api.setPullRequest(REPO, {
      ...PR,
      headSha: MOVED,
      headRef: 'feature',
      baseRef: 'main',
    });
    const [before] = shop.stickyComments(7);
    const bodyBefore = before?.body;
    const from = shop.fake.requests.length;
    const { step } = await report(measure, HEAD);

    expect(step.code).toBe(1);
    expect(step.errors).toEqual([
      `loadgate: pull request #7 is at ${MOVED.slice(0, 7)}, but run ${measure.run.runId} measured ${HEAD.slice(0, 7)}: not reporting on it`,
    ]);
    expect(step.summary).toBe('');
    expect(apiRoutes(from)).toEqual(['get-pull', 'compare']);
    expect(shop.stickyComments(7).map((c) => c.body)).toEqual([bodyBefore]);
    expect(shop.fake.api.statuses).toHaveLength(1);
  });
});

describe('the fork pattern and confirm', { timeout: 60_000 }, () => {
  it('report mode confirms through the re-measure the measuring run kept: an odd first measurement only warns', async () => {
    const own = await ShopRepo.start();
    try {
      await own.push(sha('0'), MAIN);
      // The whole first measurement (500 requests) is 25 ms slower; the re-measure is not.
      own.slowDownFor(500, 30);
      const measured = await own.pullRequest(PR, {
        mergeBaseSha: MAIN,
        token: READ_ONLY_TOKEN,
        inputs: { comment: 'false', 'fail-on': 'never', 'upload-results': 'true' },
      });
      expect(measured.step.outputs.verdict).toBe('warn');
      expect(measured.step.stdout).toContain(
        `kept re-measure 1's results as artifact ${ARTIFACT}-pr-confirm-1`,
      );

      const { step } = await report(measured, HEAD, own);
      expect(step.errors).toEqual([]);
      expect(step.code).toBe(0);
      expect(step.outputs.verdict).toBe('warn');
      expect(own.stickyComments(7)[0]?.body).toContain('unconfirmed');
      expect(own.fake.api.statuses[0]?.status).toEqual(
        expect.objectContaining({ state: 'success' }),
      );
    } finally {
      await own.close();
    }
  });
});

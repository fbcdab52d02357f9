/**
 * The sticky comment when GitHub misbehaves, with the built action run as the runner runs it: a
 * server error and a secondary rate limit are retried into exactly one comment, and a read-only
 * token (a fork's pull request) costs the comment but neither the verdict nor the job summary.
 * Each case is its own pull request against one baseline, saved by a real push run first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_TOKEN, REPO, ShopRepo, sha } from './e2e/shop-repo.js';

const MAIN = sha('a');

let shop: ShopRepo;
beforeAll(async () => {
  shop = await ShopRepo.start();
  const { step } = await shop.push(sha('0'), MAIN);
  if (step.code !== 0) throw new Error(`the baseline push run failed:\n${step.stdout}`);
}, 60_000);
afterAll(() => shop?.close());

/** Pull request `number`, forked from main at MAIN, with a head commit of its own. */
function pullRequest(number: number, token?: string) {
  const pull = { number, headSha: sha(String.fromCharCode(98 + (number % 5))), baseSha: MAIN };
  return shop.pullRequest(pull, { mergeBaseSha: MAIN, ...(token ? { token } : {}) });
}

/** The statuses the create-comment route answered, in order. */
function createStatuses(number: number): number[] {
  const path = `/repos/${REPO.owner}/${REPO.repo}/issues/${number}/comments`;
  return shop.fake.requests
    .filter((r) => r.route === 'create-comment' && r.path === path)
    .map((r) => r.status);
}

describe('the built action when commenting meets GitHub faults', { timeout: 60_000 }, () => {
  it('a 502 on creating the comment is retried: one comment, the step passes', async () => {
    shop.fake.faults.failNext('create-comment', { kind: 'server-error', status: 502 });
    const { step } = await pullRequest(11);

    expect(createStatuses(11)).toEqual([502, 201]);
    expect(shop.stickyComments(11)).toHaveLength(1);
    expect(step.code).toBe(0);
    expect(step.outputs.verdict).toBe('pass');
    expect([...step.errors, ...step.warnings]).toEqual([]);
    expect(step.stdout).toMatch(/^created the pull-request comment: /m);
  });

  it('a secondary rate limit (429, retry-after 1) is waited out: one comment', async () => {
    const fault = { kind: 'secondary-rate-limit', status: 429, retryAfterSeconds: 1 } as const;
    shop.fake.faults.failNext('create-comment', fault);
    const { step } = await pullRequest(12);

    expect(createStatuses(12)).toEqual([429, 201]);
    expect(shop.stickyComments(12)).toHaveLength(1);
    expect(step.code).toBe(0);
    expect(step.stdout).toContain(
      `GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; retrying in 1 s.`,
    );
    expect([...step.errors, ...step.warnings]).toEqual([]);
  });

  it('a read-only token loses the comment only: a warning, the same verdict and summary', async () => {
    shop.setLatency(30);
    const { step } = await pullRequest(13, READ_ONLY_TOKEN);
    shop.setLatency(5);

    expect(createStatuses(13)).toEqual([403]);
    expect(shop.stickyComments(13)).toEqual([]);
    // GitHub's own reason and what still holds, whatever the exact wording around them.
    expect(step.warnings).toEqual([
      expect.stringMatching(
        /^could not post the pull-request comment\b.*HTTP 403 Resource not accessible by integration.*the verdict stands/,
      ),
    ]);
    // The regression still fails the step, and the job summary still holds the whole report.
    expect(step.code).toBe(1);
    expect(step.outputs.verdict).toBe('fail');
    expect(step.errors).toEqual([
      expect.stringMatching(/^loadgate: the gate failed \(fail\): p50 /),
    ]);
    expect(step.summary).toMatch(/^### ❌ loadgate: fail — shop checkout$/m);
    expect(step.summary).toContain(`Baseline: commit ${MAIN.slice(0, 7)} (refs/heads/main)`);
  });
});

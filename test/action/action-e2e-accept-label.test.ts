/**
 * Accepting a known regression with a label, end to end: the action run as the runner runs it,
 * against the fake GitHub (issue events, collaborator permission, comments, workflow runs and
 * artifacts) and a real loopback target whose requests are counted, so "a label event sends no
 * load" is checked where the load would arrive. The profile's gate: p50 fails at +50 % and at
 * least 10 ms; p95 has an absolute limit of 60 ms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT, REPO, ShopRepo, type StepRun, sha } from './e2e/shop-repo.js';

const LABEL = 'loadgate:accept-regression';
const MAIN = sha('a');
const PR = 41;

let shop: ShopRepo;
beforeEach(async () => {
  shop = await ShopRepo.start();
  shop.fake.api.setRole('octocat', 'write');
  shop.fake.api.setRole('reader', 'read');
});
afterEach(() => shop.close());

function pull(head: string) {
  return { number: PR, headSha: head, baseSha: MAIN };
}

/** The body of the pull request's one sticky comment. */
function comment(): string {
  const found = shop.stickyComments(PR);
  expect(found).toHaveLength(1);
  return found[0]?.body ?? '';
}

/** Runs `label` and checks that the target saw no request meanwhile. */
async function withoutLoad(label: () => Promise<StepRun>): Promise<StepRun> {
  const before = shop.target.requestCount();
  const ran = await label();
  expect(shop.target.requestCount()).toBe(before);
  expect(ran.step.stdout).toContain('no load is sent');
  return ran;
}

function byWriter(action: 'labeled' | 'unlabeled', head: string, inputs = {}) {
  return withoutLoad(() =>
    shop.labelPullRequest(pull(head), { action, label: LABEL, actor: 'octocat' }, { inputs }),
  );
}

describe('the built action with the accept label', { timeout: 120_000 }, () => {
  it('accepts a writer’s label, ignores a reader’s, keeps it within the band, lapses beyond it, withdraws it when removed', async () => {
    shop.setLatency(5);
    await shop.push(sha('0'), MAIN);

    // The pull request is 15 ms slower at the median: p50 fails, the step fails.
    shop.setLatency(20);
    const opened = await shop.pullRequest(pull(sha('b')), { mergeBaseSha: MAIN });
    expect(opened.step.code).toBe(1);
    expect(opened.step.errors[0]).toMatch(/^loadgate: the gate failed \(fail\): p50 \+/);
    expect(opened.step.stdout).toContain(`kept the results as artifact ${ARTIFACT}-pr`);

    // A reader's label does not count: said so, and the step still fails; no load is sent.
    const ignored = await withoutLoad(() =>
      shop.labelPullRequest(pull(sha('b')), { action: 'labeled', label: LABEL, actor: 'reader' }),
    );
    expect(ignored.step.code).toBe(1);
    expect(ignored.step.summary).toContain(
      'The label loadgate:accept-regression applied by @\u200Breader does not count: @\u200Breader has read access; only people with write access can accept a regression.',
    );
    expect(comment()).toContain('does not count');
    shop.fake.api.changeLabel(REPO, PR, { action: 'unlabeled', name: LABEL, actor: 'reader' });

    // A writer's label: accepted, the comment says by whom and at which values; the step passes.
    const accepted = await byWriter('labeled', sha('b'));
    expect(accepted.step.code).toBe(0);
    expect(accepted.step.outputs.verdict).toBe('warn');
    expect(accepted.step.errors).toEqual([]);
    const body = comment();
    expect(body).toContain('### ✅ loadgate: accepted — shop checkout');
    expect(body).toContain(
      '✅ accepted: 1 regression accepted by @\u200Boctocat (`loadgate:accept-regression`) on commit bbbbbbb.',
    );
    expect(body).toMatch(
      /\| whole run · p50 \| regression \| [\d.]+ ms \| [\d.]+ ms \| ≤ [\d.]+ ms \| 🏷️ accepted \(warns\) \|/,
    );
    expect(body).toMatch(/^<!-- loadgate:accepted:loadgate-checkout [A-Za-z0-9_-]+ -->$/m);
    expect(body).toContain('Re-judged for the labeled event from the results run');

    // A new commit within the accepted value plus the band stays accepted.
    shop.setLatency(23);
    const within = await shop.pullRequest(pull(sha('c')), { mergeBaseSha: MAIN, before: sha('b') });
    expect(within.step.code).toBe(0);
    expect(comment()).toMatch(/within the accepted [\d.]+ ms plus its noise band/);

    // Removing the label withdraws the acceptance: the step fails again, without load.
    const removed = await byWriter('unlabeled', sha('c'));
    expect(removed.step.code).toBe(1);
    expect(comment()).toContain(
      'The label loadgate:accept-regression was removed by @\u200Boctocat: the regressions it accepted gate again.',
    );

    // Applied again, it accepts this commit's values afresh.
    const again = await byWriter('labeled', sha('c'));
    expect(again.step.code).toBe(0);

    // A commit beyond the band: the acceptance lapses, the step fails and says why.
    shop.setLatency(38);
    const beyond = await shop.pullRequest(pull(sha('d')), { mergeBaseSha: MAIN, before: sha('c') });
    expect(beyond.step.code).toBe(1);
    expect(beyond.step.errors[0]).toMatch(
      /^loadgate: the gate failed \(fail\): Acceptance lapsed: p50 [\d.]+ ms is beyond the accepted [\d.]+ ms on ccccccc plus its noise band/,
    );
    expect(comment()).toContain('❌ lapsed: beyond its band');
  });

  it('a label event keeps what the run’s re-measure decided: an unconfirmed regression still only warns', async () => {
    shop.setLatency(5);
    await shop.push(sha('0'), MAIN);

    // One odd measurement: the first 500 requests (the whole first run) are 20 ms slower, the
    // re-measure (confirm: 1, the pull-request default) is not. The run warns, and passes.
    shop.slowDownFor(500, 25);
    const opened = await shop.pullRequest(pull(sha('b')), { mergeBaseSha: MAIN });
    expect(opened.step.code).toBe(0);
    expect(opened.step.outputs.verdict).toBe('warn');
    expect(opened.step.stdout).toContain(
      `kept re-measure 1's results as artifact ${ARTIFACT}-pr-confirm-1`,
    );
    expect(comment()).toContain('unconfirmed');

    // Any label re-judges the kept results: with the re-measure kept, the check still says
    // what the run's check said, not the first measurement's failure.
    const other = await withoutLoad(() =>
      shop.labelPullRequest(
        pull(sha('b')),
        { action: 'labeled', label: 'documentation', actor: 'octocat' },
        {},
      ),
    );
    expect(other.step.errors).toEqual([]);
    expect(other.step.code).toBe(0);
    expect(other.step.outputs.verdict).toBe('warn');
    expect(comment()).toContain('unconfirmed');
    expect(comment()).toContain('Re-judged for the labeled event from the results run');

    // Without the kept re-measure (a run made before they were kept), the first measurement
    // alone decides: the failure it had before confirming.
    const kept = shop.fake.artifacts.artifacts;
    const at = kept.findIndex((a) => a.body.name === `${ARTIFACT}-pr-confirm-1`);
    expect(at).toBeGreaterThanOrEqual(0);
    kept.splice(at, 1);
    const bare = await withoutLoad(() =>
      shop.labelPullRequest(
        pull(sha('b')),
        { action: 'labeled', label: 'documentation', actor: 'octocat' },
        {},
      ),
    );
    expect(bare.step.code).toBe(1);
  });

  it('an SLO breach is not accepted under accept-scope: regressions, and is under all', async () => {
    shop.setLatency(5);
    await shop.push(sha('0'), MAIN);
    shop.setLatency(70);
    const opened = await shop.pullRequest(pull(sha('b')), { mergeBaseSha: MAIN });
    expect(opened.step.code).toBe(1);

    const regressionsOnly = await byWriter('labeled', sha('b'));
    expect(regressionsOnly.step.code).toBe(1);
    expect(regressionsOnly.step.errors[0]).toMatch(
      /^loadgate: the gate failed \(fail\): p95 [\d.]+ ms, needs <= 60 ms \(critical\)/,
    );
    expect(comment()).toContain(
      'an absolute threshold (SLO) cannot be accepted with accept-scope: regressions',
    );

    shop.fake.api.changeLabel(REPO, PR, { action: 'unlabeled', name: LABEL, actor: 'octocat' });
    const all = await byWriter('labeled', sha('b'), { 'accept-scope': 'all' });
    expect(all.step.code).toBe(0);
    expect(comment()).toContain(
      '✅ accepted: 1 regression and 1 threshold (SLO) accepted by @\u200Boctocat',
    );
    expect(comment()).toMatch(/\| whole run · p95 &lt;= 60 ms \(critical\) \| SLO \| [\d.]+ ms \|/);
  });

  it('a label event before any run kept results cannot judge, and fails saying why', async () => {
    const early = await withoutLoad(() =>
      shop.labelPullRequest(pull(sha('b')), { action: 'labeled', label: LABEL, actor: 'octocat' }),
    );
    expect(early.step.code).toBe(1);
    expect(early.step.errors[0]).toMatch(
      /^loadgate: no completed run of loadtest\.yml at bbbbbbb kept its results \(artifact loadgate-checkout-pr\) yet/,
    );
  });
});

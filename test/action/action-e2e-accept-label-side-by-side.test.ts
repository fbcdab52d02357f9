/**
 * The accept label on a pull request measured side by side (input baseline-target), end to end:
 * the action as the runner runs it, against the fake GitHub and two real loopback targets. The
 * label event must judge the kept target results against the baseline target measured next to
 * them (kept by the same run), never against main's stored baseline, so its check says what the
 * run's check said. Main's stored baseline is made as slow as the pull request on purpose: judged
 * against it, there would be no regression to accept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAcceptanceRecord } from '../../src/core/judge/accept-record.js';
import { startTargetServer, type TargetServer } from '../helpers/target-server.js';
import { ARTIFACT, ShopRepo, type StepRun, sha } from './e2e/shop-repo.js';

const LABEL = 'loadgate:accept-regression';
const MAIN = sha('a');
const PR = 42;
/** The pull request's target answers in 40 ms, main's deployment (side A) in 20 ms. */
const PR_MS = 40;
const MAIN_MS = 20;

let shop: ShopRepo;
let mainDeployment: TargetServer;
beforeEach(async () => {
  shop = await ShopRepo.start();
  shop.fake.api.setRole('octocat', 'write');
  mainDeployment = await startTargetServer({ latencyMs: () => MAIN_MS });
});
afterEach(async () => {
  await shop.close();
  await mainDeployment.close();
});

function pull(head: string) {
  return { number: PR, headSha: head, baseSha: MAIN };
}

/** A side-by-side run's inputs; confirm 0 keeps the verdict the first measurement's. */
function sideBySide(): Record<string, string> {
  return { 'baseline-target': mainDeployment.url, confirm: '0' };
}

function comment(): string {
  const found = shop.stickyComments(PR);
  expect(found).toHaveLength(1);
  return found[0]?.body ?? '';
}

/** Applies the label as a writer, and checks that neither target saw a request meanwhile. */
async function labelWithoutLoad(head: string): Promise<StepRun> {
  const before = [shop.target.requestCount(), mainDeployment.requestCount()];
  const ran = await shop.labelPullRequest(
    pull(head),
    { action: 'labeled', label: LABEL, actor: 'octocat' },
    { inputs: sideBySide() },
  );
  expect([shop.target.requestCount(), mainDeployment.requestCount()]).toEqual(before);
  expect(ran.step.stdout).toContain('no load is sent');
  return ran;
}

const PAIRED =
  /measured side by side against `?http:\/\/127\.0\.0\.1:\d+`? \(paired over \d+ windows?/;

describe('the accept label on a side-by-side pull request', { timeout: 120_000 }, () => {
  it('keeps both sides, and the label event re-judges them paired, accepting the run’s values', async () => {
    // Main's stored baseline is as slow as the pull request: it must play no part.
    shop.setLatency(PR_MS);
    await shop.push(sha('0'), MAIN);

    const opened = await shop.pullRequest(pull(sha('b')), {
      mergeBaseSha: MAIN,
      inputs: sideBySide(),
    });
    expect(opened.step.code).toBe(1);
    expect(opened.step.errors[0]).toMatch(/^loadgate: the gate failed \(fail\): p50 \+/);
    expect(opened.step.stdout).toContain(`kept the results as artifact ${ARTIFACT}-pr`);
    expect(opened.step.stdout).toContain(
      `kept the baseline target's results as artifact ${ARTIFACT}-pr-baseline`,
    );
    expect(comment()).toMatch(PAIRED);
    const runP50Ms = Number(opened.step.outputs['p50-ms']);
    expect(runP50Ms).toBeGreaterThan(MAIN_MS);

    const accepted = await labelWithoutLoad(sha('b'));
    expect(accepted.step.errors).toEqual([]);
    expect(accepted.step.code).toBe(0);
    expect(accepted.step.outputs.verdict).toBe('warn');
    const body = comment();
    expect(body).toMatch(PAIRED);
    expect(body).toContain('Re-judged for the labeled event from the results run');
    expect(body).toContain(
      '✅ accepted: 1 regression accepted by @\u200Boctocat (`loadgate:accept-regression`) on commit bbbbbbb.',
    );
    // The accepted value is the run's own p50, the one its paired verdict failed on.
    const record = findAcceptanceRecord([body], ARTIFACT).record;
    expect(record?.rows).toEqual([
      expect.objectContaining({ scope: 'all', metric: 'p50', kind: 'regression' }),
    ]);
    expect(record?.rows[0]?.value).toBeCloseTo(runP50Ms, 6);

    // A new commit measured side by side keeps the acceptance: the same kind of verdict.
    const within = await shop.pullRequest(pull(sha('c')), {
      mergeBaseSha: MAIN,
      before: sha('b'),
      inputs: sideBySide(),
    });
    expect(within.step.code).toBe(0);
    expect(comment()).toMatch(PAIRED);
    expect(comment()).toMatch(/within the accepted [\d.]+ ms plus its noise band/);
  });

  it('a side-by-side run that kept no baseline target results is not re-judged against main', async () => {
    shop.setLatency(PR_MS);
    await shop.push(sha('0'), MAIN);
    const opened = await shop.pullRequest(pull(sha('b')), {
      mergeBaseSha: MAIN,
      inputs: sideBySide(),
    });
    expect(opened.step.code).toBe(1);
    // As a run made before the other side was kept: only the target's results are there.
    const kept = shop.fake.artifacts.artifacts;
    const side = kept.findIndex((a) => a.body.name === `${ARTIFACT}-pr-baseline`);
    expect(side).toBeGreaterThanOrEqual(0);
    kept.splice(side, 1);
    const label = await labelWithoutLoad(sha('b'));
    expect(label.step.code).toBe(1);
    expect(label.step.errors[0]).toMatch(
      /^loadgate: run \d+ measured bbbbbbb side by side but kept no baseline target results/,
    );
  });
});

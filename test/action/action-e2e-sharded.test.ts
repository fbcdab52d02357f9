/**
 * The built action in a sharded workflow, as examples/workflows/sharded.yml runs it: a matrix of
 * two shard jobs of one workflow run (started together, both waiting for one start-at) and the
 * merge job that needs them, against the fake GitHub and a loopback target. The shards only
 * measure and upload; the merge job alone judges, comments and saves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT, ShopRepo, sha } from './e2e/shop-repo.js';

const MAIN = sha('a');
/**
 * Time for both shard processes to start and connect before the agreed start; half the shop
 * profile's rate, so two load generators and their target share this machine's cores without
 * the generators falling behind (the gate under test here is the fan-in, not the target).
 */
const SHARDED = { count: 2, startInMs: 8_000, inputs: { rate: '50' } };

let shop: ShopRepo;
beforeEach(async () => {
  shop = await ShopRepo.start();
});
afterEach(() => shop.close());

/** The finalized artifacts of workflow run `runId`, by name. */
function artifactsOf(runId: number): string[] {
  return shop.fake.artifacts.artifacts
    .filter((a) => a.runId === runId && a.finalized)
    .map((a) => a.body.name)
    .sort();
}

describe('the built action, sharded: a 2-shard matrix and its merge job', {
  timeout: 120_000,
}, () => {
  it('main saves one baseline (the merged run); a pull request then gets exactly one comment', async () => {
    const push = shop.pushRun(sha('0'), MAIN);
    const onMain = await shop.sharded(push.run, push.context, SHARDED);

    for (const [i, shard] of onMain.shards.entries()) {
      expect(shard.code, shard.stdout).toBe(0);
      expect(shard.errors).toEqual([]);
      expect(shard.summary).toContain(
        `### loadgate: shard ${i + 1} of 2 of shop checkout measured`,
      );
      expect(shard.stdout).toContain(
        `uploaded shard ${i + 1}/2 as artifact ${ARTIFACT}-shard-${i + 1} for the merge job`,
      );
      // A shard has no verdict, so no verdict output.
      expect(shard.outputs.verdict).toBeUndefined();
    }
    expect(onMain.merge.code, onMain.merge.stdout).toBe(0);
    expect(onMain.merge.errors).toEqual([]);
    expect(onMain.merge.outputs.verdict).toBe('pass');
    // 50 req/s for 5 s, half from each shard: every planned arrival of the profile, once.
    expect(onMain.merge.stdout).toMatch(/^merged 2 shards: 250 requests over 5\.\d s$/m);
    expect(onMain.merge.stdout).toContain(`saved the baseline as artifact ${ARTIFACT}`);
    // One baseline, one history and one HTML report, all the merge job's; the shards' own
    // uploads beside them.
    expect(artifactsOf(push.run.runId)).toEqual([
      ARTIFACT,
      `${ARTIFACT}-history`,
      `${ARTIFACT}-report`,
      `${ARTIFACT}-shard-1`,
      `${ARTIFACT}-shard-2`,
    ]);

    const pull = { number: 31, headSha: sha('b'), baseSha: MAIN };
    const pr = shop.pullRequestRun(pull, { mergeBaseSha: MAIN });
    const onPr = await shop.sharded(pr.run, pr.context, SHARDED);

    for (const shard of onPr.shards) {
      expect(shard.code, shard.stdout).toBe(0);
      expect(shard.errors).toEqual([]);
    }
    expect(onPr.merge.code, onPr.merge.stdout).toBe(0);
    expect(onPr.merge.outputs.verdict).toBe('pass');
    // Exactly one comment on the pull request: the merge job's, compared with main's merged run.
    expect(shop.fake.api.commentsOn({ owner: 'acme', repo: 'shop' }, 31)).toHaveLength(1);
    const [comment] = shop.stickyComments(31);
    expect(comment?.body.trim()).toBe(onPr.merge.summary.trim());
    expect(comment?.body).toContain(`Baseline: commit ${MAIN.slice(0, 7)}`);
    // A pull request saves no baseline: only the merge job's HTML report and the shards' uploads
    // are in its run.
    expect(artifactsOf(pr.run.runId)).toEqual([
      `${ARTIFACT}-report`,
      `${ARTIFACT}-shard-1`,
      `${ARTIFACT}-shard-2`,
    ]);
  });

  it('a shard that uploaded nothing fails the merge step, naming it; nothing is commented', async () => {
    const pull = { number: 32, headSha: sha('c'), baseSha: MAIN };
    const { run, context } = shop.pullRequestRun(pull, { mergeBaseSha: MAIN });
    // Shard 2's job never ran (cancelled, or its runner never came): only shard 1 uploaded.
    const first = await shop.job(run, context, { shard: '1/2', rate: '50' });
    expect(first.code, first.stdout).toBe(0);

    const merge = await shop.job(run, context, { mode: 'merge' });

    expect(merge.code).toBe(1);
    expect(merge.errors).toContain(
      'loadgate: cannot merge the shards: shards: shard 2 of 2 is missing (a shard job that failed, was cancelled or skipped uploads nothing: see its log, then re-run it)',
    );
    expect(merge.stdout).not.toMatch(/internal error|\n\s+at /);
    expect(shop.fake.api.commentsOn({ owner: 'acme', repo: 'shop' }, 32)).toEqual([]);
    expect(artifactsOf(run.runId)).toEqual([`${ARTIFACT}-shard-1`]);
  });
});

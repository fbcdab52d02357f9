import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_NAME, findOnMain, seedRun, sha } from './seed-baseline-runs.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

let h: StoreHarness;
beforeAll(async () => {
  h = await startStoreHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

describe('ArtifactBaselineStore.find picks the right base', { timeout: 10_000 }, () => {
  it('prefers the run at the merge base over newer runs', async () => {
    const atBase = await seedRun(h, sha('b'), '2025-03-02T10:00:00Z');
    await seedRun(h, sha('c'), '2025-03-03T10:00:00Z');
    expect(await findOnMain(h, sha('b'))).toMatchObject({
      kind: 'found',
      exactMergeBase: true,
      ref: {
        runId: atBase,
        commit: sha('b'),
        branch: 'main',
        artifactName: ARTIFACT_NAME,
        createdAt: '2025-03-02T10:00:00Z',
        runUrl: `${h.fake.url}/acme/shop/actions/runs/${atBase}`,
      },
    });
  });

  it('falls back to the nearest earlier run when the merge-base run has no artifact', async () => {
    await seedRun(h, sha('a'), '2025-03-01T08:00:00Z');
    const nearest = await seedRun(h, sha('1'), '2025-03-01T10:00:00Z');
    await seedRun(h, sha('b'), '2025-03-02T10:00:00Z', 'none');
    await seedRun(h, sha('c'), '2025-03-03T10:00:00Z');
    expect(await findOnMain(h, sha('b'))).toMatchObject({
      kind: 'found',
      exactMergeBase: false,
      ref: { runId: nearest, commit: sha('1') },
    });
  });

  it('cuts off at the merge-base commit’s date when that commit never ran', async () => {
    const nearest = await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    await seedRun(h, sha('c'), '2025-03-03T10:00:00Z');
    h.fake.state.addCommit(sha('b'), '2025-03-02T09:00:00Z');
    expect(await findOnMain(h, sha('b'))).toMatchObject({
      kind: 'found',
      exactMergeBase: false,
      ref: { runId: nearest },
    });
    expect(h.fake.requests).toContain(`GET /repos/acme/shop/commits/${sha('b')}?per_page=1`);
  });

  it('takes the newest run when there is no merge base', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    const newest = await seedRun(h, sha('c'), '2025-03-03T10:00:00Z');
    expect(await findOnMain(h)).toMatchObject({ kind: 'found', ref: { runId: newest } });
  });

  it('ignores failed runs, other branches and other workflows', async () => {
    const good = await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    await seedRun(h, sha('c'), '2025-03-03T10:00:00Z', 'fresh', { conclusion: 'failure' });
    await seedRun(h, sha('d'), '2025-03-04T10:00:00Z', 'fresh', { branch: 'feature' });
    await seedRun(h, sha('e'), '2025-03-05T10:00:00Z', 'fresh', { workflowFile: 'other.yml' });
    expect(await findOnMain(h)).toMatchObject({ kind: 'found', ref: { runId: good } });
  });

  it('skips an expired artifact for an older one that is still kept', async () => {
    const kept = await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    await seedRun(h, sha('b'), '2025-03-02T10:00:00Z', 'expired');
    expect(await findOnMain(h, sha('b'))).toMatchObject({
      kind: 'found',
      exactMergeBase: false,
      ref: { runId: kept },
    });
  });
});

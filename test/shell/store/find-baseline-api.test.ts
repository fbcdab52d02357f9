import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOnMain, seedRun, sha } from './seed-baseline-runs.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

let h: StoreHarness;
beforeAll(async () => {
  h = await startStoreHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

const runLists = () => h.fake.requests.filter((r) => r.includes('/runs?'));
const artifactLists = () => h.fake.requests.filter((r) => r.includes('/artifacts?'));

describe('ArtifactBaselineStore.find against the REST API', { timeout: 10_000 }, () => {
  it('reads one page of runs when the newest run has the artifact', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    for (let day = 2; day <= 25; day += 1) {
      await seedRun(h, sha('f'), `2025-03-${String(day).padStart(2, '0')}T10:00:00Z`);
    }
    expect(await findOnMain(h)).toMatchObject({ kind: 'found', ref: { commit: sha('f') } });
    expect([runLists().length, artifactLists().length]).toEqual([1, 1]);
  });

  it('pages on through runs lazily to reach an older artifact', async () => {
    const old = await seedRun(h, sha('a'), '2025-01-01T10:00:00Z');
    for (let day = 1; day <= 25; day += 1) {
      await seedRun(h, sha('f'), `2025-02-${String(day).padStart(2, '0')}T10:00:00Z`, 'none');
    }
    expect(await findOnMain(h)).toMatchObject({ kind: 'found', ref: { runId: old } });
    expect(runLists()).toHaveLength(2);
  });

  it('asks the API only for runs created up to the cut-off', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z', 'none');
    h.fake.state.addCommit(sha('b'), '2025-03-02T09:00:00Z');
    await findOnMain(h, sha('b'));
    expect(runLists()[1]).toContain(`created=${encodeURIComponent('<=2025-03-02T09:00:00Z')}`);
  });

  it('retries a 5xx once and then succeeds (createOctokit’s retry plugin)', async () => {
    const runId = await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    h.fake.failNext('/repos/acme/shop/actions/workflows/', 1, 502);
    h.fake.failNext(`/repos/acme/shop/actions/runs/${runId}/artifacts`, 1, 503);
    expect(await findOnMain(h)).toMatchObject({ kind: 'found', ref: { runId } });
    expect([runLists().length, artifactLists().length]).toEqual([2, 2]);
  });

  it('gives up with the API error when the 5xx persists', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    h.fake.failNext('/repos/acme/shop/actions/workflows/', 10, 500);
    await expect(findOnMain(h)).rejects.toMatchObject({ status: 500 });
    // createOctokit was told to retry twice: three attempts in all.
    expect(runLists()).toHaveLength(3);
  });
});

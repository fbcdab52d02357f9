import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACT_NAME, findOnMain, seedRun, sha } from './seed-baseline-runs.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

let h: StoreHarness;
beforeAll(async () => {
  h = await startStoreHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

describe('ArtifactBaselineStore.find says why there is no baseline', { timeout: 10_000 }, () => {
  it('when the newest baseline artifacts have all expired', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z', 'expired');
    const newest = await seedRun(h, sha('b'), '2025-03-02T10:00:00Z', 'expired');
    const lookup = await findOnMain(h, sha('b'));
    expect(lookup.kind).toBe('none');
    if (lookup.kind !== 'none') return;
    expect(lookup.reason).toMatch(
      new RegExp(
        `^the newest baseline artifacts have expired: ${ARTIFACT_NAME} of run ${newest} ` +
          '\\(commit bbbbbbb\\) expired on \\d{4}-\\d\\d-\\d\\d;',
      ),
    );
    expect(lookup.reason).toContain('90 days by default');
  });

  it('when the workflow never succeeded on the branch', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z', 'fresh', { conclusion: 'failure' });
    expect(await findOnMain(h)).toEqual({
      kind: 'none',
      reason: 'no successful run of loadtest.yml on main yet',
    });
  });

  it('when the branch only ran after the merge base', async () => {
    await seedRun(h, sha('c'), '2025-03-03T10:00:00Z');
    h.fake.state.addCommit(sha('b'), '2025-03-02T09:00:00Z');
    expect(await findOnMain(h, sha('b'))).toEqual({
      kind: 'none',
      reason: 'no successful run of loadtest.yml on main at or before the merge base bbbbbbb yet',
    });
  });

  it('when runs never uploaded the artifact', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z', 'none');
    expect(await findOnMain(h)).toEqual({
      kind: 'none',
      reason: `no successful run of loadtest.yml on main has the artifact ${ARTIFACT_NAME} yet`,
    });
  });

  it('when it stopped after checking maxRunsChecked runs', async () => {
    await seedRun(h, sha('a'), '2025-03-01T10:00:00Z');
    for (const day of [2, 3, 4])
      await seedRun(h, sha(String(day)), `2025-03-0${day}T10:00:00Z`, 'none');
    expect(await findOnMain(h, undefined, { maxRunsChecked: 3 })).toEqual({
      kind: 'none',
      reason: `none of the 3 newest successful runs of loadtest.yml on main has the artifact ${ARTIFACT_NAME}`,
    });
    expect(h.fake.requests.filter((r) => r.includes('/artifacts?'))).toHaveLength(3);
  });

  it('when the workflow file does not exist', async () => {
    const lookup = await findOnMain(h, undefined, { workflowFile: 'missing.yml' });
    expect(lookup).toEqual({
      kind: 'none',
      reason:
        'workflow missing.yml was not found in acme/shop (or the token cannot read its Actions runs)',
    });
  });
});

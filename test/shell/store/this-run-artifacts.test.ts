import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionsThisRunArtifacts } from '../../../src/shell/store/this-run-artifacts.js';
import { makeZip } from '../../fakes/artifact-service/make-zip.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

let h: StoreHarness;
beforeAll(async () => {
  h = await startStoreHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

function addRun(sha: string): number {
  return Number(
    h.fake.state.addRun({ headSha: sha.repeat(40), createdAt: '2025-03-01T10:00:00Z' }).id,
  );
}

describe('ActionsThisRunArtifacts', { timeout: 20_000 }, () => {
  it('uploads, lists and downloads the artifacts of this run, never another run’s', async () => {
    const thisRun = addRun('a');
    const otherRun = addRun('b');
    h.fake.state.addArtifact(otherRun, {
      name: 'loadgate-checkout-shard-3',
      zip: await makeZip([{ name: 'loadgate-results.json', content: '{"other":true}' }]),
    });
    // Two matrix jobs of this run upload their shard, as the action's shard steps do.
    h.actAsRun(thisRun);
    const store = new ActionsThisRunArtifacts({ tempDir: h.tempDir });
    for (const index of [1, 2]) {
      const dir = join(h.tempDir, `job-${index}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'loadgate-results.json'), `{"shard":${index}}`);
      await store.upload(join(dir, 'loadgate-results.json'), `loadgate-checkout-shard-${index}`, 1);
    }

    const listed = await store.list();

    expect(listed.map((a) => a.name).sort()).toEqual([
      'loadgate-checkout-shard-1',
      'loadgate-checkout-shard-2',
    ]);
    const second = listed.find((a) => a.name === 'loadgate-checkout-shard-2');
    if (!second) throw new Error('shard 2 not listed');
    expect(await store.download(second)).toBe('{"shard":2}');
    // Kept one day, as asked.
    const kept = h.fake.state.artifacts.find((a) => a.body.name === second.name)?.body.expires_at;
    const days = (Date.parse(kept ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(0.9);
    expect(days).toBeLessThanOrEqual(1);
    // In-run calls only: nothing went through the REST API, which would need a token.
    expect(h.fake.requests.filter((r) => r.includes('/repos/'))).toEqual([]);
  });

  // The service resolves a download by name within the job's run, so only the listing is
  // ours to check here.
  it('of a name uploaded by two attempts, lists the newest only', async () => {
    const run = addRun('c');
    const older = h.fake.state.addArtifact(run, {
      name: 'loadgate-checkout-shard-1',
      zip: await makeZip([{ name: 'r.json', content: '1' }]),
    });
    const newer = h.fake.state.addArtifact(run, {
      name: 'loadgate-checkout-shard-1',
      zip: await makeZip([{ name: 'r.json', content: '2' }]),
    });
    h.actAsRun(run);
    const store = new ActionsThisRunArtifacts({ tempDir: h.tempDir });

    const listed = await store.list();

    expect(newer.id).toBeGreaterThan(older.id);
    expect(listed).toEqual([{ id: newer.id, name: 'loadgate-checkout-shard-1' }]);
  });

  it('an artifact without one .json file is an error naming it as this run’s', async () => {
    const run = addRun('d');
    const artifact = h.fake.state.addArtifact(run, {
      name: 'loadgate-checkout-shard-1',
      zip: await makeZip([{ name: 'notes.txt', content: 'hello' }]),
    });
    h.actAsRun(run);
    const store = new ActionsThisRunArtifacts({ tempDir: h.tempDir });

    await expect(store.download({ id: artifact.id, name: artifact.name })).rejects.toThrow(
      `artifact loadgate-checkout-shard-1 (id ${artifact.id}) of this workflow run holds no .json results file (it holds notes.txt)`,
    );
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BaselineRef } from '../../../src/ports.js';
import { makeZip } from '../../fakes/artifact-service/make-zip.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

const repo = { owner: 'acme', repo: 'shop' };
const MERGE_BASE = 'a'.repeat(40);
const RESULTS = `${JSON.stringify({ schema: 'loadgate/results@1', p95Ms: 12.5 }, null, 2)}\n`;

let h: StoreHarness;
beforeAll(async () => {
  h = await startStoreHarness();
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

/** `METHOD /path` of a logged request, with a blob's id generalised and its `comp` kept. */
function describeCall(line: string): string {
  const url = new URL(line.slice(line.indexOf(' ') + 1), 'http://fake');
  const path = url.pathname.replace(/actions-results\/\d+\.zip/, 'actions-results/{id}.zip');
  const comp = url.searchParams.get('comp');
  return `${line.slice(0, line.indexOf(' '))} ${path}${comp ? ` comp=${comp}` : ''}`;
}

/** Seeds a successful main run at MERGE_BASE holding `zip` as artifact `loadgate-checkout`. */
async function seedBaseline(zip: Buffer): Promise<BaselineRef> {
  const run = h.fake.state.addRun({ headSha: MERGE_BASE, createdAt: '2025-03-01T10:00:00Z' });
  h.fake.state.addArtifact(Number(run.id), { name: 'loadgate-checkout', zip });
  const lookup = await h.makeStore().find({
    repo,
    workflowFile: 'loadtest.yml',
    branch: 'main',
    mergeBaseSha: MERGE_BASE,
    artifactName: 'loadgate-checkout',
  });
  if (lookup.kind !== 'found') throw new Error(`expected a baseline, got: ${lookup.reason}`);
  return lookup.ref;
}

describe('ArtifactBaselineStore save and download', { timeout: 20_000 }, () => {
  it('saves a results file, finds it at the merge base and downloads the same text', async () => {
    const run = h.fake.state.addRun({ headSha: MERGE_BASE, createdAt: '2025-03-01T10:00:00Z' });
    h.actAsRun(Number(run.id));
    const dir = join(h.tempDir, 'out');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'checkout.json'), RESULTS);
    const store = h.makeStore();

    await store.save(join(dir, 'checkout.json'), 'loadgate-checkout', 30);
    const lookup = await store.find({
      repo,
      workflowFile: 'loadtest.yml',
      branch: 'main',
      mergeBaseSha: MERGE_BASE,
      artifactName: 'loadgate-checkout',
    });

    expect(lookup).toMatchObject({
      kind: 'found',
      exactMergeBase: true,
      ref: { runId: Number(run.id), commit: MERGE_BASE, branch: 'main' },
    });
    if (lookup.kind !== 'found') return;
    expect(await store.download(repo, lookup.ref)).toBe(RESULTS);
    const uploaded = h.fake.state.artifacts[0]?.body;
    // retentionDays reached the service as an expiry about 30 days out.
    const daysKept = (Date.parse(uploaded?.expires_at ?? '') - Date.now()) / 86_400_000;
    expect(daysKept).toBeGreaterThan(29);
    expect(daysKept).toBeLessThanOrEqual(30);
    expect(uploaded?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(h.fake.requests.map(describeCall)).toEqual([
      'POST /twirp/github.actions.results.api.v1.ArtifactService/CreateArtifact',
      'PUT /devstoreaccount1/actions-results/{id}.zip comp=block',
      'PUT /devstoreaccount1/actions-results/{id}.zip comp=blocklist',
      'POST /twirp/github.actions.results.api.v1.ArtifactService/FinalizeArtifact',
      'GET /repos/acme/shop/actions/workflows/loadtest.yml/runs',
      `GET /repos/acme/shop/actions/runs/${run.id}/artifacts`,
      `GET /repos/acme/shop/actions/artifacts/${lookup.ref.artifactId}/zip`,
      'GET /devstoreaccount1/actions-results/{id}.zip',
    ]);
    expect(h.fake.unhandled).toEqual([]);
  });

  it('returns a corrupt results file as it is: validating it is the caller’s job', async () => {
    const ref = await seedBaseline(await makeZip([{ name: 'checkout.json', content: '{"p95' }]));
    expect(await h.makeStore().download(repo, ref)).toBe('{"p95');
  });

  it('finds the results file in a subfolder of the artifact', async () => {
    const zip = await makeZip([{ name: 'results/checkout.json', content: RESULTS }]);
    expect(await h.makeStore().download(repo, await seedBaseline(zip))).toBe(RESULTS);
  });

  it('throws a clear error when the artifact holds no JSON file', async () => {
    const ref = await seedBaseline(await makeZip([{ name: 'notes.txt', content: 'hello' }]));
    await expect(h.makeStore().download(repo, ref)).rejects.toThrow(
      /baseline artifact loadgate-checkout \(id \d+\) of run \d+ holds no \.json results file \(it holds notes\.txt\)/,
    );
  });

  it('throws a clear error when the artifact holds two JSON files', async () => {
    const zip = await makeZip([
      { name: 'a.json', content: '{}' },
      { name: 'b.json', content: '{}' },
    ]);
    await expect(h.makeStore().download(repo, await seedBaseline(zip))).rejects.toThrow(
      /holds 2 \.json files \(a\.json, b\.json\); expected one/,
    );
  });

  it('says which artifact could not be downloaded when it expired after the lookup', async () => {
    const ref = await seedBaseline(await makeZip([{ name: 'checkout.json', content: RESULTS }]));
    const stored = h.fake.state.artifacts.find((a) => a.body.id === ref.artifactId);
    if (stored) stored.body.expired = true;
    await expect(h.makeStore().download(repo, ref)).rejects.toThrow(
      new RegExp(
        `could not download baseline artifact loadgate-checkout \\(id ${ref.artifactId}\\)`,
      ),
    );
  });

  it('serves @actions/artifact’s same-run download too (ListArtifacts, GetSignedArtifactURL)', async () => {
    const run = h.fake.state.addRun({ headSha: MERGE_BASE, createdAt: '2025-03-01T10:00:00Z' });
    const zip = await makeZip([{ name: 'checkout.json', content: RESULTS }]);
    const artifact = h.fake.state.addArtifact(Number(run.id), { name: 'loadgate-checkout', zip });
    h.actAsRun(Number(run.id));
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const path = join(h.tempDir, 'same-run');

    await new DefaultArtifactClient().downloadArtifact(artifact.id, { path });

    expect(await readFile(join(path, 'checkout.json'), 'utf8')).toBe(RESULTS);
    expect(h.fake.requests.filter((r) => r.startsWith('POST /twirp/'))).toEqual([
      'POST /twirp/github.actions.results.api.v1.ArtifactService/ListArtifacts',
      'POST /twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL',
    ]);
  });
});

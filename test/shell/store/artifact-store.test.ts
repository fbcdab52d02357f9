import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactBaselineStore } from '../../../src/shell/store/artifact-baseline-store.js';
import {
  chooseRetentionDays,
  GitHubArtifactStore,
  type GitHubArtifactStoreOptions,
} from '../../../src/shell/store/artifact-store.js';
import { makeZip } from '../../fakes/artifact-service/make-zip.js';
import { type StoreHarness, startStoreHarness } from './store-harness.js';

const repo = { owner: 'acme', repo: 'shop' };
const NAME = 'loadgate-history';
const DAY_MS = 86_400_000;

let h: StoreHarness;
let zip: Buffer;
beforeAll(async () => {
  h = await startStoreHarness();
  zip = await makeZip([{ name: 'history.json', content: '{}' }]);
});
afterAll(() => h.stop());
beforeEach(() => h.fake.reset());

function makeStore(options: Partial<GitHubArtifactStoreOptions> = {}) {
  return new GitHubArtifactStore({
    octokit: h.octokit,
    token: 'test-token',
    tempDir: h.tempDir,
    ...options,
  });
}

/** Seeds a run at `day` (2025-03-<day>) that uploaded artifact `name` then. */
function seedArtifact(day: number, options: { expired?: boolean; name?: string } = {}) {
  const createdAt = `2025-03-${String(day).padStart(2, '0')}T10:00:00Z`;
  const run = h.fake.state.addRun({ headSha: String(day % 10).repeat(40), createdAt });
  const artifact = h.fake.state.addArtifact(Number(run.id), {
    name: options.name ?? NAME,
    zip,
    expired: options.expired,
  });
  return { runId: Number(run.id), artifactId: artifact.id, createdAt, artifact };
}

/** The repository-wide artifact lists the store asked for. */
function listRequests(): string[] {
  return h.fake.requests.filter((r) => r.startsWith('GET /repos/acme/shop/actions/artifacts?'));
}

describe('GitHubArtifactStore.listByName', { timeout: 20_000 }, () => {
  it('lists the newest unexpired artifacts of the name, newest first, up to the limit', async () => {
    seedArtifact(1);
    const second = seedArtifact(2);
    seedArtifact(3, { expired: true });
    const fourth = seedArtifact(4);
    seedArtifact(5, { name: 'loadgate-checkout' });

    const listing = await makeStore({ serverUrl: 'https://github.com/' }).listByName(repo, NAME, 2);

    expect(listing).toEqual({
      usable: [
        {
          artifactId: fourth.artifactId,
          artifactName: NAME,
          runId: fourth.runId,
          commit: '4'.repeat(40),
          branch: 'main',
          createdAt: fourth.createdAt,
          runUrl: `https://github.com/acme/shop/actions/runs/${fourth.runId}`,
        },
        expect.objectContaining({ runId: second.runId, createdAt: second.createdAt }),
      ],
    });
    expect(listRequests()).toEqual([
      'GET /repos/acme/shop/actions/artifacts?name=loadgate-history&per_page=100',
    ]);
  });

  it('pages past expired artifacts and stops reading once it has enough', async () => {
    for (let i = 0; i < 60; i++) seedArtifact(1 + (i % 5));
    const usable = seedArtifact(6);
    for (let i = 0; i < 150; i++) seedArtifact(7 + (i % 20), { expired: true });

    const listing = await makeStore().listByName(repo, NAME, 1);

    expect(listing.usable.map((ref) => ref.runId)).toEqual([usable.runId]);
    expect(listing.usable[0]?.runUrl).toBe('');
    expect(listing).not.toHaveProperty('newestExpired');
    // 211 artifacts, newest first: the usable one is the 151st, on page 2; page 3 is not read.
    expect(listRequests()).toHaveLength(2);
    expect(listRequests()[1]).toMatch(/&page=2$/);
  });

  it('reports the newest expired artifact when none is usable', async () => {
    seedArtifact(1, { expired: true });
    const newest = seedArtifact(3, { expired: true });
    seedArtifact(2, { expired: true });

    const listing = await makeStore().listByName(repo, NAME, 5);

    expect(listing.usable).toEqual([]);
    expect(listing.newestExpired).toMatchObject({
      runId: newest.runId,
      artifactId: newest.artifactId,
      createdAt: newest.createdAt,
      expiredAt: newest.artifact.expires_at,
    });
    expect(Date.parse(listing.newestExpired?.expiredAt ?? '')).toBeLessThan(Date.now());
  });

  it('gives up after maxArtifactsScanned artifacts', async () => {
    seedArtifact(1);
    for (let i = 0; i < 120; i++) seedArtifact(2 + (i % 20), { expired: true });

    const listing = await makeStore({ maxArtifactsScanned: 100 }).listByName(repo, NAME, 1);

    expect(listing.usable).toEqual([]);
    expect(listing.newestExpired).toBeDefined();
    expect(listRequests()).toHaveLength(1);
  });

  it('answers an empty list when nothing has that name', async () => {
    seedArtifact(1, { name: 'other' });
    expect(await makeStore().listByName(repo, NAME, 5)).toEqual({ usable: [] });
  });
});

describe('GitHubArtifactStore save and download', { timeout: 30_000 }, () => {
  it('saves two runs’ files and lists and downloads them newest first', async () => {
    const dir = join(h.tempDir, 'history');
    await mkdir(dir, { recursive: true });
    const store = makeStore();
    const texts = ['{"entries":[1]}\n', '{"entries":[1,2]}\n'];
    const runs: number[] = [];
    for (const [i, text] of texts.entries()) {
      const run = h.fake.state.addRun({
        headSha: String(i + 1).repeat(40),
        createdAt: new Date().toISOString(),
      });
      runs.push(Number(run.id));
      h.actAsRun(Number(run.id));
      await writeFile(join(dir, 'history.json'), text);
      await store.save(join(dir, 'history.json'), NAME, 90);
    }

    const { usable } = await store.listByName(repo, NAME, 5);

    expect(usable.map((ref) => [ref.runId, ref.commit])).toEqual([
      [runs[1], '2'.repeat(40)],
      [runs[0], '1'.repeat(40)],
    ]);
    expect(await Promise.all(usable.map((ref) => store.download(repo, ref)))).toEqual([
      texts[1],
      texts[0],
    ]);
  });

  it('keeps an upload as long as the repository allows, so @actions/artifact never warns', async () => {
    const run = h.fake.state.addRun({ headSha: 'a'.repeat(40), createdAt: '2025-03-01T10:00:00Z' });
    h.actAsRun(Number(run.id));
    const file = join(h.tempDir, 'retention.json');
    await writeFile(file, '{}');
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      written.push(String(chunk));
      return Reflect.apply(write, this, [chunk, ...rest]);
    } as typeof process.stdout.write;
    process.env.GITHUB_RETENTION_DAYS = '30';
    try {
      await makeStore({ repositoryRetentionDays: 30 }).save(file, 'kept', 400);
      const keptWarnings = written.filter((w) => w.includes('Retention days cannot be greater'));
      // The same upload asking 400 days straight away is clamped by @actions/artifact, with a warning.
      const plain = new ArtifactBaselineStore({
        octokit: h.octokit,
        token: 't',
        tempDir: h.tempDir,
      });
      await plain.save(file, 'plain', 400);

      expect(keptWarnings).toEqual([]);
      expect(written.filter((w) => w.includes('Retention days cannot be greater'))).toHaveLength(1);
    } finally {
      process.stdout.write = write;
      delete process.env.GITHUB_RETENTION_DAYS;
    }
    const kept = h.fake.state.artifacts.find((a) => a.body.name === 'kept')?.body;
    const daysKept = (Date.parse(kept?.expires_at ?? '') - Date.now()) / DAY_MS;
    expect(daysKept).toBeGreaterThan(29);
    expect(daysKept).toBeLessThanOrEqual(30);
  });
});

describe('chooseRetentionDays', () => {
  it.each([
    [400, 30, 30],
    [7, 90, 7],
    [45, undefined, 45],
    [Number.NaN, 60, 60],
    [0, undefined, 90],
    [undefined, undefined, 90],
    [30.9, 400, 30],
  ])('asked %s, repository allows %s → %s days', (asked, allowed, days) => {
    expect(chooseRetentionDays(asked, allowed)).toBe(days);
  });
});

describe('GitHubArtifactStore.delete', { timeout: 20_000 }, () => {
  it('deletes one artifact: gone from the list, the others kept; an unknown one is a 404', async () => {
    const first = seedArtifact(1);
    const second = seedArtifact(2);
    const store = makeStore();
    const listed = await store.listByName(repo, NAME, 10);
    const older = listed.usable.find((r) => r.artifactId === first.artifactId);
    if (!older) throw new Error('seeded artifact not listed');

    await store.delete(repo, older);

    const after = await store.listByName(repo, NAME, 10);
    expect(after.usable.map((r) => r.artifactId)).toEqual([second.artifactId]);
    expect(h.fake.requests).toContain(
      `DELETE /repos/acme/shop/actions/artifacts/${first.artifactId}`,
    );
    await expect(store.delete(repo, older)).rejects.toMatchObject({ status: 404 });
  });
});

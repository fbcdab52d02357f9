/**
 * Pull requests whose baseline cannot be used, with the built action run as the runner runs it:
 * none was ever saved, the saved one has expired, or its artifact holds garbage. Each must end
 * as a report that says so, judged on the absolute thresholds alone, never as a crash. Each
 * case gets a fresh repository, seeded with exactly the main-branch history it describes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../fakes/artifact-service/make-zip.js';
import { ARTIFACT, ShopRepo, sha } from './e2e/shop-repo.js';

const MAIN = sha('a');
/** Thresholds decide here, and they need no five windows: a shorter run will do. */
const INPUTS = { duration: '3s' };

let shop: ShopRepo;
beforeEach(async () => {
  shop = await ShopRepo.start();
});
afterEach(() => shop.close());

function pullRequest(number: number) {
  const pull = { number, headSha: sha('b'), baseSha: MAIN };
  return shop.pullRequest(pull, { mergeBaseSha: MAIN, inputs: INPUTS });
}

/** A successful run of loadtest.yml on main at MAIN, holding `zip` as the baseline artifact. */
function seedMainRun(zip: Buffer, expired = false): number {
  const run = shop.fake.artifacts.addRun({ headSha: MAIN, createdAt: '2025-01-10T09:00:00Z' });
  shop.fake.artifacts.addArtifact(Number(run.id), { name: ARTIFACT, zip, expired });
  return Number(run.id);
}

/** Artifact downloads: the REST zip redirect and the blob GET it leads to. */
function downloads(): string[] {
  return shop.fake.requests
    .filter((r) => r.method === 'GET' && /\/zip$|\.zip\?/.test(r.path))
    .map((r) => r.path.replace(/\?.*/, ''));
}

describe('the built action when the baseline is missing or unusable', { timeout: 60_000 }, () => {
  it('no run on main yet: says so, and the p95 threshold alone fails the step', async () => {
    shop.setLatency(70);
    const { step } = await pullRequest(21);

    expect(step.code).toBe(1);
    expect(step.errors).toEqual([
      expect.stringMatching(/^loadgate: the gate failed \(fail\): p95 [\d.]+ ms, needs <= 60 ms/),
    ]);
    expect(step.warnings).toEqual([]);
    expect(step.summary).toContain(
      `No baseline yet: no successful run of loadtest.yml on main at or before the merge base ${MAIN.slice(0, 7)} yet`,
    );
    expect(step.summary).toContain('No baseline yet: only absolute thresholds were checked.');
    expect(step.summary).not.toContain('Baseline: commit');
    expect(shop.stickyComments(21)).toHaveLength(1);
    expect(downloads()).toEqual([]);
  });

  it('the baseline artifact expired: says which and when, and passes on thresholds', async () => {
    const runId = seedMainRun(
      await makeZip([{ name: 'loadgate-results.json', content: '{}' }]),
      true,
    );
    const { step } = await pullRequest(22);

    expect(step.code).toBe(0);
    expect(step.outputs.verdict).toBe('pass');
    expect([...step.errors, ...step.warnings]).toEqual([]);
    expect(step.summary).toMatch(
      new RegExp(
        `No baseline yet: the newest baseline artifacts have expired: ${ARTIFACT} of run ${runId} \\(commit ${MAIN.slice(0, 7)}\\) expired on \\d{4}-\\d{2}-\\d{2}`,
      ),
    );
    expect(step.summary).toContain('No baseline yet: only absolute thresholds were checked.');
    expect(downloads()).toEqual([]);
  });

  it('the baseline artifact holds garbage: a warning, "No usable baseline", no crash', async () => {
    const zip = await makeZip([
      { name: 'loadgate-results.json', content: '{"schemaVersion": 1, "tar' },
    ]);
    const runId = seedMainRun(zip);
    const { step } = await pullRequest(23);

    expect(step.code).toBe(0);
    expect(step.outputs.verdict).toBe('pass');
    expect(step.errors).toEqual([]);
    expect(step.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ignoring the baseline: baseline artifact ${ARTIFACT} of run ${runId}: is not valid JSON`,
        ),
      ),
    ]);
    expect(step.summary).toContain(
      `No usable baseline: the artifact of run ${runId} is not a valid results file.`,
    );
    expect(step.summary).toContain('No baseline yet: only absolute thresholds were checked.');
    expect(step.stdout).not.toMatch(/internal error|\n\s+at /);
    expect(downloads()).toEqual([
      expect.stringMatching(/^\/repos\/acme\/shop\/actions\/artifacts\/\d+\/zip$/),
      expect.stringMatching(/^\/devstoreaccount1\/actions-results\/\d+\.zip$/),
    ]);
    expect(shop.stickyComments(23)).toHaveLength(1);
  });
});

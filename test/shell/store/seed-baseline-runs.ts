/** Seeding main-branch runs and looking up baselines against a StoreHarness's fake. */
import type { BaselineLookup } from '../../../src/ports.js';
import { makeZip } from '../../fakes/artifact-service/make-zip.js';
import type { StoreHarness } from './store-harness.js';

export const REPO = { owner: 'acme', repo: 'shop' };
export const ARTIFACT_NAME = 'loadgate-checkout';

/** A 40-character commit sha made of `c` repeated, e.g. sha('b') → bbbb…; its short form is 7. */
export function sha(c: string): string {
  return c.repeat(40);
}

let zip: Promise<Buffer> | undefined;

/** What a seeded run uploaded: a kept artifact, an expired one, or nothing. */
export type SeededArtifact = 'fresh' | 'expired' | 'none';

/**
 * Seeds a successful run of loadtest.yml on main (unless `extra` says otherwise) that uploaded
 * `artifact`, and returns its run id.
 */
export async function seedRun(
  h: StoreHarness,
  headSha: string,
  createdAt: string,
  artifact: SeededArtifact = 'fresh',
  extra: { branch?: string; conclusion?: string; workflowFile?: string } = {},
): Promise<number> {
  zip ??= makeZip([{ name: 'checkout.json', content: '{}' }]);
  const runId = Number(h.fake.state.addRun({ headSha, createdAt, ...extra }).id);
  if (artifact !== 'none') {
    const expired = artifact === 'expired';
    h.fake.state.addArtifact(runId, { name: ARTIFACT_NAME, zip: await zip, expired });
  }
  return runId;
}

/** Looks up the loadtest.yml baseline on main for a pull request forked at `mergeBaseSha`. */
export function findOnMain(
  h: StoreHarness,
  mergeBaseSha?: string,
  options: { maxRunsChecked?: number; workflowFile?: string } = {},
): Promise<BaselineLookup> {
  return h.makeStore({ maxRunsChecked: options.maxRunsChecked }).find({
    repo: REPO,
    workflowFile: options.workflowFile ?? 'loadtest.yml',
    branch: 'main',
    mergeBaseSha,
    artifactName: ARTIFACT_NAME,
  });
}

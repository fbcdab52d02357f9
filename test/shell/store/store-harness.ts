/**
 * A baseline store wired to a FakeArtifactService: the fake on 127.0.0.1, Octokit from
 * createOctokit pointed at it (fast retries), the Actions environment variables @actions/artifact
 * reads pointed at it too, and a temporary folder. One harness per test file: @actions/github
 * fixes its API URL when first imported, so the fake's port must not change within a worker.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { ArtifactBaselineStore } from '../../../src/shell/store/artifact-baseline-store.js';
import { FakeArtifactService } from '../../fakes/fake-artifact-service.js';

export interface StoreHarness {
  fake: FakeArtifactService;
  octokit: Octokit;
  tempDir: string;
  /** A store with the default (real) @actions/artifact client. */
  makeStore(options?: { maxRunsChecked?: number }): ArtifactBaselineStore;
  /** Acts as a job of run `runId`: uploads land on that run. */
  actAsRun(runId: number): void;
  stop(): Promise<void>;
}

let harnessCount = 0;

/** Starts the fake and points the environment at it; `stop` puts the environment back. */
export async function startStoreHarness(): Promise<StoreHarness> {
  const fake = await FakeArtifactService.start('acme', 'shop');
  const tempDir = await mkdtemp(join(tmpdir(), 'loadgate-store-'));
  const saved = { ...process.env };
  Object.assign(process.env, fake.actionsEnv(0), { GITHUB_WORKSPACE: tempDir });
  delete process.env.GITHUB_RETENTION_DAYS;
  await assertApiUrlIsFake(fake.url);
  const restoreStdout = hideWorkflowCommands();
  harnessCount += 1;
  const octokit = createOctokit({
    token: 'test-token',
    baseUrl: fake.url,
    retries: 2,
    retryDelayMs: 5,
    limiterId: `store-harness-${process.pid}-${harnessCount}`,
  });
  return {
    fake,
    octokit,
    tempDir,
    makeStore: (options = {}) =>
      new ArtifactBaselineStore({ octokit, token: 'test-token', tempDir, ...options }),
    actAsRun: (runId) => {
      process.env.ACTIONS_RUNTIME_TOKEN = fake.state.runtimeTokenFor(runId);
    },
    stop: async () => {
      restoreEnv(saved);
      restoreStdout();
      await fake.close();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** Puts process.env back in place (assigning a new object would drop its string coercion). */
function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
}

/**
 * Drops @actions/core's workflow commands (`::debug::…`, `::add-mask::…`), which an Actions log
 * hides but a test log would be flooded with; its plain progress lines still show.
 */
function hideWorkflowCommands(): () => void {
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string' && chunk.startsWith('::')) return true;
    return Reflect.apply(write, this, [chunk, ...rest]);
  } as typeof process.stdout.write;
  return () => {
    process.stdout.write = write;
  };
}

/**
 * Fails loudly rather than let a download reach api.github.com: @actions/github reads
 * GITHUB_API_URL once, when first imported, and this worker may have imported it already.
 */
async function assertApiUrlIsFake(url: string): Promise<void> {
  const { defaults } = await import('@actions/github/lib/utils');
  if (defaults.baseUrl !== url) {
    throw new Error(
      `@actions/github was loaded with API URL ${defaults.baseUrl}, not the fake's ${url}`,
    );
  }
}

/**
 * The artifacts of the job's own workflow run, through @actions/artifact's in-run calls (the
 * results service, authorised by the job's ACTIONS_RUNTIME_TOKEN): a shard job uploads its
 * results, and the fan-in job with `needs:` reads them, as actions/upload-artifact and
 * download-artifact do. No GitHub token or `actions: read` is needed, and another run's
 * artifacts can never be listed by mistake.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import { messageOf } from '../../core/input/format-issues.js';
import type { ThisRunArtifact, ThisRunArtifactStore } from '../../ports.js';
import { readArtifactResultsText } from './find-artifact-results.js';

/** The part of @actions/artifact's client the store uses. */
export type ThisRunArtifactClient = Pick<
  ArtifactClient,
  'uploadArtifact' | 'listArtifacts' | 'downloadArtifact'
>;

export interface ActionsThisRunArtifactsOptions {
  /** Downloads unpack into fresh folders under here (e.g. RUNNER_TEMP). */
  tempDir: string;
  /** Defaults to @actions/artifact's DefaultArtifactClient, imported on first use. */
  artifactClient?: ThisRunArtifactClient;
}

/** ThisRunArtifactStore on the results service of the running job. */
export class ActionsThisRunArtifacts implements ThisRunArtifactStore {
  private client: ThisRunArtifactClient | undefined;

  constructor(private readonly options: ActionsThisRunArtifactsOptions) {
    this.client = options.artifactClient;
  }

  /** Uploads `filePath` alone, at the root of artifact `name`, kept `retentionDays`. */
  async upload(filePath: string, name: string, retentionDays: number): Promise<void> {
    const client = await this.loadClient();
    const absolute = resolve(filePath);
    await client.uploadArtifact(name, [absolute], dirname(absolute), { retentionDays });
  }

  /** This run's artifacts; of a name uploaded more than once (re-run attempts), the newest. */
  async list(): Promise<ThisRunArtifact[]> {
    const client = await this.loadClient();
    const { artifacts } = await client.listArtifacts({ latest: true });
    return artifacts.map((artifact) => ({ id: artifact.id, name: artifact.name }));
  }

  /** Downloads into a fresh folder and returns the text of the artifact's one `.json` file. */
  async download(artifact: ThisRunArtifact): Promise<string> {
    const client = await this.loadClient();
    const dir = join(this.options.tempDir, `loadgate-run-artifact-${artifact.id}`);
    // A folder left by an earlier download could hold a second .json file; start empty.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const what = `artifact ${artifact.name} (id ${artifact.id}) of this workflow run`;
    try {
      await client.downloadArtifact(artifact.id, { path: dir });
    } catch (error) {
      throw new Error(`could not download ${what}: ${messageOf(error)}`, { cause: error });
    }
    return readArtifactResultsText(
      dir,
      { artifactName: artifact.name, artifactId: artifact.id, runId: 0 },
      what,
    );
  }

  private async loadClient(): Promise<ThisRunArtifactClient> {
    if (!this.client) {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      this.client = new DefaultArtifactClient();
    }
    return this.client;
  }
}

/**
 * Baselines kept as GitHub Actions workflow artifacts: a main-branch run uploads its results
 * file, and a pull request's run finds the right earlier run's artifact and downloads it.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import type { Octokit } from '@octokit/rest';
import { messageOf } from '../../core/input/format-issues.js';
import type { BaselineLookup, BaselineRef, BaselineStore, RepoRef } from '../../ports.js';
import { findRunArtifact } from './baseline-runs-api.js';
import { readArtifactResultsText } from './find-artifact-results.js';
import { type BaselineQuery, findBaseline } from './find-baseline.js';

/** The part of @actions/artifact's client the store uses. */
export type BaselineArtifactClient = Pick<ArtifactClient, 'uploadArtifact' | 'downloadArtifact'>;

export interface ArtifactBaselineStoreOptions {
  /** REST client for run and artifact lookups (see createOctokit). */
  octokit: Octokit;
  /** Token with `actions:read`, which downloading another run's artifact needs. */
  token: string;
  /**
   * Defaults to @actions/artifact's DefaultArtifactClient, imported on first use: importing it
   * reads GITHUB_API_URL once, and commands that never touch artifacts need not load it.
   */
  artifactClient?: BaselineArtifactClient;
  /** Downloads unpack into fresh folders under here (e.g. RUNNER_TEMP). */
  tempDir: string;
  /** Most runs whose artifacts a lookup checks (one API call each); default 50. */
  maxRunsChecked?: number;
  /** Epoch ms, for artifact expiry; default Date.now. */
  now?: () => number;
}

const DEFAULT_MAX_RUNS_CHECKED = 50;

/** BaselineStore on workflow artifacts. */
export class ArtifactBaselineStore implements BaselineStore {
  private artifactClient: BaselineArtifactClient | undefined;

  constructor(private readonly options: ArtifactBaselineStoreOptions) {
    this.artifactClient = options.artifactClient;
  }

  /** Uploads `filePath` alone, at the root of artifact `artifactName`, kept `retentionDays`. */
  async save(filePath: string, artifactName: string, retentionDays: number): Promise<void> {
    const client = await this.loadArtifactClient();
    const absolute = resolve(filePath);
    await client.uploadArtifact(artifactName, [absolute], dirname(absolute), { retentionDays });
  }

  /** Finds the merge-base run's artifact, else the nearest earlier run's (see findBaseline). */
  find(query: BaselineQuery): Promise<BaselineLookup> {
    return findBaseline(this.options.octokit, query, {
      maxRuns: this.options.maxRunsChecked ?? DEFAULT_MAX_RUNS_CHECKED,
      nowMs: (this.options.now ?? Date.now)(),
    });
  }

  /**
   * Downloads and unzips the artifact into a fresh folder and returns the results file's text,
   * unvalidated: the caller parses it and explains a corrupt baseline in the report.
   */
  async download(repo: RepoRef, ref: BaselineRef): Promise<string> {
    const client = await this.loadArtifactClient();
    const dir = join(this.options.tempDir, `loadgate-baseline-${ref.runId}-${ref.artifactId}`);
    // A folder left by an earlier download could hold a second .json file; start empty.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    try {
      await client.downloadArtifact(ref.artifactId, {
        path: dir,
        findBy: {
          token: this.options.token,
          workflowRunId: ref.runId,
          repositoryOwner: repo.owner,
          repositoryName: repo.repo,
        },
      });
    } catch (error) {
      const message = messageOf(error);
      throw new Error(
        `could not download baseline artifact ${ref.artifactName} (id ${ref.artifactId}) of run ` +
          `${ref.runId}: ${message}`,
        { cause: error },
      );
    }
    return readArtifactResultsText(dir, ref);
  }

  /** The run's newest unexpired artifact `artifactName`, as a ref `download` accepts. */
  async findInRun(
    repo: RepoRef,
    runId: number,
    artifactName: string,
  ): Promise<BaselineRef | undefined> {
    const { usable } = await findRunArtifact(
      this.options.octokit,
      repo,
      runId,
      artifactName,
      (this.options.now ?? Date.now)(),
    );
    if (!usable) return undefined;
    const run = usable.workflow_run;
    return {
      artifactId: usable.id,
      artifactName: usable.name,
      runId,
      commit: run?.head_sha ?? '',
      branch: run?.head_branch ?? '',
      createdAt: usable.created_at ?? '',
      runUrl: '',
    };
  }

  private async loadArtifactClient(): Promise<BaselineArtifactClient> {
    if (!this.artifactClient) {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      this.artifactClient = new DefaultArtifactClient();
    }
    return this.artifactClient;
  }
}

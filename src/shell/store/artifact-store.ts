/**
 * Named workflow artifacts carried from run to run (the history, a release's results): the
 * newest ones of a name across the whole repository, found without knowing which run made them.
 */
import type { Octokit } from '@octokit/rest';
import type { ArtifactStore, BaselineRef, RepoRef } from '../../ports.js';
import { ArtifactBaselineStore, type BaselineArtifactClient } from './artifact-baseline-store.js';
import { isExpired, type RunArtifact } from './baseline-runs-api.js';

export interface GitHubArtifactStoreOptions {
  /** REST client for the artifact list (see createOctokit). */
  octokit: Octokit;
  /** Token with `actions:read`, which downloading another run's artifact needs. */
  token: string;
  /** Defaults to @actions/artifact's DefaultArtifactClient, imported on first use. */
  artifactClient?: BaselineArtifactClient;
  /** Downloads unpack into fresh folders under here (e.g. RUNNER_TEMP). */
  tempDir: string;
  /**
   * The longest retention the repository allows, in days: `GITHUB_RETENTION_DAYS` in Actions,
   * read by the caller. Uploads never ask for more, so @actions/artifact never clamps and warns.
   */
  repositoryRetentionDays?: number;
  /** `GITHUB_SERVER_URL` (e.g. https://github.com), for run links; without it `runUrl` is ''. */
  serverUrl?: string;
  /** Most artifacts `listByName` reads (100 a page) before it stops looking; default 1000. */
  maxArtifactsScanned?: number;
  /** Epoch ms, for artifact expiry; default Date.now. */
  now?: () => number;
}

/** GitHub's default (and, for public repositories, longest) artifact retention. */
const DEFAULT_RETENTION_DAYS = 90;
const DEFAULT_MAX_ARTIFACTS_SCANNED = 1000;
const PAGE_SIZE = 100;

type Listing = Awaited<ReturnType<ArtifactStore['listByName']>>;

function isWholeDays(days: number | undefined): days is number {
  return days !== undefined && Number.isFinite(days) && days >= 1;
}

/**
 * Days to keep an upload: the smaller of what the caller asks and what the repository allows
 * (fractions rounded down); either alone when the other is missing or not a positive number;
 * 90 (GitHub's default) when neither is.
 */
export function chooseRetentionDays(
  maxRetentionDays: number | undefined,
  repositoryRetentionDays: number | undefined,
): number {
  const limits = [maxRetentionDays, repositoryRetentionDays]
    .filter(isWholeDays)
    .map((days) => Math.floor(days));
  return limits.length === 0 ? DEFAULT_RETENTION_DAYS : Math.min(...limits);
}

/** ArtifactStore on workflow artifacts, listed by name with the repository-wide artifacts API. */
export class GitHubArtifactStore implements ArtifactStore {
  /** Uploads and cross-run downloads work exactly as for baselines. */
  private readonly files: ArtifactBaselineStore;

  constructor(private readonly options: GitHubArtifactStoreOptions) {
    this.files = new ArtifactBaselineStore({
      octokit: options.octokit,
      token: options.token,
      tempDir: options.tempDir,
      ...(options.artifactClient ? { artifactClient: options.artifactClient } : {}),
    });
  }

  /**
   * Reads `GET /repos/{o}/{r}/actions/artifacts?name=…` newest first, page by page until
   * `limit` usable artifacts are found or `maxArtifactsScanned` were read. Expired artifacts
   * are skipped; the newest of them is returned when none was usable.
   */
  async listByName(repo: RepoRef, name: string, limit: number): Promise<Listing> {
    const nowMs = (this.options.now ?? Date.now)();
    const maxScanned = this.options.maxArtifactsScanned ?? DEFAULT_MAX_ARTIFACTS_SCANNED;
    const usable: BaselineRef[] = [];
    let newestExpired: RunArtifact | undefined;
    if (limit < 1) return { usable };
    let scanned = 0;
    const pages = this.options.octokit.paginate.iterator(
      this.options.octokit.rest.actions.listArtifactsForRepo,
      { owner: repo.owner, repo: repo.repo, name, per_page: PAGE_SIZE },
    );
    scan: for await (const page of pages) {
      for (const artifact of page.data) {
        scanned += 1;
        // Without its run the artifact cannot be downloaded from another run.
        if (artifact.name === name && artifact.workflow_run?.id) {
          if (!isExpired(artifact, nowMs)) usable.push(this.toRef(repo, artifact));
          else if (!newestExpired || isNewer(artifact, newestExpired)) newestExpired = artifact;
        }
        if (usable.length >= limit || scanned >= maxScanned) break scan;
      }
    }
    usable.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.artifactId - a.artifactId);
    if (usable.length > 0 || !newestExpired) return { usable };
    return {
      usable,
      newestExpired: {
        ...this.toRef(repo, newestExpired),
        ...(newestExpired.expires_at ? { expiredAt: newestExpired.expires_at } : {}),
      },
    };
  }

  /** Downloads the artifact into a fresh folder and returns its one `.json` file's text. */
  download(repo: RepoRef, ref: BaselineRef): Promise<string> {
    return this.files.download(repo, ref);
  }

  /** Uploads `filePath` as artifact `name`, kept as long as both the caller and the repository
   * allow (see chooseRetentionDays). */
  save(filePath: string, name: string, maxRetentionDays: number): Promise<void> {
    const days = chooseRetentionDays(maxRetentionDays, this.options.repositoryRetentionDays);
    return this.files.save(filePath, name, days);
  }

  /** Deletes the artifact; GitHub answers 403 to a token without `actions: write`. */
  async delete(repo: RepoRef, ref: BaselineRef): Promise<void> {
    await this.options.octokit.rest.actions.deleteArtifact({
      owner: repo.owner,
      repo: repo.repo,
      artifact_id: ref.artifactId,
    });
  }

  private toRef(repo: RepoRef, artifact: RunArtifact): BaselineRef {
    const run = artifact.workflow_run;
    const runId = run?.id ?? 0;
    const server = this.options.serverUrl?.replace(/\/+$/, '');
    return {
      artifactId: artifact.id,
      artifactName: artifact.name,
      runId,
      commit: run?.head_sha ?? '',
      branch: run?.head_branch ?? '',
      createdAt: artifact.created_at ?? '',
      runUrl: server ? `${server}/${repo.owner}/${repo.repo}/actions/runs/${runId}` : '',
    };
  }
}

function isNewer(a: RunArtifact, b: RunArtifact): boolean {
  const byTime = (a.created_at ?? '').localeCompare(b.created_at ?? '');
  return byTime > 0 || (byTime === 0 && a.id > b.id);
}

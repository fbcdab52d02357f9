import type { EventContext } from '../core/action/read-event-context.js';
import { formatIssuesInline, messageOf } from '../core/input/format-issues.js';
import type { BaselineInfo } from '../core/judge/types.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type {
  ArtifactStore,
  BaselineStore,
  FileStore,
  Output,
  PullRequestInfo,
  ReleaseLookup,
  RepoRef,
} from '../ports.js';

/** Where a downloaded baseline is kept for the run: one name, under the runner's temp dir. */
function baselineTempPath(tempDir: string): string {
  return `${tempDir}/loadgate-baseline.json`;
}

export interface ResolvedBaseline {
  /** A validated results file written where `runLoadTest` can read it. */
  path?: string;
  /** The same file, parsed: callers that judge directly need not read it back. */
  result?: ResultsFileV1;
  info?: BaselineInfo;
  /** Why there is none, for the report. */
  note?: string;
}

export interface ResolveDeps {
  store: BaselineStore;
  files: FileStore;
  output: Output;
  readPullRequest: (number: number) => Promise<PullRequestInfo>;
}

/**
 * Finds, downloads and validates the base branch's baseline for a pull request. The pull
 * request's head and merge base are read back from the API (the event payload is not trusted).
 * Every failure (API errors, no artifact yet, expired, corrupt) ends as "no baseline" with a
 * note: absolute thresholds still apply and the run is never lost over it.
 */
export async function resolveBaseline(
  context: EventContext,
  query: { branch: string; artifactName: string; tempDir: string },
  deps: ResolveDeps,
): Promise<ResolvedBaseline> {
  const pr = context.pullRequest;
  if (!pr || !context.workflowFile)
    return { note: 'No baseline: not a pull request of a known workflow.' };
  const repo = { owner: context.owner, repo: context.repo };
  try {
    const checked = await deps.readPullRequest(pr.number).catch(() => undefined);
    const lookup = await deps.store.find({
      repo,
      workflowFile: context.workflowFile,
      branch: query.branch,
      ...(checked?.mergeBaseSha ? { mergeBaseSha: checked.mergeBaseSha } : {}),
      artifactName: query.artifactName,
    });
    if (lookup.kind === 'none') return { note: `No baseline yet: ${lookup.reason}` };
    const { ref } = lookup;
    const text = await deps.store.download(repo, ref);
    const read = readResultsFile(text, `baseline artifact ${ref.artifactName} of run ${ref.runId}`);
    if (!read.ok) {
      const why = formatIssuesInline(read.issues);
      deps.output.warn(`ignoring the baseline: ${why}`);
      return {
        note: `No usable baseline: the artifact of run ${ref.runId} is not a valid results file.`,
      };
    }
    const path = baselineTempPath(query.tempDir);
    await deps.files.writeText(path, text);
    const info: BaselineInfo = {
      commit: ref.commit,
      ref: `refs/heads/${ref.branch}`,
      runId: String(ref.runId),
      runUrl: ref.runUrl,
      date: ref.createdAt,
    };
    const nearest = lookup.exactMergeBase
      ? []
      : ['The baseline is the nearest earlier run on the base branch, not the merge base itself.'];
    return {
      path,
      result: read.result,
      info,
      ...(nearest.length ? { note: nearest[0] } : {}),
    };
  } catch (error) {
    deps.output.warn(`could not get the baseline (${messageOf(error)}); comparing without one`);
    return {
      note: 'No baseline: looking it up failed (see the log); absolute thresholds were still checked.',
    };
  }
}

/**
 * The release gate's baseline (`baseline: latest-release`): the newest published release, and
 * the results its release run kept as artifact `<artifact-name>-release-<tag>`. Like a pull
 * request's baseline, every failure ends as "no baseline" with a note saying which release was
 * looked for and why it could not be used; the run goes on with its absolute thresholds.
 */
export async function resolveReleaseBaseline(
  repo: RepoRef,
  query: { artifactName: string; tempDir: string; releaseArtifactName: (tag: string) => string },
  deps: { releases: ReleaseLookup; artifacts: ArtifactStore; files: FileStore; output: Output },
): Promise<ResolvedBaseline> {
  try {
    const release = await deps.releases.latestRelease(repo);
    if (!release) return { note: 'No baseline: the repository has no published release yet.' };
    const name = query.releaseArtifactName(release.tag);
    const listed = await deps.artifacts.listByName(repo, name, 1);
    const ref = listed.usable[0];
    if (!ref) {
      const why = listed.newestExpired
        ? `its artifact ${name} has expired`
        : `no run kept its results (artifact ${name}); run loadgate on the release event to keep them`;
      return { note: `No baseline: release ${release.tag} is the latest, but ${why}.` };
    }
    const text = await deps.artifacts.download(repo, ref);
    const read = readResultsFile(text, `release baseline ${name} of run ${ref.runId}`);
    if (!read.ok) {
      deps.output.warn(`ignoring the release baseline: ${formatIssuesInline(read.issues)}`);
      return {
        note: `No usable baseline: the artifact of release ${release.tag} is not a valid results file.`,
      };
    }
    const path = `${query.tempDir}/loadgate-release-baseline.json`;
    await deps.files.writeText(path, text);
    return {
      path,
      result: read.result,
      info: {
        ...(ref.commit ? { commit: ref.commit } : {}),
        ref: release.tag,
        runId: String(ref.runId),
        ...(ref.runUrl ? { runUrl: ref.runUrl } : {}),
        date: read.result.startedAt,
      },
      note: `Compared with release ${release.tag} (published ${release.publishedAt.slice(0, 10)}), the newest published release.`,
    };
  } catch (error) {
    deps.output.warn(
      `could not get the release baseline (${messageOf(error)}); comparing without one`,
    );
    return {
      note: 'No baseline: looking up the latest release failed (see the log); absolute thresholds were still checked.',
    };
  }
}

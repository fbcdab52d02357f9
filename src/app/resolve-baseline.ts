import type { EventContext } from '../core/action/read-event-context.js';
import { formatIssuesInline, messageOf } from '../core/input/format-issues.js';
import type { BaselineInfo } from '../core/judge/types.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { BaselineStore, FileStore, Output, PullRequestInfo } from '../ports.js';

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

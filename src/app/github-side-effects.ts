import { renderCommentMarker } from '../core/render/report-headline.js';
import type { BaselineStore, CommentGateway, Output, RepoRef } from '../ports.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Uploads a results file as a workflow artifact. A failure is a warning: the run's verdict and
 * summary do not depend on it.
 * @param log the line for success, and the prefix of the warning on failure.
 */
export async function saveArtifact(
  store: BaselineStore,
  upload: { path: string; name: string; retentionDays: number },
  log: { saved: string; failed: string },
  output: Output,
): Promise<void> {
  try {
    await store.save(upload.path, upload.name, upload.retentionDays);
    output.info(log.saved);
  } catch (error) {
    output.warn(`${log.failed}: ${messageOf(error)}`);
  }
}

/**
 * Creates or updates the sticky comment keyed by `artifactName`. A failure (read-only token,
 * API trouble) is a warning: the verdict stands and the report is in the job summary.
 */
export async function postStickyComment(
  comments: CommentGateway,
  target: { repo: RepoRef; issueNumber: number; artifactName: string; markdown: string },
  output: Output,
): Promise<void> {
  try {
    const posted = await comments.upsert(
      target.repo,
      target.issueNumber,
      renderCommentMarker(target.artifactName),
      target.markdown,
    );
    output.info(`${posted.action} the pull-request comment: ${posted.url}`);
  } catch (error) {
    output.warn(
      `could not post the pull-request comment: ${messageOf(error)}; the verdict stands (the report is in the job summary)`,
    );
  }
}

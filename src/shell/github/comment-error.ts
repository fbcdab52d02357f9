import { messageOf } from '../../core/input/format-issues.js';
/** Why a comment could not be written, in the terms the app words a warning in. */
export type CommentErrorKind = 'forbidden' | 'not-found' | 'rate-limited' | 'conflict' | 'other';

/** The step of the upsert that failed. */
export type CommentOperation = 'identify' | 'list' | 'create' | 'update' | 'delete';

/** A sticky comment that could not be read or written. The verdict never depends on it. */
export class CommentError extends Error {
  override readonly name = 'CommentError';

  constructor(
    readonly kind: CommentErrorKind,
    /** HTTP status of GitHub's answer; undefined when none came (network failure). */
    readonly status: number | undefined,
    readonly operation: CommentOperation,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The fields of an Octokit RequestError we rely on, read without importing its class. */
interface RequestErrorShape {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isRequestError(error: unknown): error is RequestErrorShape {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

function githubMessage(error: RequestErrorShape): string {
  const data = error.response?.data;
  if (typeof data === 'object' && data !== null && 'message' in data) {
    return String(data.message);
  }
  return error.message;
}

function classify(error: RequestErrorShape, message: string): CommentErrorKind {
  const remaining = error.response?.headers?.['x-ratelimit-remaining'];
  if (error.status === 429 || String(remaining) === '0' || /rate limit/i.test(message)) {
    return 'rate-limited';
  }
  if (error.status === 401 || error.status === 403) return 'forbidden';
  if (error.status === 404) return 'not-found';
  return 'other';
}

/** Turns whatever Octokit threw into a CommentError that names the step and GitHub's reason. */
export function toCommentError(error: unknown, operation: CommentOperation): CommentError {
  if (error instanceof CommentError) return error;
  if (!isRequestError(error)) {
    const text = messageOf(error);
    return new CommentError('other', undefined, operation, `${operation} comment: ${text}`, {
      cause: error,
    });
  }
  const reason = githubMessage(error);
  const kind = classify(error, reason);
  const text = `${operation} comment: HTTP ${error.status} ${reason}`;
  return new CommentError(kind, error.status, operation, text, { cause: error });
}

const EXPLANATIONS: Record<CommentErrorKind, string> = {
  forbidden:
    'the token cannot write comments (fork pull requests get a read-only token; give the job ' +
    '`permissions: pull-requests: write`, or report from a workflow_run job)',
  'not-found': 'GitHub does not know this pull request, or the token cannot see the repository',
  'rate-limited': 'GitHub rate-limited the token for longer than is worth waiting',
  conflict:
    "other jobs with the same comment-key kept rewriting the shared comment, so this job's " +
    'section may be missing from it',
  other: 'GitHub did not accept the request',
};

/** One sentence for the warning the app prints instead of failing: what happened and where the
 * report still is. */
export function explainCommentError(error: CommentError): string {
  return (
    `The pull-request comment was not written: ${EXPLANATIONS[error.kind]} ` +
    `(${error.message}). The report is in the job summary.`
  );
}

/** The reason alone, for a warning the app frames itself: explanation, then GitHub's answer. */
export function describeCommentError(error: CommentError): string {
  return `${EXPLANATIONS[error.kind]} (${error.message})`;
}

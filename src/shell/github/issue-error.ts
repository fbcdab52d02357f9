/** Why a regression-issue request failed, in terms the app can act on. */
import {
  GitHubRequestError,
  githubMessage,
  isRequestError,
  type RequestErrorShape,
  toGitHubRequestError,
} from './github-request-error.js';

/** Code of IssuePermissionError. */
export const ISSUES_PERMISSION = 'ERR_ISSUES_PERMISSION';

/**
 * The token may not read or write issues (a 403 that is not a rate limit, or a 404 on a write):
 * the workflow lacks `permissions: issues: write`. `status` is 403 whatever GitHub answered (the
 * IssueGateway contract); `httpStatus` is GitHub's own answer.
 */
export class IssuePermissionError extends Error {
  override readonly name = 'IssuePermissionError';
  readonly code = ISSUES_PERMISSION;
  readonly status = 403;

  constructor(
    /** The request, e.g. `POST /repos/{owner}/{repo}/issues`. */
    readonly route: string,
    readonly httpStatus: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'the token may not write issues: give the workflow `permissions: issues: write` ' +
        `(${route} answered HTTP ${httpStatus} ${reason})`,
      options,
    );
  }
}

function isRateLimit(error: RequestErrorShape, message: string): boolean {
  const remaining = error.response?.headers?.['x-ratelimit-remaining'];
  return error.status === 429 || String(remaining) === '0' || /rate limit/i.test(message);
}

/**
 * Turns what Octokit threw for `route` into IssuePermissionError (a 403 that is not a rate
 * limit; on a write also a 404, GitHub's answer to a token that may not see the target) or a
 * GitHubRequestError.
 */
export function toIssueError(
  error: unknown,
  route: string,
  kind: 'read' | 'write',
): IssuePermissionError | GitHubRequestError {
  if (error instanceof IssuePermissionError) return error;
  if (!isRequestError(error)) return toGitHubRequestError(error, route);
  const reason = githubMessage(error);
  const forbidden = error.status === 403 && !isRateLimit(error, reason);
  if (forbidden || (kind === 'write' && error.status === 404)) {
    return new IssuePermissionError(route, error.status, reason, { cause: error });
  }
  return new GitHubRequestError(route, error.status, reason, { cause: error });
}

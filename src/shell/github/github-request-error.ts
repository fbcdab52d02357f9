/** A failed GitHub REST request, named by its route, with GitHub's own reason. */
import { messageOf } from '../../core/input/format-issues.js';

/** Code of GitHubRequestError. */
export const GITHUB_REQUEST_FAILED = 'ERR_GITHUB_REQUEST';

/** A GitHub request that failed, naming the request and GitHub's answer. */
export class GitHubRequestError extends Error {
  override readonly name = 'GitHubRequestError';
  readonly code = GITHUB_REQUEST_FAILED;

  constructor(
    /** The request, e.g. `GET /repos/{owner}/{repo}/releases/latest`. */
    readonly route: string,
    /** GitHub's HTTP status; undefined when no answer came (network failure). */
    readonly httpStatus: number | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    const answer = httpStatus === undefined ? reason : `HTTP ${httpStatus} ${reason}`;
    super(`${route} failed: ${answer}`, options);
  }
}

/** The fields of an Octokit RequestError we rely on, read without importing its class. */
export interface RequestErrorShape {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isRequestError(error: unknown): error is RequestErrorShape {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** GitHub's `message` from the answer's body, else Octokit's message. */
export function githubMessage(error: RequestErrorShape): string {
  const data = error.response?.data;
  if (typeof data === 'object' && data !== null && 'message' in data) return String(data.message);
  return error.message;
}

/** Wraps what Octokit threw for `route` as a GitHubRequestError (kept as it is if it is one). */
export function toGitHubRequestError(error: unknown, route: string): GitHubRequestError {
  if (error instanceof GitHubRequestError) return error;
  if (!isRequestError(error)) {
    return new GitHubRequestError(route, undefined, messageOf(error), { cause: error });
  }
  return new GitHubRequestError(route, error.status, githubMessage(error), { cause: error });
}

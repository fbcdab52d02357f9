/** Replies of the fake GitHub API: status, headers and JSON bodies shaped like GitHub's. */
import type { components } from '@octokit/openapi-types';

type BasicError = components['schemas']['basic-error'];

/** What a route answers; `body` is sent as JSON. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const DOCS = 'https://docs.github.com/rest';

/** A 2xx JSON answer. */
export function replyJson(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body, headers } : { status, body };
}

/** An error as GitHub sends it: `message`, `documentation_url` and `status` as a string. */
export function replyError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Reply {
  const body: BasicError = { message, documentation_url: DOCS, status: String(status) };
  return replyJson(status, body, headers);
}

/** Headers GitHub puts on every REST answer; a fault may override the rate-limit ones. */
export function standardHeaders(nowMs: number, requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': requestId,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.ceil(nowMs / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}

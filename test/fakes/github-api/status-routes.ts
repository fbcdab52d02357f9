/** The commit-status endpoint of the fake GitHub API: `POST /repos/{o}/{r}/statuses/{sha}`. */
import type { components } from '@octokit/openapi-types';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';
import type { RepoName } from './state.js';
import { toSimpleUser } from './user-objects.js';

type Status = components['schemas']['status'];

/** One status a token set, kept for assertions. */
export interface FakeStatus {
  repo: RepoName;
  sha: string;
  status: Status;
}

const STATES = new Set(['error', 'failure', 'pending', 'success']);

/** GitHub's answer for a request body it cannot accept. */
function invalid(message: string): Reply {
  return replyError(422, `Validation Failed: ${message}`);
}

/** `POST /repos/{o}/{r}/statuses/{sha}`: `state` is required; `context` defaults to `default`. */
export function createStatus(ctx: RouteContext): Reply {
  const { repo, sha, token } = ctx;
  if (!repo || !sha || !token) return replyError(404, 'Not Found');
  if (!/^[0-9a-f]{40}$/.test(sha)) return replyError(422, `No commit found for SHA: ${sha}`);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const { state, description, context, target_url: targetUrl } = body;
  if (typeof state !== 'string' || !STATES.has(state)) return invalid('state is not included');
  if (typeof description === 'string' && description.length > 140) {
    return invalid('description is too long (maximum is 140 characters)');
  }
  const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = ctx.state.statuses.length + 1;
  const creator = toSimpleUser(token.account, ctx.api);
  const status: Status = {
    url: `${ctx.api}/repos/${repo.owner}/${repo.repo}/statuses/${sha}`,
    avatar_url: creator.avatar_url,
    id,
    node_id: `SC_fake${id}`,
    state,
    description: typeof description === 'string' ? description : null,
    target_url: typeof targetUrl === 'string' ? targetUrl : null,
    context: typeof context === 'string' ? context : 'default',
    created_at: at,
    updated_at: at,
    creator,
  };
  ctx.state.statuses.push({ repo, sha, status });
  return replyJson(201, status, { location: status.url });
}

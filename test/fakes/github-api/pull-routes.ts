/** The identity, pull-request and compare endpoints of the fake GitHub API. */
import type { components } from '@octokit/openapi-types';
import { toComparison } from './commit-objects.js';
import { toPullRequest } from './pull-objects.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';
import { toPrivateUser } from './user-objects.js';

type PrivateUser = components['schemas']['private-user'];

/** `GET /user`: the token's own account; installation tokens are not users and get 403. */
export function getUser(ctx: RouteContext): Reply {
  if (ctx.token?.kind !== 'user') {
    return replyError(403, 'Resource not accessible by integration');
  }
  const user: PrivateUser = toPrivateUser(ctx.token.account, ctx.api);
  return replyJson(200, user);
}

/** `GET /repos/{o}/{r}/pulls/{n}`. */
export function getPull(ctx: RouteContext): Reply {
  const seed = ctx.repo && ctx.number !== undefined && ctx.state.pullRequest(ctx.repo, ctx.number);
  if (!ctx.repo || !seed) return replyError(404, 'Not Found');
  return replyJson(200, toPullRequest(ctx.state.repository(ctx.repo), seed, ctx.api));
}

/** `GET /repos/{o}/{r}/compare/{base}...{head}`: 404 for a pair nobody seeded, as for an
 * unknown commit on GitHub. */
export function compare(ctx: RouteContext): Reply {
  const [base, head, extra] = (ctx.basehead ?? '').split('...');
  const seed = ctx.repo && ctx.state.comparison(ctx.repo, ctx.basehead ?? '');
  if (!ctx.repo || !seed || !base || !head || extra !== undefined) {
    return replyError(404, 'Not Found');
  }
  const repository = ctx.state.repository(ctx.repo);
  return replyJson(200, toComparison(repository, base, head, seed, ctx.api));
}

/**
 * Routing of the fake GitHub API: match the route, check the token as GitHub would, let a
 * pending fault answer instead, else run the handler.
 */
import { createComment, deleteComment, listComments, updateComment } from './comment-routes.js';
import { listCommitPulls } from './commit-pull-routes.js';
import type { FaultPlan, RouteName } from './faults.js';
import { renderFault } from './faults.js';
import { createIssue, getIssue, listIssues, updateIssue } from './issue-routes.js';
import { getCollaboratorPermission, listIssueEvents } from './label-event-routes.js';
import { createLabel, getLabel } from './label-routes.js';
import { compare, getPull, getUser } from './pull-routes.js';
import { getLatestRelease } from './release-objects.js';
import { type Reply, replyError } from './reply.js';
import { matchRoute, type RouteContext } from './route-context.js';
import type { FakeGitHubState } from './state.js';
import { createStatus } from './status-routes.js';

const HANDLERS: Record<RouteName, (ctx: RouteContext) => Reply> = {
  'get-user': getUser,
  'list-comments': listComments,
  'create-comment': createComment,
  'update-comment': updateComment,
  'delete-comment': deleteComment,
  'get-pull': getPull,
  compare,
  'create-status': createStatus,
  'list-issues': listIssues,
  'create-issue': createIssue,
  'get-issue': getIssue,
  'update-issue': updateIssue,
  'get-label': getLabel,
  'create-label': createLabel,
  'get-latest-release': getLatestRelease,
  'list-issue-events': listIssueEvents,
  'get-collaborator-permission': getCollaboratorPermission,
  'list-commit-pulls': listCommitPulls,
};

const WRITES: ReadonlySet<RouteName> = new Set([
  'create-comment',
  'update-comment',
  'delete-comment',
  'create-status',
  'create-issue',
  'update-issue',
  'create-label',
]);

/** A request as the server hands it to the router. */
export interface RoutedRequest {
  method: string;
  url: URL;
  authorization: string | undefined;
  body: unknown;
}

/** The token from `Authorization: token X` or `Authorization: Bearer X`. */
function tokenOf(authorization: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

/** Answers one request; `route` is undefined for paths the fake does not serve. */
export function routeRequest(
  request: RoutedRequest,
  state: FakeGitHubState,
  faults: FaultPlan,
  nowMs: number,
): { route: RouteName | undefined; reply: Reply } {
  const matched = matchRoute(request.method, request.url.pathname, state);
  if (!matched) return { route: undefined, reply: replyError(404, 'Not Found') };
  const { route } = matched;
  const tokenText = tokenOf(request.authorization);
  const token = tokenText === undefined ? undefined : state.tokens.get(tokenText);
  if (tokenText !== undefined && !token) {
    return { route, reply: replyError(401, 'Bad credentials') };
  }
  if (!token && (route === 'get-user' || WRITES.has(route))) {
    return { route, reply: replyError(401, 'Requires authentication') };
  }
  const fault = faults.take(route);
  if (fault) return { route, reply: renderFault(fault, nowMs) };
  if (token?.kind === 'installation' && token.readOnly && WRITES.has(route)) {
    return { route, reply: replyError(403, 'Resource not accessible by integration') };
  }
  const ctx: RouteContext = {
    ...matched,
    state,
    api: request.url.origin,
    query: request.url.searchParams,
    token,
    body: request.body,
  };
  return { route, reply: HANDLERS[route](ctx) };
}

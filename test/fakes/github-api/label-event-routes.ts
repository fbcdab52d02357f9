/**
 * Who labelled a pull request, and who may write: `GET /repos/{o}/{r}/issues/{n}/events`
 * (paginated, oldest first, `labeled` and `unlabeled` events typed by GitHub's published schema)
 * and `GET /repos/{o}/{r}/collaborators/{user}/permission`.
 */
import type { components } from '@octokit/openapi-types';
import { paginate } from './pagination.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';
import { type FakeAccount, toSimpleUser } from './user-objects.js';

type LabeledEvent = components['schemas']['labeled-issue-event'];
type CollaboratorPermission = components['schemas']['repository-collaborator-permission'];

/** A label applied to or removed from an issue or pull request. */
export interface FakeLabelEvent {
  id: number;
  repo: { owner: string; repo: string };
  issueNumber: number;
  action: 'labeled' | 'unlabeled';
  label: { name: string; color: string };
  actor: FakeAccount;
  /** ISO time to the second, as GitHub stamps events. */
  createdAt: string;
}

/** Repository roles, from most to least; `permission` is the legacy base role GitHub also
 * reports (maintain reads as write, triage as read). */
export type FakeRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

const LEGACY: Record<FakeRole, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none',
};

function toLabelEvent(event: FakeLabelEvent, api: string): LabeledEvent {
  const full = `${event.repo.owner}/${event.repo.repo}`;
  return {
    id: event.id,
    node_id: `${event.action === 'labeled' ? 'LE' : 'UNLE'}_fake${event.id}`,
    url: `${api}/repos/${full}/issues/events/${event.id}`,
    actor: toSimpleUser(event.actor, api),
    event: event.action,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: null,
    label: event.label,
  };
}

/** `GET /repos/{o}/{r}/issues/{n}/events` (and its `/repositories/{id}/…` spelling). */
export function listIssueEvents(ctx: RouteContext): Reply {
  const { repo, number } = ctx;
  if (!repo || number === undefined || !ctx.state.hasIssue(repo, number)) {
    return replyError(404, 'Not Found');
  }
  const events = ctx.state.labelEventsOn(repo, number);
  const repoId = ctx.state.repository(repo).id;
  const page = paginate(
    events,
    ctx.query,
    `${ctx.api}/repositories/${repoId}/issues/${number}/events`,
  );
  const body = page.items.map((e) => toLabelEvent(e, ctx.api));
  return replyJson(200, body, page.link ? { link: page.link } : undefined);
}

/**
 * `GET /repos/{o}/{r}/collaborators/{user}/permission`: the role set for the account, else
 * `read` (what GitHub answers for anyone on a public repository); 404 for an account the fake
 * has never seen, as for a login that does not exist.
 */
export function getCollaboratorPermission(ctx: RouteContext): Reply {
  const login = ctx.login;
  const account = login === undefined ? undefined : ctx.state.knownAccount(login);
  if (!ctx.repo || !account) return replyError(404, 'Not Found');
  const role = ctx.state.roleOf(account.login) ?? 'read';
  const body: CollaboratorPermission = {
    permission: LEGACY[role],
    role_name: role,
    user: {
      ...toSimpleUser(account, ctx.api),
      permissions: {
        admin: role === 'admin',
        maintain: role === 'admin' || role === 'maintain',
        push: ['admin', 'maintain', 'write'].includes(role),
        triage: role !== 'read' && role !== 'none',
        pull: role !== 'none',
      },
      role_name: role,
    },
  };
  return replyJson(200, body);
}

/**
 * Issue endpoints of the fake GitHub API: the repository's issues list (filters, sort,
 * pagination; pull requests included, as on GitHub), create, get and update.
 */
import type { components } from '@octokit/openapi-types';
import { type FakeIssue, type FakeLabel, toIssue } from './issue-objects.js';
import { paginate } from './pagination.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';
import type { RepoName } from './state.js';

type ValidationError = components['schemas']['validation-error'];

/** GitHub's limit on an issue body, in characters. */
const MAX_BODY_CHARS = 65_536;
const STATE_REASONS = new Set(['completed', 'not_planned', 'reopened']);

function invalid(field: string, code: string, message?: string): Reply {
  const error: ValidationError = {
    message: 'Validation Failed',
    documentation_url: 'https://docs.github.com/rest/issues/issues',
    errors: [{ resource: 'Issue', code, field, ...(message ? { message } : {}) }],
  };
  return replyJson(422, error);
}

function issueJson(ctx: RouteContext, repo: RepoName, issue: FakeIssue) {
  return toIssue(issue, ctx.state.commentsOn(repo, issue.number).length, ctx.api);
}

/** Label names from a request body (`["a"]` or `[{ "name": "a" }]`); missing ones are created,
 * as GitHub does for a token that can push. */
function readLabels(ctx: RouteContext, repo: RepoName, raw: unknown): FakeLabel[] | Reply {
  if (!Array.isArray(raw)) return invalid('labels', 'invalid');
  const labels: FakeLabel[] = [];
  for (const item of raw as unknown[]) {
    const name = typeof item === 'string' ? item : (item as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || name === '') return invalid('labels', 'invalid');
    labels.push(ctx.state.label(repo, name) ?? ctx.state.addLabel(repo, { name }));
  }
  return labels;
}

function readBodyText(raw: unknown): string | null | Reply {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return invalid('body', 'invalid');
  if (raw.length > MAX_BODY_CHARS) {
    return invalid('body', 'custom', `body is too long (maximum is ${MAX_BODY_CHARS} characters)`);
  }
  return raw;
}

/** `GET /repos/{o}/{r}/issues`: `state` (open), `labels` (all must match), `creator`, `sort`
 * (created) and `direction` (desc), as GitHub reads them. */
export function listIssues(ctx: RouteContext): Reply {
  const { repo, query } = ctx;
  if (!repo) return replyError(404, 'Not Found');
  const state = query.get('state') ?? 'open';
  if (!['open', 'closed', 'all'].includes(state)) return invalid('state', 'invalid');
  const wanted = (query.get('labels') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const creator = query.get('creator')?.toLowerCase();
  const sort = query.get('sort') ?? 'created';
  const sign = query.get('direction') === 'asc' ? 1 : -1;
  const key = (issue: FakeIssue) => (sort === 'updated' ? issue.updatedAt : issue.createdAt);
  const issues = ctx.state
    .issuesIn(repo)
    .filter((issue) => state === 'all' || issue.state === state)
    .filter((issue) =>
      wanted.every((name) => issue.labels.some((label) => label.name.toLowerCase() === name)),
    )
    .filter((issue) => creator === undefined || issue.author.login.toLowerCase() === creator)
    .sort((a, b) => sign * (key(a).localeCompare(key(b)) || a.number - b.number));
  const repoId = ctx.state.repository(repo).id;
  const page = paginate(issues, query, `${ctx.api}/repositories/${repoId}/issues`);
  const body = page.items.map((issue) => issueJson(ctx, repo, issue));
  return replyJson(200, body, page.link ? { link: page.link } : undefined);
}

/** `POST /repos/{o}/{r}/issues`: 201 with the issue, written as the token's account. */
export function createIssue(ctx: RouteContext): Reply {
  const { repo, token } = ctx;
  if (!repo || !token) return replyError(404, 'Not Found');
  const request = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof request.title !== 'string' || request.title.trim() === '') {
    return invalid('title', 'missing_field');
  }
  const body = readBodyText(request.body);
  if (typeof body === 'object' && body !== null) return body;
  const labels = request.labels === undefined ? [] : readLabels(ctx, repo, request.labels);
  if (!Array.isArray(labels)) return labels;
  const issue = ctx.state.seedIssue(repo, {
    title: request.title,
    body,
    author: token.account.login,
  });
  issue.labels = labels;
  const json = issueJson(ctx, repo, issue);
  return replyJson(201, json, { location: json.url });
}

/** `GET /repos/{o}/{r}/issues/{n}`. */
export function getIssue(ctx: RouteContext): Reply {
  const issue = ctx.repo && ctx.number !== undefined && ctx.state.issue(ctx.repo, ctx.number);
  if (!ctx.repo || !issue) return replyError(404, 'Not Found');
  return replyJson(200, issueJson(ctx, ctx.repo, issue));
}

/** `PATCH /repos/{o}/{r}/issues/{n}`: title, body, state, state_reason, labels. */
export function updateIssue(ctx: RouteContext): Reply {
  const { repo, number, token } = ctx;
  const issue = repo && number !== undefined && ctx.state.issue(repo, number);
  if (!repo || !issue || !token) return replyError(404, 'Not Found');
  const request = (ctx.body ?? {}) as Record<string, unknown>;
  const { title, state, state_reason: stateReason } = request;
  if (title !== undefined && (typeof title !== 'string' || title.trim() === '')) {
    return invalid('title', 'invalid');
  }
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    return invalid('state', 'invalid');
  }
  if (
    stateReason !== undefined &&
    stateReason !== null &&
    !STATE_REASONS.has(String(stateReason))
  ) {
    return invalid('state_reason', 'invalid');
  }
  const body = request.body === undefined ? undefined : readBodyText(request.body);
  if (typeof body === 'object' && body !== null) return body;
  const labels = request.labels === undefined ? undefined : readLabels(ctx, repo, request.labels);
  if (labels !== undefined && !Array.isArray(labels)) return labels;
  ctx.state.editIssue(issue, {
    title,
    body,
    state,
    stateReason: stateReason as 'completed' | 'not_planned' | 'reopened' | null | undefined,
    labels,
    by: token.account,
  });
  return replyJson(200, issueJson(ctx, repo, issue));
}

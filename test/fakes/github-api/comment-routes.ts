/** Issue-comment endpoints of the fake GitHub API: list (paginated), create, update, delete. */
import type { components } from '@octokit/openapi-types';
import { toIssueComment } from './comment-object.js';
import { paginate } from './pagination.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';

type ValidationError = components['schemas']['validation-error'];

/** GitHub's limit on a comment body, in characters. */
const MAX_BODY_CHARS = 65_536;

/** Reads `{ body }` from the request, or answers 422 as GitHub does. */
function readBody(ctx: RouteContext): string | Reply {
  const body = (ctx.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string') {
    return replyError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
  }
  if (body.length > MAX_BODY_CHARS) {
    const error: ValidationError = {
      message: 'Validation Failed',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
        },
      ],
    };
    return replyJson(422, error);
  }
  return body;
}

/** `GET /repos/{o}/{r}/issues/{n}/comments` (and its `/repositories/{id}/…` spelling). */
export function listComments(ctx: RouteContext): Reply {
  const { repo, number } = ctx;
  if (!repo || number === undefined || !ctx.state.hasIssue(repo, number)) {
    return replyError(404, 'Not Found');
  }
  const comments = ctx.state.commentsOn(repo, number);
  const repoId = ctx.state.repository(repo).id;
  const page = paginate(
    comments,
    ctx.query,
    `${ctx.api}/repositories/${repoId}/issues/${number}/comments`,
  );
  const body = page.items.map((c) => toIssueComment(c, ctx.api));
  return replyJson(200, body, page.link ? { link: page.link } : undefined);
}

/** `POST /repos/{o}/{r}/issues/{n}/comments`: 201 with the new comment and its Location. */
export function createComment(ctx: RouteContext): Reply {
  const { repo, number, token } = ctx;
  if (!repo || number === undefined || !token || !ctx.state.hasIssue(repo, number)) {
    return replyError(404, 'Not Found');
  }
  const body = readBody(ctx);
  if (typeof body !== 'string') return body;
  const comment = ctx.state.addComment(repo, number, token.account.login, body);
  const json = toIssueComment(comment, ctx.api);
  return replyJson(201, json, { location: json.url });
}

/** `PATCH /repos/{o}/{r}/issues/comments/{id}`: 404 when the comment is not in that repo. */
export function updateComment(ctx: RouteContext): Reply {
  const { repo, number: id } = ctx;
  const target = repo && ctx.state.repository(repo);
  const comment = ctx.state.comments.find((c) => c.id === id && c.repo === target);
  if (!comment) return replyError(404, 'Not Found');
  const body = readBody(ctx);
  if (typeof body !== 'string') return body;
  ctx.state.editComment(comment, body);
  return replyJson(200, toIssueComment(comment, ctx.api));
}

/**
 * `DELETE /repos/{o}/{r}/issues/comments/{id}`: 204; 404 when it is not in that repo. Only its
 * author may delete it here (GitHub also lets maintainers), so a test catches code deleting a
 * comment it does not own.
 */
export function deleteComment(ctx: RouteContext): Reply {
  const { repo, number: id, token } = ctx;
  const target = repo && ctx.state.repository(repo);
  const comment = ctx.state.comments.find((c) => c.id === id && c.repo === target);
  if (!comment) return replyError(404, 'Not Found');
  if (token?.account.login !== comment.author.login) {
    return replyError(403, 'Must have admin rights to Repository.');
  }
  ctx.state.removeComment(comment);
  return { status: 204 };
}

/** Label endpoints of the fake GitHub API: get one by name, create one. */
import type { components } from '@octokit/openapi-types';
import { toLabel } from './issue-objects.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';

type ValidationError = components['schemas']['validation-error'];

/** GitHub's limit on a label description, in characters. */
const MAX_DESCRIPTION_CHARS = 100;

function invalid(field: string, code: string): Reply {
  const error: ValidationError = {
    message: 'Validation Failed',
    documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
    errors: [{ resource: 'Label', code, field }],
  };
  return replyJson(422, error);
}

/** `GET /repos/{o}/{r}/labels/{name}` (names match case-insensitively). */
export function getLabel(ctx: RouteContext): Reply {
  const label = ctx.repo && ctx.label !== undefined && ctx.state.label(ctx.repo, ctx.label);
  if (!label) return replyError(404, 'Not Found');
  return replyJson(200, toLabel(label, ctx.api));
}

/** `POST /repos/{o}/{r}/labels`: 201, or 422 `already_exists` / `invalid` as GitHub answers. */
export function createLabel(ctx: RouteContext): Reply {
  const { repo } = ctx;
  if (!repo) return replyError(404, 'Not Found');
  const { name, color, description } = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return invalid('name', 'missing_field');
  if (color !== undefined && (typeof color !== 'string' || !/^[0-9a-fA-F]{6}$/.test(color))) {
    return invalid('color', 'invalid');
  }
  if (
    description !== undefined &&
    description !== null &&
    (typeof description !== 'string' || description.length > MAX_DESCRIPTION_CHARS)
  ) {
    return invalid('description', 'invalid');
  }
  if (ctx.state.label(repo, name)) return invalid('name', 'already_exists');
  const label = ctx.state.addLabel(repo, {
    name,
    color: typeof color === 'string' ? color.toLowerCase() : undefined,
    description: typeof description === 'string' ? description : null,
  });
  const json = toLabel(label, ctx.api);
  return replyJson(201, json, { location: json.url });
}

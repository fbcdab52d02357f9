/**
 * The repository and owner objects GitHub nests in REST bodies (a workflow run carries two),
 * typed with @octokit/openapi-types and pointing at the fake's loopback origin.
 */
import type { components } from '@octokit/openapi-types';

type MinimalRepository = components['schemas']['minimal-repository'];
type SimpleUser = components['schemas']['simple-user'];

/** owner/repo plus the origin every URL in a body points at. */
export interface BodyContext {
  origin: string;
  owner: string;
  repo: string;
}

const REPO_URL_FIELDS = [
  'archive_url',
  'assignees_url',
  'blobs_url',
  'branches_url',
  'collaborators_url',
  'comments_url',
  'commits_url',
  'compare_url',
  'contents_url',
  'contributors_url',
  'deployments_url',
  'downloads_url',
  'events_url',
  'forks_url',
  'git_commits_url',
  'git_refs_url',
  'git_tags_url',
  'issue_comment_url',
  'issue_events_url',
  'issues_url',
  'keys_url',
  'labels_url',
  'languages_url',
  'merges_url',
  'milestones_url',
  'notifications_url',
  'pulls_url',
  'releases_url',
  'stargazers_url',
  'statuses_url',
  'subscribers_url',
  'subscription_url',
  'tags_url',
  'teams_url',
  'trees_url',
  'hooks_url',
] as const;

function makeOwner(origin: string, login: string): SimpleUser {
  const url = `${origin}/users/${login}`;
  return {
    login,
    id: 1,
    node_id: `U_${login}`,
    avatar_url: `${origin}/avatars/${login}`,
    gravatar_id: null,
    url,
    html_url: `${origin}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: 'Organization',
    site_admin: false,
  };
}

/** A repository as workflow-run bodies embed it. */
export function makeRepository(ctx: BodyContext): MinimalRepository {
  const url = `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}`;
  // Every *_url field is required by the schema; their exact templates do not matter here.
  const urls = Object.fromEntries(
    REPO_URL_FIELDS.map((field) => [field, `${url}/${field.replace(/_url$/, '')}`]),
  ) as Record<(typeof REPO_URL_FIELDS)[number], string>;
  return {
    ...urls,
    id: 1,
    node_id: 'R_1',
    name: ctx.repo,
    full_name: `${ctx.owner}/${ctx.repo}`,
    owner: makeOwner(ctx.origin, ctx.owner),
    private: false,
    html_url: `${ctx.origin}/${ctx.owner}/${ctx.repo}`,
    description: null,
    fork: false,
    url,
  };
}

/**
 * User objects for the fake GitHub API, typed by GitHub's published OpenAPI description so a
 * field missing or of the wrong type fails `tsc`.
 */
import type { components } from '@octokit/openapi-types';

type SimpleUser = components['schemas']['simple-user'];
type PrivateUser = components['schemas']['private-user'];

/** A fake account: a person (PAT) or an app acting as a bot (installation token). */
export interface FakeAccount {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

/** `simple-user`, as embedded in comments, pull requests and repositories. */
export function toSimpleUser(account: FakeAccount, api: string): SimpleUser {
  const url = `${api}/users/${encodeURIComponent(account.login)}`;
  return {
    login: account.login,
    id: account.id,
    node_id: `U_fake${account.id}`,
    avatar_url: `${api}/avatars/u/${account.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${api}/${encodeURIComponent(account.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `private-user`: what `GET /user` answers a personal access token with. */
export function toPrivateUser(account: FakeAccount, api: string): PrivateUser {
  return {
    ...toSimpleUser(account, api),
    user_view_type: 'private',
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

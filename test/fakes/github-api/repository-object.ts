/** The `repository` object the fake embeds in pull requests (head.repo, base.repo). */
import type { components } from '@octokit/openapi-types';
import { type FakeAccount, toSimpleUser } from './user-objects.js';

type Repository = components['schemas']['repository'];

/** Identity of a fake repository; GitHub's numeric id also appears in pagination links. */
export interface FakeRepository {
  id: number;
  owner: FakeAccount;
  name: string;
}

/** Builds the full `repository` schema object: every required field, GitHub's URL templates. */
export function toRepository(repo: FakeRepository, api: string): Repository {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${api}/repos/${fullName}`;
  const html = `${api}/${fullName}`;
  return {
    id: repo.id,
    node_id: `R_fake${repo.id}`,
    name: repo.name,
    full_name: fullName,
    license: null,
    forks: 0,
    owner: toSimpleUser(repo.owner, api),
    private: false,
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `${html}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${fullName}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: 'main',
    open_issues_count: 1,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: '2024-01-01T00:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    open_issues: 1,
    watchers: 0,
  };
}

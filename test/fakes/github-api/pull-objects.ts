/** The `pull-request` object of the fake GitHub API, schema-typed. */
import type { components } from '@octokit/openapi-types';
import { type FakeRepository, toRepository } from './repository-object.js';
import { toSimpleUser } from './user-objects.js';

type PullRequest = components['schemas']['pull-request'];

/** What a test says about a pull request; the rest gets plausible defaults. */
export interface PullRequestSeed {
  number: number;
  headSha: string;
  headRef: string;
  baseSha: string;
  baseRef: string;
}

const WHEN = '2024-01-01T00:00:00Z';

/** `pull-request` for `GET /repos/{o}/{r}/pulls/{n}`: head and base in the same repository. */
export function toPullRequest(
  repo: FakeRepository,
  seed: PullRequestSeed,
  api: string,
): PullRequest {
  const full = `${repo.owner.login}/${repo.name}`;
  const url = `${api}/repos/${full}/pulls/${seed.number}`;
  const html = `${api}/${full}/pull/${seed.number}`;
  const issue = `${api}/repos/${full}/issues/${seed.number}`;
  const user = toSimpleUser(repo.owner, api);
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    repo: toRepository(repo, api),
    user,
  });
  const link = (href: string) => ({ href });
  return {
    url,
    id: 1_000_000 + seed.number,
    node_id: `PR_fake${seed.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${api}/repos/${full}/statuses/${seed.headSha}`,
    number: seed.number,
    state: 'open',
    locked: false,
    title: `Pull request ${seed.number}`,
    user,
    body: null,
    labels: [],
    milestone: null,
    created_at: WHEN,
    updated_at: WHEN,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    head: side(seed.headRef, seed.headSha),
    base: side(seed.baseRef, seed.baseSha),
    _links: {
      comments: link(`${issue}/comments`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/repos/${full}/statuses/${seed.headSha}`),
      html: link(html),
      issue: link(issue),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/repos/${full}/pulls/comments{/number}`),
      self: link(url),
    },
    author_association: 'OWNER',
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

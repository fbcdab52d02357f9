/** Commit and comparison objects for the fake GitHub API, schema-typed. */
import type { components } from '@octokit/openapi-types';
import type { FakeRepository } from './repository-object.js';
import { toSimpleUser } from './user-objects.js';

type Commit = components['schemas']['commit'];
type CommitComparison = components['schemas']['commit-comparison'];

/** What a test says about a comparison of two commits. */
export interface ComparisonSeed {
  mergeBaseSha: string;
  aheadBy?: number;
  behindBy?: number;
}

const WHEN = '2024-01-01T00:00:00Z';

/** A `commit` as the compare and commits endpoints return it. */
export function toCommit(repo: FakeRepository, sha: string, api: string): Commit {
  const url = `${api}/repos/${repo.owner.login}/${repo.name}`;
  const person = { name: repo.owner.login, email: 'dev@example.test', date: WHEN };
  return {
    url: `${url}/commits/${sha}`,
    sha,
    node_id: `C_fake${sha.slice(0, 12)}`,
    html_url: `${api}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    comments_url: `${url}/commits/${sha}/comments`,
    commit: {
      url: `${url}/git/commits/${sha}`,
      author: person,
      committer: person,
      message: `Commit ${sha.slice(0, 7)}`,
      comment_count: 0,
      tree: { sha: sha.split('').reverse().join(''), url: `${url}/git/trees/${sha}` },
    },
    author: toSimpleUser(repo.owner, api),
    committer: toSimpleUser(repo.owner, api),
    parents: [],
  };
}

/** `commit-comparison` for `GET /repos/{o}/{r}/compare/{base}...{head}`. */
export function toComparison(
  repo: FakeRepository,
  base: string,
  head: string,
  seed: ComparisonSeed,
  api: string,
): CommitComparison {
  const ahead = seed.aheadBy ?? 1;
  const behind = seed.behindBy ?? 0;
  const status = ahead && behind ? 'diverged' : ahead ? 'ahead' : behind ? 'behind' : 'identical';
  const html = `${api}/${repo.owner.login}/${repo.name}/compare/${base}...${head}`;
  return {
    url: `${api}/repos/${repo.owner.login}/${repo.name}/compare/${base}...${head}`,
    html_url: html,
    permalink_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: toCommit(repo, base, api),
    merge_base_commit: toCommit(repo, seed.mergeBaseSha, api),
    status,
    ahead_by: ahead,
    behind_by: behind,
    total_commits: ahead,
    commits: ahead > 0 ? [toCommit(repo, head, api)] : [],
    files: [],
  };
}

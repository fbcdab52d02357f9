/** The `issue-comment` object of the fake GitHub API, schema-typed. */
import type { components } from '@octokit/openapi-types';
import type { FakeRepository } from './repository-object.js';
import { type FakeAccount, toSimpleUser } from './user-objects.js';

type IssueComment = components['schemas']['issue-comment'];

/** A stored comment: what the fake keeps, from which the schema object is built. */
export interface FakeComment {
  id: number;
  repo: FakeRepository;
  issueNumber: number;
  body: string;
  author: FakeAccount;
  createdAt: string;
  updatedAt: string;
}

/** Builds the comment as `GET /repos/{o}/{r}/issues/{n}/comments` lists it (on a pull request:
 * the html_url points at `/pull/{n}`, as GitHub's does). */
export function toIssueComment(comment: FakeComment, api: string): IssueComment {
  const full = `${comment.repo.owner.login}/${comment.repo.name}`;
  const url = `${api}/repos/${full}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: `IC_fake${comment.id}`,
    url,
    html_url: `${api}/${full}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: toSimpleUser(comment.author, api),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/repos/${full}/issues/${comment.issueNumber}`,
    author_association: comment.author.type === 'Bot' ? 'NONE' : 'MEMBER',
    performed_via_github_app: null,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes: 0,
      rocket: 0,
    },
  };
}

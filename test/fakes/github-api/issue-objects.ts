/** The `issue` and `label` objects of the fake GitHub API, schema-typed. */
import type { components } from '@octokit/openapi-types';
import type { FakeRepository } from './repository-object.js';
import { type FakeAccount, toSimpleUser } from './user-objects.js';

type Issue = components['schemas']['issue'];
type Label = components['schemas']['label'];

/** A label of one repository. */
export interface FakeLabel {
  id: number;
  repo: FakeRepository;
  name: string;
  /** Six hex digits without `#`, as GitHub stores it. */
  color: string;
  description: string | null;
}

/** A stored issue (or pull request, as the issues list shows it). */
export interface FakeIssue {
  id: number;
  repo: FakeRepository;
  number: number;
  title: string;
  body: string | null;
  labels: FakeLabel[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'reopened' | 'not_planned' | null;
  author: FakeAccount;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: FakeAccount | null;
  /** GitHub's issues list includes pull requests, marked by a `pull_request` key. */
  pullRequest: boolean;
}

/** What a test says about an issue it seeds; the rest gets defaults (open, now, by the owner). */
export interface IssueSeed {
  number?: number;
  title?: string;
  body?: string | null;
  /** Label names; missing labels are created (grey), as GitHub does for a writer. */
  labels?: string[];
  /** Login of the author; default the repository owner. */
  author?: string;
  state?: 'open' | 'closed';
  /** ISO times; default now (and, for a closed issue, closed now). */
  createdAt?: string;
  closedAt?: string;
  pullRequest?: boolean;
}

/** `label`, as the labels endpoints and an issue's `labels` show it. */
export function toLabel(label: FakeLabel, api: string): Label {
  const full = `${label.repo.owner.login}/${label.repo.name}`;
  return {
    id: label.id,
    node_id: `LA_fake${label.id}`,
    url: `${api}/repos/${full}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

/** `issue` for the issues list, `GET`, `POST` and `PATCH`; `comments` is its comment count. */
export function toIssue(issue: FakeIssue, comments: number, api: string): Issue {
  const full = `${issue.repo.owner.login}/${issue.repo.name}`;
  const url = `${api}/repos/${full}/issues/${issue.number}`;
  const html = `${api}/${full}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`;
  const pull = `${api}/repos/${full}/pulls/${issue.number}`;
  return {
    id: issue.id,
    node_id: `I_fake${issue.id}`,
    url,
    repository_url: `${api}/repos/${full}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: toSimpleUser(issue.author, api),
    labels: issue.labels.map((label) => toLabel(label, api)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    ...(issue.pullRequest
      ? {
          pull_request: {
            merged_at: null,
            diff_url: `${html}.diff`,
            html_url: html,
            patch_url: `${html}.patch`,
            url: pull,
          },
          draft: false,
        }
      : {}),
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_by: issue.closedBy && toSimpleUser(issue.closedBy, api),
    timeline_url: `${url}/timeline`,
    author_association: issue.author.type === 'Bot' ? 'NONE' : 'OWNER',
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

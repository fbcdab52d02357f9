/** What a route handler of the fake GitHub API gets: the matched request and the state. */
import type { RouteName } from './faults.js';
import type { FakeGitHubState, FakeToken, RepoName } from './state.js';

/** A request matched to a route, with its path parameters decoded. */
export interface MatchedRoute {
  route: RouteName;
  repo?: RepoName;
  /** Issue or pull number, or comment id for `update-comment` and `delete-comment`. */
  number?: number;
  basehead?: string;
  /** The commit of `create-status` and `list-commit-pulls`. */
  sha?: string;
  /** The label name of `get-label`, decoded. */
  label?: string;
  /** The user of `get-collaborator-permission`, decoded. */
  login?: string;
}

export interface RouteContext extends MatchedRoute {
  state: FakeGitHubState;
  /** The fake's origin, e.g. `http://127.0.0.1:40123`: the root of every URL in a body. */
  api: string;
  query: URLSearchParams;
  /** Who the token is; undefined for anonymous requests. */
  token: FakeToken | undefined;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
}

function repoOf(m: RegExpExecArray): RepoName {
  return { owner: decodeURIComponent(m[1] ?? ''), repo: decodeURIComponent(m[2] ?? '') };
}

interface Matcher {
  method: string;
  pattern: RegExp;
  build(m: RegExpExecArray, state: FakeGitHubState): MatchedRoute | undefined;
}

const COMMENTS = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const ISSUES = /^\/repos\/([^/]+)\/([^/]+)\/issues$/;
const ISSUE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/;

const MATCHERS: Matcher[] = [
  { method: 'GET', pattern: /^\/user$/, build: () => ({ route: 'get-user' }) },
  {
    method: 'GET',
    pattern: COMMENTS,
    build: (m) => ({ route: 'list-comments', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'POST',
    pattern: COMMENTS,
    build: (m) => ({ route: 'create-comment', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    // The spelling GitHub's Link headers use for the same list.
    method: 'GET',
    pattern: /^\/repositories\/(\d+)\/issues\/(\d+)\/comments$/,
    build: (m, state) => {
      const found = state.repositoryById(Number(m[1]));
      const repo = found && { owner: found.owner.login, repo: found.name };
      return repo && { route: 'list-comments', repo, number: Number(m[2]) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/events$/,
    build: (m) => ({ route: 'list-issue-events', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    // The spelling GitHub's Link headers use for the same list.
    method: 'GET',
    pattern: /^\/repositories\/(\d+)\/issues\/(\d+)\/events$/,
    build: (m, state) => {
      const found = state.repositoryById(Number(m[1]));
      const repo = found && { owner: found.owner.login, repo: found.name };
      return repo && { route: 'list-issue-events', repo, number: Number(m[2]) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/,
    build: (m) => ({
      route: 'get-collaborator-permission',
      repo: repoOf(m),
      login: decodeURIComponent(m[3] ?? ''),
    }),
  },
  { method: 'GET', pattern: ISSUES, build: (m) => ({ route: 'list-issues', repo: repoOf(m) }) },
  {
    // The spelling GitHub's Link headers use for the issues list.
    method: 'GET',
    pattern: /^\/repositories\/(\d+)\/issues$/,
    build: (m, state) => {
      const found = state.repositoryById(Number(m[1]));
      return (
        found && { route: 'list-issues', repo: { owner: found.owner.login, repo: found.name } }
      );
    },
  },
  { method: 'POST', pattern: ISSUES, build: (m) => ({ route: 'create-issue', repo: repoOf(m) }) },
  {
    method: 'GET',
    pattern: ISSUE,
    build: (m) => ({ route: 'get-issue', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'PATCH',
    pattern: ISSUE,
    build: (m) => ({ route: 'update-issue', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/labels\/([^/]+)$/,
    build: (m) => ({
      route: 'get-label',
      repo: repoOf(m),
      label: decodeURIComponent(m[3] ?? ''),
    }),
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/labels$/,
    build: (m) => ({ route: 'create-label', repo: repoOf(m) }),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/releases\/latest$/,
    build: (m) => ({ route: 'get-latest-release', repo: repoOf(m) }),
  },
  {
    method: 'PATCH',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
    build: (m) => ({ route: 'update-comment', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'DELETE',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
    build: (m) => ({ route: 'delete-comment', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
    build: (m) => ({ route: 'get-pull', repo: repoOf(m), number: Number(m[3]) }),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/,
    build: (m) => ({ route: 'compare', repo: repoOf(m), basehead: decodeURIComponent(m[3] ?? '') }),
  },
  {
    method: 'GET',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)\/pulls$/,
    build: (m) => ({
      route: 'list-commit-pulls',
      repo: repoOf(m),
      sha: decodeURIComponent(m[3] ?? ''),
    }),
  },
  {
    method: 'POST',
    pattern: /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([^/]+)$/,
    build: (m) => ({
      route: 'create-status',
      repo: repoOf(m),
      sha: decodeURIComponent(m[3] ?? ''),
    }),
  },
];

/** Matches a method and path to a route; `/repositories/{id}/…` resolves through the state. */
export function matchRoute(
  method: string,
  path: string,
  state: FakeGitHubState,
): MatchedRoute | undefined {
  for (const matcher of MATCHERS) {
    if (matcher.method !== method) continue;
    const m = matcher.pattern.exec(path);
    if (m) return matcher.build(m, state);
  }
  return undefined;
}

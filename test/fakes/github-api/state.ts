/** In-memory data of the fake GitHub API and the helpers tests seed it with. */

import type { FakeComment } from './comment-object.js';
import type { ComparisonSeed } from './commit-objects.js';
import type { PullRequestSeed } from './pull-objects.js';
import type { FakeRepository } from './repository-object.js';
import type { FakeStatus } from './status-routes.js';
import type { FakeAccount } from './user-objects.js';

/** owner/repo, as the code under test names a repository. */
export interface RepoName {
  owner: string;
  repo: string;
}

/** Who a token is: a person (PAT), or an installation such as the Actions GITHUB_TOKEN, which
 * `GET /user` refuses and which is read-only on fork pull requests. */
export type FakeToken =
  | { kind: 'user'; account: FakeAccount }
  | { kind: 'installation'; account: FakeAccount; readOnly: boolean };

const EPOCH_MS = Date.parse('2024-01-01T00:00:00Z');

export class FakeGitHubState {
  readonly tokens = new Map<string, FakeToken>();
  readonly comments: FakeComment[] = [];
  /** Commit statuses set through `POST …/statuses/{sha}`, oldest first. */
  readonly statuses: FakeStatus[] = [];
  private readonly accounts = new Map<string, FakeAccount>();
  private readonly repos = new Map<string, FakeRepository>();
  private readonly issues = new Set<string>();
  private readonly pulls = new Map<string, PullRequestSeed>();
  private readonly comparisons = new Map<string, ComparisonSeed>();
  private nextId = 1001;
  private tick = 0;

  /** The account with this login, created on first use; `[bot]` logins are bots. */
  account(login: string): FakeAccount {
    let account = this.accounts.get(login);
    if (!account) {
      account = { login, id: this.nextId++, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
      this.accounts.set(login, account);
    }
    return account;
  }

  /** A personal access token of `login`. */
  addUserToken(token: string, login: string): void {
    this.tokens.set(token, { kind: 'user', account: this.account(login) });
  }

  /** An installation token (default: the Actions GITHUB_TOKEN, writing as github-actions[bot]). */
  addInstallationToken(token: string, opts: { readOnly?: boolean; login?: string } = {}): void {
    const account = this.account(opts.login ?? 'github-actions[bot]');
    this.tokens.set(token, { kind: 'installation', account, readOnly: opts.readOnly ?? false });
  }

  /** The repository, created on first use. */
  repository({ owner, repo }: RepoName): FakeRepository {
    const key = `${owner}/${repo}`;
    let found = this.repos.get(key);
    if (!found) {
      found = { id: this.nextId++, owner: this.account(owner), name: repo };
      this.repos.set(key, found);
    }
    return found;
  }

  /** The repository GitHub's `/repositories/{id}/…` pagination links refer to. */
  repositoryById(id: number): FakeRepository | undefined {
    return [...this.repos.values()].find((r) => r.id === id);
  }

  /** Makes issue (or pull request) `number` exist, with no comments yet. */
  addIssue(repo: RepoName, number: number): void {
    this.repository(repo);
    this.issues.add(`${repo.owner}/${repo.repo}#${number}`);
  }

  hasIssue(repo: RepoName, number: number): boolean {
    return this.issues.has(`${repo.owner}/${repo.repo}#${number}`);
  }

  /** Adds one comment now; later comments get later times and higher ids, as on GitHub. */
  addComment(repo: RepoName, issueNumber: number, login: string, body: string): FakeComment {
    this.addIssue(repo, issueNumber);
    const at = this.nextTime();
    const comment: FakeComment = {
      id: this.nextId++,
      repo: this.repository(repo),
      issueNumber,
      body,
      author: this.account(login),
      createdAt: at,
      updatedAt: at,
    };
    this.comments.push(comment);
    return comment;
  }

  /** Adds `count` comments by `login`; `body(i)` defaults to a plain chat line. */
  addComments(
    repo: RepoName,
    issueNumber: number,
    count: number,
    login: string,
    body?: (i: number) => string,
  ): void {
    for (let i = 0; i < count; i++) {
      this.addComment(repo, issueNumber, login, body ? body(i) : `Comment ${i + 1} by ${login}`);
    }
  }

  /** The comments of one issue, oldest first (GitHub's order). */
  commentsOn(repo: RepoName, issueNumber: number): FakeComment[] {
    const r = this.repository(repo);
    return this.comments.filter((c) => c.repo === r && c.issueNumber === issueNumber);
  }

  editComment(comment: FakeComment, body: string): void {
    comment.body = body;
    comment.updatedAt = this.nextTime();
  }

  setPullRequest(repo: RepoName, seed: PullRequestSeed): void {
    this.addIssue(repo, seed.number);
    this.pulls.set(`${repo.owner}/${repo.repo}#${seed.number}`, seed);
  }

  pullRequest(repo: RepoName, number: number): PullRequestSeed | undefined {
    return this.pulls.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  /** What `compare/{base}...{head}` answers; unset comparisons answer 404. */
  setComparison(repo: RepoName, base: string, head: string, seed: ComparisonSeed): void {
    this.comparisons.set(`${repo.owner}/${repo.repo}:${base}...${head}`, seed);
  }

  comparison(repo: RepoName, basehead: string): ComparisonSeed | undefined {
    return this.comparisons.get(`${repo.owner}/${repo.repo}:${basehead}`);
  }

  private nextTime(): string {
    return new Date(EPOCH_MS + 1000 * this.tick++).toISOString().replace('.000Z', 'Z');
  }
}

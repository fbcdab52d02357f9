/** In-memory data of the fake GitHub API and the helpers tests seed it with. */

import type { FakeComment } from './comment-object.js';
import type { ComparisonSeed } from './commit-objects.js';
import type { FakeIssue, FakeLabel, IssueSeed } from './issue-objects.js';
import type { FakeLabelEvent, FakeRole } from './label-event-routes.js';
import type { PullRequestSeed } from './pull-objects.js';
import type { FakeRelease, ReleaseSeed } from './release-objects.js';
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

/** Now, to the second, as GitHub writes times. Issues use the real clock (not the comments'
 * fixed one): the code under test compares `closed_at` with its own now. */
function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class FakeGitHubState {
  readonly tokens = new Map<string, FakeToken>();
  readonly comments: FakeComment[] = [];
  /** Commit statuses set through `POST …/statuses/{sha}`, oldest first. */
  readonly statuses: FakeStatus[] = [];
  /** Issues (and pull requests listed as issues) of every repository, in creation order. */
  readonly issueRecords: FakeIssue[] = [];
  readonly labels: FakeLabel[] = [];
  readonly releases: FakeRelease[] = [];
  /** `labeled` and `unlabeled` events of every issue and pull request, oldest first. */
  readonly labelEvents: FakeLabelEvent[] = [];
  private readonly roles = new Map<string, FakeRole>();
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

  /** The account with this login, if the fake has seen it (no account is created). */
  knownAccount(login: string): FakeAccount | undefined {
    return this.accounts.get(login);
  }

  /** Gives `login` a role on every repository (the collaborator-permission answer). */
  setRole(login: string, role: FakeRole): void {
    this.account(login);
    this.roles.set(login, role);
  }

  roleOf(login: string): FakeRole | undefined {
    return this.roles.get(login);
  }

  /**
   * `actor` applies (or removes) label `name` on issue or pull request `number`, as the web UI
   * does: the issue's labels change (a missing label is created, grey) and a `labeled` (or
   * `unlabeled`) event is recorded, stamped now to the second as GitHub stamps events.
   */
  changeLabel(
    repo: RepoName,
    number: number,
    change: { action: 'labeled' | 'unlabeled'; name: string; actor: string },
  ): FakeLabelEvent {
    const label = this.label(repo, change.name) ?? this.addLabel(repo, { name: change.name });
    const issue = this.issue(repo, number);
    if (issue) {
      const others = issue.labels.filter((l) => l !== label);
      issue.labels = change.action === 'labeled' ? [...others, label] : others;
    }
    this.addIssue(repo, number);
    const event: FakeLabelEvent = {
      id: this.nextId++,
      repo: { owner: repo.owner, repo: repo.repo },
      issueNumber: number,
      action: change.action,
      label: { name: label.name, color: label.color },
      actor: this.account(change.actor),
      createdAt: nowIso(),
    };
    this.labelEvents.push(event);
    return event;
  }

  /** The label events of one issue or pull request, oldest first (GitHub's order). */
  labelEventsOn(repo: RepoName, number: number): FakeLabelEvent[] {
    return this.labelEvents.filter(
      (e) => e.repo.owner === repo.owner && e.repo.repo === repo.repo && e.issueNumber === number,
    );
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

  removeComment(comment: FakeComment): void {
    const at = this.comments.indexOf(comment);
    if (at >= 0) this.comments.splice(at, 1);
  }

  setPullRequest(repo: RepoName, seed: PullRequestSeed): void {
    // The issues list shows pull requests too; give it one to show.
    if (!this.issue(repo, seed.number)) {
      this.seedIssue(repo, {
        number: seed.number,
        title: `Pull request ${seed.number}`,
        pullRequest: true,
      });
    }
    this.addIssue(repo, seed.number);
    this.pulls.set(`${repo.owner}/${repo.repo}#${seed.number}`, seed);
  }

  pullRequest(repo: RepoName, number: number): PullRequestSeed | undefined {
    return this.pulls.get(`${repo.owner}/${repo.repo}#${number}`);
  }

  /** The repository's pull requests whose head is commit `sha`. */
  pullRequestsWithHead(repo: RepoName, sha: string): PullRequestSeed[] {
    const prefix = `${repo.owner}/${repo.repo}#`;
    return [...this.pulls].flatMap(([key, seed]) =>
      key.startsWith(prefix) && seed.headSha === sha ? [seed] : [],
    );
  }

  /** What `compare/{base}...{head}` answers; unset comparisons answer 404. */
  setComparison(repo: RepoName, base: string, head: string, seed: ComparisonSeed): void {
    this.comparisons.set(`${repo.owner}/${repo.repo}:${base}...${head}`, seed);
  }

  comparison(repo: RepoName, basehead: string): ComparisonSeed | undefined {
    return this.comparisons.get(`${repo.owner}/${repo.repo}:${basehead}`);
  }

  /**
   * Adds an issue (or, with `pullRequest`, a pull request as the issues list shows it) and
   * returns it; its number follows the repository's highest one unless `seed.number` is given.
   */
  seedIssue(repo: RepoName, seed: IssueSeed = {}): FakeIssue {
    const repository = this.repository(repo);
    const number = seed.number ?? this.nextIssueNumber(repo);
    const createdAt = seed.createdAt ?? nowIso();
    const state = seed.state ?? 'open';
    const closedAt = state === 'closed' ? (seed.closedAt ?? createdAt) : null;
    const author = this.account(seed.author ?? repository.owner.login);
    const issue: FakeIssue = {
      id: this.nextId++,
      repo: repository,
      number,
      title: seed.title ?? `Issue ${number}`,
      body: seed.body ?? null,
      labels: (seed.labels ?? []).map(
        (name) => this.label(repo, name) ?? this.addLabel(repo, { name }),
      ),
      state,
      stateReason: state === 'closed' ? 'completed' : null,
      author,
      createdAt,
      updatedAt: closedAt ?? createdAt,
      closedAt,
      closedBy: state === 'closed' ? author : null,
      pullRequest: seed.pullRequest ?? false,
    };
    this.issueRecords.push(issue);
    this.addIssue(repo, number);
    return issue;
  }

  /** Issue or pull request `number` as the issues endpoints know it. */
  issue(repo: RepoName, number: number): FakeIssue | undefined {
    const r = this.repository(repo);
    return this.issueRecords.find((i) => i.repo === r && i.number === number);
  }

  /** The repository's issues and pull requests, in creation order. */
  issuesIn(repo: RepoName): FakeIssue[] {
    const r = this.repository(repo);
    return this.issueRecords.filter((i) => i.repo === r);
  }

  /** Applies an edit as `PATCH …/issues/{n}` does: closing stamps `closed_at`, reopening clears it. */
  editIssue(
    issue: FakeIssue,
    change: {
      title?: string;
      body?: string | null;
      state?: 'open' | 'closed';
      stateReason?: 'completed' | 'not_planned' | 'reopened' | null;
      labels?: FakeLabel[];
      by?: FakeAccount;
    },
  ): void {
    const at = nowIso();
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    if (change.labels !== undefined) issue.labels = change.labels;
    if (change.state === 'closed' && issue.state === 'open') {
      Object.assign(issue, { state: 'closed', closedAt: at, closedBy: change.by ?? null });
      issue.stateReason = change.stateReason ?? 'completed';
    } else if (change.state === 'open' && issue.state === 'closed') {
      Object.assign(issue, { state: 'open', closedAt: null, closedBy: null });
      issue.stateReason = 'reopened';
    } else if (change.stateReason !== undefined && issue.state === 'closed') {
      issue.stateReason = change.stateReason;
    }
    issue.updatedAt = at;
  }

  /** The repository's label called `name` (GitHub matches label names case-insensitively). */
  label(repo: RepoName, name: string): FakeLabel | undefined {
    const r = this.repository(repo);
    const wanted = name.toLowerCase();
    return this.labels.find((l) => l.repo === r && l.name.toLowerCase() === wanted);
  }

  /** Adds a label; GitHub's default grey when no colour is given. */
  addLabel(
    repo: RepoName,
    seed: { name: string; color?: string; description?: string | null },
  ): FakeLabel {
    const label: FakeLabel = {
      id: this.nextId++,
      repo: this.repository(repo),
      name: seed.name,
      color: seed.color ?? 'ededed',
      description: seed.description ?? null,
    };
    this.labels.push(label);
    return label;
  }

  /** Adds a release (published now unless told otherwise; drafts are never published). */
  addRelease(repo: RepoName, seed: ReleaseSeed): FakeRelease {
    const repository = this.repository(repo);
    const publishedAt = seed.draft ? null : (seed.publishedAt ?? nowIso());
    const release: FakeRelease = {
      id: this.nextId++,
      repo: repository,
      tag: seed.tag,
      name: seed.name ?? seed.tag,
      body: seed.body ?? null,
      draft: seed.draft ?? false,
      prerelease: seed.prerelease ?? false,
      createdAt: seed.createdAt ?? publishedAt ?? nowIso(),
      publishedAt,
      author: this.account(seed.author ?? repository.owner.login),
    };
    this.releases.push(release);
    return release;
  }

  /** What `releases/latest` answers: the newest (by `created_at`) release that is neither a
   * draft nor a prerelease. */
  latestRelease(repo: RepoName): FakeRelease | undefined {
    const r = this.repository(repo);
    return this.releases
      .filter((rel) => rel.repo === r && !rel.draft && !rel.prerelease)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
  }

  /** Issues and pull requests share one sequence of numbers per repository. */
  private nextIssueNumber({ owner, repo }: RepoName): number {
    const prefix = `${owner}/${repo}#`;
    let highest = 0;
    for (const key of this.issues) {
      if (key.startsWith(prefix)) highest = Math.max(highest, Number(key.slice(prefix.length)));
    }
    return highest + 1;
  }

  private nextTime(): string {
    return new Date(EPOCH_MS + 1000 * this.tick++).toISOString().replace('.000Z', 'Z');
  }
}

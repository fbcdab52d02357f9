import type { Octokit } from '@octokit/rest';
import type { IssueGateway, RepoRef, TrackedIssue } from '../../ports.js';
import { hasStatus } from '../store/baseline-runs-api.js';
import { IssuePermissionError, toIssueError } from './issue-error.js';

export { GitHubRequestError } from './github-request-error.js';
export { ISSUES_PERMISSION, IssuePermissionError } from './issue-error.js';

/** Colour and description given to a label the gateway has to create. */
export const REGRESSION_LABEL_STYLE = {
  color: 'b60205',
  description: 'A performance regression that loadgate confirmed on a scheduled run',
};

export interface IssueGatewayOptions {
  /**
   * Login whose issues count as ours, besides bot accounts. Default: the token's login from
   * `GET /user`; an installation token (the Actions GITHUB_TOKEN) is refused that call and has
   * no login, and then only issues written by bots (`github-actions[bot]`, `<app>[bot]`) count.
   */
  authorLogin?: string;
  /** Style of a label the gateway creates; default REGRESSION_LABEL_STYLE. */
  labelStyle?: { color: string; description: string };
}

type ListedIssue = Awaited<ReturnType<Octokit['rest']['issues']['listForRepo']>>['data'][number];
type IssueAuthor = ListedIssue['user'];

/** The requests, as errors name them. */
const ROUTES = {
  user: 'GET /user',
  list: 'GET /repos/{owner}/{repo}/issues',
  create: 'POST /repos/{owner}/{repo}/issues',
  update: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  comment: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  getLabel: 'GET /repos/{owner}/{repo}/labels/{name}',
  createLabel: 'POST /repos/{owner}/{repo}/labels',
} as const;

function toTracked(issue: ListedIssue): TrackedIssue {
  const closed = issue.state === 'closed';
  return {
    number: issue.number,
    state: closed ? 'closed' : 'open',
    ...(closed && issue.closed_at ? { closedAt: issue.closed_at } : {}),
    title: issue.title,
    body: issue.body ?? '',
    url: issue.html_url,
  };
}

/** A bot wrote it, or the token's own account did. Anyone may type a marker into an issue, but
 * only issues loadgate could have written are taken over. */
function isOurs(user: IssueAuthor, login: string | undefined): boolean {
  if (!user) return false;
  if (user.type === 'Bot' || user.login.endsWith('[bot]')) return true;
  return login !== undefined && user.login.toLowerCase() === login.toLowerCase();
}

/**
 * Regression issues over the REST API: found by label and marker across every page of the
 * issues list (open and closed), opened with the label, rewritten, closed and commented on.
 * Permission failures throw IssuePermissionError; other failures GitHubRequestError.
 */
export class GitHubIssueGateway implements IssueGateway {
  private author: Promise<string | undefined> | undefined;

  constructor(
    private readonly octokit: Octokit,
    private readonly options: IssueGatewayOptions = {},
  ) {}

  async find(repo: RepoRef, label: string, marker: string): Promise<TrackedIssue | undefined> {
    const wanted = marker.trim();
    if (wanted === '') throw new Error('an issue marker must not be empty');
    const issues = await this.call(ROUTES.list, 'read', () =>
      this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        owner: repo.owner,
        repo: repo.repo,
        labels: label,
        state: 'all',
        per_page: 100,
      }),
    );
    // The list holds pull requests too; a pull request is never the regression issue.
    const marked = issues.filter((i) => !i.pull_request && (i.body ?? '').includes(wanted));
    if (marked.length === 0) return undefined;
    const login = await this.resolveAuthor();
    const newest = marked
      .filter((i) => isOurs(i.user, login))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.number - a.number)[0];
    return newest && toTracked(newest);
  }

  async create(
    repo: RepoRef,
    issue: { title: string; body: string; label: string },
  ): Promise<TrackedIssue> {
    await this.ensureLabel(repo, issue.label);
    const { data } = await this.call(ROUTES.create, 'write', () =>
      this.octokit.rest.issues.create({
        owner: repo.owner,
        repo: repo.repo,
        title: issue.title,
        body: issue.body,
        labels: [issue.label],
      }),
    );
    return toTracked(data);
  }

  /** Closing says `completed`; reopening needs no reason (GitHub records `reopened`). */
  async update(
    repo: RepoRef,
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ): Promise<void> {
    const { title, body, state } = change;
    if (title === undefined && body === undefined && state === undefined) return;
    await this.call(ROUTES.update, 'write', () =>
      this.octokit.rest.issues.update({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: number,
        ...(title !== undefined ? { title } : {}),
        ...(body !== undefined ? { body } : {}),
        ...(state !== undefined ? { state } : {}),
        ...(state === 'closed' ? { state_reason: 'completed' as const } : {}),
      }),
    );
  }

  async comment(repo: RepoRef, number: number, body: string): Promise<void> {
    await this.call(ROUTES.comment, 'write', () =>
      this.octokit.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: number,
        body,
      }),
    );
  }

  /**
   * Creates the label with our colour and description when the repository lacks it. GitHub
   * would create a missing label with the issue, grey and unexplained; so past a permission
   * error, a failure here (or a parallel run creating it first: 422) does not stop the issue.
   */
  private async ensureLabel(repo: RepoRef, name: string): Promise<void> {
    try {
      await this.octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.repo, name });
      return;
    } catch (error) {
      if (!hasStatus(error, 404)) throw toIssueError(error, ROUTES.getLabel, 'read');
    }
    const style = this.options.labelStyle ?? REGRESSION_LABEL_STYLE;
    try {
      await this.octokit.rest.issues.createLabel({
        owner: repo.owner,
        repo: repo.repo,
        name,
        color: style.color,
        description: style.description,
      });
    } catch (error) {
      const failure = toIssueError(error, ROUTES.createLabel, 'write');
      if (failure instanceof IssuePermissionError) throw failure;
    }
  }

  /** Resolved once per gateway; a failure is not cached, so a later call asks again. */
  private resolveAuthor(): Promise<string | undefined> {
    if (this.options.authorLogin) return Promise.resolve(this.options.authorLogin);
    this.author ??= this.fetchAuthor().catch((error: unknown) => {
      this.author = undefined;
      throw error;
    });
    return this.author;
  }

  private async fetchAuthor(): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error) {
      // Installation tokens are not users: GET /user answers 403 (a rate limit is not that).
      const failure = toIssueError(error, ROUTES.user, 'read');
      if (failure instanceof IssuePermissionError) return undefined;
      throw failure;
    }
  }

  private async call<T>(
    route: string,
    kind: 'read' | 'write',
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toIssueError(error, route, kind);
    }
  }
}

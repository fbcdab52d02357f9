import type { Octokit } from '@octokit/rest';
import type { CommentGateway, RepoRef } from '../../ports.js';
import { type CommentOperation, toCommentError } from './comment-error.js';

export { CommentError, type CommentErrorKind, explainCommentError } from './comment-error.js';

/** The login the Actions GITHUB_TOKEN writes comments as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface CommentGatewayOptions {
  /**
   * Login whose comments count as ours. Default: the token's own login from `GET /user`, or
   * github-actions[bot] when that call is refused (installation tokens). A GitHub App's token
   * writes as `<app-slug>[bot]`, which only this option can say.
   */
  authorLogin?: string;
}

/** Whether one line of the body is the marker: the marker is a line of its own, and a
 * substring test would let `<!-- loadgate:api -->` match inside a longer key. */
function carriesMarker(body: string | undefined, marker: string): boolean {
  const wanted = marker.trim();
  return (body ?? '').split(/\r?\n/).some((line) => line.trim() === wanted);
}

/**
 * Sticky pull-request comments over the REST API: looks through every page of comments (busy
 * pull requests have more than one), updates ours in place, or creates it.
 */
export class GitHubCommentGateway implements CommentGateway {
  private author: Promise<string> | undefined;

  constructor(
    private readonly octokit: Octokit,
    private readonly options: CommentGatewayOptions = {},
  ) {}

  async upsert(
    repo: RepoRef,
    issueNumber: number,
    marker: string,
    body: string,
  ): Promise<{ action: 'created' | 'updated'; url: string }> {
    const author = (await this.resolveAuthor()).toLowerCase();
    const comments = await this.call('list', () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        per_page: 100,
      }),
    );
    // Logins are case-insensitive. The list is oldest first, so the last match is the newest;
    // older duplicates (from earlier tools) are left alone rather than deleted.
    const ours = comments.filter(
      (c) => c.user?.login.toLowerCase() === author && carriesMarker(c.body, marker),
    );
    const existing = ours.at(-1);
    if (existing) {
      const { data } = await this.call('update', () =>
        this.octokit.rest.issues.updateComment({
          owner: repo.owner,
          repo: repo.repo,
          comment_id: existing.id,
          body,
        }),
      );
      return { action: 'updated', url: data.html_url };
    }
    const { data } = await this.call('create', () =>
      this.octokit.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        body,
      }),
    );
    return { action: 'created', url: data.html_url };
  }

  /** Resolved once per gateway; a failure is not cached, so a later upsert asks again. */
  private resolveAuthor(): Promise<string> {
    if (this.options.authorLogin) return Promise.resolve(this.options.authorLogin);
    this.author ??= this.fetchAuthor().catch((error: unknown) => {
      this.author = undefined;
      throw error;
    });
    return this.author;
  }

  private async fetchAuthor(): Promise<string> {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error) {
      // Installation tokens (the Actions GITHUB_TOKEN) are not users: GET /user answers 403.
      // A 403 that is a rate limit is not that answer, so it stays an error.
      const failure = toCommentError(error, 'identify');
      if (failure.kind === 'forbidden' && failure.status === 403) return ACTIONS_BOT_LOGIN;
      throw failure;
    }
  }

  private async call<T>(operation: CommentOperation, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toCommentError(error, operation);
    }
  }
}

import type { Octokit } from '@octokit/rest';
import type { SharedSectionWrite } from '../../core/notify/shared-comment-plan.js';
import { renderSharedCommentMarker } from '../../core/render/shared-comment.js';
import type { CommentGateway, RepoRef, SharedSectionResult } from '../../ports.js';
import { type CommentOperation, toCommentError } from './comment-error.js';
import {
  type ListedComment,
  type SharedCommentStore,
  type SharedCommentTiming,
  syncSharedSection,
} from './shared-comment-sync.js';

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
  /** Waits and retries of shared comments (`upsertSection`); tests order racing jobs by it. */
  sharedTiming?: SharedCommentTiming;
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
    // The list is oldest first, so the last match is the newest; older duplicates (from
    // earlier tools) are left alone rather than deleted.
    const existing = (await this.listOurs(repo, issueNumber, marker)).at(-1);
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

  /**
   * One job's section of the comment shared by the jobs of one `comment-key`: the comment is
   * ours (author-checked) with the group marker, found on any page; see shared-comment-sync.ts
   * for how concurrent jobs keep each other's sections.
   */
  upsertSection(
    repo: RepoRef,
    issueNumber: number,
    write: SharedSectionWrite,
  ): Promise<SharedSectionResult> {
    return syncSharedSection(
      this.sharedStore(repo, issueNumber, renderSharedCommentMarker(write.groupKey)),
      write,
      this.options.sharedTiming,
    );
  }

  /** Our comments (by login, case-insensitive) carrying `marker` as a line, oldest first. */
  private async listOurs(repo: RepoRef, issueNumber: number, marker: string) {
    const author = (await this.resolveAuthor()).toLowerCase();
    const comments = await this.call('list', () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        per_page: 100,
      }),
    );
    return comments.filter(
      (c) => c.user?.login.toLowerCase() === author && carriesMarker(c.body, marker),
    );
  }

  private sharedStore(repo: RepoRef, issueNumber: number, marker: string): SharedCommentStore {
    const listed = (c: { id: number; body?: string; html_url: string }): ListedComment => ({
      id: c.id,
      body: c.body ?? '',
      url: c.html_url,
    });
    const where = { owner: repo.owner, repo: repo.repo };
    return {
      list: async () => (await this.listOurs(repo, issueNumber, marker)).map(listed),
      create: async (body) => {
        const request = { ...where, issue_number: issueNumber, body };
        const { data } = await this.call('create', () =>
          this.octokit.rest.issues.createComment(request),
        );
        return listed(data);
      },
      update: async (id, body) => {
        const request = { ...where, comment_id: id, body };
        const { data } = await this.call('update', () =>
          this.octokit.rest.issues.updateComment(request),
        );
        return listed(data);
      },
      remove: async (id) => {
        await this.call('delete', () =>
          this.octokit.rest.issues.deleteComment({ ...where, comment_id: id }),
        );
      },
    };
  }

  /**
   * The login whose comments count as ours (see `authorLogin`). Resolved once per gateway; a
   * failure is not cached, so a later upsert asks again. Public for readers of our own comments
   * (the accept label's record).
   */
  resolveAuthor(): Promise<string> {
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

/**
 * What the accept label reads over the REST API: the pull request's label events (who applied
 * or removed which label, when), a person's permission on the repository, and the bodies of our
 * own comments, where the acceptance record lives.
 */
import type { Octokit } from '@octokit/rest';
import { messageOf } from '../../core/input/format-issues.js';
import type { LabelEvent, WriterCheck } from '../../core/judge/accept-regression.js';
import type { AcceptanceGateway, RepoRef } from '../../ports.js';

export interface AcceptanceGatewayOptions {
  /** The login our comments are written as (the comment gateway's `resolveAuthor`). */
  resolveAuthor: () => Promise<string>;
}

/** An issue event as the events API lists it: `labeled` and `unlabeled` carry `label`. */
interface ListedEvent {
  id: number;
  event: string;
  actor?: { login?: string } | null;
  created_at: string;
  label?: { name?: string } | null;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** AcceptanceGateway over Octokit; every list is read to its last page. */
export class GitHubAcceptanceGateway implements AcceptanceGateway {
  constructor(
    private readonly octokit: Octokit,
    private readonly options: AcceptanceGatewayOptions,
  ) {}

  async listLabelEvents(repo: RepoRef, issueNumber: number): Promise<LabelEvent[]> {
    const events = (await this.octokit.paginate(this.octokit.rest.issues.listEvents, {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issueNumber,
      per_page: 100,
    })) as ListedEvent[];
    return events.flatMap((e): LabelEvent[] => {
      if (e.event !== 'labeled' && e.event !== 'unlabeled') return [];
      const label = e.label?.name;
      const actor = e.actor?.login;
      // A deleted account shows as no actor: nobody whose access could be checked.
      if (!label || !actor) return [];
      return [{ id: e.id, action: e.event, label, actor, createdAt: e.created_at }];
    });
  }

  async checkWriter(repo: RepoRef, login: string): Promise<WriterCheck> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({
        owner: repo.owner,
        repo: repo.repo,
        username: login,
      });
      return {
        kind: 'permission',
        permission: data.permission,
        ...(data.role_name ? { roleName: data.role_name } : {}),
      };
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'not-collaborator' };
      return { kind: 'failed', reason: messageOf(error) };
    }
  }

  async listOwnCommentBodies(repo: RepoRef, issueNumber: number): Promise<string[]> {
    const author = (await this.options.resolveAuthor()).toLowerCase();
    const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    return comments
      .filter((c) => c.user?.login.toLowerCase() === author)
      .map((c) => c.body ?? '')
      .reverse();
  }
}

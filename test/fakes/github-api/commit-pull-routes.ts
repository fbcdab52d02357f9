/**
 * `GET /repos/{o}/{r}/commits/{sha}/pulls` (listPullRequestsAssociatedWithCommit) of the fake
 * GitHub API: the pull requests whose head is the commit, newest first, as `pull-request-simple`
 * objects, paginated as GitHub does. A commit no pull request holds gets `[]`, as on GitHub.
 */
import type { components } from '@octokit/openapi-types';
import { paginate } from './pagination.js';
import { toPullRequest } from './pull-objects.js';
import { type Reply, replyError, replyJson } from './reply.js';
import type { RouteContext } from './route-context.js';

type PullRequestSimple = components['schemas']['pull-request-simple'];

export function listCommitPulls(ctx: RouteContext): Reply {
  if (!ctx.repo || !ctx.sha) return replyError(404, 'Not Found');
  const repository = ctx.state.repository(ctx.repo);
  const pulls = ctx.state
    .pullRequestsWithHead(ctx.repo, ctx.sha)
    .sort((a, b) => b.number - a.number)
    .map((seed): PullRequestSimple => {
      // The fields `pull-request-simple` has, from the full object `GET /pulls/{n}` answers.
      const full = toPullRequest(repository, seed, ctx.api);
      return {
        url: full.url,
        id: full.id,
        node_id: full.node_id,
        html_url: full.html_url,
        diff_url: full.diff_url,
        patch_url: full.patch_url,
        issue_url: full.issue_url,
        commits_url: full.commits_url,
        review_comments_url: full.review_comments_url,
        review_comment_url: full.review_comment_url,
        comments_url: full.comments_url,
        statuses_url: full.statuses_url,
        number: full.number,
        state: full.state,
        locked: full.locked,
        title: full.title,
        user: full.user,
        body: full.body,
        labels: [],
        milestone: full.milestone,
        created_at: full.created_at,
        updated_at: full.updated_at,
        closed_at: full.closed_at,
        merged_at: full.merged_at,
        merge_commit_sha: full.merge_commit_sha,
        assignee: full.assignee,
        head: full.head,
        base: full.base,
        _links: full._links,
        author_association: full.author_association,
        auto_merge: full.auto_merge,
        draft: full.draft ?? false,
      };
    });
  const { owner, repo } = ctx.repo;
  const page = paginate(
    pulls,
    ctx.query,
    `${ctx.api}/repos/${owner}/${repo}/commits/${ctx.sha}/pulls`,
  );
  return replyJson(200, page.items, page.link ? { link: page.link } : undefined);
}

/**
 * REST response bodies for the fake GitHub API, typed with GitHub's published OpenAPI description
 * (@octokit/openapi-types) so that a field the real API sends and the store relies on cannot be
 * forgotten here. All URLs point at the fake's own loopback origin.
 */
import type { components } from '@octokit/openapi-types';
import { type BodyContext, makeRepository } from './repository-body.js';

export type WorkflowRun = components['schemas']['workflow-run'];
export type Artifact = components['schemas']['artifact'];
export type Commit = components['schemas']['commit'];

export type { BodyContext } from './repository-body.js';

/** What a test says about a run; everything else gets a plausible default. */
export interface RunFacts {
  id: number;
  workflowFile: string;
  branch: string;
  headSha: string;
  createdAt: string;
  conclusion: string | null;
}

/** A completed (or, with conclusion null, in-progress) workflow run. */
export function makeWorkflowRun(ctx: BodyContext, run: RunFacts): WorkflowRun {
  const url = `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/actions/runs/${run.id}`;
  const repository = makeRepository(ctx);
  return {
    id: run.id,
    name: 'load test',
    node_id: `WFR_${run.id}`,
    head_branch: run.branch,
    head_sha: run.headSha,
    path: `.github/workflows/${run.workflowFile}`,
    run_number: run.id,
    run_attempt: 1,
    event: 'push',
    status: run.conclusion === null ? 'in_progress' : 'completed',
    conclusion: run.conclusion,
    workflow_id: 7,
    url,
    html_url: `${ctx.origin}/${ctx.owner}/${ctx.repo}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: run.createdAt,
    updated_at: run.createdAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${url}/check-suite`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    workflow_url: `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/actions/workflows/7`,
    head_commit: {
      id: run.headSha,
      tree_id: run.headSha,
      message: 'change',
      timestamp: run.createdAt,
      author: { name: 'dev', email: 'dev@example.invalid' },
      committer: { name: 'dev', email: 'dev@example.invalid' },
    },
    repository,
    head_repository: repository,
    display_title: 'change',
  };
}

/** An artifact of run `run`; `expiresAt` in the past goes with `expired: true` on GitHub. */
export function makeArtifact(
  ctx: BodyContext,
  artifact: { id: number; name: string; size: number; createdAt: string; expiresAt: string },
  run: WorkflowRun,
): Artifact {
  const url = `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/actions/artifacts/${artifact.id}`;
  return {
    id: artifact.id,
    node_id: `MDg_${artifact.id}`,
    name: artifact.name,
    size_in_bytes: artifact.size,
    url,
    archive_download_url: `${url}/zip`,
    expired: Date.parse(artifact.expiresAt) <= Date.now(),
    created_at: artifact.createdAt,
    expires_at: artifact.expiresAt,
    updated_at: artifact.createdAt,
    workflow_run: {
      id: Number(run.id),
      repository_id: 1,
      head_repository_id: 1,
      head_branch: run.head_branch ?? undefined,
      head_sha: run.head_sha,
    },
  };
}

/** A commit as GET /repos/{o}/{r}/commits/{sha} returns it, dated `date` (ISO). */
export function makeCommit(ctx: BodyContext, sha: string, date: string): Commit {
  const url = `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/commits/${sha}`;
  const person = { name: 'dev', email: 'dev@example.invalid', date };
  return {
    url,
    sha,
    node_id: `C_${sha}`,
    html_url: `${ctx.origin}/${ctx.owner}/${ctx.repo}/commit/${sha}`,
    comments_url: `${url}/comments`,
    author: null,
    committer: null,
    parents: [],
    commit: {
      url: `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/git/commits/${sha}`,
      author: person,
      committer: person,
      message: 'change',
      comment_count: 0,
      tree: { sha, url: `${ctx.origin}/repos/${ctx.owner}/${ctx.repo}/git/trees/${sha}` },
    },
  };
}

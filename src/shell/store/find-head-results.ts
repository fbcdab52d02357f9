/**
 * The results a pull request's earlier run kept: the newest completed run of the workflow at the
 * head commit that uploaded `<artifact-name>-pr`. Runs of any conclusion count, since the run to
 * re-judge for an accept label is typically one that failed on the regression.
 */
import type { Octokit } from '@octokit/rest';
import type { BaselineRef, HeadResultsLookup } from '../../ports.js';
import { findRunArtifact } from './baseline-runs-api.js';

/** Runs at one head commit looked at, at most: re-runs and label events, rarely more. */
const MAX_RUNS = 20;

export interface HeadResultsLookupOptions {
  octokit: Octokit;
  /** Epoch ms, for artifact expiry; default Date.now. */
  now?: () => number;
}

/** HeadResultsLookup over the workflow-runs and run-artifacts REST endpoints. */
export class GitHubHeadResultsLookup implements HeadResultsLookup {
  constructor(private readonly options: HeadResultsLookupOptions) {}

  async findHeadResults(
    query: Parameters<HeadResultsLookup['findHeadResults']>[0],
  ): Promise<BaselineRef | undefined> {
    const { octokit } = this.options;
    const nowMs = (this.options.now ?? Date.now)();
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner: query.repo.owner,
      repo: query.repo.repo,
      // The API takes the workflow's file name (e.g. loadtest.yml) as well as its numeric id.
      workflow_id: query.workflowFile,
      head_sha: query.headSha,
      status: 'completed',
      exclude_pull_requests: true,
      per_page: MAX_RUNS,
    });
    // Newest first, as GitHub lists them; the asking run itself is still in progress anyway.
    for (const run of data.workflow_runs) {
      if (run.id === query.exceptRunId || run.head_sha !== query.headSha) continue;
      const found = await findRunArtifact(octokit, query.repo, run.id, query.artifactName, nowMs);
      if (!found.usable) continue;
      return {
        artifactId: found.usable.id,
        artifactName: found.usable.name,
        runId: run.id,
        commit: run.head_sha,
        branch: run.head_branch ?? '',
        createdAt: run.created_at,
        runUrl: run.html_url,
      };
    }
    return undefined;
  }
}

export interface EventContext {
  eventName: string;
  owner: string;
  repo: string;
  sha: string;
  /** e.g. refs/heads/main, refs/pull/7/merge. */
  ref: string;
  defaultBranch?: string;
  /** From the event payload: to be re-checked against the API before it is trusted. */
  pullRequest?: { number: number; headSha: string; baseRef: string };
  /** The workflow's file name (`loadtest.yml`), to find this workflow's runs on the base branch. */
  workflowFile?: string;
  runId?: number;
  /** GITHUB_RUN_ATTEMPT: 1 for the first attempt, more for re-runs. */
  runAttempt?: number;
  /** On `schedule` events: the cron expression of the schedule that fired (payload `schedule`). */
  scheduleCron?: string;
  /** On `release` events: the release (payload `release`); `url` is its page. */
  release?: { tag: string; prerelease: boolean; draft: boolean; url: string };
  serverUrl: string;
  /** In a workflow_run workflow: the run that triggered it (the fork pattern's measuring run). */
  workflowRun?: { id: number; headSha: string; workflowFile?: string };
}

type Payload = {
  repository?: { default_branch?: string };
  workflow_run?: { id?: number; head_sha?: string; path?: string };
  pull_request?: { number?: number; head?: { sha?: string }; base?: { ref?: string } };
  schedule?: unknown;
  release?: {
    tag_name?: unknown;
    prerelease?: unknown;
    draft?: unknown;
    html_url?: unknown;
  };
};

/**
 * The runner's environment (GITHUB_*) and the event payload, as the facts the action decides on.
 * @returns undefined when the environment is not a GitHub Actions run (no repository).
 */
export function readEventContext(
  env: Record<string, string | undefined>,
  payload: unknown,
): EventContext | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) return undefined;
  const p = (payload ?? {}) as Payload;
  const pr = p.pull_request;
  const workflowFile = env.GITHUB_WORKFLOW_REF?.match(/\/([^/@]+\.ya?ml)@/)?.[1];
  const runId = Number(env.GITHUB_RUN_ID);
  const runAttempt = Number(env.GITHUB_RUN_ATTEMPT);
  const scheduleCron = typeof p.schedule === 'string' ? p.schedule.trim() : '';
  const release = readRelease(p);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    ...(p.repository?.default_branch ? { defaultBranch: p.repository.default_branch } : {}),
    ...(pr?.number && pr.head?.sha && pr.base?.ref
      ? { pullRequest: { number: pr.number, headSha: pr.head.sha, baseRef: pr.base.ref } }
      : {}),
    ...(workflowFile ? { workflowFile } : {}),
    ...(Number.isInteger(runId) && runId > 0 ? { runId } : {}),
    ...(Number.isInteger(runAttempt) && runAttempt > 0 ? { runAttempt } : {}),
    ...(scheduleCron ? { scheduleCron } : {}),
    ...(release ? { release } : {}),
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    ...(readWorkflowRun(p) ? { workflowRun: readWorkflowRun(p) } : {}),
  };
}

function readWorkflowRun(p: Payload): EventContext['workflowRun'] {
  const run = p.workflow_run;
  if (!run?.id || !run.head_sha) return undefined;
  const workflowFile = run.path?.match(/([^/]+\.ya?ml)$/)?.[1];
  return { id: run.id, headSha: run.head_sha, ...(workflowFile ? { workflowFile } : {}) };
}

/** The release of a `release` event, when the payload names its tag. */
function readRelease(p: Payload): EventContext['release'] {
  const release = p.release;
  if (typeof release?.tag_name !== 'string' || release.tag_name === '') return undefined;
  return {
    tag: release.tag_name,
    prerelease: release.prerelease === true,
    draft: release.draft === true,
    url: typeof release.html_url === 'string' ? release.html_url : '',
  };
}

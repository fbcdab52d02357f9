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
  /** On `deployment_status` events: the deployment and its new status (`target: auto`). */
  deployment?: DeploymentFacts;
  /** The payload's `action` (`opened`, `synchronize`, `labeled`, …), when it has one: a pull
   * request's `labeled` and `unlabeled` events re-judge instead of measuring. */
  action?: string;
}

/** What a `deployment_status` event says about the deployment (payload `deployment_status` and
 * `deployment`). URLs are as sent, unchecked. */
export interface DeploymentFacts {
  /** `success`, `failure`, `error`, `pending`, `in_progress`, `queued`, `inactive`. */
  state: string;
  /** The environment's name, like `Preview` or `Production`; `''` when the payload has none. */
  environment: string;
  /** Where the deployed app answers (Vercel sets it on success only). */
  environmentUrl?: string;
  /** The status's link (often the deployment's log, sometimes the app itself). */
  targetUrl?: string;
  /** The deployed commit. */
  sha: string;
}

type Payload = {
  action?: unknown;
  repository?: { default_branch?: string };
  workflow_run?: { id?: number; head_sha?: string; path?: string };
  pull_request?: { number?: number; head?: { sha?: string }; base?: { ref?: string } };
  schedule?: unknown;
  deployment_status?: {
    state?: unknown;
    environment?: unknown;
    environment_url?: unknown;
    target_url?: unknown;
  };
  deployment?: { sha?: unknown; environment?: unknown };
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
    ...(readDeployment(p) ? { deployment: readDeployment(p) } : {}),
    ...(typeof p.action === 'string' && p.action !== '' ? { action: p.action } : {}),
  };
}

/** The deployment of a `deployment_status` event, when the payload names its state and commit. */
function readDeployment(p: Payload): DeploymentFacts | undefined {
  const status = p.deployment_status;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const state = text(status?.state);
  const sha = text(p.deployment?.sha);
  if (state === '' || sha === '') return undefined;
  const environmentUrl = text(status?.environment_url);
  const targetUrl = text(status?.target_url);
  return {
    state,
    environment: text(status?.environment) || text(p.deployment?.environment),
    ...(environmentUrl ? { environmentUrl } : {}),
    ...(targetUrl ? { targetUrl } : {}),
    sha,
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

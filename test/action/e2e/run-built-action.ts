/**
 * Runs dist/index.js the way the runner runs a job's step: a fresh environment (nothing inherited
 * but PATH, so no proxy or token of the host leaks in), every input as INPUT_* with action.yml's
 * defaults filled in, the GITHUB_* variables of the run, the event payload in a file, and the
 * output and summary files the runner reads afterwards. Every URL is the local fake's.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeGitHub, JobRun } from '../../fakes/fake-github.js';
import { REPO } from './event-payloads.js';

const DIST = resolve('dist/index.js');

/**
 * What the step runs: dist/index.js, as the runner does. `LOADGATE_E2E_ENTRY=source` runs
 * src/index.ts through tsx instead, to try a change before dist/ is rebuilt; the suite itself
 * always runs the built action.
 */
const ENTRY_ARGS =
  process.env.LOADGATE_E2E_ENTRY === 'source'
    ? [
        '--import',
        pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href,
        resolve('src/index.ts'),
      ]
    : [DIST];

/** action.yml's input defaults (mirrored here): the runner passes them for inputs left out. */
const INPUT_DEFAULTS: Record<string, string> = {
  comment: 'true',
  'fail-on': 'fail',
  mode: 'run',
  'retention-days': '90',
  'results-path': 'loadgate-results.json',
  'markdown-path': 'loadgate-report.md',
};

/** What the workflow run and its trigger look like to the step. */
export interface StepContext {
  run: JobRun;
  eventName:
    | 'push'
    | 'pull_request'
    | 'workflow_run'
    | 'schedule'
    | 'release'
    | 'deployment_status';
  payload: object;
  /** GITHUB_SHA and GITHUB_REF: the pushed commit and branch, or a PR's merge commit and ref. */
  sha: string;
  ref: string;
  /** The job's GITHUB_TOKEN (the `github-token` input's default). */
  token: string;
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Step outputs, parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  summary: string;
  /** The `::error::` and `::warning::` annotations, decoded as the runner shows them. */
  errors: string[];
  warnings: string[];
}

/** The messages of `::<command>::…` lines, with @actions/core's %-escapes undone. */
function annotations(stdout: string, command: 'error' | 'warning'): string[] {
  const lines = stdout.split('\n').filter((line) => line.startsWith(`::${command}::`));
  return lines.map((line) =>
    line
      .slice(command.length + 4)
      .replaceAll('%0A', '\n')
      .replaceAll('%0D', '\r')
      .replaceAll('%25', '%'),
  );
}

/** Reads `name<<DELIMITER\nvalue\nDELIMITER` entries, as @actions/core writes them. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    if (m[1] !== undefined) outputs[m[1]] = m[3] ?? '';
  }
  return outputs;
}

function runnerEnv(workspace: string, fake: FakeGitHub, step: StepContext): NodeJS.ProcessEnv {
  const temp = join(workspace, '_temp');
  mkdirSync(join(temp, '_github_workflow'), { recursive: true });
  const eventPath = join(temp, '_github_workflow', 'event.json');
  writeFileSync(eventPath, JSON.stringify(step.payload, null, 2));
  const files = { GITHUB_OUTPUT: join(temp, 'output'), GITHUB_STEP_SUMMARY: join(temp, 'summary') };
  for (const path of Object.values(files)) writeFileSync(path, '');
  const pr = step.eventName === 'pull_request';
  return {
    PATH: process.env.PATH ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    ...files,
    GITHUB_EVENT_NAME: step.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: fake.url,
    GITHUB_GRAPHQL_URL: `${fake.url}/graphql`,
    // Never contacted: it builds links and tells @actions/artifact whether this is GHES, which
    // it refuses. `.localhost` passes that check and can only ever mean this machine.
    GITHUB_SERVER_URL: 'http://github.localhost',
    GITHUB_REPOSITORY: `${REPO.owner}/${REPO.repo}`,
    GITHUB_REPOSITORY_OWNER: REPO.owner,
    GITHUB_SHA: step.sha,
    GITHUB_REF: step.ref,
    GITHUB_REF_NAME: step.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\//, ''),
    ...(pr ? { GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'feature' } : {}),
    GITHUB_WORKFLOW: 'load test',
    GITHUB_WORKFLOW_REF: `${REPO.owner}/${REPO.repo}/.github/workflows/loadtest.yml@${step.ref}`,
    GITHUB_RUN_ID: String(step.run.runId),
    GITHUB_RUN_ATTEMPT: '1',
    // The repository's artifact retention, as the runner passes it (GitHub's default).
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_JOB: 'loadtest',
    GITHUB_ACTION: 'loadgate',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    ACTIONS_RESULTS_URL: `${fake.url}/`,
    ACTIONS_RUNTIME_TOKEN: step.run.runtimeToken,
    NO_PROXY: '127.0.0.1',
  };
}

/** Runs the action in `workspace` (the checkout) with `inputs`; killed after `timeoutMs`. */
export function runBuiltAction(
  workspace: string,
  fake: FakeGitHub,
  step: StepContext,
  inputs: Record<string, string>,
  timeoutMs = 45_000,
): Promise<StepResult> {
  const env = runnerEnv(workspace, fake, step);
  const all = { ...INPUT_DEFAULTS, 'github-token': step.token, ...inputs };
  for (const [name, value] of Object.entries(all)) env[`INPUT_${name.toUpperCase()}`] = value;
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ENTRY_ARGS, { cwd: workspace, env, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const read = (name: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY') =>
        readFileSync(env[name] ?? '', 'utf8');
      const outputs = parseOutputs(read('GITHUB_OUTPUT'));
      const summary = read('GITHUB_STEP_SUMMARY');
      const errors = annotations(stdout, 'error');
      done({
        code,
        stdout,
        stderr,
        outputs,
        summary,
        errors,
        warnings: annotations(stdout, 'warning'),
      });
    });
  });
}

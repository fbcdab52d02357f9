/**
 * Input comment-key as the action runs it: runAction with the real comment gateway over a real
 * Octokit against the fake GitHub API, one pull request, several profiles (artifact-names) and
 * workflow runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../../src/app/run-action.js';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
import { parseSections } from '../../../src/core/render/comment-sections.js';
import { renderSharedCommentMarker } from '../../../src/core/render/shared-comment.js';
import { GitHubCommentGateway } from '../../../src/shell/github/comment-gateway.js';
import { createOctokit } from '../../../src/shell/github/create-octokit.js';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../fakes/fake-github-api.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../../fakes/memory-ports.js';

const REPO = { owner: 'acme', repo: 'shop' };
const PR = 7;

const profileNamed = (name: string) =>
  `name: ${name}\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\nthresholds: { p95: 50ms }\n`;

let api: FakeGitHubApi;
let serial = 0;

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
  api.state.addIssue(REPO, PR);
});
afterEach(() => api.close());

interface Step {
  profile: string;
  inputs: Record<string, string>;
  runId: number;
  latencyMs: number;
}

/** One step of the action on the pull request, in workflow run `runId`. */
async function runStep(step: Step): Promise<MemoryOutput> {
  const parsed = parseActionInputs({ profile: 'p.yml', ...step.inputs });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: `refs/pull/${PR}/merge`,
      GITHUB_WORKFLOW_REF: `acme/shop/.github/workflows/load.yml@refs/pull/${PR}/merge`,
      GITHUB_RUN_ID: String(step.runId),
      GITHUB_RUN_ATTEMPT: '1',
    },
    {
      repository: { default_branch: 'main' },
      pull_request: { number: PR, head: { sha: 'head1' }, base: { ref: 'main' } },
    },
  );
  if (!context) throw new Error('no event context');
  const files = new MemoryFiles();
  files.files.set('p.yml', profileNamed(step.profile));
  const output = new MemoryOutput();
  const octokit = createOctokit({
    token: 'ghs-actions',
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `shared-comment-action-${++serial}`,
  });
  const gateway = new GitHubCommentGateway(octokit, {
    sharedTiming: { sleep: async () => undefined },
  });
  const result = await runAction(parsed.config, {
    engine: new ScriptedEngine((profile) => ({
      kind: 'ran' as const,
      recording: recordingOf(profile, 200, step.latencyMs),
      startedAtEpochMs: 0,
      status: 'completed' as const,
    })),
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => undefined, writeSummary: async () => undefined },
    context,
    comments: gateway,
    tempDir: 'tmp',
  });
  expect(result.kind).toBe('judged');
  return output;
}

const shared = () =>
  api.state
    .commentsOn(REPO, PR)
    .filter((c) => c.body.split('\n')[0] === renderSharedCommentMarker('perf'));

describe('input comment-key', () => {
  it('two profiles share one comment: a section each, ordered by name, summed up on top', async () => {
    const cart = await runStep({
      profile: 'cart',
      inputs: { 'artifact-name': 'loadgate-cart', 'comment-key': 'perf' },
      runId: 500,
      latencyMs: 80,
    });
    await runStep({
      profile: 'api',
      inputs: { 'artifact-name': 'loadgate-api', 'comment-key': 'perf' },
      runId: 500,
      latencyMs: 5,
    });

    expect(api.state.commentsOn(REPO, PR)).toHaveLength(1);
    const body = shared()[0]?.body ?? '';
    const sections = parseSections(body).sections;
    expect(sections.map((s) => [s.key, s.title, s.level, s.run.runId])).toEqual([
      ['loadgate-api', 'api', 'pass', 500],
      ['loadgate-cart', 'cart', 'fail', 500],
    ]);
    expect(body).toContain('## ❌ loadgate: fail — 2 profiles (1 fail, 1 pass)');
    expect(body).toContain('- ❌ fail: [cart](#loadgate-perf-loadgate-cart)');
    expect(sections[0]?.body).toMatch(/^### ✅ loadgate: pass — api\n/);
    // No per-profile marker inside: a run of that profile without comment-key must not find it.
    expect(body.split('\n')).not.toContain('<!-- loadgate:loadgate-api -->');
    expect(cart.events).toContainEqual(
      expect.stringMatching(
        /^info created section loadgate-cart of the shared pull-request comment perf: http/,
      ),
    );
  });

  it('a later run replaces its own section; a late older run is refused with a warning', async () => {
    const inputs = { 'artifact-name': 'loadgate-api', 'comment-key': 'perf' };
    await runStep({ profile: 'api', inputs, runId: 500, latencyMs: 5 });
    await runStep({ profile: 'api', inputs, runId: 502, latencyMs: 80 });
    const after = shared()[0]?.body;
    expect(parseSections(after ?? '').sections.map((s) => [s.run.runId, s.level])).toEqual([
      [502, 'fail'],
    ]);

    const late = await runStep({ profile: 'api', inputs, runId: 501, latencyMs: 5 });

    expect(shared()[0]?.body).toBe(after);
    expect(late.events).toContainEqual(
      expect.stringMatching(
        /^warn did not update the shared pull-request comment: its section loadgate-api is from run 502\.1, newer than this run 501\.1: http/,
      ),
    );
  });

  it('without comment-key a profile keeps its own comment, as before, beside the shared one', async () => {
    await runStep({
      profile: 'api',
      inputs: { 'artifact-name': 'loadgate-api', 'comment-key': 'perf' },
      runId: 500,
      latencyMs: 5,
    });
    const sharedBody = shared()[0]?.body;
    await runStep({
      profile: 'api',
      inputs: { 'artifact-name': 'loadgate-api' },
      runId: 500,
      latencyMs: 5,
    });

    const comments = api.state.commentsOn(REPO, PR);
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body.split('\n')[0]).toBe('<!-- loadgate:loadgate-api -->');
    expect(shared()[0]?.body).toBe(sharedBody);
  });
});

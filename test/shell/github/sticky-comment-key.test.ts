/**
 * The sticky comment as the action posts it: runAction with the real comment gateway over a
 * real Octokit against the fake GitHub API, so the marker written into the report and the one
 * searched for are compared by the same code that runs on a pull request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../../src/app/run-action.js';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
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
const PROFILE =
  'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\nthresholds: { p95: 50ms }\n';

let api: FakeGitHubApi;
let serial = 0;

beforeEach(async () => {
  api = await startFakeGitHubApi();
  api.state.addInstallationToken('ghs-actions');
  api.state.addIssue(REPO, PR);
});
afterEach(() => api.close());

/** One pull-request run of the action with `artifact-name` set, measuring `latencyMs`. */
async function runOnPullRequest(artifactName: string, latencyMs: number): Promise<MemoryOutput> {
  const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': artifactName });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REF: `refs/pull/${PR}/merge`,
      GITHUB_WORKFLOW_REF: `acme/shop/.github/workflows/load.yml@refs/pull/${PR}/merge`,
    },
    {
      repository: { default_branch: 'main' },
      pull_request: { number: PR, head: { sha: 'head1' }, base: { ref: 'main' } },
    },
  );
  if (!context) throw new Error('no event context');
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const octokit = createOctokit({
    token: 'ghs-actions',
    baseUrl: api.url,
    retryDelayMs: 5,
    limiterId: `sticky-comment-key-${++serial}`,
  });
  const result = await runAction(parsed.config, {
    engine: new ScriptedEngine((profile) => ({
      kind: 'ran' as const,
      recording: recordingOf(profile, 200, latencyMs),
      startedAtEpochMs: 0,
      status: 'completed' as const,
    })),
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => undefined, writeSummary: async () => undefined },
    context,
    comments: new GitHubCommentGateway(octokit),
    tempDir: 'tmp',
  });
  expect(result.kind).toBe('judged');
  return output;
}

describe('the sticky comment keyed by artifact-name', () => {
  it('a 150-character artifact-name: the second run updates the comment the first created', async () => {
    const name = `loadgate-${'a'.repeat(141)}`;
    expect(name).toHaveLength(150);

    await runOnPullRequest(name, 5);
    const [first] = api.state.commentsOn(REPO, PR);
    const firstBody = first?.body ?? '';
    const second = await runOnPullRequest(name, 6);

    const comments = api.state.commentsOn(REPO, PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(first?.id);
    expect(comments[0]?.body).not.toBe(firstBody);
    expect(api.count('create-comment')).toBe(1);
    expect(api.count('update-comment')).toBe(1);
    expect(second.events).toContainEqual(
      expect.stringMatching(/^info updated the pull-request comment: /),
    );
    // The whole name is the key: nothing of it is cut.
    expect(comments[0]?.body.split('\n')[0]).toBe(`<!-- loadgate:${name} -->`);
  });

  it('two 150-character names that differ only after character 100 keep one comment each', async () => {
    const shared = `loadgate-${'b'.repeat(100)}`;
    const names = [`${shared}-staging-${'x'.repeat(32)}`, `${shared}-production-${'x'.repeat(29)}`];
    expect(names.map((n) => n.length)).toEqual([150, 150]);

    for (const name of [...names, ...names]) await runOnPullRequest(name, 5);

    const markers = api.state.commentsOn(REPO, PR).map((c) => c.body.split('\n')[0]);
    expect(markers).toEqual(names.map((n) => `<!-- loadgate:${n} -->`));
    expect(api.count('update-comment')).toBe(2);
  });
});

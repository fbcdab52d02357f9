import { describe, expect, it } from 'vitest';
import { runAction } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import { describeStepFailure } from '../../src/main.js';
import type { BaselineRef, BaselineStore, CommentGateway } from '../../src/ports.js';
import { FakeComments, FakeStore } from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';
import { simulateRun } from '../helpers/synthetic-run.js';

const PROFILE =
  'name: shop\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: root, path: / }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\nthresholds: { p95: 50ms }\n';
const REF: BaselineRef = {
  artifactId: 5,
  artifactName: 'loadgate-p',
  runId: 99,
  commit: 'base123',
  branch: 'main',
  createdAt: '2026-11-20T10:00:00Z',
  runUrl: 'https://github.com/acme/shop/actions/runs/99',
};

const PR_EVENT = {
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/load.yml@refs/pull/7/merge',
};
const PR_PAYLOAD = {
  repository: { default_branch: 'main' },
  pull_request: { number: 7, head: { sha: 'head1' }, base: { ref: 'main' } },
};

function setup(options: {
  latencyMs: number;
  store?: BaselineStore;
  comments?: CommentGateway;
  push?: boolean;
  inputs?: Record<string, string>;
}) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const outputs = new Map<string, string>();
  const summaries: string[] = [];
  const parsed = parseActionInputs({
    profile: 'p.yml',
    'artifact-name': 'loadgate-p',
    ...options.inputs,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = options.push
    ? readEventContext(
        { ...PR_EVENT, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
        { repository: { default_branch: 'main' } },
      )
    : readEventContext(PR_EVENT, PR_PAYLOAD);
  const deps = {
    engine: new ScriptedEngine((profile) => ({
      kind: 'ran' as const,
      recording: recordingOf(profile, 200, options.latencyMs),
      startedAtEpochMs: 0,
      status: 'completed' as const,
    })),
    files,
    output,
    environment: makeEnvironment(),
    io: {
      setOutput: (k: string, v: string) => void outputs.set(k, v),
      writeSummary: async (md: string) => void summaries.push(md),
    },
    ...(context ? { context } : {}),
    ...(options.store ? { baselines: options.store } : {}),
    ...(options.comments ? { comments: options.comments } : {}),
    readPullRequest: async () => ({
      number: 7,
      headSha: 'head1',
      baseRef: 'main',
      mergeBaseSha: 'base123',
    }),
    tempDir: 'tmp',
  };
  return { config: parsed.config, deps, outputs, summaries, output };
}

const baselineText = JSON.stringify(
  simulateRun({
    scenarios: [{ name: 'root', ratePerSec: 100, medianMs: 5 }],
    durationMs: 10_000,
    seed: 1,
  }),
);

describe('runAction', () => {
  it('pull request: compares with the found baseline, posts the sticky comment, writes the summary', async () => {
    const comments = new FakeComments();
    const { config, deps, outputs, summaries } = setup({
      latencyMs: 5,
      store: new FakeStore({ kind: 'found', ref: REF, exactMergeBase: true }, baselineText),
      comments,
    });
    const result = await runAction(config, deps);
    expect(result.kind).toBe('judged');
    expect(describeStepFailure(result, config.failOn)).toBeUndefined();
    expect(outputs.get('verdict')).toBe('pass');
    expect(summaries[0]).toMatch(/^<!-- loadgate:loadgate-p -->/);
    expect(summaries[0]).toContain('[run 99](https://github.com/acme/shop/actions/runs/99)');
    expect(comments.posted).toEqual([
      { issue: 7, marker: '<!-- loadgate:loadgate-p -->', body: summaries[0] },
    ]);
  });

  it('reads and checks the downloaded baseline once (checking decodes every histogram)', async () => {
    const { config, deps } = setup({
      latencyMs: 5,
      store: new FakeStore({ kind: 'found', ref: REF, exactMergeBase: true }, baselineText),
    });
    const readBack: string[] = [];
    const readText = deps.files.readText.bind(deps.files);
    deps.files.readText = async (path: string) => {
      if (path.startsWith(`${deps.tempDir}/`)) readBack.push(path);
      return readText(path);
    };
    const result = await runAction(config, deps);
    expect(result.kind).toBe('judged');
    expect(result.kind === 'judged' && result.run.verdict.hasBaseline).toBe(true);
    expect(readBack).toEqual([]);
  });

  it('no baseline yet: says why, still checks thresholds, and a broken one fails the step', async () => {
    const { config, deps, outputs, summaries } = setup({
      latencyMs: 80,
      store: new FakeStore({
        kind: 'none',
        reason: 'no successful run of load.yml on main has the artifact loadgate-p yet',
      }),
      comments: new FakeComments(),
    });
    const result = await runAction(config, deps);
    expect(outputs.get('verdict')).toBe('fail');
    expect(describeStepFailure(result, config.failOn)).toMatch(
      /^loadgate: the gate failed \(fail\): p95 80(\.\d)? ms, needs <= 50 ms \(critical\)$/,
    );
    expect(summaries[0]).toContain(
      'No baseline yet: no successful run of load.yml on main has the artifact loadgate-p yet',
    );
  });

  it('a comment that cannot be posted is a warning; the verdict stands', async () => {
    const { config, deps, output } = setup({
      latencyMs: 5,
      store: new FakeStore({ kind: 'none', reason: 'none' }),
      comments: new FakeComments(true),
    });
    const result = await runAction(config, deps);
    expect(describeStepFailure(result, config.failOn)).toBeUndefined();
    expect(
      output.events.some((e) =>
        e.startsWith(
          'warn could not post the pull-request comment: the token cannot write comments; the verdict stands',
        ),
      ),
    ).toBe(true);
  });

  it('a corrupt baseline artifact is ignored with a note, never a crash', async () => {
    const { config, deps, summaries, output } = setup({
      latencyMs: 5,
      store: new FakeStore(
        { kind: 'found', ref: REF, exactMergeBase: true },
        '{"schemaVersion": 1, "tool":',
      ),
    });
    await runAction(config, deps);
    expect(
      output.events.some((e) =>
        e.startsWith(
          'warn ignoring the baseline: baseline artifact loadgate-p of run 99: is not valid JSON',
        ),
      ),
    ).toBe(true);
    expect(summaries[0]).toContain(
      'No usable baseline: the artifact of run 99 is not a valid results file.',
    );
  });

  it('push to the baseline branch: saves the results as the artifact, no comment', async () => {
    const store = new FakeStore({ kind: 'none', reason: '' });
    const comments = new FakeComments();
    const { config, deps } = setup({ latencyMs: 5, store, comments, push: true });
    await runAction(config, deps);
    expect(store.saved).toEqual(['loadgate-p:loadgate-results.json']);
    expect(comments.posted).toEqual([]);
  });

  it('fail-on decides what fails the step', async () => {
    const never = setup({ latencyMs: 80, inputs: { 'fail-on': 'never' } });
    expect(describeStepFailure(await runAction(never.config, never.deps), 'never')).toBeUndefined();
    const warn = setup({ latencyMs: 5, inputs: { 'fail-on': 'warn' } });
    warn.deps.files.files.set(
      'p.yml',
      PROFILE.replace(
        'thresholds: { p95: 50ms }',
        'thresholds: { p95: { target: 1ms, critical: 50ms } }',
      ),
    );
    expect(describeStepFailure(await runAction(warn.config, warn.deps), 'warn')).toMatch(
      /gate failed \(warn\)/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { runAction, runDepsOf } from '../../src/app/run-action.js';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../src/core/action/read-event-context.js';
import { buildHistoryEntry } from '../../src/core/history/build-entry.js';
import {
  emptyHistory,
  readHistoryFile,
  serializeHistory,
} from '../../src/core/history/history-file.js';
import { describeStepFailure } from '../../src/main.js';
import type { BaselineRef, BaselineStore, CommentGateway } from '../../src/ports.js';
import { FakeComments, FakeReleases, FakeStore, MemoryArtifacts } from '../fakes/memory-github.js';
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

describe('runDepsOf', () => {
  it("gives runLoadTest the step's adapters, its clock and pusher, and the action's ports", () => {
    const deps = {
      engine: new ScriptedEngine(() => ({ kind: 'unreachable', message: 'x' })),
      files: new MemoryFiles(),
      output: new MemoryOutput(),
      environment: makeEnvironment(),
      io: { setOutput: () => {}, writeSummary: async () => {} },
      tempDir: '/tmp',
    };
    const parsed = parseActionInputs({ profile: 'p.yml' });
    if (!parsed.ok) throw new Error('expected valid inputs');
    const action = { config: parsed.config, io: deps.io };
    expect(runDepsOf(deps, action)).toEqual({
      engine: deps.engine,
      files: deps.files,
      output: deps.output,
      environment: deps.environment,
      action,
    });
    const nowMs = () => 1_772_366_400_000;
    const pusher = { push: async () => {}, delete: async () => {} };
    expect(runDepsOf({ ...deps, nowMs, pusher }, action)).toMatchObject({
      nowEpochMs: nowMs,
      pusher,
    });
  });
});

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

const SCHEDULE_PROFILE = PROFILE;
const NOW_MS = Date.parse('2027-03-01T12:00:00.000Z');
const HOUR_MS = 3_600_000;
const HISTORY_NAME = 'loadgate-p-history';

/** Runs answering with `latenciesMs` in turn (the second is a re-measure), from `startMs`. */
function engineOf(latenciesMs: number[], startMs: number) {
  let runs = 0;
  return new ScriptedEngine((profile) => {
    const latencyMs = latenciesMs[runs] ?? latenciesMs.at(-1) ?? 5;
    runs++;
    return {
      kind: 'ran' as const,
      recording: recordingOf(profile, 200, latencyMs),
      startedAtEpochMs: startMs + runs * 60_000,
      status: 'completed' as const,
    };
  });
}

/** A run of `.github/workflows/nightly.yml` on main, by `event`, as run `runId`. */
function baselineBranchRun(options: {
  event: 'schedule' | 'push' | 'workflow_dispatch';
  runId: number;
  latenciesMs: number[];
  files?: MemoryFiles;
  artifacts?: MemoryArtifacts;
  inputs?: Record<string, string>;
  store?: BaselineStore;
}) {
  const files = options.files ?? new MemoryFiles();
  files.files.set('p.yml', SCHEDULE_PROFILE);
  const artifacts = options.artifacts ?? new MemoryArtifacts(files);
  artifacts.runId = options.runId;
  const output = new MemoryOutput();
  const summaries: string[] = [];
  const parsed = parseActionInputs({
    profile: 'p.yml',
    'artifact-name': 'loadgate-p',
    ...options.inputs,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: options.event,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/nightly.yml@refs/heads/main',
      GITHUB_RUN_ID: String(options.runId),
      GITHUB_RUN_ATTEMPT: '1',
    },
    {
      repository: { default_branch: 'main' },
      ...(options.event === 'schedule' ? { schedule: '5 * * * *' } : {}),
    },
  );
  if (!context) throw new Error('no context');
  const startMs = NOW_MS + (options.runId - 500) * HOUR_MS;
  const engine = engineOf(options.latenciesMs, startMs);
  const deps = {
    engine,
    files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => undefined, writeSummary: async (md: string) => void summaries.push(md) },
    context,
    artifacts,
    ...(options.store ? { baselines: options.store } : {}),
    tempDir: 'tmp',
    nowMs: () => startMs + 5 * 60_000,
  };
  return { config: parsed.config, deps, files, artifacts, output, summaries, engine };
}

function memoryOfOutcome(outcome: Awaited<ReturnType<typeof runAction>>) {
  if (outcome.kind === 'bad-input' || !outcome.run?.memory) throw new Error('no memory');
  return outcome.run.memory;
}

describe('runAction on the baseline branch (memory)', () => {
  it('a scheduled run reads the history artifact, is judged against its rolling baseline, and records its run', async () => {
    const first = baselineBranchRun({ event: 'schedule', runId: 501, latenciesMs: [5] });
    await runAction(first.config, first.deps);
    const second = baselineBranchRun({
      event: 'schedule',
      runId: 502,
      latenciesMs: [5],
      files: first.files,
      artifacts: first.artifacts,
    });
    const outcome = await runAction(second.config, second.deps);
    const memory = memoryOfOutcome(outcome);
    expect(memory.key).toEqual({ profile: 'shop', layer: 'scheduled', interval: 'hourly' });
    expect(memory.entry).toMatchObject({
      id: '502.1',
      runId: 502,
      runAttempt: 1,
      event: 'schedule',
      runUrl: 'https://github.com/acme/shop/actions/runs/502',
    });
    expect(memory.sources?.map((r) => r.runId)).toEqual([501]);
    expect(memory.history.entries.map((e) => e.id)).toEqual(['501.1', '502.1']);
    expect(outcome.kind === 'judged' && outcome.run.verdict.baseline?.ref).toBe(
      'rolling: the last run of scheduled/hourly',
    );
    expect(second.summaries[0]).toContain('Compared with a rolling baseline');
    expect(second.artifacts.saved.at(-1)?.name).toBe(HISTORY_NAME);
  });

  it.each([
    ['schedule', 2],
    ['push', 1],
    ['workflow_dispatch', 1],
  ] as const)('confirm auto: a breach on %s is measured %i time(s)', async (event, times) => {
    const run = baselineBranchRun({ event, runId: 501, latenciesMs: [80, 80] });
    await runAction(run.config, run.deps);
    expect(run.engine.profiles).toHaveLength(times);
  });

  it('confirm: true re-measures a breach on a manual run too', async () => {
    const run = baselineBranchRun({
      event: 'workflow_dispatch',
      runId: 501,
      latenciesMs: [80, 80],
      inputs: { confirm: 'true' },
    });
    const outcome = await runAction(run.config, run.deps);
    expect(run.engine.profiles).toHaveLength(2);
    expect(memoryOfOutcome(outcome).entry.breach).toBe('confirmed');
  });

  it('history: false keeps no history', async () => {
    const run = baselineBranchRun({
      event: 'schedule',
      runId: 501,
      latenciesMs: [5],
      inputs: { history: 'false' },
    });
    const outcome = await runAction(run.config, run.deps);
    expect(outcome.kind === 'judged' && outcome.run.memory).toBeUndefined();
    expect(run.artifacts.listed).toEqual([]);
    expect(run.artifacts.saved).toEqual([]);
  });

  it('two runs finishing together: the later upload includes the earlier run’s entry', async () => {
    const first = baselineBranchRun({ event: 'schedule', runId: 501, latenciesMs: [5] });
    await runAction(first.config, first.deps);
    const { files, artifacts } = first;
    // Run 503 reads the history (501), then run 502, which had read the same history, uploads.
    const other = serializeHistory({
      ...emptyHistory('0.1.0'),
      entries: [...memoryHistoryOf(artifacts).entries, otherRunEntry()],
    });
    const readAt = artifacts.listed.length + 1;
    artifacts.onList = (call) => {
      if (call === readAt) artifacts.add(HISTORY_NAME, other, { runId: 502 });
    };
    const later = baselineBranchRun({
      event: 'schedule',
      runId: 503,
      latenciesMs: [5],
      files,
      artifacts,
    });
    const outcome = await runAction(later.config, later.deps);
    expect(memoryOfOutcome(outcome).sources?.map((r) => r.runId)).toEqual([501]);
    const uploaded = readHistoryFile(artifacts.saved.at(-1)?.text ?? '', 'uploaded');
    expect(uploaded.ok && uploaded.history.entries.map((e) => e.id)).toEqual([
      '501.1',
      '502.1',
      '503.1',
    ]);
    expect(later.output.events).toContain('info merged the history uploaded meanwhile by run 502');
  });
});

function memoryHistoryOf(artifacts: MemoryArtifacts) {
  const read = readHistoryFile(artifacts.saved.at(-1)?.text ?? '', 'saved');
  if (!read.ok) throw new Error('bad history');
  return read.history;
}

/** The entry run 502 of the same series would have left (it started between 501 and 503). */
function otherRunEntry() {
  const entry = buildHistoryEntry(
    simulateRun({
      scenarios: [{ name: 'root', ratePerSec: 20, medianMs: 6 }],
      durationMs: 5_000,
      seed: 2,
    }),
    { layer: 'scheduled', interval: 'hourly', verdict: 'pass', runId: 502, runAttempt: 1 },
  );
  return { ...entry, at: new Date(NOW_MS + 2 * HOUR_MS + 60_000).toISOString() };
}

const RELEASE = {
  tag: 'v1.2.0',
  url: 'https://github.com/acme/shop/releases/tag/v1.2.0',
  publishedAt: '2027-02-20T09:30:00Z',
};

describe('runAction as a release gate', () => {
  function releaseRun(options: {
    payload: Record<string, unknown>;
    ref: string;
    event: string;
    latencyMs: number;
    artifacts: MemoryArtifacts;
    files: MemoryFiles;
    inputs?: Record<string, string>;
    store?: BaselineStore;
  }) {
    options.files.files.set('p.yml', PROFILE);
    const summaries: string[] = [];
    const parsed = parseActionInputs({
      profile: 'p.yml',
      'artifact-name': 'loadgate-p',
      ...options.inputs,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const context = readEventContext(
      {
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_EVENT_NAME: options.event,
        GITHUB_REF: options.ref,
        GITHUB_WORKFLOW_REF: `acme/shop/.github/workflows/release.yml@${options.ref}`,
        GITHUB_RUN_ID: '600',
      },
      { repository: { default_branch: 'main' }, ...options.payload },
    );
    if (!context) throw new Error('no context');
    return {
      summaries,
      config: parsed.config,
      deps: {
        engine: engineOf([options.latencyMs], NOW_MS),
        files: options.files,
        output: new MemoryOutput(),
        environment: makeEnvironment(),
        io: {
          setOutput: () => undefined,
          writeSummary: async (md: string) => void summaries.push(md),
        },
        context,
        artifacts: options.artifacts,
        releases: new FakeReleases(RELEASE),
        ...(options.store ? { baselines: options.store } : {}),
        readPullRequest: async () => ({ number: 7, headSha: 'head1', baseRef: 'main' }),
        tempDir: 'tmp',
        nowMs: () => NOW_MS,
      },
    };
  }

  it('a published release keeps its results; a release candidate then compares with them', async () => {
    const files = new MemoryFiles();
    const artifacts = new MemoryArtifacts(files);
    const release = releaseRun({
      event: 'release',
      ref: 'refs/tags/v1.2.0',
      payload: { release: { tag_name: 'v1.2.0', prerelease: false, draft: false } },
      latencyMs: 5,
      artifacts,
      files,
    });
    await runAction(release.config, release.deps);
    expect(artifacts.saved.map((s) => s.name)).toEqual(['loadgate-p-release-v1.2.0']);

    const candidate = releaseRun({
      event: 'release',
      ref: 'refs/tags/v1.3.0-rc.1',
      payload: { release: { tag_name: 'v1.3.0-rc.1', prerelease: true, draft: false } },
      latencyMs: 5,
      artifacts,
      files,
      inputs: { baseline: 'latest-release' },
    });
    const outcome = await runAction(candidate.config, candidate.deps);
    expect(outcome.kind === 'judged' && outcome.run.verdict.baseline?.ref).toBe('v1.2.0');
    expect(candidate.summaries[0]).toContain(
      'Compared with release v1.2.0 (published 2027-02-20), the newest published release.',
    );
    // A prerelease is what is gated, not what sets the bar.
    expect(artifacts.saved.map((s) => s.name)).toEqual(['loadgate-p-release-v1.2.0']);
  });

  it('baseline: latest-release on a pull request compares with the release, not the base branch', async () => {
    const files = new MemoryFiles();
    const artifacts = new MemoryArtifacts(files);
    artifacts.add('loadgate-p-release-v1.2.0', baselineText, { runId: 61 });
    const store = new FakeStore({ kind: 'found', ref: REF, exactMergeBase: true }, baselineText);
    const pr = releaseRun({
      event: 'pull_request',
      ref: 'refs/pull/7/merge',
      payload: PR_PAYLOAD,
      latencyMs: 5,
      artifacts,
      files,
      store,
      inputs: { baseline: 'latest-release' },
    });
    const outcome = await runAction(pr.config, pr.deps);
    expect(outcome.kind === 'judged' && outcome.run.verdict.baseline?.ref).toBe('v1.2.0');
  });
});

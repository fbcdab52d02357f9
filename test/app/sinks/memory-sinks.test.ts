import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../../src/app/judge-results.js';
import { resolveReleaseBaseline } from '../../../src/app/resolve-baseline.js';
import { runAction } from '../../../src/app/run-action.js';
import { runLoadTest } from '../../../src/app/run-load-test.js';
import type { MemoryRequest } from '../../../src/app/run-memory.js';
import {
  historySink,
  regressionIssueSink,
  releaseArtifactName,
  releaseBaselineSink,
} from '../../../src/app/sinks/memory-sinks.js';
import {
  type ActionPorts,
  actionSettings,
  cliSettings,
  type FinishedRun,
  type Sink,
} from '../../../src/app/sinks/sink.js';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { readEventContext } from '../../../src/core/action/read-event-context.js';
import { buildHistoryEntry } from '../../../src/core/history/build-entry.js';
import {
  emptyHistory,
  readHistoryFile,
  serializeHistory,
} from '../../../src/core/history/history-file.js';
import type { HistoryEntry, HistoryFileV1 } from '../../../src/core/history/types.js';
import { REGRESSION_LABEL } from '../../../src/core/notify/regression-issue.js';
import type { EngineOutcome, ReleaseInfo } from '../../../src/ports.js';
import { VERSION } from '../../../src/version.js';
import { sampleResult } from '../../core/history/history-fixtures.js';
import { FakeIssues, FakeReleases, MemoryArtifacts } from '../../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../../fakes/memory-ports.js';

const NOW_MS = Date.parse('2027-03-01T12:00:00.000Z');
const HOUR_MS = 3_600_000;
const REPO = { owner: 'acme', repo: 'shop' };
const HISTORY_NAME = 'loadgate-p-history';
const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
thresholds: { p95: 50ms }
`;

function entryOf(n: number): HistoryEntry {
  return buildHistoryEntry(sampleResult(n, NOW_MS - (24 - n) * HOUR_MS), {
    layer: 'scheduled',
    interval: 'hourly',
    verdict: 'pass',
    runId: 1000 + n,
  });
}

function historyOf(entries: HistoryEntry[]): HistoryFileV1 {
  return { ...emptyHistory('0.0.1'), entries };
}

function memoryOf(overrides: Partial<MemoryRequest> = {}): MemoryRequest {
  return {
    history: historyOf([]),
    notes: [],
    given: {},
    event: { name: 'schedule', scheduleCron: '5 * * * *' },
    facts: { runId: 7 },
    baselineRuns: 5,
    rolling: true,
    confirm: false,
    trendRows: 20,
    nowMs: NOW_MS,
    ...overrides,
  };
}

/** Successive runs answer with these latencies (ms); each starts a minute after `startMs`. */
function engineOf(latenciesMs: number[], startMs = NOW_MS - HOUR_MS) {
  let runs = 0;
  return new ScriptedEngine((profile): EngineOutcome => {
    const latencyMs = latenciesMs[runs] ?? latenciesMs.at(-1) ?? 5;
    runs++;
    return {
      kind: 'ran',
      recording: recordingOf(profile, 100, latencyMs),
      startedAtEpochMs: startMs + runs * 60_000,
      status: 'completed',
    };
  });
}

function runOf(outcome: RunOutcome): FinishedRun {
  if (outcome.kind === 'bad-input' || !outcome.run) throw new Error(`no run: ${outcome.kind}`);
  return outcome.run;
}

/** A finished CLI run with memory (latency `latencyMs`), for delivering one sink by hand. */
async function finishedRun(memory: MemoryRequest, latencyMs = 5) {
  const files = new MemoryFiles();
  files.files.set('p.yml', PROFILE);
  const outcome = await runLoadTest(
    { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }), memory },
    {
      engine: engineOf([latencyMs]),
      files,
      output: new MemoryOutput(),
      environment: makeEnvironment(),
    },
  );
  return { run: runOf(outcome), files };
}

function configOf(inputs: Record<string, string> = {}) {
  const parsed = parseActionInputs({ profile: 'p.yml', 'artifact-name': 'loadgate-p', ...inputs });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.config;
}

function portsOf(overrides: Partial<ActionPorts> = {}): ActionPorts {
  return {
    config: configOf(),
    io: { setOutput: () => undefined, writeSummary: async () => undefined },
    repo: REPO,
    tempDir: 'tmp',
    ...overrides,
  };
}

function savedHistory(text: string | undefined): HistoryFileV1 {
  const read = readHistoryFile(text ?? '', 'saved history');
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return read.history;
}

/** Delivers one judged sink by itself (not through `deliverJudged`, which catches throws). */
function deliver(sink: Sink, ...args: Parameters<JudgedSink['deliver']>): Promise<void> {
  if (sink.stage !== 'judged') throw new Error(`${sink.name} is not a judged sink`);
  return sink.deliver(...args);
}
type JudgedSink = Extract<Sink, { stage: 'judged' }>;

const warningsOf = (output: MemoryOutput) => output.events.filter((e) => e.startsWith('warn'));

describe('historySink', () => {
  it('the CLI writes --history FILE with this run added, stamped with this version', async () => {
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const output = new MemoryOutput();
    await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json', history: 'h.json' }),
        memory: memoryOf({ history: historyOf([entryOf(1), entryOf(2)]) }),
      },
      { engine: engineOf([5]), files, output, environment: makeEnvironment() },
    );
    const written = savedHistory(files.files.get('h.json'));
    expect(written.entries.map((e) => e.id)).toEqual(['1001.1', '1002.1', '7.1']);
    expect(written.tool.version).toBe(VERSION);
    expect(output.events).toContain('info history: h.json (3 entries)');
  });

  it('the CLI: a history file that cannot be written is a warning; the verdict stands', async () => {
    const { run, files } = await finishedRun(memoryOf());
    files.failWrites.add('h.json');
    const output = new MemoryOutput();
    await deliver(historySink, run, cliSettings({ history: 'h.json' }), { files, output });
    expect(output.events).toEqual([
      'warn could not write the history h.json (EACCES); the verdict stands',
    ]);
  });

  it('the action uploads <artifact>-history with the longest retention', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    const output = new MemoryOutput();
    await deliver(historySink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts }),
    });
    expect(artifacts.saved.map(({ text: _text, ...s }) => s)).toEqual([
      {
        path: `tmp/loadgate-history/${HISTORY_NAME}.json`,
        name: HISTORY_NAME,
        maxRetentionDays: 400,
      },
    ]);
    expect(savedHistory(artifacts.saved[0]?.text).entries.map((e) => e.id)).toEqual(['7.1']);
    expect(output.events).toEqual([
      `info saved the history as artifact ${HISTORY_NAME} (1 entries)`,
    ]);
  });

  it('merges a history another run uploaded after this one read it: both runs’ entries are kept', async () => {
    const artifacts = new MemoryArtifacts();
    const read = artifacts.add(HISTORY_NAME, serializeHistory(historyOf([entryOf(1)])), {
      runId: 41,
    });
    const { run, files } = await finishedRun(
      memoryOf({ history: historyOf([entryOf(1)]), sources: [read] }),
    );
    // The parallel run read the same history, added its own run and uploaded first.
    artifacts.add(HISTORY_NAME, serializeHistory(historyOf([entryOf(1), entryOf(5)])), {
      runId: 42,
    });
    const store = new MemoryArtifacts(files);
    store.artifacts.push(...artifacts.artifacts);
    const output = new MemoryOutput();
    await deliver(historySink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts: store }),
    });
    const saved = savedHistory(store.saved[0]?.text);
    expect(saved.entries.map((e) => e.id)).toEqual(['1001.1', '1005.1', '7.1']);
    expect(output.events).toContain('info merged the history uploaded meanwhile by run 42');
    expect(warningsOf(output)).toEqual([]);
  });

  it('nothing uploaded meanwhile: the history read is not downloaded again', async () => {
    const artifacts = new MemoryArtifacts();
    const read = artifacts.add(HISTORY_NAME, serializeHistory(historyOf([entryOf(1)])));
    const { run, files } = await finishedRun(
      memoryOf({ history: historyOf([entryOf(1)]), sources: [read] }),
    );
    const store = new MemoryArtifacts(files);
    store.artifacts.push(...artifacts.artifacts);
    await deliver(historySink, run, actionSettings({}), {
      files,
      output: new MemoryOutput(),
      action: portsOf({ artifacts: store }),
    });
    expect(store.downloaded).toEqual([]);
    expect(savedHistory(store.saved[0]?.text).entries.map((e) => e.id)).toEqual(['1001.1', '7.1']);
  });

  it('an upload that fails is a warning; nothing is thrown', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    artifacts.failSave = new Error('artifact storage quota hit');
    const output = new MemoryOutput();
    await deliver(historySink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts }),
    });
    expect(output.events).toEqual([
      `warn could not save the history artifact ${HISTORY_NAME}: artifact storage quota hit; the verdict stands`,
    ]);
  });

  it('deletes all but the newest three history artifacts once its own upload is in', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const store = new MemoryArtifacts(files);
    const old = [1, 2, 3, 4].map((n) =>
      store.add(HISTORY_NAME, serializeHistory(historyOf([entryOf(n)]))),
    );
    const other = store.add('loadgate-other-history', serializeHistory(historyOf([entryOf(9)])));
    const output = new MemoryOutput();
    await deliver(historySink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts: store }),
    });
    // Kept: this run's upload and the two newest before it; another profile's is never touched.
    expect(store.deleted).toEqual([old[1]?.artifactId, old[0]?.artifactId]);
    expect(store.artifacts.map((a) => a.ref.artifactName).sort()).toEqual([
      'loadgate-other-history',
      HISTORY_NAME,
      HISTORY_NAME,
      HISTORY_NAME,
    ]);
    expect(other.artifactId).toBeGreaterThan(0);
    expect(output.events).toContain(`info deleted 2 older ${HISTORY_NAME} artifacts`);
  });

  it('a token that may not delete artifacts leaves them to expire: a note, never a warning', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const store = new MemoryArtifacts(files);
    for (const n of [1, 2, 3, 4])
      store.add(HISTORY_NAME, serializeHistory(historyOf([entryOf(n)])));
    store.failDelete = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403,
    });
    const output = new MemoryOutput();
    await deliver(historySink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts: store }),
    });
    expect(warningsOf(output)).toEqual([]);
    expect(output.events).toContain(
      `info older ${HISTORY_NAME} artifacts are left to expire: deleting them needs "permissions: actions: write"`,
    );
    expect(store.artifacts).toHaveLength(5);
  });

  it('a run without memory keeps no history', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    const { memory: _memory, ...without } = run;
    await deliver(historySink, without, actionSettings({}), {
      files,
      output: new MemoryOutput(),
      action: portsOf({ artifacts }),
    });
    expect(artifacts.saved).toEqual([]);
    expect(artifacts.listed).toEqual([]);
  });
});

const RELEASE: ReleaseInfo = {
  tag: 'v1.2.0',
  url: 'https://github.com/acme/shop/releases/tag/v1.2.0',
  publishedAt: '2027-02-20T09:30:00Z',
};
const RELEASE_ARTIFACT = 'loadgate-p-release-v1.2.0';

describe('releaseBaselineSink', () => {
  it('keeps a release run’s results as artifact <artifact>-release-<tag>', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    const output = new MemoryOutput();
    await deliver(
      releaseBaselineSink,
      { ...run, baselineSave: { save: true } },
      actionSettings({}),
      {
        files,
        output,
        action: portsOf({ artifacts, releaseTag: 'v1.2.0' }),
      },
    );
    expect(artifacts.saved.map(({ text: _text, ...s }) => s)).toEqual([
      { path: 'r.json', name: RELEASE_ARTIFACT, maxRetentionDays: 400 },
    ]);
    expect(JSON.parse(artifacts.saved[0]?.text ?? '{}').profile.name).toBe('shop');
    expect(output.events).toEqual([
      `info saved the results as the baseline of release v1.2.0 (artifact ${RELEASE_ARTIFACT})`,
    ]);
  });

  it('a failing release run is not kept, with a warning saying why', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    const output = new MemoryOutput();
    await deliver(
      releaseBaselineSink,
      { ...run, baselineSave: { save: false, reason: 'the gate failed' } },
      actionSettings({}),
      { files, output, action: portsOf({ artifacts, releaseTag: 'v1.2.0' }) },
    );
    expect(artifacts.saved).toEqual([]);
    expect(output.events).toEqual([
      'warn not keeping this run as the baseline of release v1.2.0: the gate failed',
    ]);
  });

  it('not a release run: nothing kept', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    await deliver(releaseBaselineSink, run, actionSettings({}), {
      files,
      output: new MemoryOutput(),
      action: portsOf({ artifacts }),
    });
    expect(artifacts.saved).toEqual([]);
  });

  it('an upload that fails is a warning', async () => {
    const { run, files } = await finishedRun(memoryOf());
    const artifacts = new MemoryArtifacts(files);
    artifacts.failSave = new Error('503 Service Unavailable');
    const output = new MemoryOutput();
    await deliver(releaseBaselineSink, run, actionSettings({}), {
      files,
      output,
      action: portsOf({ artifacts, releaseTag: 'v1.2.0' }),
    });
    expect(output.events).toEqual([
      `warn could not save the release baseline ${RELEASE_ARTIFACT}: 503 Service Unavailable`,
    ]);
  });

  it('names tags that differ only in their prefix apart', () => {
    expect(releaseArtifactName('loadgate-p', 'api/v1.0.0')).not.toBe(
      releaseArtifactName('loadgate-p', 'web/v1.0.0'),
    );
  });
});

describe('resolveReleaseBaseline (baseline: latest-release)', () => {
  async function resolve(release: ReleaseInfo | Error | undefined, artifacts: MemoryArtifacts) {
    const files = new MemoryFiles();
    const output = new MemoryOutput();
    const releases = new FakeReleases(release);
    const resolved = await resolveReleaseBaseline(
      REPO,
      {
        artifactName: 'loadgate-p',
        tempDir: 'tmp',
        releaseArtifactName: (tag) => releaseArtifactName('loadgate-p', tag),
      },
      { releases, artifacts, files, output },
    );
    return { resolved, files, output };
  }
  const releaseResults = JSON.stringify(sampleResult(3, NOW_MS - 200 * HOUR_MS));

  it('no published release: a note, nothing looked up', async () => {
    const artifacts = new MemoryArtifacts();
    const { resolved, output } = await resolve(undefined, artifacts);
    expect(resolved).toEqual({ note: 'No baseline: the repository has no published release yet.' });
    expect(artifacts.listed).toEqual([]);
    expect(output.events).toEqual([]);
  });

  it('a release whose run kept nothing: a note naming the artifact', async () => {
    const { resolved } = await resolve(RELEASE, new MemoryArtifacts());
    expect(resolved).toEqual({
      note: `No baseline: release v1.2.0 is the latest, but no run kept its results (artifact ${RELEASE_ARTIFACT}); run loadgate on the release event to keep them.`,
    });
  });

  it('an expired release artifact: a note saying so', async () => {
    const artifacts = new MemoryArtifacts();
    artifacts.add(RELEASE_ARTIFACT, releaseResults, { expiredAt: '2027-02-25T00:00:00Z' });
    const { resolved } = await resolve(RELEASE, artifacts);
    expect(resolved).toEqual({
      note: `No baseline: release v1.2.0 is the latest, but its artifact ${RELEASE_ARTIFACT} has expired.`,
    });
  });

  it('a corrupt release artifact: a warning and a note', async () => {
    const artifacts = new MemoryArtifacts();
    artifacts.add(RELEASE_ARTIFACT, '{"schemaVersion": 1', { runId: 60 });
    const { resolved, output, files } = await resolve(RELEASE, artifacts);
    expect(resolved).toEqual({
      note: 'No usable baseline: the artifact of release v1.2.0 is not a valid results file.',
    });
    expect(warningsOf(output)).toHaveLength(1);
    expect(warningsOf(output)[0]).toMatch(
      new RegExp(
        `^warn ignoring the release baseline: release baseline ${RELEASE_ARTIFACT} of run 60: is not valid JSON`,
      ),
    );
    expect(files.files.size).toBe(0);
  });

  it('found: written for the run, named by its tag, with a note', async () => {
    const artifacts = new MemoryArtifacts();
    const ref = artifacts.add(RELEASE_ARTIFACT, releaseResults, { runId: 61 });
    const { resolved, files } = await resolve(RELEASE, artifacts);
    expect(resolved.path).toBe('tmp/loadgate-release-baseline.json');
    expect(files.files.get('tmp/loadgate-release-baseline.json')).toBe(releaseResults);
    expect(resolved.result?.totals.requests).toBe(JSON.parse(releaseResults).totals.requests);
    expect(resolved.info).toEqual({
      commit: ref.commit,
      ref: 'v1.2.0',
      runId: '61',
      runUrl: 'https://github.com/acme/shop/actions/runs/61',
      date: JSON.parse(releaseResults).startedAt,
    });
    expect(resolved.note).toBe(
      'Compared with release v1.2.0 (published 2027-02-20), the newest published release.',
    );
  });

  it('the release API failing: a warning and a note, never a failure', async () => {
    const { resolved, output } = await resolve(new Error('Bad credentials'), new MemoryArtifacts());
    expect(output.events).toEqual([
      'warn could not get the release baseline (Bad credentials); comparing without one',
    ]);
    expect(resolved.note).toMatch(/^No baseline: looking up the latest release failed/);
  });
});

/** One GitHub repository in memory, shared by successive scheduled runs of one workflow. */
function repository() {
  return {
    files: new MemoryFiles(),
    artifacts: undefined as unknown as MemoryArtifacts,
    issues: new FakeIssues(),
  };
}

/**
 * Scheduled run `n` (an hour after run n-1) of `.github/workflows/nightly.yml`, whose
 * measurements answer with `latenciesMs` (the second one is the re-measure).
 */
async function scheduledRun(
  repo: ReturnType<typeof repository>,
  n: number,
  latenciesMs: number[],
  inputs: Record<string, string> = {},
) {
  repo.artifacts ??= new MemoryArtifacts(repo.files);
  repo.artifacts.runId = 500 + n;
  repo.files.files.set('p.yml', PROFILE);
  const startMs = NOW_MS + n * HOUR_MS;
  const context = readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/nightly.yml@refs/heads/main',
      GITHUB_RUN_ID: String(500 + n),
      GITHUB_RUN_ATTEMPT: '1',
    },
    { schedule: '5 * * * *', repository: { default_branch: 'main' } },
  );
  if (!context) throw new Error('no context');
  const output = new MemoryOutput();
  const outcome = await runAction(configOf(inputs), {
    engine: engineOf(latenciesMs, startMs),
    files: repo.files,
    output,
    environment: makeEnvironment(),
    io: { setOutput: () => undefined, writeSummary: async () => undefined },
    context,
    artifacts: repo.artifacts,
    issues: repo.issues,
    tempDir: 'tmp',
    nowMs: () => startMs + 5 * 60_000,
  });
  return { run: runOf(outcome), output };
}

describe('regressionIssueSink', () => {
  it('opens one issue on a confirmed regression, updates it while it lasts, closes it after two passing runs', async () => {
    const repo = repository();
    const first = await scheduledRun(repo, 1, [80, 85]);
    expect(first.run.memory?.confirmedBreach).toBe(true);
    expect(repo.issues.calls).toEqual(['find', 'create']);
    expect(repo.issues.issues).toHaveLength(1);
    const issue = repo.issues.issues[0];
    expect(issue?.labels).toEqual([REGRESSION_LABEL]);
    expect(issue?.title).toBe('loadgate: shop regressed (scheduled/hourly)');
    expect(issue?.body).toContain('<!-- loadgate:issue key=nightly.yml:shop:regression -->');
    expect(first.output.events).toContain(
      'info opened the regression issue #1: https://github.com/acme/shop/issues/1',
    );

    const second = await scheduledRun(repo, 2, [80, 85]);
    expect(second.run.memory?.confirmedBreach).toBe(true);
    expect(repo.issues.calls.slice(2)).toEqual(['find', 'update']);
    expect(repo.issues.issues).toHaveLength(1);

    const third = await scheduledRun(repo, 3, [5]);
    expect(third.run.verdict.level).toBe('pass');
    expect(repo.issues.calls.slice(4)).toEqual(['find', 'update']);
    expect(repo.issues.issues[0]?.state).toBe('open');

    await scheduledRun(repo, 4, [5]);
    expect(repo.issues.calls.slice(6)).toEqual(['find', 'update closed', 'comment']);
    expect(repo.issues.issues[0]?.state).toBe('closed');
    expect(repo.issues.comments.map((c) => c.number)).toEqual([1]);
    expect(repo.issues.issues).toHaveLength(1);
    // Every run is in the history the last run uploaded.
    const last = savedHistory(repo.artifacts.saved.at(-1)?.text);
    expect(last.entries.map((e) => [e.id, e.breach ?? '-'])).toEqual([
      ['501.1', 'confirmed'],
      ['502.1', 'confirmed'],
      ['503.1', '-'],
      ['504.1', '-'],
    ]);
  });

  it('a single noisy run (not confirmed on re-measuring) opens nothing', async () => {
    const repo = repository();
    const { run } = await scheduledRun(repo, 1, [80, 5]);
    expect(run.memory?.entry.breach).toBe('unconfirmed');
    expect(repo.issues.calls).toEqual(['find']);
    expect(repo.issues.issues).toEqual([]);
  });

  it('a token without issues: write warns once, naming the permission; verdict and history stand', async () => {
    const repo = repository();
    repo.issues.fail = Object.assign(new Error('Resource not accessible by integration'), {
      status: 403,
    });
    const { run, output } = await scheduledRun(repo, 1, [80, 85]);
    const warnings = warningsOf(output);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('issues: write');
    expect(run.verdict.level).toBe('fail');
    expect(savedHistory(repo.artifacts.saved.at(-1)?.text).entries.map((e) => e.id)).toEqual([
      '501.1',
    ]);
  });

  it('another error is a warning with its message', async () => {
    const repo = repository();
    repo.issues.fail = new Error('502 Bad Gateway');
    const { output } = await scheduledRun(repo, 1, [80, 85]);
    expect(warningsOf(output)).toEqual([
      'warn could not keep the regression issue: 502 Bad Gateway; the verdict stands',
    ]);
  });

  it('regression-issue: false never calls the issue API', async () => {
    const repo = repository();
    const { run } = await scheduledRun(repo, 1, [80, 85], { 'regression-issue': 'false' });
    expect(run.memory?.confirmedBreach).toBe(true);
    expect(repo.issues.calls).toEqual([]);
  });

  it('a run without memory (a pull request, the CLI) never calls the issue API', async () => {
    const { run, files } = await finishedRun(memoryOf(), 80);
    const { memory: _memory, ...without } = run;
    const issues = new FakeIssues();
    await deliver(regressionIssueSink, without, actionSettings({}), {
      files,
      output: new MemoryOutput(),
      action: portsOf({ issues }),
    });
    expect(issues.calls).toEqual([]);
  });
});

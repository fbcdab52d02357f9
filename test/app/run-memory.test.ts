import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../src/app/judge-results.js';
import { runLoadTest } from '../../src/app/run-load-test.js';
import {
  HISTORY_ARTIFACTS_MERGED,
  loadHistoryArtifacts,
  type MemoryRequest,
  prepareMemory,
  readHistoryFrom,
} from '../../src/app/run-memory.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { buildHistoryEntry, type EntryFacts } from '../../src/core/history/build-entry.js';
import { emptyHistory, serializeHistory } from '../../src/core/history/history-file.js';
import type { HistoryEntry, HistoryFileV1 } from '../../src/core/history/types.js';
import { parseProfile } from '../../src/core/profile/parse-profile.js';
import type { Profile } from '../../src/core/profile/types.js';
import type { EngineOutcome } from '../../src/ports.js';
import { sampleResult } from '../core/history/history-fixtures.js';
import { MemoryArtifacts } from '../fakes/memory-github.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

/** "Now" in these tests: 2027-03-01 12:00 UTC; entries are hours before it (no compaction). */
const NOW_MS = Date.parse('2027-03-01T12:00:00.000Z');
const HOUR_MS = 3_600_000;
const REPO = { owner: 'acme', repo: 'shop' };
const HISTORY_NAME = 'loadgate-p-history';

/** Run `n` of the scheduled hourly series of `shop`, `24 - n` hours before now. */
function entryOf(
  n: number,
  facts: Partial<EntryFacts> = {},
  shape: Partial<HistoryEntry> = {},
): HistoryEntry {
  const result = sampleResult(n, NOW_MS - (24 - n) * HOUR_MS);
  return {
    ...buildHistoryEntry(result, {
      layer: 'scheduled',
      interval: 'hourly',
      verdict: 'pass',
      runId: 1000 + n,
      ...facts,
    }),
    ...shape,
  };
}

function historyOf(entries: HistoryEntry[]): HistoryFileV1 {
  return { ...emptyHistory('0.0.1'), entries };
}

function textOf(entries: HistoryEntry[]): string {
  return serializeHistory(historyOf(entries));
}

function memoryOf(overrides: Partial<MemoryRequest> = {}): MemoryRequest {
  return {
    history: historyOf([]),
    notes: [],
    given: {},
    event: { name: 'schedule', scheduleCron: '5 * * * *' },
    facts: {},
    baselineRuns: 5,
    rolling: true,
    confirm: false,
    trendRows: 20,
    nowMs: NOW_MS,
    ...overrides,
  };
}

function profileOf(extra = ''): Profile {
  const parsed = parseProfile(
    `name: shop\nbaseUrl: http://127.0.0.1:9\n${extra}scenarios: [{ name: list, path: /list }]\nload: { executor: constant-arrival-rate, rate: 10, duration: 1s }\n`,
    { env: {} },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
}

const idsOf = (history: HistoryFileV1) => history.entries.map((e) => e.id);

describe('loadHistoryArtifacts (the action reads its history)', () => {
  it('no artifact yet: a note, an empty history, never a warning', async () => {
    const store = new MemoryArtifacts();
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(loaded.notes).toEqual([
      `No history yet (artifact ${HISTORY_NAME}): this run starts it.`,
    ]);
    expect(loaded.history.entries).toEqual([]);
    expect(loaded.sources).toEqual([]);
    expect(store.listed).toEqual([{ name: HISTORY_NAME, limit: HISTORY_ARTIFACTS_MERGED }]);
    expect(output.events).toEqual([]);
  });

  it('only an expired one: says when it expired and starts a new history', async () => {
    const store = new MemoryArtifacts();
    store.add(HISTORY_NAME, textOf([entryOf(1)]), {
      runId: 77,
      expiredAt: '2027-01-15T03:00:00Z',
    });
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(loaded.notes).toHaveLength(1);
    expect(loaded.notes[0]).toMatch(
      /^The history expired on 2027-01-15 \(last kept by run 77;.*\): this run starts a new one\.$/,
    );
    expect(loaded.history.entries).toEqual([]);
    expect(store.downloaded).toEqual([]);
    expect(output.events).toEqual([]);
  });

  it('three usable artifacts holding different entries: their union, every run once', async () => {
    const store = new MemoryArtifacts();
    store.add(HISTORY_NAME, textOf([entryOf(1), entryOf(2)]));
    store.add(HISTORY_NAME, textOf([entryOf(1), entryOf(2), entryOf(3)]));
    store.add(HISTORY_NAME, textOf([entryOf(1), entryOf(2), entryOf(4)]));
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(idsOf(loaded.history)).toEqual(['1001.1', '1002.1', '1003.1', '1004.1']);
    expect(loaded.sources.map((r) => r.artifactId)).toEqual([3, 2, 1]);
    expect(loaded.notes).toEqual([]);
    expect(output.events.filter((e) => e.startsWith('warn'))).toEqual([]);
  });

  it('a corrupt artifact is a warning and left out; the others are used', async () => {
    const store = new MemoryArtifacts();
    store.add(HISTORY_NAME, textOf([entryOf(1)]), { runId: 41 });
    store.add(HISTORY_NAME, '{"schemaVersion": 1, "kind": "loadgate-history", "entr', {
      runId: 42,
    });
    store.add(HISTORY_NAME, textOf([entryOf(1), entryOf(3)]), { runId: 43 });
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(idsOf(loaded.history)).toEqual(['1001.1', '1003.1']);
    expect(loaded.sources.map((r) => r.runId)).toEqual([43, 41]);
    expect(loaded.notes).toEqual([
      'The history of run 42 was not a valid history file and was left out.',
    ]);
    const warnings = output.events.filter((e) => e.startsWith('warn'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^warn ignoring history artifact loadgate-p-history of run 42: .*is not valid JSON/,
    );
  });

  it('an artifact that cannot be downloaded is a warning; the others are used', async () => {
    const store = new MemoryArtifacts();
    store.add(HISTORY_NAME, textOf([entryOf(1)]), { runId: 41 });
    const gone = store.add(HISTORY_NAME, textOf([entryOf(2)]), { runId: 42 });
    store.failDownload.add(gone.artifactId);
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(idsOf(loaded.history)).toEqual(['1001.1']);
    expect(output.events).toEqual([
      `warn could not download history artifact ${HISTORY_NAME} of run 42: artifact ${gone.artifactId} is gone`,
    ]);
  });

  it('every artifact corrupt: a fresh history with a note, never a failure', async () => {
    const store = new MemoryArtifacts();
    store.add(HISTORY_NAME, 'not json', { runId: 41 });
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(loaded.history.entries).toEqual([]);
    expect(loaded.sources).toEqual([]);
    expect(loaded.notes).toEqual([
      'The history of run 41 was not a valid history file and was left out.',
      'No usable history could be read: this run starts a new one.',
    ]);
  });

  it('the artifact API failing is a warning and a fresh history, never a failure', async () => {
    const store = new MemoryArtifacts();
    store.failList = new Error('API rate limit exceeded');
    const output = new MemoryOutput();
    const loaded = await loadHistoryArtifacts(store, REPO, 'loadgate-p', NOW_MS, output);
    expect(output.events).toEqual([
      `warn could not look up the history artifact ${HISTORY_NAME}: API rate limit exceeded`,
    ]);
    expect(loaded.history.entries).toEqual([]);
    expect(loaded.sources).toEqual([]);
    expect(loaded.notes).toEqual([
      'The history could not be read (see the log): this run starts a new one.',
    ]);
  });
});

describe('readHistoryFrom (the CLI reads --history FILE)', () => {
  it('a missing file starts an empty history, with a note', async () => {
    const read = await readHistoryFrom('h.json', '--history', new MemoryFiles());
    expect(read).toEqual({
      ok: true,
      history: expect.objectContaining({ kind: 'loadgate-history', entries: [] }),
      notes: ['No history at h.json yet: this run starts it.'],
    });
  });

  it('an unreadable file is an issue at the flag', async () => {
    const files = new MemoryFiles();
    files.readText = async (path: string) => {
      throw Object.assign(new Error(`EACCES: ${path}`), { code: 'EACCES' });
    };
    const read = await readHistoryFrom('h.json', '--history', files);
    expect(read).toEqual({
      ok: false,
      issues: [{ path: '--history', message: 'cannot read h.json: permission denied' }],
    });
  });

  it('an invalid file: issues at the field paths, under the flag and the file', async () => {
    const files = new MemoryFiles();
    const entry = entryOf(1);
    const broken = { ...historyOf([entry]), entries: [{ ...entry, verdict: 'great' }] };
    files.files.set('h.json', JSON.stringify(broken));
    const read = await readHistoryFrom('h.json', '--history', files);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.issues.map((i) => i.path)).toEqual(['--history h.json entries[0].verdict']);
  });

  it('a valid file is read with its entries', async () => {
    const files = new MemoryFiles();
    files.files.set('h.json', textOf([entryOf(1), entryOf(2)]));
    const read = await readHistoryFrom('h.json', '--history', files);
    expect(read.ok && idsOf(read.history)).toEqual(['1001.1', '1002.1']);
  });
});

describe('prepareMemory (the run’s series and rolling baseline)', () => {
  it.each([
    ['schedule, hourly cron', memoryOf(), '', { layer: 'scheduled', interval: 'hourly' }],
    [
      'schedule, weekly cron',
      memoryOf({ event: { name: 'schedule', scheduleCron: '0 3 * * 1' } }),
      '',
      { layer: 'scheduled', interval: 'weekly' },
    ],
    ['push', memoryOf({ event: { name: 'push' } }), '', { layer: 'scheduled', interval: 'push' }],
    [
      'workflow_dispatch',
      memoryOf({ event: { name: 'workflow_dispatch' } }),
      '',
      { layer: 'manual', interval: 'manual' },
    ],
    [
      'the CLI (no event)',
      memoryOf({ event: { name: '' } }),
      '',
      { layer: 'manual', interval: 'manual' },
    ],
    [
      'the profile’s labels over the event',
      memoryOf(),
      'layer: manual\ninterval: nightly\n',
      { layer: 'manual', interval: 'nightly' },
    ],
    [
      'given labels over the profile’s',
      memoryOf({ given: { layer: 'release', interval: 'daily' } }),
      'layer: manual\ninterval: nightly\n',
      { layer: 'release', interval: 'daily' },
    ],
  ] as const)('series key: %s', (_what, memory, extra, labels) => {
    expect(prepareMemory(memory, profileOf(extra)).key).toEqual({ profile: 'shop', ...labels });
  });

  it('series key: a heartbeat profile on a schedule is a heartbeat', () => {
    const parsed = parseProfile(
      'name: up\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: s, path: / }]\nload: { preset: heartbeat }\n',
      { env: {} },
    );
    if (!parsed.ok) throw new Error('bad profile');
    expect(prepareMemory(memoryOf(), parsed.profile).key).toEqual({
      profile: 'up',
      layer: 'heartbeat',
      interval: 'hourly',
    });
  });

  it('no earlier runs: a note, no baseline', () => {
    const prepared = prepareMemory(memoryOf(), profileOf());
    expect(prepared.baseline).toBeUndefined();
    expect(prepared.info).toBeUndefined();
    expect(prepared.baselineEntries).toEqual([]);
    expect(prepared.notes).toEqual([
      'No rolling baseline yet: the history has no earlier passing run of "shop" (scheduled/hourly).',
    ]);
  });

  it('leaves out runs of another series, failing, breached and incomplete runs', () => {
    const history = historyOf([
      entryOf(1),
      entryOf(2, { interval: 'daily' }),
      entryOf(3, {}, { profile: 'other' }),
      entryOf(4, { verdict: 'fail' }),
      entryOf(5, { verdict: 'warn', breach: 'unconfirmed' }),
      entryOf(6, { verdict: 'fail', breach: 'confirmed' }),
      entryOf(7, {}, { status: 'aborted' }),
      entryOf(8, { verdict: 'warn' }),
      entryOf(9, { layer: 'manual' }),
    ]);
    const prepared = prepareMemory(memoryOf({ history }), profileOf());
    expect(prepared.baselineEntries.map((e) => e.id)).toEqual(['1001.1', '1008.1']);
    expect(prepared.info).toMatchObject({
      ref: 'rolling: the last 2 runs of scheduled/hourly',
      mergedRuns: 2,
      commit: 'abc123',
      date: history.entries[7]?.at,
    });
  });

  it('only another series’ runs: no baseline', () => {
    const history = historyOf([entryOf(1, { interval: 'daily' }), entryOf(2, { verdict: 'fail' })]);
    const prepared = prepareMemory(memoryOf({ history }), profileOf());
    expect(prepared.baseline).toBeUndefined();
    expect(prepared.notes[0]).toMatch(/^No rolling baseline yet/);
  });

  it('merges the newest K runs exactly', () => {
    const entries = [1, 2, 3, 4, 5, 6, 7].map((n) => entryOf(n));
    const prepared = prepareMemory(
      memoryOf({ history: historyOf(entries), baselineRuns: 3 }),
      profileOf(),
    );
    expect(prepared.baselineEntries.map((e) => e.id)).toEqual(['1005.1', '1006.1', '1007.1']);
    const requests = entries.slice(4).reduce((n, e) => n + e.overall.requests, 0);
    expect(prepared.baseline?.totals.requests).toBe(requests);
    expect(prepared.baseline?.profile.name).toBe('shop');
    expect(prepared.info?.mergedRuns).toBe(3);
    expect(prepared.notes).toEqual([
      `Compared with a rolling baseline: the exact merge of the last 3 runs of scheduled/hourly (${entries[4]?.at.slice(0, 16).replace('T', ' ')} … ${entries[6]?.at.slice(0, 16).replace('T', ' ')} UTC), noise judged across those runs.`,
    ]);
  });

  it('rolling off (a baseline was given): the series, but no rolling baseline and no note', () => {
    const history = historyOf([entryOf(1), entryOf(2)]);
    const prepared = prepareMemory(memoryOf({ history, rolling: false }), profileOf());
    expect(prepared).toEqual({
      key: { profile: 'shop', layer: 'scheduled', interval: 'hourly' },
      baselineEntries: [],
      notes: [],
    });
  });
});

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
thresholds: { p95: 50ms }
`;

/**
 * An engine whose successive runs answer with the given latencies (ms), each run a minute after
 * the one before; `status` for every run.
 */
function engineOf(
  latenciesMs: number[],
  status: 'completed' | 'interrupted' | 'aborted' = 'completed',
) {
  let runs = 0;
  return new ScriptedEngine((profile): EngineOutcome => {
    const latencyMs = latenciesMs[runs] ?? latenciesMs.at(-1) ?? 5;
    runs++;
    return {
      kind: 'ran',
      recording: recordingOf(profile, 100, latencyMs),
      startedAtEpochMs: NOW_MS - HOUR_MS + runs * 60_000,
      status,
      plannedRequests: 100,
    };
  });
}

async function runWithMemory(
  engine: ScriptedEngine,
  memory: MemoryRequest,
  files = new MemoryFiles(),
) {
  if (!files.files.has('p.yml')) files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput();
  const outcome = await runLoadTest(
    { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }), memory },
    { engine, files, output, environment: makeEnvironment() },
  );
  return { outcome, files, output };
}

function runOf(outcome: RunOutcome) {
  if (outcome.kind === 'bad-input' || !outcome.run) throw new Error(`no run: ${outcome.kind}`);
  return outcome.run;
}

describe('confirming a breach (runLoadTest with memory)', () => {
  it('confirm on, a breach that holds: re-measured once, confirmed, both results kept', async () => {
    const engine = engineOf([80, 90]);
    const { outcome, files, output } = await runWithMemory(
      engine,
      memoryOf({ confirm: true, facts: { runId: 7 } }),
    );
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(2);
    expect(run.verdict.level).toBe('fail');
    expect(run.memory?.entry).toMatchObject({ id: '7.1', verdict: 'fail', breach: 'confirmed' });
    expect(run.memory?.confirmedBreach).toBe(true);
    const confirmation = JSON.parse(files.files.get('r-confirmation.json') ?? '{}');
    expect(confirmation.status).toBe('completed');
    expect(confirmation.latencyMs.p95).toBeCloseTo(90, 0);
    expect(JSON.parse(files.files.get('r.json') ?? '{}').latencyMs.p95).toBeCloseTo(80, 0);
    expect(output.events).toContain(
      'info breach: re-measuring the whole profile once to confirm it before it counts',
    );
    expect(output.events).toContain('info confirmation results: r-confirmation.json');
  });

  it('confirm on, a breach that does not hold: unconfirmed, the verdict passes, and it is no baseline', async () => {
    const engine = engineOf([80, 5]);
    const { outcome } = await runWithMemory(
      engine,
      memoryOf({ confirm: true, facts: { runId: 7 } }),
    );
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(2);
    expect(run.verdict.level).toBe('pass');
    expect(run.memory?.confirmedBreach).toBe(false);
    expect(run.memory?.entry).toMatchObject({ verdict: 'pass', breach: 'unconfirmed' });
    // The odd run breached once: a later run must not be judged against it.
    const next = prepareMemory(
      memoryOf({ history: run.memory?.history ?? historyOf([]) }),
      profileOf(),
    );
    expect(next.baselineEntries).toEqual([]);
  });

  it('confirm on, no breach: measured once, no breach recorded', async () => {
    const engine = engineOf([5]);
    const { outcome, files } = await runWithMemory(engine, memoryOf({ confirm: true }));
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(1);
    expect(files.files.has('r-confirmation.json')).toBe(false);
    expect(run.memory?.entry.breach).toBeUndefined();
    expect(run.memory?.entry.verdict).toBe('pass');
  });

  it('confirm off: the first breach is unconfirmed, the next breaching run confirms it', async () => {
    const first = await runWithMemory(engineOf([80]), memoryOf({ facts: { runId: 7 } }));
    const firstRun = runOf(first.outcome);
    expect(firstRun.memory?.entry).toMatchObject({ verdict: 'fail', breach: 'unconfirmed' });
    expect(firstRun.memory?.confirmedBreach).toBe(false);
    expect(first.files.files.has('r-confirmation.json')).toBe(false);

    const engine = engineOf([85]);
    const second = await runWithMemory(
      engine,
      memoryOf({ history: firstRun.memory?.history ?? historyOf([]), facts: { runId: 8 } }),
    );
    const secondRun = runOf(second.outcome);
    expect(engine.profiles).toHaveLength(1);
    expect(secondRun.memory?.entry).toMatchObject({ id: '8.1', breach: 'confirmed' });
    expect(secondRun.memory?.confirmedBreach).toBe(true);
    expect(secondRun.memory?.series.map((e) => [e.id, e.breach])).toEqual([
      ['7.1', 'unconfirmed'],
      ['8.1', 'confirmed'],
    ]);
  });

  it('an interrupted run is never re-measured', async () => {
    const engine = engineOf([80], 'interrupted');
    const { outcome, files } = await runWithMemory(engine, memoryOf({ confirm: true }));
    expect(outcome.kind).toBe('interrupted');
    expect(engine.profiles).toHaveLength(1);
    expect(files.files.has('r-confirmation.json')).toBe(false);
    expect(runOf(outcome).memory?.entry.status).toBe('interrupted');
  });

  it('a run stopped by the signal is never re-measured', async () => {
    const engine = engineOf([80]);
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const controller = new AbortController();
    controller.abort();
    await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        memory: memoryOf({ confirm: true }),
      },
      {
        engine,
        files,
        output: new MemoryOutput(),
        environment: makeEnvironment(),
        signal: controller.signal,
      },
    );
    expect(engine.profiles).toHaveLength(1);
  });

  it('Ctrl-C while re-measuring: the partial re-measure is kept on disk but confirms nothing; the run ends interrupted', async () => {
    const controller = new AbortController();
    let runs = 0;
    const engine = new ScriptedEngine((profile): EngineOutcome => {
      runs++;
      // The second run is the re-measure: the user stops it half-way.
      if (runs === 2) controller.abort();
      return {
        kind: 'ran',
        recording: recordingOf(profile, runs === 1 ? 100 : 40, 80),
        startedAtEpochMs: NOW_MS - HOUR_MS + runs * 60_000,
        status: runs === 1 ? 'completed' : 'interrupted',
        plannedRequests: 100,
      };
    });
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const output = new MemoryOutput();
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        memory: memoryOf({ confirm: true }),
      },
      { engine, files, output, environment: makeEnvironment(), signal: controller.signal },
    );
    expect(engine.profiles).toHaveLength(2);
    expect(outcome.kind).toBe('interrupted');
    expect(files.files.has('r-confirmation.json')).toBe(true);
    expect(output.events).toContain(
      'warn the re-measure was interrupted: the breach is judged unconfirmed by it',
    );
    const run = runOf(outcome);
    expect(run.verdict.confirmation).toBeUndefined();
    expect(run.memory?.entry.breach).toBe('unconfirmed');
  });
});

describe('an unreachable target', () => {
  const unreachable = () =>
    new ScriptedEngine(() => ({
      kind: 'unreachable',
      message: 'could not connect to http://127.0.0.1:9: connection refused (ECONNREFUSED)',
    }));

  it('with memory: judged and remembered as an aborted, failing run of 0 requests', async () => {
    const engine = unreachable();
    const { outcome, files, output } = await runWithMemory(
      engine,
      memoryOf({ facts: { runId: 9 } }),
    );
    expect(outcome.kind).toBe('target-unusable');
    const run = runOf(outcome);
    const written = JSON.parse(files.files.get('r.json') ?? '{}');
    expect(written.status).toBe('aborted');
    expect(written.totals.requests).toBe(0);
    expect(written.abortReason).toMatch(/^could not connect to http:\/\/127\.0\.0\.1:9/);
    expect(written.startedAt).toBe('2027-03-01T12:00:00.000Z');
    expect(run.verdict.level).toBe('fail');
    expect(run.memory?.entry).toMatchObject({
      id: '9.1',
      status: 'aborted',
      verdict: 'fail',
      layer: 'scheduled',
      interval: 'hourly',
    });
    expect(run.memory?.history.entries.map((e) => e.id)).toEqual(['9.1']);
    expect(output.events.some((e) => e.startsWith('error could not connect'))).toBe(true);
  });

  it('confirm on, still down on re-measuring: the failure is confirmed', async () => {
    const engine = unreachable();
    const { outcome } = await runWithMemory(engine, memoryOf({ confirm: true }));
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(2);
    expect(run.memory?.entry).toMatchObject({ verdict: 'fail', breach: 'confirmed' });
    expect(run.memory?.confirmedBreach).toBe(true);
  });

  it('confirm on, answering again on re-measuring: still a failing run, but no alarm', async () => {
    let calls = 0;
    const engine = new ScriptedEngine((profile): EngineOutcome => {
      calls++;
      return calls === 1
        ? { kind: 'unreachable', message: 'could not connect to http://127.0.0.1:9' }
        : {
            kind: 'ran',
            recording: recordingOf(profile, 100, 5),
            startedAtEpochMs: NOW_MS,
            status: 'completed',
          };
    });
    const { outcome } = await runWithMemory(engine, memoryOf({ confirm: true }));
    const run = runOf(outcome);
    expect(engine.profiles).toHaveLength(2);
    expect(run.verdict.level).toBe('fail');
    expect(run.memory?.entry).toMatchObject({ verdict: 'fail', breach: 'unconfirmed' });
    expect(run.memory?.confirmedBreach).toBe(false);
  });

  it('without memory: nothing is judged or written, as before', async () => {
    const engine = unreachable();
    const files = new MemoryFiles();
    files.files.set('p.yml', PROFILE);
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      { engine, files, output: new MemoryOutput(), environment: makeEnvironment() },
    );
    expect(outcome).toEqual({
      kind: 'target-unusable',
      message: 'could not connect to http://127.0.0.1:9: connection refused (ECONNREFUSED)',
    });
    expect(files.files.has('r.json')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { hashProfileLoad, loadProfile } from '../../src/app/load-profile.js';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { exitCodeOf } from '../../src/cli-main.js';
import type { EngineOutcome, EngineRunOptions } from '../../src/ports.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
thresholds:
  p50: { critical: 1ms, abortOnFail: true }
`;

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

type Status = 'completed' | 'interrupted' | 'aborted';

function setup(status: Status = 'completed', extra: Partial<EngineOutcome> = {}) {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput(events);
  const options: EngineRunOptions[] = [];
  const engine = new ScriptedEngine((profile, given) => {
    options.push(given);
    return {
      kind: 'ran',
      // 5 ms answers: the p50 threshold of 1 ms fails, which a shard must not care about.
      recording: recordingOf(profile, 5, 5),
      startedAtEpochMs: NOW,
      status,
      plannedRequests: 5,
      ...(status === 'aborted' ? { abortCause: 'unreachable', abortReason: 'target lost' } : {}),
      ...extra,
    } as EngineOutcome;
  });
  const deps = {
    engine,
    files,
    output,
    environment: makeEnvironment(),
    nowEpochMs: () => NOW,
  };
  return { events, files, output, engine, options, deps };
}

function written(files: MemoryFiles, path = 'r.json') {
  return JSON.parse(files.files.get(path) ?? '{}');
}

describe('a shard run (--shard i/N)', () => {
  it('writes its results with the shard and the profile hash, is not judged, and exits 0 although a threshold failed', async () => {
    const { events, files, engine, options, deps } = setup('completed', { startSkewMs: 3 });
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: { shard: '2/4' },
        startAt: String(NOW + 41_200),
        outputs: cliSettings({ out: 'r.json' }),
      },
      deps,
    );
    expect(outcome.kind).toBe('shard-measured');
    expect(exitCodeOf(outcome)).toBe(0);
    expect(engine.profiles[0]?.shard).toEqual({ index: 2, count: 4 });
    // The live abort check judges the whole load: a shard sees a quarter of it.
    expect(options[0]?.liveCheck).toBeUndefined();
    expect(options[0]?.startAtEpochMs).toBe(NOW + 41_200);
    const result = written(files);
    expect(result.shard).toEqual({
      index: 2,
      count: 4,
      startAtEpochMs: NOW + 41_200,
      startSkewMs: 3,
    });
    expect(result.profile.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events).toContain(
      'info shard 2/4 written to r.json: merge all 4 with loadgate merge, then judge the merged results',
    );
    expect(events.some((e) => e.includes('shard 2 of 4 · start skew +3 ms'))).toBe(true);
    expect(events.some((e) => e.startsWith('info verdict:'))).toBe(false);
    expect(events).toContain('info started 3 ms after --start-at');
  });

  it('without --shard the same run is judged: the live check is on and the failed threshold fails the gate', async () => {
    const { files, options, deps } = setup();
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(outcome.kind).toBe('judged');
    expect(exitCodeOf(outcome)).toBe(1);
    expect(options[0]?.liveCheck).toBeTypeOf('function');
    expect(written(files).shard).toBeUndefined();
    expect(written(files).profile.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['interrupted', 'shard-measured', 130],
    ['aborted', 'target-unusable', 3],
  ] as const)('an %s shard still writes its results (%s, exit %i)', async (status, kind, code) => {
    const { files, deps } = setup(status);
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: { shard: '1/2' },
        outputs: cliSettings({ out: 'r.json' }),
      },
      deps,
    );
    expect(outcome.kind).toBe(kind);
    expect(exitCodeOf(outcome)).toBe(code);
    expect(written(files).status).toBe(status);
  });

  it('an unreachable shard is exit 3', async () => {
    const { deps } = setup();
    deps.engine = new ScriptedEngine(() => ({ kind: 'unreachable', message: 'refused' }));
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: { shard: '1/2' }, outputs: cliSettings({}) },
      deps,
    );
    expect(exitCodeOf(outcome)).toBe(3);
  });

  it('refuses every output that needs a verdict, naming each flag, before any load', async () => {
    const { events, files, engine, deps } = setup();
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: { shard: '1/2' },
        // A baseline already read (as the action hands one over): the flag is what is refused.
        baselineResult: written(files, 'main.json'),
        baselinePath: 'main.json',
        outputs: cliSettings({
          out: 'r.json',
          markdown: 'report.md',
          json: 'verdict.json',
          'prometheus-file': 'run.prom',
          pushgateway: 'http://127.0.0.1:9091',
          history: 'h.json',
        }),
      },
      deps,
    );
    expect(outcome.kind).toBe('bad-input');
    expect(exitCodeOf(outcome)).toBe(2);
    expect(engine.profiles).toEqual([]);
    const paths = outcome.kind === 'bad-input' ? outcome.issues.map((i) => i.path) : [];
    expect(paths).toEqual([
      '--baseline',
      '--markdown',
      '--json',
      '--prometheus-file',
      '--pushgateway',
      '--history',
    ]);
    const message = outcome.kind === 'bad-input' ? outcome.issues[0]?.message : '';
    expect(message).toBe(
      'needs a verdict, and a shard (--shard) is never judged: its load is one share of the profile; merge the shards with loadgate merge and give this to the merged results instead',
    );
    expect(events.some((e) => e.startsWith('error '))).toBe(true);
  });

  it('refuses a --start-at more than an hour ago, with or without --shard', async () => {
    for (const overrides of [{ shard: '1/2' }, {}]) {
      const { engine, deps } = setup();
      const outcome = await runLoadTest(
        {
          profilePath: 'p.yml',
          overrides,
          startAt: '2026-03-01T10:00:00Z',
          outputs: cliSettings({ out: 'r.json' }),
        },
        deps,
      );
      expect(outcome.kind === 'bad-input' && outcome.issues).toEqual([
        {
          path: '--start-at',
          message:
            '2026-03-01T10:00:00.000Z is more than an hour ago; expected a start time from the last hour up to 24 h ahead (take a fresh one, e.g. now + 90 s)',
        },
      ]);
      expect(engine.profiles).toEqual([]);
    }
  });

  it('says how long it waits for --start-at, when the engine starts waiting', async () => {
    const { events, deps } = setup();
    deps.engine = new ScriptedEngine((profile, options) => {
      options.onStartWait?.(41_234);
      return {
        kind: 'ran',
        recording: recordingOf(profile, 1, 1),
        startedAtEpochMs: NOW,
        status: 'completed',
        startSkewMs: -2,
      };
    });
    await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: { shard: '3/4' },
        startAt: '2026-03-01T12:00:41.234Z',
        outputs: cliSettings({ out: 'r.json' }),
      },
      deps,
    );
    expect(events).toContain(
      'info shard 3/4: waiting 41.2 s for --start-at 2026-03-01T12:00:41.234Z',
    );
    expect(events).toContain('info started 2 ms before --start-at');
  });

  it('warns that a unique data source is unique within the shard only', async () => {
    const { events, files, deps } = setup();
    files.files.set(
      'p.yml',
      `name: shop
baseUrl: http://127.0.0.1:9
data:
  users: { file: users.csv, order: unique }
scenarios: [{ name: list, path: "/u/\${data.users.id}" }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`,
    );
    files.files.set('users.csv', 'id\n1\n2\n');
    const run = (shard?: string) =>
      runLoadTest(
        {
          profilePath: 'p.yml',
          overrides: shard ? { shard } : {},
          outputs: cliSettings({ out: 'r.json' }),
        },
        deps,
      );
    await run();
    const isUniqueWarning = (e: string) =>
      e.startsWith('warn data.users: unique rows are unique within this shard only');
    expect(events.filter(isUniqueWarning)).toEqual([]);
    await run('1/2');
    expect(events.filter(isUniqueWarning)).toHaveLength(1);
  });
});

describe('profile.hash', () => {
  const files = new MemoryFiles([]);
  files.files.set('p.yml', PROFILE);
  const hashOf = async (overrides: Record<string, string>, text = PROFILE) => {
    files.files.set('p.yml', text);
    const loaded = await loadProfile({ profilePath: 'p.yml', overrides }, files, {});
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    return loaded.hash;
  };

  it('is the same for every shard of a run and for a repeated run', async () => {
    const first = await hashOf({ shard: '1/2', rate: '20' });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashOf({ shard: '2/2', rate: '20' })).toBe(first);
    expect(await hashOf({ rate: '20' })).toBe(first);
  });

  it('changes with a load-changing flag or the profile text', async () => {
    const base = await hashOf({ rate: '20' });
    expect(await hashOf({ rate: '21' })).not.toBe(base);
    expect(await hashOf({})).not.toBe(base);
    expect(await hashOf({ rate: '20', duration: '2s' })).not.toBe(base);
    expect(await hashOf({ rate: '20', connections: '3' })).not.toBe(base);
    expect(await hashOf({ rate: '20' }, PROFILE.replace('rate: 10', 'rate: 11'))).not.toBe(base);
    // Labels do not change the load.
    expect(await hashOf({ rate: '20', environment: 'staging' })).toBe(base);
  });

  it('is sha256 over the text and the flags, so it can be recomputed', () => {
    expect(hashProfileLoad('a', {})).toBe(hashProfileLoad('a', { client: 'x', shard: '1/3' }));
    expect(hashProfileLoad('a', {})).not.toBe(hashProfileLoad('b', {}));
    expect(hashProfileLoad(undefined, { target: 'http://x' })).not.toBe(
      hashProfileLoad(undefined, { target: 'http://y' }),
    );
    expect(hashProfileLoad('a', {}, { categories: ['policy'], scenarios: [] })).not.toBe(
      hashProfileLoad('a', {}),
    );
  });
});

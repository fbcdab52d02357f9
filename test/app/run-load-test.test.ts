import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
headers: { authorization: "Bearer \${TOKEN}" }
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

function setup(outcome: ConstructorParameters<typeof ScriptedEngine>[0]) {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput(events);
  const engine = new ScriptedEngine(outcome);
  const deps = { engine, files, output, environment: makeEnvironment({ TOKEN: 's3cret' }) };
  return { events, files, output, engine, deps };
}

const ran = (status: 'completed' | 'interrupted' | 'aborted') =>
  setup((profile) => ({
    kind: 'ran',
    recording: recordingOf(profile, 10, 5),
    startedAtEpochMs: 0,
    status,
    plannedRequests: 10,
  }));

describe('runLoadTest', () => {
  it('writes the results before printing the summary, and exits 0', async () => {
    const { events, files, output, deps } = ran('completed');
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(outcome.kind).toBe('judged');
    expect(events[0]).toBe('write r.json');
    expect(events[1]).toMatch(/^info shop → http:\/\/127\.0\.0\.1:9/);
    expect(JSON.parse(files.files.get('r.json') ?? '{}').environment.gitSha).toBe('abc123');
    expect(output.masked).toEqual(['s3cret']);
  });

  it('applies overrides before the engine sees the profile', async () => {
    const { engine, deps } = ran('completed');
    await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: { target: 'http://127.0.0.1:7', rate: '40' },
        outputs: cliSettings({ out: 'r.json' }),
      },
      deps,
    );
    expect(engine.profiles[0]?.baseUrl).toBe('http://127.0.0.1:7');
    expect(engine.profiles[0]?.load.plan).toMatchObject({ ratePerSec: 40 });
  });

  it.each([
    ['interrupted', 'interrupted'],
    ['aborted', 'target-unusable'],
  ] as const)('%s runs still write their results (%s)', async (status, kind) => {
    const { files, deps } = ran(status);
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(outcome.kind).toBe(kind);
    expect(JSON.parse(files.files.get('r.json') ?? '{}').status).toBe(status);
  });

  it('falls back to another file when the results path cannot be written', async () => {
    const { files, events, deps } = ran('completed');
    files.failWrites.add('ro/r.json');
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'ro/r.json' }) },
      deps,
    );
    const resultsPath = outcome.kind === 'judged' ? outcome.run.resultsPath : undefined;
    expect(resultsPath).toMatch(/^loadgate-results-1970-01-01T00-00-00-000Z\.json$/);
    expect(files.files.has(resultsPath ?? '')).toBe(true);
    expect(events.some((e) => e.startsWith('warn could not write ro/r.json (EACCES)'))).toBe(true);
  });

  it('exits 2 on a bad or missing profile without running anything', async () => {
    const { engine, events, deps } = ran('completed');
    const missing = await runLoadTest(
      { profilePath: 'nope.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(missing.kind).toBe('bad-input');
    expect(events.join('\n')).toContain('profile: cannot read nope.yml: no such file');
    const none = await runLoadTest(
      { overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(none.kind).toBe('bad-input');
    expect(engine.profiles).toHaveLength(0);
  });

  it('exits 3 when the target is unreachable, writing no empty results', async () => {
    const { files, events, deps } = setup(() => ({
      kind: 'unreachable',
      message: 'could not connect to http://127.0.0.1:9: connection refused (ECONNREFUSED)',
    }));
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'r.json' }) },
      deps,
    );
    expect(outcome.kind).toBe('target-unusable');
    expect(files.files.has('r.json')).toBe(false);
    expect(events.at(-1)).toMatch(/^error could not connect .* Is the target running/);
  });
});

import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../src/app/run-load-test.js';
import { writeResults } from '../../src/app/sinks/local-sinks.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { withoutTimelines } from '../../src/core/result/serialize-results.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import {
  MemoryFiles,
  MemoryOutput,
  makeEnvironment,
  recordingOf,
  ScriptedEngine,
} from '../fakes/memory-ports.js';
import { simulateRun } from '../helpers/synthetic-run.js';

const PROFILE = `name: shop
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

function setup() {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  files.files.set('p.yml', PROFILE);
  const output = new MemoryOutput(events);
  const engine = new ScriptedEngine((profile) => ({
    kind: 'ran',
    recording: recordingOf(profile, 10, 5),
    startedAtEpochMs: 0,
    status: 'completed',
  }));
  const deps = { engine, files, output, environment: makeEnvironment() };
  return { events, files, engine, deps };
}

const run = () =>
  simulateRun({
    scenarios: [{ name: 'a', ratePerSec: 50, medianMs: 5 }],
    durationMs: 30_000,
    seed: 5,
  });
const exact = (result: ResultsFileV1) => `${JSON.stringify(result, null, 2)}\n`;

describe('run --baseline: the baseline is read whole before any load', () => {
  it('exits 2 on a corrupt histogram, naming the field, without sending anything', async () => {
    const { files, events, engine, deps } = setup();
    const baseline = run();
    const point = baseline.scenarios[0]?.timeline[12];
    if (point) point.histogram = `${point.histogram.slice(0, 30)}A${point.histogram.slice(31)}`;
    files.files.set('b.json', JSON.stringify(baseline));
    const outcome = await runLoadTest(
      {
        profilePath: 'p.yml',
        overrides: {},
        outputs: cliSettings({ out: 'r.json' }),
        baselinePath: 'b.json',
      },
      deps,
    );
    expect(outcome.kind).toBe('bad-input');
    expect(engine.profiles).toHaveLength(0);
    expect(events.join('\n')).toContain('--baseline b.json scenarios[0].timeline[12].histogram: ');
  });
});

describe('run: output paths are checked before any load', () => {
  it.each([
    ['the same name', 'b.json', 'b.json'],
    ['another spelling of it', './b.json', 'b.json'],
  ])('refuses --out naming the --baseline file (%s)', async (_, out, baselinePath) => {
    const { files, events, engine, deps } = setup();
    files.files.set('b.json', exact(run()));
    const before = files.files.get('b.json');
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: out }), baselinePath },
      deps,
    );
    expect(outcome.kind).toBe('bad-input');
    expect(engine.profiles).toHaveLength(0);
    expect(files.files.get('b.json')).toBe(before);
    expect(events.join('\n')).toContain(
      `--out: ${out} is also the --baseline file: writing it would overwrite what this run is compared with; choose another file`,
    );
  });

  it('refuses --out naming a directory', async () => {
    const { files, events, engine, deps } = setup();
    files.directories.add('results');
    const outcome = await runLoadTest(
      { profilePath: 'p.yml', overrides: {}, outputs: cliSettings({ out: 'results' }) },
      deps,
    );
    expect(outcome.kind).toBe('bad-input');
    expect(engine.profiles).toHaveLength(0);
    expect(events.join('\n')).toContain(
      '--out: results is a directory; expected a file path, e.g. results/loadgate-results.json',
    );
  });
});

describe('writeResults: streamed, and measured results are never lost', () => {
  it('writes exactly the pretty JSON of the results', async () => {
    const files = new MemoryFiles();
    const result = run();
    expect(await writeResults(result, 'r.json', files, new MemoryOutput())).toBe('r.json');
    expect(files.files.get('r.json')).toBe(exact(result));
  });

  it('a write failing midway leaves a reduced file without the timelines, and says so', async () => {
    const files = new MemoryFiles();
    const output = new MemoryOutput();
    const result = run();
    const reducedLength = exact(withoutTimelines(result)).length;
    files.failPieceWriteAfterChars = reducedLength + 10;
    expect(exact(result).length).toBeGreaterThan(reducedLength + 10);
    expect(await writeResults(result, 'r.json', files, output)).toBe('r.json');
    expect(files.files.get('r.json')).toBe(exact(withoutTimelines(result)));
    expect(output.events).toEqual([
      'warn could not write the full results to r.json (ENOSPC); wrote r.json without the per-second timelines (timeline and scenarios[].timeline; the figures and histograms are all there)',
    ]);
  });

  it('a serializer failure in a timeline point leaves the reduced file, never an exit 70', async () => {
    const files = new MemoryFiles();
    const output = new MemoryOutput();
    const result = run();
    const point = result.timeline[3] as unknown as Record<string, unknown>;
    point.p99 = 10n; // JSON.stringify throws on a BigInt, as it does past the longest string
    expect(await writeResults(result, 'r.json', files, output)).toBe('r.json');
    const written = JSON.parse(files.files.get('r.json') ?? '{}');
    expect(written.timeline).toEqual([]);
    expect(written.totals).toEqual(result.totals);
    expect(written.histograms).toEqual(result.histograms);
    expect(output.events[0]).toMatch(
      /^warn could not write the full results to r\.json \(Do not know how to serialize a BigInt\); wrote r\.json without the per-second timelines/,
    );
  });

  it('a path that cannot be written at all falls back to the working directory', async () => {
    const files = new MemoryFiles();
    const output = new MemoryOutput();
    files.failWrites.add('ro/r.json');
    const result = run();
    const written = await writeResults(result, 'ro/r.json', files, output);
    expect(written).toMatch(/^loadgate-results-.*\.json$/);
    expect(files.files.get(written ?? '')).toBe(exact(result));
    expect(output.events).toEqual([
      `warn could not write ro/r.json (EACCES); wrote ${written} instead`,
    ]);
  });
});

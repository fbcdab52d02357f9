import { describe, expect, it } from 'vitest';
import { mergeShards } from '../../src/app/merge-shards.js';
import { cliSettings } from '../../src/app/sinks/sink.js';
import { readResultsFile } from '../../src/core/result/read-results-file.js';
import { MemoryFiles, MemoryOutput, makeEnvironment } from '../fakes/memory-ports.js';
import { type StripedRun, simulateShards } from '../helpers/synthetic-shards.js';

const RUN: StripedRun = {
  scenarios: [
    { name: 'list', weight: 2, medianMs: 6 },
    { name: 'detail', weight: 1, medianMs: 9 },
  ],
  ratePerSec: 120,
  durationMs: 5000,
  seed: 11,
};

function setUp(count = 2) {
  const events: string[] = [];
  const files = new MemoryFiles(events);
  const output = new MemoryOutput(events);
  simulateShards(RUN, count).forEach((shard, i) => {
    files.files.set(`shard-${i + 1}.json`, JSON.stringify(shard));
  });
  const deps = { files, output, environment: makeEnvironment() };
  return { files, output, events, deps };
}

const PROFILE = `name: p
baseUrl: http://127.0.0.1:9
scenarios: [{ name: list, path: / }, { name: detail, path: /d }]
load: { executor: constant-arrival-rate, rate: 10, duration: 1s }
`;

const paths = (count: number) => Array.from({ length: count }, (_, i) => `shard-${i + 1}.json`);

describe('mergeShards (loadgate merge)', () => {
  it('writes the merged results file, then judges it as compare does', async () => {
    const { files, events, deps } = setUp(3);
    const outcome = await mergeShards(
      {
        shardPaths: paths(3),
        outputs: cliSettings({ out: 'merged.json', markdown: 'report.md', json: 'verdict.json' }),
      },
      deps,
    );
    expect(outcome.kind).toBe('judged');
    const read = readResultsFile(files.files.get('merged.json') ?? '', 'merged.json');
    if (!read.ok) throw new Error(JSON.stringify(read.issues));
    expect(read.result.merged).toEqual({ shards: 3 });
    expect(read.result.totals.requests).toBe(600);
    expect(events.filter((e) => e.startsWith('write '))).toEqual([
      'write merged.json',
      'write report.md',
      'write verdict.json',
    ]);
    expect(events).toContain(
      'info merged 3 shards into merged.json: 600 requests in 5.0 s (120 req/s)',
    );
    expect(events.at(-1)).toMatch(/^info ### ✅ loadgate: pass/);
    expect(events.at(-1)).toContain(' · merged from 3 shards');
    expect(JSON.parse(files.files.get('verdict.json') ?? '{}').level).toBe('pass');
  });

  it('judges the merged result on the profile’s thresholds and against --baseline', async () => {
    const { files, deps } = setUp(2);
    files.files.set('p.yml', `${PROFILE}thresholds: { p50: 0.5ms }\n`);
    files.files.set('base.json', files.files.get('shard-1.json') ?? '');
    const outcome = await mergeShards(
      {
        shardPaths: paths(2),
        profilePath: 'p.yml',
        baselinePath: 'base.json',
        outputs: cliSettings({ out: 'merged.json' }),
      },
      deps,
    );
    if (outcome.kind !== 'judged') throw new Error(outcome.kind);
    expect(outcome.run.verdict.level).toBe('fail');
    expect(outcome.run.verdict.reasons[0]).toMatch(/^p50 [\d.]+ ms, needs <= 500 µs \(critical\)$/);
    expect(outcome.run.verdict.hasBaseline).toBe(true);
  });

  it('refuses a mixed set with every problem at once, and writes nothing', async () => {
    const { files, events, deps } = setUp(3);
    files.files.set('p.yml', `${PROFILE}thresholds: { p95: fast }\n`);
    const outcome = await mergeShards(
      {
        shardPaths: ['shard-1.json', 'shard-1.json', 'missing.json'],
        profilePath: 'p.yml',
        outputs: cliSettings({ out: 'shard-1.json' }),
      },
      deps,
    );
    if (outcome.kind !== 'bad-input') throw new Error(outcome.kind);
    const lines = outcome.issues.map((i) => `${i.path}: ${i.message}`);
    expect(lines[0]).toBe('FILE: cannot read missing.json: no such file');
    expect(lines.some((l) => l.startsWith('scenarios') || l.startsWith('load'))).toBe(false);
    expect(lines).toContain(
      '--out: shard-1.json is also the shard file shard-1.json: writing it would overwrite what this merge reads; choose another file',
    );
    expect(lines).toContainEqual(expect.stringMatching(/^thresholds\.p95: .*"fast"/));
    expect(lines).toHaveLength(3);
    expect(events.filter((e) => e.startsWith('write '))).toEqual([]);
    expect(events.at(-1)).toMatch(/^error Invalid input \(\d+ problems\):/);
  });

  it('names a shard missing and one given twice (readable files, mixed set)', async () => {
    const { deps, files } = setUp(3);
    const outcome = await mergeShards(
      { shardPaths: ['shard-1.json', 'shard-1.json', 'shard-3.json'], outputs: cliSettings({}) },
      deps,
    );
    if (outcome.kind !== 'bad-input') throw new Error(outcome.kind);
    expect(outcome.issues).toEqual([
      { path: 'shards', message: 'shard 1 is given twice: shard-1.json, shard-1.json' },
      { path: 'shards', message: 'shard 2 of 3 is missing' },
    ]);
    expect(files.files.has('loadgate-results.json')).toBe(false);
  });
});

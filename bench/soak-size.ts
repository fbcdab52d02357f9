/**
 * A day-long soak's results file: how big it is, how long `loadgate compare` takes on two of
 * them, and whether the recorder's memory stays flat while it records one (issue 12).
 *
 * Two 24-hour runs at 1,000 requests/s over 5 scenarios (log-normal latencies, σ 0.25, medians
 * 10–70 ms, 0.1 % errors) are recorded through the real RunRecorder with a simulated clock: no
 * server and no sleeping, events fed in time order second by second (`simulateSoak`, the same
 * generator the soak tests use), so the timelines fold exactly as a real run's do. Each is
 * recorded in its own child process, both at once, and written with the results-file
 * serializer. Memory is sampled after a full GC at every simulated hour. Then
 * `loadgate compare --current b --baseline a` runs on them (the built CLI, dist/cli.js, when it
 * exists; else src/cli.ts through tsx, which adds its start-up), median of 3.
 * For scale, 10 simulated minutes are also recorded one point a second throughout (the format
 * before soak timelines) and their bytes per hour given.
 *
 * Goals: file < 20 MiB, compare < 10 s, memory flat: from the first hour on it grows by no more
 * than the middle windows it keeps (the file's own growth) plus 1 MiB/h.
 *
 * Run: node --expose-gc --import tsx bench/soak-size.ts [--hours 24] [--rate 1000]
 *   [--resolution auto|1|10|60|300] [--keep DIR] [--summary-out FILE]
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeResults } from '../src/core/result/serialize-results.js';
import type { ResultsFileV1 } from '../src/core/result/types.js';
import { prepareHistograms } from '../src/core/stats/histogram.js';
import { chooseTimelineResolutionSec } from '../src/core/stats/timeline.js';
import { type SoakScenario, simulateSoak } from '../test/helpers/synthetic-soak.js';
import { killAllChildren, runCommand } from './lib/children.js';
import { type MemorySample, sampleMemory } from './lib/memory-sampling.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const GOAL_BYTES = 20 * 1024 * 1024;
const GOAL_COMPARE_MS = 10_000;
/** Growth allowed from the first simulated hour to the last, per hour, beyond the middle
 * windows the recording keeps (the file's own growth): 1 MiB. */
const GOAL_GROWTH_PER_HOUR = 1024 * 1024;
const COMPARE_ROUNDS = 3;
const GENERATE_TIMEOUT_MS = 9 * 60_000;
const COMPARE_TIMEOUT_MS = 2 * 60_000;
const SCENARIO_COUNT = 5;
const MIB = 1024 * 1024;

function readFlag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function readNumber(name: string, fallback: number): number {
  const value = Number(readFlag(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function scenariosAt(ratePerSec: number): SoakScenario[] {
  return Array.from({ length: SCENARIO_COUNT }, (_, i) => ({
    name: `scenario-${i + 1}`,
    ratePerSec: ratePerSec / SCENARIO_COUNT,
    medianMs: 10 + 15 * i,
    errorRate: 0.001,
  }));
}

/** Writes the file piece by piece, as the results sink does; returns its size in bytes. */
function writeResults(result: ResultsFileV1, path: string): number {
  const fd = openSync(path, 'w');
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    writeSync(fd, pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  try {
    for (const piece of serializeResults(result)) {
      pending.push(piece);
      pendingChars += piece.length;
      if (pendingChars > MIB) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

interface Generated {
  bytes: number;
  simulateMs: number;
  requests: number;
  points: number;
  resolutionSec: number;
  /** After a full GC at the start of each simulated hour and in the last second, while
   * recording. */
  samples: MemorySample[];
  /** JSON bytes per hour of the middle windows: what the recording itself must grow by. */
  windowBytesPerHour: number;
}

/** Child mode: records one soak, writes it, prints what it measured as one JSON line. */
function generate(path: string, seed: number, hours: number, ratePerSec: number): void {
  prepareHistograms();
  const durationMs = hours * 3_600_000;
  const setting = readFlag('--resolution');
  const resolutionSec = chooseTimelineResolutionSec(
    setting === undefined || setting === 'auto' ? undefined : Number(setting),
    durationMs,
  );
  const samples: MemorySample[] = [];
  const started = performance.now();
  const result = simulateSoak({
    scenarios: scenariosAt(ratePerSec),
    durationMs,
    seed,
    timeline: { resolutionSec },
    onSecond: (t) => {
      if (t % 3_600 === 0 || t === durationMs / 1000 - 1)
        samples.push(sampleMemory(t * 1000, t * ratePerSec));
    },
  });
  const simulateMs = performance.now() - started;
  const bytes = writeResults(result, path);
  const timelines = [result.timeline, ...result.scenarios.map((s) => s.timeline)];
  let windowBytes = 0;
  for (const timeline of timelines)
    for (const p of timeline) if ((p.widthSec ?? 1) > 1) windowBytes += JSON.stringify(p).length;
  const middleHours = Math.max(1, hours - 1 / 3);
  const points =
    result.timeline.length + result.scenarios.reduce((n, s) => n + s.timeline.length, 0);
  const out: Generated = {
    bytes,
    simulateMs,
    requests: result.totals.requests,
    points,
    resolutionSec,
    samples,
    windowBytesPerHour: windowBytes / middleHours,
  };
  console.log(JSON.stringify(out));
}

/** Bytes per simulated hour of the same load written one point a second throughout. */
function measurePerSecondBytesPerHour(ratePerSec: number, dir: string): number {
  const seconds = 600;
  const result = simulateSoak({
    scenarios: scenariosAt(ratePerSec),
    durationMs: seconds * 1000,
    seed: 3,
    timeline: { resolutionSec: 1 },
  });
  const bytes = writeResults(result, join(dir, 'per-second.json'));
  return (bytes / seconds) * 3_600;
}

async function generateInChild(
  path: string,
  seed: number,
  hours: number,
  ratePerSec: number,
): Promise<Generated> {
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--generate',
    path,
    '--seed',
    String(seed),
    '--hours',
    String(hours),
    '--rate',
    String(ratePerSec),
    ...(readFlag('--resolution') ? ['--resolution', readFlag('--resolution') as string] : []),
  ];
  const run = await runCommand(process.execPath, args, GENERATE_TIMEOUT_MS, { cwd: REPO_DIR });
  if (run.code !== 0) throw new Error(`generating ${path} failed\n${run.stdout}${run.stderr}`);
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as Generated;
}

/** `loadgate compare` on the two files: wall time of each round, and the exit code. */
async function timeCompare(
  current: string,
  baseline: string,
): Promise<{ times: number[]; code: number | null; cli: string }> {
  // As the other benchmarks: LOADGATE_BENCH_CLI names another build than dist/cli.js.
  const dist = process.env.LOADGATE_BENCH_CLI ?? join(REPO_DIR, 'dist', 'cli.js');
  const useDist = existsSync(dist) && readFlag('--cli') !== 'src';
  const entry = useDist ? [dist] : ['--import', 'tsx', join(REPO_DIR, 'src', 'cli.ts')];
  const times: number[] = [];
  let code: number | null = null;
  for (let i = 0; i < COMPARE_ROUNDS; i++) {
    const started = performance.now();
    const run = await runCommand(
      process.execPath,
      [...entry, 'compare', '--current', current, '--baseline', baseline],
      COMPARE_TIMEOUT_MS,
      { cwd: REPO_DIR },
    );
    times.push(performance.now() - started);
    code = run.code;
    if (run.code !== 0 && run.code !== 1) {
      throw new Error(`loadgate compare exited with ${run.code}\n${run.stdout}${run.stderr}`);
    }
  }
  return { times, code, cli: useDist ? dist : 'src/cli.ts via tsx' };
}

/** Growth per hour from the first simulated hour to the end (least squares), bytes. */
function measureGrowthPerHour(
  samples: readonly MemorySample[],
  read: (s: MemorySample) => number,
): number {
  // From the first hour: the first samples include the first 10 minutes and JIT warm-up.
  const used = samples.slice(1);
  if (used.length < 2) return 0;
  const xs = used.map((s) => s.elapsedMs / 3_600_000);
  const ys = used.map(read);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den > 0 ? num / den : 0;
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const hours = readNumber('--hours', 24);
  const ratePerSec = readNumber('--rate', 1_000);
  const generatePath = readFlag('--generate');
  if (generatePath !== undefined) {
    generate(generatePath, readNumber('--seed', 1), hours, ratePerSec);
    return;
  }
  const keep = readFlag('--keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'loadgate-soak-'));
  const baselinePath = join(dir, 'soak-baseline.json');
  const currentPath = join(dir, 'soak-current.json');
  try {
    console.log(
      `recording two ${hours} h soaks at ${formatNumber(ratePerSec)} req/s over ${SCENARIO_COUNT} scenarios (two child processes) …`,
    );
    const started = performance.now();
    const [baseline, current] = await Promise.all([
      generateInChild(baselinePath, 1, hours, ratePerSec),
      generateInChild(currentPath, 2, hours, ratePerSec),
    ]);
    const generateMs = performance.now() - started;
    const compare = await timeCompare(currentPath, baselinePath);
    const compareMs = median(compare.times);
    prepareHistograms();
    const perSecondPerHour = measurePerSecondBytesPerHour(ratePerSec, dir);
    const bytes = Math.max(baseline.bytes, current.bytes);
    const external = (s: MemorySample) => s.heapUsed + s.external + s.arrayBuffers;
    const growth = measureGrowthPerHour(baseline.samples, external);
    const beyondWindows = growth - baseline.windowBytesPerHour;
    const hourly = baseline.samples
      .filter((_, i) => i === 1 || i % 6 === 0 || i === baseline.samples.length - 1)
      .map((s) => `${(s.elapsedMs / 3_600_000).toFixed(0)} h ${mib(external(s))}`)
      .join(' · ');
    const lines = [
      `soak of ${hours} h at ${formatNumber(ratePerSec)} req/s, ${SCENARIO_COUNT} scenarios, timeline windows of ${baseline.resolutionSec} s between the first and last 10 minutes`,
      `  requests recorded:    ${formatNumber(baseline.requests)} per file (${formatNumber(baseline.points)} timeline points)`,
      `  recording both:       ${(generateMs / 1000).toFixed(0)} s wall (each ${(baseline.simulateMs / 1000).toFixed(0)} s and ${(current.simulateMs / 1000).toFixed(0)} s of simulation)`,
      `  file size:            ${formatNumber(baseline.bytes)} and ${formatNumber(current.bytes)} bytes (${mib(bytes)}; ${formatNumber(bytes / hours)} bytes per hour)   goal < 20 MiB: ${judge(bytes < GOAL_BYTES)}`,
      `  one point a second:   ${formatNumber(perSecondPerHour)} bytes per hour (${mib(perSecondPerHour * hours)} for ${hours} h), the format before soak timelines`,
      `  loadgate compare:     median ${(compareMs / 1000).toFixed(2)} s of ${COMPARE_ROUNDS} (${compare.times.map((t) => (t / 1000).toFixed(2)).join(', ')}; ${compare.cli}; exit ${compare.code})   goal < 10 s: ${judge(compareMs < GOAL_COMPARE_MS)}`,
      `  recorder memory (heap + external + array buffers, after GC): ${hourly}`,
      `  growth from hour 1 on: ${formatNumber(growth / 1024)} KiB per hour, of which the middle windows themselves ${formatNumber(baseline.windowBytesPerHour / 1024)} KiB (JSON)   goal: < 1 MiB/h beyond them: ${judge(beyondWindows < GOAL_GROWTH_PER_HOUR)}`,
    ];
    console.log(lines.join('\n'));
    const rows: SummaryRow[] = [
      {
        benchmark: `soak ${hours} h`,
        metric: `results file (${formatNumber(ratePerSec)} req/s, ${SCENARIO_COUNT} scenarios)`,
        value: mib(bytes),
        goal: '< 20 MiB',
        verdict: judge(bytes < GOAL_BYTES),
      },
      {
        benchmark: `soak ${hours} h`,
        metric: 'loadgate compare on two',
        value: `${(compareMs / 1000).toFixed(1)} s`,
        goal: '< 10 s',
        verdict: judge(compareMs < GOAL_COMPARE_MS),
      },
      {
        benchmark: `soak ${hours} h`,
        metric: 'recorder memory growth beyond its windows',
        value: `${formatNumber(beyondWindows / 1024)} KiB/h`,
        goal: '< 1 MiB/h',
        verdict: judge(beyondWindows < GOAL_GROWTH_PER_HOUR),
      },
    ];
    reportSummary(rows, process.argv);
    process.exitCode = rows.every((r) => r.verdict === 'pass') ? 0 : 1;
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

/**
 * The shard proof: N = 2 shards (`loadgate run --shard i/2`, two processes started together
 * with one `--start-at`) merged with `loadgate merge`, against one process sending the whole
 * rate R, on the same loopback target in the same round. Per round it measures:
 * - counts: the merged requests against the single process's and the plan (exact, or not);
 * - evenness of arrivals at the target: the target timestamps every request it receives, and
 *   the measured window is cut into 100 ms bins (R/10 arrivals each when perfectly even); the
 *   spread of the bins (coefficient of variation, largest deviation) of the two shards together
 *   against one process;
 * - latency: merged p50/p95/p99 against the single process's, and the single process's own
 *   spread over the rounds (its run-to-run noise);
 * - exactness: the merged latency histogram decoded equals the bucket-wise sum of the shards'.
 * Rounds alternate which goes first; figures are medians over rounds.
 *
 * Run: npm run build && node --import tsx bench/shard-merge.ts [--rounds 5] [--rate 1000]
 *        [--duration-sec 8] [--source] [--summary-out FILE]
 * `--source` runs the CLI from src/ through tsx instead of dist/ (slower to start: the shards
 * get a longer lead before `--start-at`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeHistogram } from '../src/core/stats/histogram.js';
import { HeaderEndCounter } from './fast-target.js';
import { killAllChildren, runCommand } from './lib/children.js';
import { cliCommand } from './lib/run-generators.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const SHARDS = 2;
const WARMUP_SEC = 1;
const BIN_MS = 100;
const CONNECTIONS = 16;
const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok',
);

interface Options {
  rounds: number;
  ratePerSec: number;
  durationSec: number;
  source: boolean;
}

function readOptions(args: readonly string[]): Options {
  const value = (flag: string, fallback: number) => {
    const at = args.indexOf(flag);
    return at === -1 ? fallback : Number(args[at + 1]);
  };
  return {
    rounds: value('--rounds', 5),
    ratePerSec: value('--rate', 1000),
    durationSec: value('--duration-sec', 8),
    source: args.includes('--source'),
  };
}

/** A loopback target that answers at once and keeps the wall-clock time of every arrival. */
interface StampingTarget {
  url: string;
  /** Epoch ms (fractional) of each request received since the last `reset()`. */
  arrivals: number[];
  reset(): void;
  close(): Promise<void>;
}

async function startStampingTarget(): Promise<StampingTarget> {
  const arrivals: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const counter = new HeaderEndCounter();
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      const count = counter.countIn(chunk);
      const at = performance.timeOrigin + performance.now();
      for (let i = 0; i < count; i++) {
        arrivals.push(at);
        socket.write(RESPONSE);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    arrivals,
    reset: () => {
      arrivals.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface Results {
  totals: { requests: number; errors: number; dropped: number };
  load: { plannedRequests?: number };
  latencyMs: { p50: number; p95: number; p99: number };
  histograms: { latency: string };
  shard?: { startSkewMs?: number };
  merged?: { maxStartSkewMs?: number };
}

async function runCli(args: string[], options: Options, timeoutMs: number) {
  const run = await runCommand(
    process.execPath,
    [...cliCommand(options.source), ...args],
    timeoutMs,
    {
      cwd: REPO_DIR,
    },
  );
  if (run.code !== 0 && run.code !== 1) {
    throw new Error(`loadgate ${args[0]} exited with ${run.code}\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

/** 100 ms bins of the measured window (after the warm-up) from `startAtEpochMs`. */
function binArrivals(arrivals: readonly number[], startAtEpochMs: number, options: Options) {
  const from = startAtEpochMs + WARMUP_SEC * 1000;
  const bins = new Array<number>((options.durationSec * 1000) / BIN_MS).fill(0);
  for (const at of arrivals) {
    const bin = Math.floor((at - from) / BIN_MS);
    if (bin >= 0 && bin < bins.length) bins[bin] = (bins[bin] ?? 0) + 1;
  }
  const expected = (options.ratePerSec * BIN_MS) / 1000;
  const mean = bins.reduce((n, b) => n + b, 0) / bins.length;
  const variance = bins.reduce((n, b) => n + (b - mean) ** 2, 0) / bins.length;
  // A stalled machine (a neighbour's burst) shows as a few wild bins in either case; the share
  // of bins within ±2 % (at least ±2 arrivals) of R/10 says how even the steady part was.
  const tolerance = Math.max(2, expected * 0.02);
  return {
    cv: Math.sqrt(variance) / mean,
    evenShare: bins.filter((b) => Math.abs(b - expected) <= tolerance).length / bins.length,
    maxDeviation: Math.max(...bins.map((b) => Math.abs(b - expected))),
  };
}

/** The distribution a histogram holds, bucket by bucket (without the footer's tracked max). */
function distributionOf(encoded: readonly string[]): string {
  const [first, ...rest] = encoded.map(decodeHistogram);
  if (first === undefined) return '';
  for (const part of rest) {
    first.add(part);
    part.destroy();
  }
  const text = first
    .outputPercentileDistribution()
    .split('\n')
    .filter((line) => !line.startsWith('#[Max'))
    .join('\n');
  first.destroy();
  return text;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

interface Round {
  planned: number;
  single: Results;
  merged: Results;
  shardRequests: number;
  /** Requests the target received in each phase (warm-up included). */
  targetSingle: number;
  targetShards: number;
  singleBins: ReturnType<typeof binArrivals>;
  mergedBins: ReturnType<typeof binArrivals>;
  histogramExact: boolean;
  mergeMs: number;
}

async function runRound(
  target: StampingTarget,
  dir: string,
  round: number,
  options: Options,
): Promise<Round> {
  const profile = join(dir, 'profile.yml');
  writeFileSync(
    profile,
    `name: shard-proof
baseUrl: ${target.url}
scenarios: [{ name: root, path: / }]
load: { executor: constant-arrival-rate, rate: ${options.ratePerSec}, duration: ${options.durationSec}s, warmup: ${WARMUP_SEC}s, connections: ${CONNECTIONS} }
`,
  );
  // A process must start, read the profile, connect and warm up before --start-at.
  const leadMs = options.source ? 8000 : 4000;
  const timeoutMs = leadMs + (options.durationSec + WARMUP_SEC) * 1000 + 30_000;
  const out = (name: string) => join(dir, `${name}-${round}.json`);

  const runSingle = async () => {
    target.reset();
    const startAt = Date.now() + leadMs;
    const at = new Date(startAt).toISOString();
    await runCli(['run', profile, '--start-at', at, '--out', out('single')], options, timeoutMs);
    return { startAt, arrivals: [...target.arrivals] };
  };
  const runShards = async () => {
    target.reset();
    const startAt = Date.now() + leadMs;
    const at = new Date(startAt).toISOString();
    await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        runCli(
          [
            'run',
            profile,
            '--shard',
            `${i + 1}/${SHARDS}`,
            '--start-at',
            at,
            '--out',
            out(`shard${i + 1}`),
          ],
          options,
          timeoutMs,
        ),
      ),
    );
    return { startAt, arrivals: [...target.arrivals] };
  };
  const first = round % 2 === 1 ? await runSingle() : await runShards();
  const second = round % 2 === 1 ? await runShards() : await runSingle();
  const [singleRun, shardRun] = round % 2 === 1 ? [first, second] : [second, first];

  const shardPaths = Array.from({ length: SHARDS }, (_, i) => out(`shard${i + 1}`));
  const mergeStarted = performance.now();
  await runCli(['merge', ...shardPaths, '--out', out('merged')], options, 60_000);
  const mergeMs = performance.now() - mergeStarted;

  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Results;
  const single = read(out('single'));
  const merged = read(out('merged'));
  const shards = shardPaths.map(read);
  return {
    planned: single.load.plannedRequests ?? Number.NaN,
    single,
    merged,
    shardRequests: shards.reduce((n, s) => n + s.totals.requests, 0),
    targetSingle: singleRun.arrivals.length,
    targetShards: shardRun.arrivals.length,
    singleBins: binArrivals(singleRun.arrivals, singleRun.startAt, options),
    mergedBins: binArrivals(shardRun.arrivals, shardRun.startAt, options),
    histogramExact:
      distributionOf([merged.histograms.latency]) ===
      distributionOf(shards.map((s) => s.histograms.latency)),
    mergeMs,
  };
}

function describeRound(n: number, r: Round): string {
  const p = (x: Results) => `${x.latencyMs.p50}/${x.latencyMs.p95}/${x.latencyMs.p99}`;
  return [
    `round ${n}: requests single ${r.single.totals.requests}, merged ${r.merged.totals.requests} (shards ${r.shardRequests}), planned ${r.planned}`,
    `  target saw ${r.targetSingle} (single) / ${r.targetShards} (shards), warm-up included`,
    `  100 ms bins within ±2 %: single ${percent(r.singleBins.evenShare)}, merged ${percent(r.mergedBins.evenShare)}; CV ${r.singleBins.cv.toFixed(3)} / ${r.mergedBins.cv.toFixed(3)}; max deviation ${r.singleBins.maxDeviation} / ${r.mergedBins.maxDeviation}`,
    `  p50/p95/p99 ms: single ${p(r.single)}, merged ${p(r.merged)}; max start skew ${r.merged.merged?.maxStartSkewMs ?? '–'} ms`,
    `  merged histogram = bucket-wise sum of the shards': ${r.histogramExact ? 'yes' : 'NO'}; merge took ${r.mergeMs.toFixed(0)} ms`,
  ].join('\n');
}

function summarize(rounds: readonly Round[], options: Options): SummaryRow[] {
  const med = (pick: (r: Round) => number) => median(rounds.map(pick));
  const row = (metric: string, value: string, goal = '', verdict = ''): SummaryRow => ({
    benchmark: `shard-merge ${SHARDS}×${formatNumber(options.ratePerSec / SHARDS)}/s`,
    metric,
    value,
    goal,
    verdict,
  });
  const exactCounts = rounds.every(
    (r) =>
      r.merged.totals.requests === r.planned &&
      r.single.totals.requests === r.planned &&
      r.shardRequests === r.planned,
  );
  const exactHistograms = rounds.every((r) => r.histogramExact);
  const rows = [
    row(
      'merged requests = single = planned (every round)',
      rounds
        .map((r) => `${r.merged.totals.requests}/${r.single.totals.requests}/${r.planned}`)
        .join(' '),
      'equal',
      judge(exactCounts),
    ),
    row(
      'merged histogram = bucket-wise sum of shards',
      exactHistograms ? 'yes, every round' : 'no',
      'equal',
      judge(exactHistograms),
    ),
  ];
  const evenSingle = med((r) => r.singleBins.evenShare);
  const evenMerged = med((r) => r.mergedBins.evenShare);
  rows.push(
    row(
      'arrivals per 100 ms within ±2 %: single / merged (median)',
      `${percent(evenSingle)} / ${percent(evenMerged)}`,
      'merged ≥ single − 10 points',
      judge(evenMerged >= evenSingle - 0.1),
    ),
    row(
      'arrivals per 100 ms: CV single / merged (median)',
      `${med((r) => r.singleBins.cv).toFixed(3)} / ${med((r) => r.mergedBins.cv).toFixed(3)}`,
    ),
    row(
      'arrivals per 100 ms: max deviation single / merged (median)',
      `${med((r) => r.singleBins.maxDeviation)} / ${med((r) => r.mergedBins.maxDeviation)} of ${options.ratePerSec / 10}`,
    ),
  );
  for (const q of ['p50', 'p95', 'p99'] as const) {
    const singles = rounds.map((r) => r.single.latencyMs[q]);
    const merged = med((r) => r.merged.latencyMs[q]);
    const low = Math.min(...singles);
    const high = Math.max(...singles);
    rows.push(
      row(
        `${q} ms: merged (median) vs single median [range over rounds]`,
        `${merged} vs ${median(singles)} [${low}..${high}]`,
        'within single range',
        judge(merged >= low && merged <= high),
      ),
    );
  }
  rows.push(
    row(
      'max start skew ms (median)',
      String(med((r) => r.merged.merged?.maxStartSkewMs ?? Number.NaN)),
    ),
    row(
      'loadgate merge wall time ms (median, process start included)',
      med((r) => r.mergeMs).toFixed(0),
    ),
  );
  return rows;
}

async function main(args: string[]): Promise<void> {
  const options = readOptions(args);
  console.log(
    `shard-merge: ${SHARDS} shards at ${options.ratePerSec / SHARDS}/s each vs 1 process at ${options.ratePerSec}/s, ${options.durationSec} s (+${WARMUP_SEC} s warm-up), ${options.rounds} rounds${options.source ? ', CLI from source' : ''}`,
  );
  const target = await startStampingTarget();
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-shard-bench-'));
  try {
    const rounds: Round[] = [];
    for (let n = 1; n <= options.rounds; n++) {
      const round = await runRound(target, dir, n, options);
      console.log(describeRound(n, round));
      rounds.push(round);
    }
    reportSummary(summarize(rounds, options), args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.close();
  }
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

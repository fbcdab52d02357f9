/**
 * Open-model accuracy: does loadgate send the rate it was asked for, evenly, on time? Fast
 * target without delay, 64 connections, 10 s per rate, medians of rounds. The goal (within 1 %)
 * is relative to the requested rate, so it holds on any machine that can reach that rate.
 *
 * 20,000/s is run on 1, 2 and 4 engine threads (`--workers`, each a stripe of the schedule): the
 * rate one thread cannot hold is where threads should help, given cores to run on.
 *
 * Run: npm run build && node --import tsx bench/rate-accuracy.ts [--rounds N] [--workers 1,2,4]
 *      [--summary-out FILE]
 */
import { killAllChildren } from './lib/children.js';
import { formatRateRound, type RateRound, readRateRound } from './lib/read-rate-round.js';
import { runLoadgate } from './lib/run-generators.js';
import { startTargetProcess } from './lib/start-target.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

const RATES_PER_SEC = [1_000, 5_000, 10_000];
/** Run on each of the `--workers` thread counts; the rates above on one thread. */
const THREADED_RATE_PER_SEC = 20_000;
const DEFAULT_WORKERS = [1, 2, 4];

/** One rate on some threads: a row group of the summary. */
interface RateRun {
  ratePerSec: number;
  workers: number;
}

function labelOf(run: RateRun): string {
  const rate = `rate ${formatNumber(run.ratePerSec)}/s`;
  return run.ratePerSec === THREADED_RATE_PER_SEC ? `${rate}, --workers ${run.workers}` : rate;
}
const DURATION_SEC = 10;
const CONNECTIONS = 64;
const DEFAULT_ROUNDS = 3;
const GOAL_ERROR_PCT = 1;

function summarizeRate(run: RateRun, rounds: RateRound[]): SummaryRow[] {
  const med = (pick: (r: RateRound) => number) => median(rounds.map(pick));
  const errorPct = med((r) => r.rpsErrorPct);
  const row = (metric: string, value: string, goal = '', verdict = ''): SummaryRow => ({
    benchmark: labelOf(run),
    metric,
    value,
    goal,
    verdict,
  });
  return [
    row(
      'achieved rps vs target (median)',
      `${errorPct.toFixed(2)}%`,
      `within ±${GOAL_ERROR_PCT}%`,
      judge(Math.abs(errorPct) <= GOAL_ERROR_PCT),
    ),
    row('requests vs plannedRequests', `${med((r) => r.requestsVsPlannedPct).toFixed(2)}%`),
    row('dropped / queued', `${med((r) => r.dropped)} / ${med((r) => r.queued)}`),
    row(
      'send lag p50/p99/max ms',
      [med((r) => r.sendLagMs.p50), med((r) => r.sendLagMs.p99), med((r) => r.sendLagMs.max)]
        .map((ms) => ms.toFixed(2))
        .join(' / '),
    ),
    row('latency p99 ms (from intended time)', med((r) => r.latencyP99Ms).toFixed(1)),
    row(
      '1st second sent % (p99 ms), per round',
      rounds.map((r) => `${r.firstSecondPct.toFixed(1)} (${r.firstSecondP99Ms})`).join(' / '),
    ),
    row(
      'later seconds: slowest..fastest sent',
      `${med((r) => r.minSecondPct).toFixed(1)}..${med((r) => r.maxSecondPct).toFixed(1)}%`,
    ),
  ];
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--rounds');
  const rounds = at === -1 ? DEFAULT_ROUNDS : Number(args[at + 1]);
  const workersAt = args.indexOf('--workers');
  const workers =
    workersAt === -1
      ? DEFAULT_WORKERS
      : String(args[workersAt + 1])
          .split(',')
          .map(Number);
  if (workers.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new Error(`--workers: expected a list like 1,2,4, got ${String(args[workersAt + 1])}`);
  }
  console.log(
    `rate-accuracy: open model, ${CONNECTIONS} connections, ${DURATION_SEC} s per rate, ${rounds} rounds`,
  );
  const runs: RateRun[] = [
    ...RATES_PER_SEC.map((ratePerSec) => ({ ratePerSec, workers: 1 })),
    ...workers.map((n) => ({ ratePerSec: THREADED_RATE_PER_SEC, workers: n })),
  ];
  const byRun = new Map<RateRun, RateRound[]>(runs.map((r) => [r, []]));
  const target = await startTargetProcess();
  try {
    // Rates alternate inside a round, so a noisy minute spreads over all of them.
    for (let round = 1; round <= rounds; round++) {
      for (const run of runs) {
        const { ratePerSec } = run;
        const flags = [
          '--target',
          `${target.url}/`,
          '--rate',
          String(ratePerSec),
          '--connections',
          String(CONNECTIONS),
          '--workers',
          String(run.workers),
        ];
        const { results } = await runLoadgate(
          [...flags, '--duration', `${DURATION_SEC}s`],
          DURATION_SEC * 1000,
        );
        const result = readRateRound(results, ratePerSec);
        byRun.get(run)?.push(result);
        const threads = run.workers === 1 ? '' : ` (${run.workers} threads)`;
        console.log(`round ${round}  ${formatRateRound(ratePerSec, result)}${threads}`);
      }
    }
  } finally {
    target.stop();
  }
  reportSummary(
    [...byRun].flatMap(([run, r]) => summarizeRate(run, r)),
    args,
  );
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

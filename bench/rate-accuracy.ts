/**
 * Open-model accuracy: does loadgate send the rate it was asked for, evenly, on time? Fast
 * target without delay, 64 connections, 10 s per rate, medians of rounds. The goal (within 1 %)
 * is relative to the requested rate, so it holds on any machine that can reach that rate.
 *
 * Run: npm run build && node --import tsx bench/rate-accuracy.ts [--rounds N] [--summary-out FILE]
 */
import { killAllChildren } from './lib/children.js';
import { formatRateRound, type RateRound, readRateRound } from './lib/read-rate-round.js';
import { runLoadgate } from './lib/run-generators.js';
import { startTargetProcess } from './lib/start-target.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

const RATES_PER_SEC = [1_000, 5_000, 10_000];
const DURATION_SEC = 10;
const CONNECTIONS = 64;
const DEFAULT_ROUNDS = 3;
const GOAL_ERROR_PCT = 1;

function summarizeRate(ratePerSec: number, rounds: RateRound[]): SummaryRow[] {
  const med = (pick: (r: RateRound) => number) => median(rounds.map(pick));
  const errorPct = med((r) => r.rpsErrorPct);
  const row = (metric: string, value: string, goal = '', verdict = ''): SummaryRow => ({
    benchmark: `rate ${formatNumber(ratePerSec)}/s`,
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
  console.log(
    `rate-accuracy: open model, ${CONNECTIONS} connections, ${DURATION_SEC} s per rate, ${rounds} rounds`,
  );
  const byRate = new Map<number, RateRound[]>(RATES_PER_SEC.map((r) => [r, []]));
  const target = await startTargetProcess();
  try {
    // Rates alternate inside a round, so a noisy minute spreads over all of them.
    for (let round = 1; round <= rounds; round++) {
      for (const ratePerSec of RATES_PER_SEC) {
        const flags = [
          '--target',
          `${target.url}/`,
          '--rate',
          String(ratePerSec),
          '--connections',
          String(CONNECTIONS),
        ];
        const { results } = await runLoadgate(
          [...flags, '--duration', `${DURATION_SEC}s`],
          DURATION_SEC * 1000,
        );
        const result = readRateRound(results, ratePerSec);
        byRate.get(ratePerSec)?.push(result);
        console.log(`round ${round}  ${formatRateRound(ratePerSec, result)}`);
      }
    }
  } finally {
    target.stop();
  }
  reportSummary(
    [...byRate].flatMap(([rate, r]) => summarizeRate(rate, r)),
    args,
  );
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

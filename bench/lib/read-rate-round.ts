/** What one open-model run says about rate accuracy, read from loadgate's results file. */
import type { LoadgateResults } from './run-generators.js';
import { formatNumber } from './summary.js';

export interface RateRound {
  rpsErrorPct: number;
  requestsVsPlannedPct: number;
  dropped: number;
  queued: number;
  sendLagMs: { p50: number; p99: number; max: number };
  latencyP99Ms: number;
  /** Requests sent in the first measured second, % of the rate: a warm-up that could not keep
   * up leaves a backlog, sent here at the cost of latency. Reported apart from the rest. */
  firstSecondPct: number;
  firstSecondP99Ms: number;
  /** Slowest and fastest of the other whole seconds, % of the rate (100..100 is perfectly even). */
  minSecondPct: number;
  maxSecondPct: number;
}

export function readRateRound(results: LoadgateResults, ratePerSec: number): RateRound {
  const planned = results.load.plannedRequests ?? Number.NaN;
  // Whole seconds only: a last, partial point would look like a dip in the rate.
  const whole = results.timeline.filter((p) => p.t < Math.floor(results.durationMs / 1000));
  const pct = (sent: number) => (100 * sent) / ratePerSec;
  const later = whole.slice(1).map((p) => pct(p.sent));
  return {
    rpsErrorPct: (100 * (results.throughput.rps - ratePerSec)) / ratePerSec,
    requestsVsPlannedPct: (100 * (results.totals.requests - planned)) / planned,
    dropped: results.totals.dropped,
    queued: results.totals.queued,
    sendLagMs: results.sendLagMs,
    latencyP99Ms: results.latencyMs.p99,
    firstSecondPct: pct(whole[0]?.sent ?? 0),
    firstSecondP99Ms: whole[0]?.p99 ?? Number.NaN,
    minSecondPct: Math.min(...later),
    maxSecondPct: Math.max(...later),
  };
}

export function formatRateRound(ratePerSec: number, r: RateRound): string {
  const lag = r.sendLagMs;
  return [
    `${formatNumber(ratePerSec).padStart(6)}/s  rps error ${r.rpsErrorPct.toFixed(2)}%`,
    `requests-planned ${r.requestsVsPlannedPct.toFixed(2)}%`,
    `dropped ${r.dropped}  queued ${r.queued}`,
    `send lag p50/p99/max ${lag.p50}/${lag.p99}/${lag.max} ms  latency p99 ${r.latencyP99Ms} ms`,
    `1st second ${r.firstSecondPct.toFixed(1)}% (p99 ${r.firstSecondP99Ms} ms)`,
    `later seconds ${r.minSecondPct.toFixed(1)}..${r.maxSecondPct.toFixed(1)}%`,
  ].join('  ');
}

/**
 * Closed-model maximum throughput, 50 connections, against the fast target: loadgate vs
 * autocannon (and wrk when installed), in alternating rounds so drift of the shared machine
 * hits every generator alike. Only ratios of medians from the same run are meaningful.
 *
 * Run: npm run build && node --import tsx bench/max-rate.ts [--rounds N] [--summary-out FILE]
 */
import { killAllChildren } from './lib/children.js';
import {
  findWrk,
  type GeneratorRun,
  runAutocannon,
  runLoadgateClosed,
  runWrk,
} from './lib/run-generators.js';
import { startTargetProcess, type TargetProcess } from './lib/start-target.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

const CONNECTIONS = 50;
const MEASURED_SEC = 8;
/** At least 3 are needed for a median; 5 because neighbours on the machine come and go. */
const DEFAULT_ROUNDS = 5;
const GOAL_VS_AUTOCANNON = 1.2;

type Generator = 'loadgate' | 'autocannon' | 'wrk';

function measureOnce(
  generator: Generator,
  url: string,
  wrk: string | undefined,
): Promise<GeneratorRun> {
  if (generator === 'autocannon') return runAutocannon(url, CONNECTIONS, MEASURED_SEC);
  if (generator === 'wrk') return runWrk(wrk as string, url, CONNECTIONS, MEASURED_SEC);
  return runLoadgateClosed(url, CONNECTIONS, MEASURED_SEC);
}

/** A run with CPU per request of the generator and of the target (which must be the cheaper). */
interface RoundResult {
  rps: number;
  cpuUsPerRequest: number;
  targetCpuUsPerRequest: number;
}

async function measureRound(
  generator: Generator,
  target: TargetProcess,
  wrk: string | undefined,
): Promise<RoundResult> {
  const targetCpuBefore = target.cpuSec();
  const run = await measureOnce(generator, target.url, wrk);
  const targetCpuSec = target.cpuSec() - targetCpuBefore;
  return {
    rps: run.rps,
    cpuUsPerRequest: (run.cpuSec * 1e6) / run.requestsSent,
    targetCpuUsPerRequest: (targetCpuSec * 1e6) / run.requestsSent,
  };
}

/** Runs the rounds and returns the runs per generator, in round order. */
async function measureRounds(rounds: number): Promise<Map<Generator, RoundResult[]>> {
  const wrk = await findWrk();
  const generators: Generator[] = wrk
    ? ['loadgate', 'autocannon', 'wrk']
    : ['loadgate', 'autocannon'];
  if (!wrk) console.log('wrk not found on PATH: loadgate/wrk is skipped');
  const runs = new Map<Generator, RoundResult[]>(generators.map((g) => [g, []]));
  const target = await startTargetProcess();
  try {
    for (let round = 1; round <= rounds; round++) {
      // Rotate who goes first, so no generator always runs right after the same one.
      const order = generators.map(
        (_, i) => generators[(i + round - 1) % generators.length] as Generator,
      );
      for (const generator of order) {
        const run = await measureRound(generator, target, wrk);
        runs.get(generator)?.push(run);
        const cpu = `CPU/request ${run.cpuUsPerRequest.toFixed(1)} µs (target ${run.targetCpuUsPerRequest.toFixed(1)} µs)`;
        console.log(
          `round ${round}  ${generator.padEnd(10)} ${formatNumber(run.rps).padStart(7)} req/s  ${cpu}`,
        );
      }
    }
  } finally {
    target.stop();
  }
  return runs;
}

function summarize(runs: Map<Generator, RoundResult[]>): SummaryRow[] {
  const rps = (g: Generator) => median((runs.get(g) ?? []).map((r) => r.rps));
  const cpu = (g: Generator) => median((runs.get(g) ?? []).map((r) => r.cpuUsPerRequest));
  const targetCpu = (g: Generator) =>
    median((runs.get(g) ?? []).map((r) => r.targetCpuUsPerRequest));
  const perRound = (g: Generator) =>
    (runs.get(g) ?? []).map((r) => formatNumber(r.rps)).join(' / ');
  const row = (metric: string, value: string, goal = '', verdict = ''): SummaryRow => ({
    benchmark: 'max-rate',
    metric,
    value,
    goal,
    verdict,
  });
  const rows = [...runs.keys()].flatMap((g) => [
    row(`${g} req/s (median; rounds ${perRound(g)})`, formatNumber(rps(g))),
    row(
      `${g} CPU µs/request (median; target's)`,
      `${cpu(g).toFixed(1)} (${targetCpu(g).toFixed(1)})`,
    ),
  ]);
  const vsAutocannon = rps('loadgate') / rps('autocannon');
  rows.push(
    row(
      'loadgate / autocannon req/s',
      vsAutocannon.toFixed(2),
      `>= ${GOAL_VS_AUTOCANNON}`,
      judge(vsAutocannon >= GOAL_VS_AUTOCANNON),
    ),
    row(
      'autocannon / loadgate CPU per request',
      (cpu('autocannon') / cpu('loadgate')).toFixed(2),
      '> 1 = loadgate cheaper',
    ),
  );
  if (runs.has('wrk'))
    rows.push(row('loadgate / wrk req/s', (rps('loadgate') / rps('wrk')).toFixed(2)));
  return rows;
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--rounds');
  const rounds = at === -1 ? DEFAULT_ROUNDS : Number(args[at + 1]);
  console.log(
    `max-rate: closed model, ${CONNECTIONS} connections, ${MEASURED_SEC} s measured, ${rounds} rounds`,
  );
  reportSummary(summarize(await measureRounds(rounds)), args);
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

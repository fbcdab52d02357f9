/**
 * Closed-model maximum throughput, 50 connections, against the fast target: loadgate vs
 * autocannon (and wrk when installed), in alternating rounds so drift of the shared machine
 * hits every generator alike. Only ratios of medians from the same run are meaningful.
 * loadgate runs on 1, 2 and 4 engine threads (`--workers`) and wrk on as many (`-t`), so the
 * rows show how each scales with threads on this machine; the threads share the target's
 * cores, so on 2 cores more threads can only show the cost of the contention.
 *
 * Run: npm run build && node --import tsx bench/max-rate.ts [--rounds N] [--workers 1,2,4]
 *      [--summary-out FILE]
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
/** Issue 12's goal: loadgate's CPU per request at most 0.8× autocannon's on the same target. */
const GOAL_CPU_VS_AUTOCANNON = 0.8;

const DEFAULT_WORKERS = [1, 2, 4];

/** A generator on its threads: `loadgate` and `wrk` are one thread, `loadgate-w2` and
 * `wrk-t2` two (`--workers 2`, `-t2`), and so on. */
interface Generator {
  name: string;
  tool: 'loadgate' | 'autocannon' | 'wrk';
  threads: number;
}

function listGenerators(workers: readonly number[], wrk: boolean): Generator[] {
  const of = (tool: 'loadgate' | 'wrk', threads: number): Generator => ({
    name: threads === 1 ? tool : `${tool}-${tool === 'wrk' ? 't' : 'w'}${threads}`,
    tool,
    threads,
  });
  return [
    ...workers.map((n) => of('loadgate', n)),
    { name: 'autocannon', tool: 'autocannon', threads: 1 },
    ...(wrk ? workers.map((n) => of('wrk', n)) : []),
  ];
}

function measureOnce(
  generator: Generator,
  url: string,
  wrk: string | undefined,
): Promise<GeneratorRun> {
  if (generator.tool === 'autocannon') return runAutocannon(url, CONNECTIONS, MEASURED_SEC);
  if (generator.tool === 'wrk') {
    return runWrk(wrk as string, url, CONNECTIONS, MEASURED_SEC, generator.threads);
  }
  return runLoadgateClosed(url, CONNECTIONS, MEASURED_SEC, generator.threads);
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
async function measureRounds(
  rounds: number,
  workers: readonly number[],
): Promise<Map<string, RoundResult[]>> {
  const wrk = await findWrk();
  const generators = listGenerators(workers, wrk !== undefined);
  if (!wrk) console.log('wrk not found on PATH: loadgate/wrk is skipped');
  const runs = new Map<string, RoundResult[]>(generators.map((g) => [g.name, []]));
  const target = await startTargetProcess();
  try {
    for (let round = 1; round <= rounds; round++) {
      // Rotate who goes first, so no generator always runs right after the same one.
      const order = generators.map(
        (_, i) => generators[(i + round - 1) % generators.length] as Generator,
      );
      for (const generator of order) {
        const run = await measureRound(generator, target, wrk);
        runs.get(generator.name)?.push(run);
        const cpu = `CPU/request ${run.cpuUsPerRequest.toFixed(1)} µs (target ${run.targetCpuUsPerRequest.toFixed(1)} µs)`;
        console.log(
          `round ${round}  ${generator.name.padEnd(11)} ${formatNumber(run.rps).padStart(7)} req/s  ${cpu}`,
        );
      }
    }
  } finally {
    target.stop();
  }
  return runs;
}

function summarize(runs: Map<string, RoundResult[]>, workers: readonly number[]): SummaryRow[] {
  const rps = (g: string) => median((runs.get(g) ?? []).map((r) => r.rps));
  const cpu = (g: string) => median((runs.get(g) ?? []).map((r) => r.cpuUsPerRequest));
  const targetCpu = (g: string) => median((runs.get(g) ?? []).map((r) => r.targetCpuUsPerRequest));
  const perRound = (g: string) => (runs.get(g) ?? []).map((r) => formatNumber(r.rps)).join(' / ');
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
  const cpuVsAutocannon = cpu('loadgate') / cpu('autocannon');
  rows.push(
    row(
      'loadgate / autocannon CPU per request',
      cpuVsAutocannon.toFixed(2),
      `<= ${GOAL_CPU_VS_AUTOCANNON}`,
      judge(cpuVsAutocannon <= GOAL_CPU_VS_AUTOCANNON),
    ),
    row('loadgate / autocannon req/s', (rps('loadgate') / rps('autocannon')).toFixed(2)),
  );
  if (runs.has('wrk'))
    rows.push(row('loadgate / wrk req/s', (rps('loadgate') / rps('wrk')).toFixed(2)));
  for (const n of workers.filter((w) => w > 1)) {
    rows.push(
      row(
        `loadgate --workers ${n} / --workers 1 req/s`,
        (rps(`loadgate-w${n}`) / rps('loadgate')).toFixed(2),
      ),
    );
    if (runs.has(`wrk-t${n}`)) {
      rows.push(
        row(`wrk -t${n} / -t1 req/s`, (rps(`wrk-t${n}`) / rps('wrk')).toFixed(2)),
        row(
          `loadgate --workers ${n} / wrk -t${n} req/s`,
          (rps(`loadgate-w${n}`) / rps(`wrk-t${n}`)).toFixed(2),
        ),
      );
    }
  }
  return rows;
}

/** `--workers 1,2,4`: the thread counts to measure; 1 is always among them (the base rows). */
function readWorkers(args: readonly string[]): number[] {
  const at = args.indexOf('--workers');
  const given =
    at === -1
      ? DEFAULT_WORKERS
      : String(args[at + 1])
          .split(',')
          .map(Number);
  if (given.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new Error(`--workers: expected a list like 1,2,4, got ${String(args[at + 1])}`);
  }
  return [...new Set([1, ...given])].sort((a, b) => a - b);
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--rounds');
  const rounds = at === -1 ? DEFAULT_ROUNDS : Number(args[at + 1]);
  const workers = readWorkers(args);
  console.log(
    `max-rate: closed model, ${CONNECTIONS} connections, ${MEASURED_SEC} s measured, ${rounds} rounds, threads ${workers.join(', ')}`,
  );
  reportSummary(summarize(await measureRounds(rounds, workers), workers), args);
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

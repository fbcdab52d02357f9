/**
 * One measurement with each generator, each in its own process against the same target. The
 * throughput is always the measured window's only (warm-up excluded or run separately), so the
 * figures compare like with like; CPU per request covers the whole process (start-up included).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCommand } from './children.js';
import { runTimed } from './cpu-time.js';

const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI; `LOADGATE_BENCH_CLI` names another build (one made elsewhere, or a copy). */
const CLI = process.env.LOADGATE_BENCH_CLI ?? join(REPO_DIR, 'dist', 'cli.js');
/** tsx by absolute URL: a CLI run in a scratch directory cannot resolve `tsx` by name. */
const TSX_LOADER = pathToFileURL(join(REPO_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** Node's arguments that start the CLI: the built one, or (`source`) src/cli.ts through tsx. */
export function cliCommand(source: boolean): string[] {
  return source ? ['--import', TSX_LOADER, join(REPO_DIR, 'src', 'cli.ts')] : [CLI];
}

/** `--flag N` from `args`: a finite number ≥ 0, else `fallback` when the flag is absent. */
export function readNumberFlag(args: readonly string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at === -1) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag}: expected a number ≥ 0`);
  return n;
}
const AUTOCANNON = join(REPO_DIR, 'node_modules', '.bin', 'autocannon');
/** Start-up, pre-connect, warm-up and drain on a loaded machine, on top of the measured window. */
const SLACK_MS = 20_000;

/** The parts of loadgate's results file the benchmarks read. */
export interface LoadgateResults {
  durationMs: number;
  throughput: { rps: number };
  totals: { requests: number; ok: number; errors: number; dropped: number; queued: number };
  latencyMs: { p50: number; p99: number };
  sendLagMs: { p50: number; p99: number; max: number };
  load: { plannedRequests?: number };
  timeline: { t: number; requests: number; sent: number; p99: number }[];
  warmup: { requests: number };
}

export interface GeneratorRun {
  rps: number;
  /** Every request sent, warm-up included. */
  requestsSent: number;
  /** Generator CPU (user + system) of the whole process, start-up included. */
  cpuSec: number;
}

/** Runs `node dist/cli.js run …` with `--out` in a scratch directory. */
export async function runLoadgate(
  flags: string[],
  measuredMs: number,
): Promise<{ results: LoadgateResults; cpuSec: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-bench-'));
  const out = join(dir, 'results.json');
  try {
    const args = [CLI, 'run', ...flags, '--out', out];
    const run = await runTimed(process.execPath, args, measuredMs + SLACK_MS, { cwd: dir });
    if (run.code !== 0)
      throw new Error(`loadgate exited with ${run.code}\n${run.stdout}\n${run.stderr}`);
    return {
      results: JSON.parse(readFileSync(out, 'utf8')) as LoadgateResults,
      cpuSec: run.cpuSec,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * loadgate's closed model: as many VUs as connections, default 1 s warm-up, on `workers`
 * engine threads (`--workers`; given explicitly, so `auto` never changes what a row measures).
 */
export async function runLoadgateClosed(
  url: string,
  connections: number,
  durationSec: number,
  workers = 1,
): Promise<GeneratorRun> {
  const n = String(connections);
  const flags = [
    '--target',
    `${url}/`,
    '--vus',
    n,
    '--connections',
    n,
    '--duration',
    `${durationSec}s`,
    '--workers',
    String(workers),
  ];
  const { results, cpuSec } = await runLoadgate(flags, durationSec * 1000);
  if (results.totals.errors > 0) throw new Error(`loadgate saw ${results.totals.errors} errors`);
  const requestsSent = results.totals.requests + results.warmup.requests;
  return { rps: results.throughput.rps, requestsSent, cpuSec };
}

/**
 * autocannon with the same connections and a 1 s warm-up on all of them (its `--warmup` runs
 * a separate, unsampled phase first, then reconnects), like loadgate's default warm-up.
 * req/s = measured total / actual measured duration.
 */
export async function runAutocannon(
  url: string,
  connections: number,
  durationSec: number,
): Promise<GeneratorRun> {
  const warmup = ['--warmup', '[', '-c', String(connections), '-d', '1', ']'];
  const args = [
    '-c',
    String(connections),
    '-d',
    String(durationSec),
    ...warmup,
    '--json',
    `${url}/`,
  ];
  const run = await runTimed(AUTOCANNON, args, durationSec * 1000 + SLACK_MS);
  if (run.code !== 0) throw new Error(`autocannon exited with ${run.code}\n${run.stderr}`);
  const lines = run.stdout.trim().split('\n');
  type Counts = { duration: number; requests: { total: number }; non2xx: number; errors: number };
  const result = JSON.parse(lines[lines.length - 1] ?? '{}') as Counts & { warmup?: Counts };
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`autocannon saw ${result.errors} errors and ${result.non2xx} non-2xx answers`);
  }
  const sent = result.requests.total + (result.warmup?.requests.total ?? 0);
  return { rps: result.requests.total / result.duration, requestsSent: sent, cpuSec: run.cpuSec };
}

/** Whether `wrk` is installed (it is optional: the comparison is skipped without it). */
export async function findWrk(): Promise<string | undefined> {
  const found = await runCommand('sh', ['-c', 'command -v wrk'], 5_000);
  const path = found.stdout.trim();
  return found.code === 0 && path !== '' ? path : undefined;
}

/**
 * wrk on `threads` threads (default one: on two cores the target needs the other). wrk has no
 * warm-up: a 1 s throw-away run with as many connections comes first.
 */
export async function runWrk(
  wrk: string,
  url: string,
  connections: number,
  durationSec: number,
  threads = 1,
): Promise<GeneratorRun> {
  const base = [`-t${threads}`, `-c${connections}`];
  await runCommand(wrk, [...base, '-d1s', `${url}/`], 1000 + SLACK_MS);
  const run = await runTimed(
    wrk,
    [...base, `-d${durationSec}s`, `${url}/`],
    durationSec * 1000 + SLACK_MS,
  );
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1];
  const total = /(\d+) requests in/.exec(run.stdout)?.[1];
  if (run.code !== 0 || !rps || !total)
    throw new Error(`wrk failed (${run.code})\n${run.stdout}${run.stderr}`);
  return { rps: Number(rps), requestsSent: Number(total), cpuSec: run.cpuSec };
}

/**
 * `npm run bench`: builds dist/, runs the benchmarks one after another (each in its own
 * process, so one's heap and JIT state cannot colour the next), prints one summary table and
 * writes it to bench/last-run.md with the facts needed to read it (cores, Node, load, date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAllChildren, runCommand } from './lib/children.js';
import { renderTable, type SummaryRow } from './lib/summary.js';

const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const BENCH_TIMEOUT_MS = 10 * 60_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;

const BENCHMARKS: { script: string; nodeFlags: string[] }[] = [
  { script: 'max-rate.ts', nodeFlags: [] },
  { script: 'rate-accuracy.ts', nodeFlags: [] },
  { script: 'memory.ts', nodeFlags: ['--expose-gc'] },
  { script: 'history-size.ts', nodeFlags: [] },
  { script: 'data-memory.ts', nodeFlags: ['--expose-gc'] },
  { script: 'template-cost.ts', nodeFlags: [] },
  { script: 'shard-merge.ts', nodeFlags: [] },
  { script: 'soak-size.ts', nodeFlags: ['--expose-gc'] },
];

async function buildDist(): Promise<void> {
  console.log('building dist/ (npm run build)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = await runCommand(npm, ['run', 'build'], BUILD_TIMEOUT_MS, { cwd: REPO_DIR });
  if (build.code !== 0) throw new Error(`npm run build failed\n${build.stdout}${build.stderr}`);
}

/** Runs one benchmark with its output passed through, and returns its summary rows. */
async function runBenchmark(script: string, nodeFlags: string[]): Promise<SummaryRow[]> {
  const summaryPath = join(tmpdir(), `loadgate-bench-${process.pid}-${script}.json`);
  const args = [
    ...nodeFlags,
    '--import',
    'tsx',
    join(REPO_DIR, 'bench', script),
    '--summary-out',
    summaryPath,
  ];
  console.log(`\n=== ${script} ===`);
  const run = await runCommand(process.execPath, args, BENCH_TIMEOUT_MS, {
    cwd: REPO_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.code !== 0) {
    return [
      {
        benchmark: script,
        metric: `exited with ${run.code}`,
        value: '',
        goal: '',
        verdict: 'FAIL',
      },
    ];
  }
  return JSON.parse(readFileSync(summaryPath, 'utf8')) as SummaryRow[];
}

function describeMachine(startLoad: number[]): string {
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  return [
    `- date: ${new Date().toISOString()}`,
    `- nproc: ${availableParallelism()}`,
    `- node: ${process.version}`,
    `- load average (1/5/15 min) at start: ${load(startLoad)}; at end: ${load(loadavg())}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const startLoad = loadavg();
  await buildDist();
  const rows: SummaryRow[] = [];
  for (const { script, nodeFlags } of BENCHMARKS)
    rows.push(...(await runBenchmark(script, nodeFlags)));
  const table = renderTable(rows);
  const machine = describeMachine(startLoad);
  console.log(`\n=== summary ===\n\n${table}\n\n${machine}`);
  const notes =
    'Ratios and percentages are relative to peers measured in the same run; absolute req/s ' +
    'depend on the machine and its neighbours. See bench/README.md.';
  writeFileSync(
    join(REPO_DIR, 'bench', 'last-run.md'),
    `# Last benchmark run\n\n${machine}\n\n${table}\n\n${notes}\n`,
  );
  console.log('\nwritten: bench/last-run.md');
  if (rows.some((r) => r.verdict === 'FAIL')) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(killAllChildren);

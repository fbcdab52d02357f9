/**
 * Side by side against sequential runs under the same disturbance (issue 13): how often does
 * the pull-request verdict cry wolf when another process loads the machine part-way through
 * the measurement, and how often does it catch a 10 % slower target?
 *
 * Two identical node:http targets on 127.0.0.1 (A: the baseline target, B: the target), each
 * answering in 20 ms, every 40th request in 60 ms, times (1 + slower) for B. The disturbance is
 * `--burners N` child processes (3 by default: more than this machine's 2 cores, so the
 * generator and the targets wait for CPU) spinning for the middle third of the measured window
 * of the run being judged, timed with `--start-at` so it lands on the same seconds every time.
 *
 * - side by side: one `loadgate run --target B --baseline-target A --rate 2R`: each side gets
 *   R req/s, the same load per target as a sequential run, and both sides see the disturbance.
 * - sequential: `loadgate run --target A --rate R` (undisturbed: it ran earlier, as a stored
 *   baseline did), then `loadgate run --target B --rate R --baseline a.json` with the
 *   disturbance in its middle third. `--disturb both` disturbs A's middle third too.
 *
 * Kinds: side-by-side A/A, sequential A/A (false alarms: a fail; warns are counted apart), and
 * side-by-side with B 10 % slower (caught: warn or fail). Only the regression rows count
 * (metrics compared with the baseline); run-health thresholds (send lag while the burner holds
 * a core) are shown apart, as the whole verdict, since they judge the run, not the comparison.
 * The rules are the defaults (whole-run p95 warn +5 %, fail +15 %; p99 warn +15 %, fail +30 %)
 * unless `--warn-pct`/`--fail-pct` give a p95 rule of their own; the same for both ways of
 * measuring.
 *
 * Goals (issue 13): no false alarm in 20 side-by-side A/A runs, where sequential pairs under
 * the same disturbance do alarm; a 10 % slower B caught in ≥ 19 of 20 side-by-side runs.
 * The full measurement (`--full`: 20 of each) takes about 20 minutes on 2 cores; the default
 * (2 of each) is a sanity check whose counts are too few to judge the goals by.
 *
 * Run: npm run build && node --import tsx bench/side-by-side.ts [--full] [--runs N]
 *        [--rate 200] [--duration-sec 8] [--burners 3] [--disturb current|both|none]
 *        [--warn-pct 5 --fail-pct 15] [--only LABEL-PART] [--source] [--summary-out FILE]
 * `--source` runs the CLI from src/ through tsx instead of dist/.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { killAllChildren, runCommand, spawnTracked, stopChild } from './lib/children.js';
import { cliCommand, readNumberFlag } from './lib/run-generators.js';
import { formatNumber, judge, reportSummary, type SummaryRow } from './lib/summary.js';
import {
  BASE_MS,
  SLOW_EVERY,
  SLOW_MS,
  startVerdictTarget,
  type Target,
} from './lib/verdict-target.js';

const WARMUP_SEC = 1;
/** Between launching the CLI and its agreed start: time to start Node and connect. */
const START_MARGIN_MS = 4000;
const SLACK_MS = 30_000;

type Level = 'pass' | 'warn' | 'fail';
type Disturb = 'current' | 'both' | 'none';

interface Options {
  runs: number;
  ratePerSec: number;
  durationSec: number;
  burners: number;
  disturb: Disturb;
  /** A p95 rule of the bench's own (both given or neither), else the default rules. */
  p95Rule?: { warnPct: number; failPct: number };
  source: boolean;
}

function readOptions(args: readonly string[]): Options {
  const value = (flag: string, fallback: number) => readNumberFlag(args, flag, fallback);
  const disturbAt = args.indexOf('--disturb');
  const disturb = (disturbAt === -1 ? 'current' : args[disturbAt + 1]) as Disturb;
  if (!['current', 'both', 'none'].includes(disturb))
    throw new Error('--disturb: expected current, both or none');
  return {
    runs: value('--runs', args.includes('--full') ? 20 : 2),
    ratePerSec: value('--rate', 200),
    durationSec: value('--duration-sec', 8),
    burners: value('--burners', 3),
    disturb,
    ...(args.includes('--warn-pct') || args.includes('--fail-pct')
      ? { p95Rule: { warnPct: value('--warn-pct', 5), failPct: value('--fail-pct', 15) } }
      : {}),
    source: args.includes('--source'),
  };
}

function writeProfile(dir: string, options: Options): string {
  const path = join(dir, 'profile.yml');
  writeFileSync(
    path,
    [
      'name: side-by-side-bench',
      'baseUrl: http://127.0.0.1:1',
      'scenarios: [{ name: root, path: / }]',
      `load: { executor: constant-arrival-rate, rate: ${options.ratePerSec}, duration: ${options.durationSec}s, warmup: ${WARMUP_SEC}s }`,
      ...(options.p95Rule === undefined
        ? []
        : [
            'regressions:',
            `  p95: { warn: ${options.p95Rule.warnPct}%, fail: ${options.p95Rule.failPct}%, floor: 1ms }`,
          ]),
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * Runs the CLI with its schedule starting at an agreed wall time, and (when `disturb`) spins
 * `burners` CPU cores for the middle third of its measured window.
 */
async function runDisturbed(
  args: string[],
  options: Options,
  cwd: string,
  disturb: boolean,
): Promise<number | null> {
  const startAtMs = Date.now() + START_MARGIN_MS;
  const windowMs = options.durationSec * 1000;
  const burnFromMs = startAtMs + WARMUP_SEC * 1000 + windowMs / 3;
  const burning = disturb ? burnAt(burnFromMs, windowMs / 3, options.burners) : Promise.resolve();
  const run = runCommand(
    process.execPath,
    [...cliCommand(options.source), ...args, '--start-at', String(startAtMs)],
    windowMs + START_MARGIN_MS + SLACK_MS,
    { cwd },
  );
  const [result] = await Promise.all([run, burning]);
  // 0 pass or warn, 1 the gate failed (a verdict file says which): anything else, or no
  // verdict where one was asked for, means the measurement itself failed.
  const verdictAsked = args.includes('--json');
  const verdictWritten = verdictAsked && existsSync(join(cwd, 'verdict.json'));
  if ((result.code !== 0 && result.code !== 1) || verdictAsked !== verdictWritten) {
    throw new Error(`loadgate ${args.join(' ')} exited with ${result.code}\n${result.stderr}`);
  }
  return result.code;
}

/** Starts `count` busy-looping children at `fromMs` (epoch) for `forMs`, and waits for them. */
async function burnAt(fromMs: number, forMs: number, count: number): Promise<void> {
  await delay(Math.max(0, fromMs - Date.now()));
  const loop = `const end = Date.now() + ${Math.round(forMs)}; let x = 0; while (Date.now() < end) x++;`;
  const children = Array.from({ length: count }, () =>
    spawnTracked(process.execPath, ['-e', loop], { stdio: 'ignore' }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const guard = setTimeout(() => stopChild(child), forMs + 5000);
          child.on('exit', () => {
            clearTimeout(guard);
            resolve();
          });
        }),
    ),
  );
}

/** The parts of the verdict JSON (`--json`) this reads. */
interface VerdictJson {
  level: Level;
  scenarios: {
    name: string;
    metrics: {
      metric: string;
      status: string;
      current: number;
      baseline?: number;
      delta?: number;
      relative?: number;
      relativeFrom?: string;
      significance?: { pValue?: number; currentWindows?: number };
    }[];
  }[];
}

/**
 * The verdict on regressions only: the worst status of any compared metric. A run-health
 * threshold (send lag above 10 ms while the burner holds a core) warns on both ways of
 * measuring alike and says nothing about the comparison, so it is left out (`level` below).
 */
function levelOf(dir: string): Outcome {
  const verdict = JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')) as VerdictJson;
  const p95 = verdict.scenarios
    .find((s) => s.name === 'all')
    ?.metrics.find((m) => m.metric === 'p95');
  const p = p95?.significance?.pValue;
  const detail =
    p95?.relative === undefined
      ? 'p95 not compared'
      : `p95 ${signed(p95.relative * 100)} % ${signed(p95.delta ?? 0, 2)} ms${p95.relativeFrom === undefined ? '' : ` (paired; whole run ${signed((p95.current / (p95.baseline ?? Number.NaN) - 1) * 100)} % ${signed(p95.current - (p95.baseline ?? Number.NaN), 2)} ms)`}${p === undefined ? '' : ` p=${formatNumber(p, 3)} over ${p95.significance?.currentWindows} windows`}`;
  const statuses = verdict.scenarios.flatMap((s) => s.metrics.map((m) => m.status));
  const regression: Level = statuses.includes('fail')
    ? 'fail'
    : statuses.includes('warn')
      ? 'warn'
      : 'pass';
  return { regression, level: verdict.level, detail };
}

function signed(value: number, digits = 1): string {
  return `${value >= 0 ? '+' : ''}${formatNumber(value, digits)}`;
}

/** A run's verdict on its regression rows, its whole verdict, and the whole-run p95 row. */
interface Outcome {
  regression: Level;
  level: Level;
  detail: string;
}

interface Targets {
  a: Target;
  b: Target;
}

async function sideBySide(targets: Targets, slower: number, options: Options): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-sbs-'));
  try {
    const profile = writeProfile(dir, options);
    targets.b.setSlower(slower);
    await runDisturbed(
      [
        'run',
        profile,
        '--target',
        targets.b.url,
        '--baseline-target',
        targets.a.url,
        '--rate',
        String(options.ratePerSec * 2),
        '--out',
        'b.json',
        '--json',
        'verdict.json',
      ],
      options,
      dir,
      options.disturb !== 'none',
    );
    return levelOf(dir);
  } finally {
    targets.b.setSlower(0);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sequential(targets: Targets, slower: number, options: Options): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-seq-'));
  try {
    const profile = writeProfile(dir, options);
    await runDisturbed(
      ['run', profile, '--target', targets.a.url, '--out', 'a.json'],
      options,
      dir,
      options.disturb === 'both',
    );
    targets.b.setSlower(slower);
    await runDisturbed(
      [
        'run',
        profile,
        '--target',
        targets.b.url,
        '--baseline',
        'a.json',
        '--out',
        'b.json',
        '--json',
        'verdict.json',
      ],
      options,
      dir,
      options.disturb !== 'none',
    );
    return levelOf(dir);
  } finally {
    targets.b.setSlower(0);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Kind {
  label: string;
  measure: (targets: Targets, options: Options) => Promise<Outcome>;
  /** A/A: count fails as false alarms; else count warn or fail as caught. */
  aa: boolean;
}

const KINDS: Kind[] = [
  { label: 'side by side A/A', measure: (t, o) => sideBySide(t, 0, o), aa: true },
  { label: 'sequential A/A', measure: (t, o) => sequential(t, 0, o), aa: true },
  { label: 'side by side B +10 %', measure: (t, o) => sideBySide(t, 0.1, o), aa: false },
];

function formatLevels(levels: readonly Level[]): string {
  const fail = levels.filter((l) => l === 'fail').length;
  const warn = levels.filter((l) => l === 'warn').length;
  return `${fail} fail / ${warn} warn / ${levels.length - fail - warn} pass`;
}

function summarize(kind: Kind, levels: readonly Level[], full: boolean): SummaryRow {
  const fail = levels.filter((l) => l === 'fail').length;
  const warn = levels.filter((l) => l === 'warn').length;
  const n = levels.length;
  const counts = formatLevels(levels);
  if (kind.aa) {
    const goal = kind.label.startsWith('side') ? 'no false alarm (fail)' : 'shown for comparison';
    return {
      benchmark: 'side-by-side',
      metric: `${kind.label} (${n} runs): regression rows, false alarms`,
      value: counts,
      goal,
      verdict: full && kind.label.startsWith('side') ? judge(fail === 0) : '',
    };
  }
  const need = Math.ceil((19 / 20) * n);
  return {
    benchmark: 'side-by-side',
    metric: `${kind.label} (${n} runs): regression rows, caught (warn or fail)`,
    value: counts,
    goal: `≥ ${need} of ${n} (19 of 20)`,
    verdict: full ? judge(fail + warn >= need) : '',
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = readOptions(args);
  console.log(
    `side-by-side: ${options.runs} run(s) of each kind, ${options.durationSec} s at ${options.ratePerSec} req/s per target against ${BASE_MS} ms (every ${SLOW_EVERY}th ${SLOW_MS} ms), ${options.burners} CPU burner(s) in the middle third (${options.disturb}), ${options.p95Rule === undefined ? 'default rules' : `p95 warn +${options.p95Rule.warnPct} % fail +${options.p95Rule.failPct} %`}${options.source ? ', CLI from source' : ''}`,
  );
  const targets = { a: await startVerdictTarget(), b: await startVerdictTarget() };
  const onlyAt = args.indexOf('--only');
  const kinds =
    onlyAt === -1 ? KINDS : KINDS.filter((k) => k.label.includes(args[onlyAt + 1] ?? ''));
  const levels = new Map<Kind, Level[]>(kinds.map((k) => [k, []]));
  const overall = new Map<Kind, Level[]>(kinds.map((k) => [k, []]));
  const startedMs = Date.now();
  try {
    // The kinds take turns, so a busier spell of the machine falls on all of them.
    for (let i = 0; i < options.runs; i++) {
      for (const kind of kinds) {
        const { regression, level, detail } = await kind.measure(targets, options);
        levels.get(kind)?.push(regression);
        overall.get(kind)?.push(level);
        console.log(
          `run ${i + 1}/${options.runs} ${kind.label.padEnd(22)} regressions ${regression.padEnd(4)} (verdict ${level}; ${detail})`,
        );
      }
    }
  } finally {
    await Promise.all([targets.a.close(), targets.b.close()]);
  }
  const full = options.runs >= 20;
  const rows = kinds.flatMap((kind) => [
    summarize(kind, levels.get(kind) ?? [], full),
    {
      benchmark: 'side-by-side',
      metric: `${kind.label}: whole verdict (run health included)`,
      value: formatLevels(overall.get(kind) ?? []),
      goal: '',
      verdict: '',
    },
  ]);
  console.log(`\ntook ${formatNumber((Date.now() - startedMs) / 1000, 0)} s`);
  reportSummary(rows, args);
}

main().catch((error: unknown) => {
  killAllChildren();
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

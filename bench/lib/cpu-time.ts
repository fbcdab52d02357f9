/**
 * CPU time of a command (user + system, all its threads and the children it waited for), for
 * "generator CPU per request": a figure that moves much less than req/s when neighbours on
 * the machine come and go. Linux only; elsewhere it is NaN and only req/s is compared.
 */
import type { SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type CommandResult, runCommand } from './children.js';

const MARK = '__bench_cpu__';
/** Kernel clock ticks per second (USER_HZ); 100 on every common Linux build. */
const TICKS_PER_SEC = 100;
/** The shell reports its children's CPU (fields cutime, cstime of /proc/PID/stat) on exit. */
const REPORT_SCRIPT = `"$@"; code=$?; echo "${MARK} $(getconf CLK_TCK) $(cat /proc/$$/stat)" >&2; exit $code`;

export interface TimedResult extends CommandResult {
  cpuSec: number;
}

function parseCpuSec(stderr: string): number {
  const line = stderr.split('\n').find((l) => l.startsWith(MARK));
  if (line === undefined) return Number.NaN;
  const ticksPerSec = Number(line.split(' ')[1]);
  // Fields after "(comm) ": state is field 3, cutime and cstime are fields 16 and 17.
  const fields = line.slice(line.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSec;
}

/** CPU seconds (utime + stime) of a running process. */
export function readProcessCpuSec(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return Number.NaN;
  }
}

/** Runs the command like `runCommand` and adds the CPU seconds it used. */
export async function runTimed(
  command: string,
  args: string[],
  timeoutMs: number,
  options: SpawnOptions = {},
): Promise<TimedResult> {
  if (!existsSync('/proc/self/stat')) {
    return { ...(await runCommand(command, args, timeoutMs, options)), cpuSec: Number.NaN };
  }
  const run = await runCommand(
    'sh',
    ['-c', REPORT_SCRIPT, 'sh', command, ...args],
    timeoutMs,
    options,
  );
  const stderr = run.stderr
    .split('\n')
    .filter((l) => !l.startsWith(MARK))
    .join('\n');
  return { code: run.code, stdout: run.stdout, stderr, cpuSec: parseCpuSec(run.stderr) };
}

/**
 * Child processes of a benchmark, all tracked so none outlives it: every child is killed when
 * the benchmark exits, fails or is interrupted, and every command has a hard time limit.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;
/** After SIGTERM, how long a child may clean up (kill its own children) before SIGKILL. */
const TERM_GRACE_MS = 1_000;

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Signals the child's process group: the group is the child's own (spawned detached), so this
 * reaches the child and whatever it started without a shell wrapper, and nothing else.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || !isRunning(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** SIGTERM (a benchmark child then kills its own children), SIGKILL after a grace period. */
export function stopChild(child: ChildProcess): void {
  signalGroup(child, 'SIGTERM');
  setTimeout(() => signalGroup(child, 'SIGKILL'), TERM_GRACE_MS).unref();
}

/** Kills every child still running, at once (for process exit, where nothing can wait). */
export function killAllChildren(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of live) signalGroup(child, 'SIGTERM');
      setTimeout(() => process.exit(130), TERM_GRACE_MS);
    });
  }
}

/** Spawns a child, in its own process group, that is killed with the benchmark at the latest. */
export function spawnTracked(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): ChildProcess {
  hookExit();
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and collects its output; past `timeoutMs` it is killed and the
 * promise rejects, so a hung generator cannot stall the whole benchmark.
 */
export function runCommand(
  command: string,
  args: string[],
  timeoutMs: number,
  options: SpawnOptions = {},
): Promise<CommandResult> {
  const child = spawnTracked(command, args, options);
  child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopChild(child);
      reject(new Error(`${command} ${args.join(' ')}: killed after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

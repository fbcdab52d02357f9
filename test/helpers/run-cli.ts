import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CLI = resolve('src/cli.ts');
/** tsx by absolute URL: the child runs in a temporary directory with no node_modules. */
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary directory to run the CLI in (results files land there). */
export function makeWorkDir(): string {
  return mkdtempSync(join(tmpdir(), 'loadgate-cli-'));
}

/**
 * Runs the CLI from source in a child process, as a user would (real argv, exit code, streams).
 * @param during called once the process has started, e.g. to send it a signal later.
 */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; during?: (child: ChildProcess) => void },
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    options.during?.(child);
  });
}

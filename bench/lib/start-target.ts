/** Starts `fast-target.ts` in its own process, so target and generator do not share a thread. */
import { fileURLToPath } from 'node:url';
import { spawnTracked, stopChild } from './children.js';
import { readProcessCpuSec } from './cpu-time.js';

const TARGET_SCRIPT = fileURLToPath(new URL('../fast-target.ts', import.meta.url));
/** `--import tsx` resolves from the working directory: the repository's node_modules. */
const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 15_000;

export interface TargetProcess {
  /** Base URL on 127.0.0.1, no trailing slash. */
  url: string;
  port: number;
  /** CPU seconds (user + system) the target used so far; NaN where /proc is missing. */
  cpuSec(): number;
  stop(): void;
}

/** Spawns the target on a free loopback port and waits until it prints that port. */
export function startTargetProcess(
  delayMs = 0,
  options: { jsonBody?: boolean } = {},
): Promise<TargetProcess> {
  const args = [
    '--import',
    'tsx',
    TARGET_SCRIPT,
    '0',
    '--delay-ms',
    String(delayMs),
    ...(options.jsonBody ? ['--json-body'] : []),
    '--exit-with-stdin',
  ];
  const child = spawnTracked(process.execPath, args, { cwd: REPO_DIR });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      stopChild(child);
      reject(new Error(`fast target did not start: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('timed out'), START_TIMEOUT_MS);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => fail(`exited with ${code}`));
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = (JSON.parse(line) as { port: number }).port;
      const cpuSec = () => readProcessCpuSec(child.pid);
      resolve({ url: `http://127.0.0.1:${port}`, port, cpuSec, stop: () => stopChild(child) });
    });
  });
}

import { execFile } from 'node:child_process';
import { arch, availableParallelism, platform } from 'node:os';
import type { RunEnvironment } from '../ports.js';

/** Asks git for a value; any failure (no git, not a checkout, slow) just leaves it unknown. */
function askGit(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { timeout: 2000 }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
}

/** Where this run happens. On GitHub Actions the runner's variables are preferred to git. */
export async function readRunEnvironment(
  env: Record<string, string | undefined>,
): Promise<RunEnvironment> {
  const gitSha = env.GITHUB_SHA || (await askGit(['rev-parse', 'HEAD']));
  const gitRef = env.GITHUB_REF || (await askGit(['symbolic-ref', '-q', 'HEAD']));
  return {
    env,
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: availableParallelism(),
    ci: env.CI === 'true' || env.GITHUB_ACTIONS === 'true',
    ...(gitSha ? { gitSha } : {}),
    ...(gitRef ? { gitRef } : {}),
  };
}

import type { FileStore, LoadEngine, Output, RunEnvironment } from '../ports.js';
import { ExitCode } from './exit-codes.js';
import { type RunLoadOutcome, runLoadTest } from './run-load-test.js';

export interface DemoTargetHandle {
  url: string;
  setSlowdownFactor(factor: number): void;
  close(): Promise<void>;
}

export interface RunDemoDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  startDemoTarget: () => Promise<DemoTargetHandle>;
  signal?: AbortSignal;
}

export interface DemoRequest {
  demoProfilePath: string;
  /** The pull request's results; the baseline and report go beside it. */
  resultsPath: string;
}

/** How much slower the "pull request" build of the demo target answers. */
export const DEMO_SLOWDOWN = 1.3;

/**
 * `loadgate demo`: the whole product without GitHub. The embedded demo API (loopback only) is
 * measured as the main branch's baseline, then made 30 % slower, as a pull request might, and
 * measured again against that baseline; the pull-request comment and verdict are printed. The
 * gate failing is the demonstration, so that is exit 0; bad input or a broken target is not.
 */
export async function runDemo(request: DemoRequest, deps: RunDemoDeps): Promise<RunLoadOutcome> {
  const { output } = deps;
  const baselinePath = request.resultsPath.replace(/(\.json)?$/, '-baseline.json');
  const markdownPath = request.resultsPath.replace(/(\.json)?$/, '-report.md');
  const target = await deps.startDemoTarget();
  try {
    output.info(
      `demo target listening on ${target.url}\n\n1/2 · the main branch: measuring the baseline`,
    );
    const base = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        resultsPath: baselinePath,
      },
      deps,
    );
    if (base.exitCode !== ExitCode.ok) return base;
    target.setSlowdownFactor(DEMO_SLOWDOWN);
    output.info(
      `\n2/2 · a pull request whose build answers ${Math.round((DEMO_SLOWDOWN - 1) * 100)} % slower: measuring and comparing`,
    );
    const pr = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        resultsPath: request.resultsPath,
        baselinePath,
        markdownPath,
      },
      deps,
    );
    if (pr.exitCode !== ExitCode.ok && pr.exitCode !== ExitCode.gateFailed) return pr;
    output.info(
      `\n──────── the pull-request comment (also in ${markdownPath}) ────────\n\n${pr.markdown ?? ''}\n────────`,
    );
    const gate =
      pr.exitCode === ExitCode.gateFailed ? 'would fail the pull request check' : 'would pass';
    output.info(
      `In a pull request this run ${gate}. Files: ${baselinePath}, ${request.resultsPath}, ${markdownPath}.`,
    );
    return { ...pr, exitCode: ExitCode.ok };
  } finally {
    await target.close();
  }
}

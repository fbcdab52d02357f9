import type { FileStore, LoadEngine, Output, RunEnvironment } from '../ports.js';
import { ExitCode } from './exit-codes.js';
import { type RunLoadOutcome, runLoadTest } from './run-load-test.js';

export interface DemoTargetHandle {
  url: string;
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

/**
 * `loadgate demo`: the example profile against the embedded demo API, so a newcomer sees a real
 * run without a server of their own. The target listens on loopback only.
 */
export async function runDemo(
  request: { demoProfilePath: string; resultsPath: string },
  deps: RunDemoDeps,
): Promise<RunLoadOutcome> {
  const target = await deps.startDemoTarget();
  deps.output.info(`demo target listening on ${target.url}`);
  try {
    return await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        resultsPath: request.resultsPath,
      },
      deps,
    );
  } catch (error) {
    deps.output.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: ExitCode.targetUnusable };
  } finally {
    await target.close();
  }
}

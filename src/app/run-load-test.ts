import { formatIssues } from '../core/profile/format-issues.js';
import type { ProfileOverrides } from '../core/profile/parse-profile.js';
import type { Profile } from '../core/profile/types.js';
import { renderRunSummary } from '../core/render/run-summary-text.js';
import { buildResultsFile } from '../core/result/build-result.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { FileStore, LoadEngine, Output, RunEnvironment } from '../ports.js';
import { VERSION } from '../version.js';
import { loadProfile } from './load-profile.js';
import { writeResults } from './write-results.js';

/** Exit codes shared by the CLI and the action. */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface RunLoadRequest {
  profilePath?: string;
  overrides: ProfileOverrides;
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
  resultsPath: string;
}

export interface RunLoadDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  signal?: AbortSignal;
}

export interface RunLoadOutcome {
  exitCode: ExitCode;
  profile?: Profile;
  result?: ResultsFileV1;
  /** Where the results were written (the requested path, or a fallback when it failed). */
  resultsPath?: string;
}

/**
 * `loadgate run`: profile → load → results file → summary. Results are written before anything
 * else is reported, so a failure later (or a second Ctrl-C) cannot lose them.
 */
export async function runLoadTest(
  request: RunLoadRequest,
  deps: RunLoadDeps,
): Promise<RunLoadOutcome> {
  const { output, environment } = deps;
  const loaded = await loadProfile(request, deps.files, environment.env);
  if (!loaded.ok) {
    output.error(formatIssues(loaded.issues));
    return { exitCode: ExitCode.badInput };
  }
  const { profile } = loaded;
  output.mask(profile.secretValues);
  for (const warning of loaded.warnings) output.warn(warning);

  const outcome = await deps.engine.run(profile, {
    signal: deps.signal,
    onProgress: (s) => output.progress(s),
  });
  output.progressDone();
  if (outcome.kind === 'unreachable') {
    output.error(`${outcome.message}. Is the target running, and is --target (or baseUrl) right?`);
    return { exitCode: ExitCode.targetUnusable, profile };
  }
  const result = buildResultsFile(profile, outcome.recording, {
    toolVersion: VERSION,
    startedAtEpochMs: outcome.startedAtEpochMs,
    status: outcome.status,
    abortReason: outcome.abortReason,
    plannedRequests: outcome.plannedRequests,
    peakVus: outcome.peakVus,
    environment: {
      node: environment.node,
      platform: environment.platform,
      arch: environment.arch,
      cpus: environment.cpus,
      ci: environment.ci,
      ...(environment.gitSha ? { gitSha: environment.gitSha } : {}),
      ...(environment.gitRef ? { gitRef: environment.gitRef } : {}),
    },
  });
  const resultsPath = await writeResults(result, request.resultsPath, deps.files, output);
  output.info(renderRunSummary(result));
  if (resultsPath) output.info(`results: ${resultsPath}`);
  const exitCode =
    outcome.status === 'interrupted'
      ? ExitCode.interrupted
      : outcome.status === 'aborted'
        ? ExitCode.targetUnusable
        : ExitCode.ok;
  return { exitCode, profile, result, ...(resultsPath ? { resultsPath } : {}) };
}

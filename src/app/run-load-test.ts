import type { BaselineSave } from '../core/compare/baseline-save.js';
import { buildAbortCheck } from '../core/compare/live-abort-check.js';
import type { BaselineInfo, Verdict } from '../core/compare/types.js';
import { formatIssues } from '../core/profile/format-issues.js';
import type { ProfileOverrides } from '../core/profile/parse-profile.js';
import type { InputIssue, Profile } from '../core/profile/types.js';
import { renderRunSummary } from '../core/render/run-summary-text.js';
import { buildResultsFile } from '../core/result/build-result.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { EngineOutcome, FileStore, LoadEngine, Output, RunEnvironment } from '../ports.js';
import { VERSION } from '../version.js';
import { ExitCode } from './exit-codes.js';
import { formatVerdictLines, judgeResults } from './judge-results.js';
import { loadProfile } from './load-profile.js';
import { readResultsFrom } from './read-results.js';
import { writeResults } from './write-results.js';

export interface RunLoadRequest {
  profilePath?: string;
  overrides: ProfileOverrides;
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
  resultsPath: string;
  /** Compare with this results file (read and checked before any load is sent). */
  baselinePath?: string;
  markdownPath?: string;
  jsonPath?: string;
  baselineInfo?: BaselineInfo;
  marker?: string;
  notes?: string[];
  /** This run becomes the baseline if it may (the action on the baseline branch); the outcome's
   * `baselineSave` says whether to save it, and the report says when it is not saved. */
  baselineCandidate?: boolean;
  /** How to name the files in messages (default: the CLI flags `--out`, `--baseline`, …). */
  pathLabels?: Partial<
    Record<'resultsPath' | 'baselinePath' | 'markdownPath' | 'jsonPath', string>
  >;
}

export interface RunLoadDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  signal?: AbortSignal;
  /** Called once the results file is written (or could not be): nothing measured can be lost
   * from then on, so the CLI hands stop signals back to their default (end at once) while the
   * synchronous judging runs. */
  onResultsWritten?: () => void;
}

export interface RunLoadOutcome {
  exitCode: ExitCode;
  profile?: Profile;
  result?: ResultsFileV1;
  /** Where the results were written (the requested path, or a fallback when it failed). */
  resultsPath?: string;
  verdict?: Verdict;
  /** The markdown report (PR comment and job summary text). */
  markdown?: string;
  /** For a `baselineCandidate`: whether it may be saved as the baseline, and if not, why. */
  baselineSave?: BaselineSave;
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
  const baseline = request.baselinePath
    ? await readResultsFrom(request.baselinePath, '--baseline', deps.files)
    : undefined;
  const pathIssues = await checkRunPaths(request, deps.files);
  const issues = [
    ...(loaded.ok ? [] : loaded.issues),
    ...(baseline && !baseline.ok ? baseline.issues : []),
    ...pathIssues,
  ];
  if (!loaded.ok || (baseline && !baseline.ok) || pathIssues.length > 0) {
    output.error(formatIssues(issues, loaded.ok ? 'input' : 'profile'));
    return { exitCode: ExitCode.badInput };
  }
  const { profile } = loaded;
  output.mask(profile.secretValues);
  for (const warning of loaded.warnings) output.warn(warning);
  const liveCheck = buildAbortCheck(
    profile.rules,
    profile.scenarios.map((s) => s.name),
  );

  const outcome = await deps.engine.run(profile, {
    signal: deps.signal,
    onProgress: (s) => output.progress(s),
    ...(liveCheck ? { liveCheck } : {}),
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
  deps.onResultsWritten?.();
  output.info(renderRunSummary(result));
  if (resultsPath) output.info(`results: ${resultsPath}`);
  const judged = await judgeResults(
    {
      current: result,
      ...(baseline?.ok ? { baseline: baseline.result } : {}),
      rules: profile.rules,
      ...(request.markdownPath ? { markdownPath: request.markdownPath } : {}),
      ...(request.jsonPath ? { jsonPath: request.jsonPath } : {}),
      ...(request.baselineInfo ? { baselineInfo: request.baselineInfo } : {}),
      ...(request.marker ? { marker: request.marker } : {}),
      ...(request.notes ? { notes: request.notes } : {}),
      ...(request.baselineCandidate
        ? { baselineCandidate: { resultsWritten: resultsPath !== undefined } }
        : {}),
    },
    deps.files,
    output,
  );
  output.info(formatVerdictLines(judged.verdict));
  if (request.markdownPath) output.info(`report: ${request.markdownPath}`);
  return {
    exitCode: chooseExitCode(outcome, judged.verdict),
    profile,
    result,
    verdict: judged.verdict,
    markdown: judged.markdown,
    ...(resultsPath ? { resultsPath } : {}),
    ...(judged.baselineSave ? { baselineSave: judged.baselineSave } : {}),
  };
}

const DEFAULT_PATH_LABELS = {
  resultsPath: '--out',
  baselinePath: '--baseline',
  markdownPath: '--markdown',
  jsonPath: '--json',
} as const;

/**
 * Checks, before any load is sent, that the files the run will write can be written without
 * harm: none is a directory (the results would end up elsewhere, or not at all), and none is
 * the baseline it reads (`--out X --baseline X` would silently replace the baseline with the
 * run it was meant to judge). Paths are compared resolved (`./a.json`, `a.json` and a
 * symbolic link to it are one file). Issues are at the paths' labels (`--out`, `input …`).
 */
async function checkRunPaths(request: RunLoadRequest, files: FileStore): Promise<InputIssue[]> {
  const labels = { ...DEFAULT_PATH_LABELS, ...request.pathLabels };
  /** A file the request names, with the label to report it by and a file name for the hint. */
  const named = (key: keyof typeof labels, exampleName: string) => {
    const path = request[key];
    return path === undefined ? [] : [{ label: labels[key], path, exampleName }];
  };
  const outputs = [
    ...named('resultsPath', 'loadgate-results.json'),
    ...named('markdownPath', 'report.md'),
    ...named('jsonPath', 'verdict.json'),
  ];
  const read = await Promise.all(
    named('baselinePath', 'baseline.json').map(async (input) => ({
      ...input,
      ...(await files.inspectPath(input.path)),
    })),
  );
  const issues: InputIssue[] = [];
  for (const output of outputs) {
    const found = await files.inspectPath(output.path);
    if (found.kind === 'directory') {
      issues.push({
        path: output.label,
        message: `${output.path} is a directory; expected a file path, e.g. ${output.path.replace(/\/+$/, '')}/${output.exampleName}`,
      });
      continue;
    }
    const same = read.find((input) => input.resolvedPath === found.resolvedPath);
    if (same) {
      issues.push({
        path: output.label,
        message: `${output.path} is also the ${same.label} file: writing it would overwrite what this run is compared with; choose another file`,
      });
    }
  }
  return issues;
}

/**
 * Interrupted → 130 and a lost target → 3 take precedence (the gate never saw a full run);
 * otherwise the verdict decides: fail → 1 (an abortOnFail stop is a failed gate), else 0.
 */
function chooseExitCode(
  outcome: Extract<EngineOutcome, { kind: 'ran' }>,
  verdict: Verdict,
): ExitCode {
  if (outcome.status === 'interrupted') return ExitCode.interrupted;
  if (outcome.status === 'aborted' && outcome.abortCause !== 'threshold')
    return ExitCode.targetUnusable;
  return verdict.level === 'fail' ? ExitCode.gateFailed : ExitCode.ok;
}

import type { InputIssue } from '../core/input/format-issues.js';
import { formatIssues } from '../core/input/format-issues.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import { defaultRules } from '../core/rules/default-rules.js';
import type { Rules } from '../core/rules/types.js';

import type { FileStore, Output, RunEnvironment } from '../ports.js';
import { judgeResults, type RunOutcome } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { readResultsFrom } from './read-results.js';
import { SINKS } from './sinks/registry.js';
import { deliverJudged, type FinishedRun, type OutputSettings } from './sinks/sink.js';

export interface CompareRequest {
  currentPath: string;
  baselinePath?: string;
  profilePath?: string;
  /** The values of the outputs' own flags (`--markdown`, `--json`). */
  outputs: OutputSettings;
}

export interface CompareDeps {
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
}

/** What a results file is judged with: the baseline and the profile's rules, when given. */
export interface JudgingInputs {
  baseline?: ResultsFileV1;
  rules?: Rules;
}

/**
 * Reads `--baseline` and `--profile`'s rules for judging a results file that is not measured
 * here (`compare`, `merge`). The profile's warnings go to `output`.
 * @returns the inputs, or every problem with them (each naming its flag).
 */
export async function readJudgingInputs(
  request: Pick<CompareRequest, 'baselinePath' | 'profilePath'>,
  { files, output }: Pick<CompareDeps, 'files' | 'output'>,
): Promise<{ ok: true; inputs: JudgingInputs } | { ok: false; issues: InputIssue[] }> {
  const issues: InputIssue[] = [];
  const baseline = request.baselinePath
    ? await readResultsFrom(request.baselinePath, '--baseline', files)
    : undefined;
  if (baseline && !baseline.ok) issues.push(...baseline.issues);
  let rules: Rules | undefined;
  if (request.profilePath) {
    // Judging sends nothing: the profile's ${VAR}s (its secrets) are not needed here.
    const loaded = await loadProfileRules(request.profilePath, files);
    if (loaded.ok) {
      rules = loaded.rules;
      for (const warning of loaded.warnings) output.warn(warning);
    } else issues.push(...loaded.issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    inputs: { ...(baseline?.ok ? { baseline: baseline.result } : {}), ...(rules ? { rules } : {}) },
  };
}

/**
 * Judges a results file read from disk (or merged) with the profile's rules, or the default
 * rules without a profile, delivers the outputs asked for and prints the markdown report.
 */
export async function judgeReadResults(
  current: ResultsFileV1,
  inputs: JudgingInputs,
  outputs: OutputSettings,
  deps: CompareDeps,
  resultsPath?: string,
): Promise<FinishedRun> {
  const { files, output } = deps;
  const run = judgeResults(
    {
      current,
      ...(inputs.baseline ? { baseline: inputs.baseline } : {}),
      rules: inputs.rules ?? defaultRules(current.scenarios.map((s) => s.name)),
      origin: 'read',
      ...(resultsPath === undefined ? {} : { resultsPath }),
    },
    output,
  );
  await deliverJudged(SINKS, run, outputs, { files, output });
  output.info(run.markdown);
  return run;
}

/**
 * `loadgate compare`: judges a results file (against a baseline when given) with the profile's
 * rules, or the default rules without a profile, delivers the outputs asked for and prints
 * the markdown report. Bad input lists every problem together.
 */
export async function compareResults(
  request: CompareRequest,
  deps: CompareDeps,
): Promise<Extract<RunOutcome, { kind: 'judged' | 'bad-input' }>> {
  const current = await readResultsFrom(request.currentPath, '--current', deps.files);
  const inputs = await readJudgingInputs(request, deps);
  const issues = [...(current.ok ? [] : current.issues), ...(inputs.ok ? [] : inputs.issues)];
  if (!current.ok || !inputs.ok) {
    deps.output.error(formatIssues(issues, 'input'));
    return { kind: 'bad-input', issues };
  }
  const run = await judgeReadResults(current.result, inputs.inputs, request.outputs, deps);
  return { kind: 'judged', run };
}

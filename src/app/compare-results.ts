import type { InputIssue } from '../core/input/format-issues.js';
import { formatIssues } from '../core/input/format-issues.js';
import { defaultRules } from '../core/rules/default-rules.js';
import type { Rules } from '../core/rules/types.js';

import type { FileStore, Output, RunEnvironment } from '../ports.js';
import { judgeResults, type RunOutcome } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { readResultsFrom } from './read-results.js';
import { SINKS } from './sinks/registry.js';
import { deliverJudged, type OutputSettings } from './sinks/sink.js';

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

/**
 * `loadgate compare`: judges a results file (against a baseline when given) with the profile's
 * rules, or the default rules without a profile, delivers the outputs asked for and prints
 * the markdown report. Bad input lists every problem together.
 */
export async function compareResults(
  request: CompareRequest,
  deps: CompareDeps,
): Promise<Extract<RunOutcome, { kind: 'judged' | 'bad-input' }>> {
  const { files, output } = deps;
  const issues: InputIssue[] = [];
  const current = await readResultsFrom(request.currentPath, '--current', files);
  if (!current.ok) issues.push(...current.issues);
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
  if (issues.length > 0 || !current.ok || (baseline && !baseline.ok)) {
    output.error(formatIssues(issues, 'input'));
    return { kind: 'bad-input', issues };
  }
  const run = judgeResults(
    {
      current: current.result,
      ...(baseline?.ok ? { baseline: baseline.result } : {}),
      rules: rules ?? defaultRules(current.result.scenarios.map((s) => s.name)),
      origin: 'read',
    },
    output,
  );
  await deliverJudged(SINKS, run, request.outputs, { files, output });
  output.info(run.markdown);
  return { kind: 'judged', run };
}

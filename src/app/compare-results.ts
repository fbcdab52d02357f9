import { defaultRules } from '../core/compare/default-rules.js';
import type { Rules, Verdict } from '../core/compare/types.js';
import { formatIssues } from '../core/profile/format-issues.js';
import type { InputIssue } from '../core/profile/types.js';
import type { FileStore, Output, RunEnvironment } from '../ports.js';
import { ExitCode } from './exit-codes.js';
import { judgeResults } from './judge-results.js';
import { loadProfileRules } from './load-profile.js';
import { readResultsFrom } from './read-results.js';

export interface CompareRequest {
  currentPath: string;
  baselinePath?: string;
  profilePath?: string;
  markdownPath?: string;
  jsonPath?: string;
}

export interface CompareDeps {
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
}

/**
 * `loadgate compare`: judges a results file (against a baseline when given) with the profile's
 * rules, or the default rules without a profile, and prints the markdown report. Exit 0 for
 * pass or warn, 1 for fail, 2 for bad input (every input problem listed together).
 */
export async function compareResults(
  request: CompareRequest,
  deps: CompareDeps,
): Promise<{ exitCode: ExitCode; verdict?: Verdict }> {
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
    return { exitCode: ExitCode.badInput };
  }
  const judged = await judgeResults(
    {
      current: current.result,
      ...(baseline?.ok ? { baseline: baseline.result } : {}),
      rules: rules ?? defaultRules(current.result.scenarios.map((s) => s.name)),
      ...(request.markdownPath ? { markdownPath: request.markdownPath } : {}),
      ...(request.jsonPath ? { jsonPath: request.jsonPath } : {}),
    },
    files,
    output,
  );
  output.info(judged.markdown);
  return {
    exitCode: judged.verdict.level === 'fail' ? ExitCode.gateFailed : ExitCode.ok,
    verdict: judged.verdict,
  };
}

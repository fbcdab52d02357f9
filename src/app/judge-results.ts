import {
  type BaselineSave,
  decideBaselineSave,
  describeUnsavedBaseline,
} from '../core/compare/baseline-save.js';
import { buildVerdict } from '../core/compare/build-verdict.js';
import type { BaselineInfo, Rules, Verdict } from '../core/compare/types.js';
import { renderReport } from '../core/render/report.js';
import { iconOfLevel } from '../core/render/status-labels.js';
import { toTerminalText } from '../core/render/terminal-text.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { FileStore, Output } from '../ports.js';

export interface JudgeRequest {
  current: ResultsFileV1;
  baseline?: ResultsFileV1;
  rules: Rules;
  /** Write the markdown report here (PR comment / job summary text). */
  markdownPath?: string;
  /** Write the verdict as JSON here, for other tools. */
  jsonPath?: string;
  /** Where the baseline came from, when known better than its own file says (run, URL). */
  baselineInfo?: BaselineInfo;
  /** Hidden key of the sticky comment the report will be posted as. */
  marker?: string;
  /** Remarks for the report's run warnings (e.g. why there is no baseline). */
  notes?: string[];
  /** Set when this run is to become the baseline if it may (the action on the baseline
   * branch): the decision is made here so the report can say when it was not saved, and why. */
  baselineCandidate?: { resultsWritten: boolean };
}

export interface Judged {
  verdict: Verdict;
  markdown: string;
  /** For a `baselineCandidate`: whether to save it (see `decideBaselineSave`). */
  baselineSave?: BaselineSave;
}

/** Where a baseline results file says it came from. */
export function describeBaseline(baseline: ResultsFileV1): BaselineInfo {
  const env = baseline.environment;
  return {
    ...(env.gitSha ? { commit: env.gitSha } : {}),
    ...(env.gitRef ? { ref: env.gitRef } : {}),
    date: baseline.startedAt,
  };
}

/**
 * Decides the verdict, renders the report and writes the requested files. A file that cannot be
 * written is a warning: the verdict stands and the report is still returned for printing.
 */
export async function judgeResults(
  request: JudgeRequest,
  files: FileStore,
  output: Output,
): Promise<Judged> {
  const { current, baseline, rules } = request;
  const baselineInfo = baseline ? (request.baselineInfo ?? describeBaseline(baseline)) : undefined;
  const judged = buildVerdict({
    current,
    ...(baseline ? { baseline } : {}),
    ...(baselineInfo ? { baselineInfo } : {}),
    rules,
  });
  const baselineSave = request.baselineCandidate
    ? decideBaselineSave(judged, request.baselineCandidate.resultsWritten)
    : undefined;
  const unsaved =
    baselineSave?.save === false ? [describeUnsavedBaseline(baselineSave.reason)] : [];
  const verdict = {
    ...judged,
    runWarnings: [...unsaved, ...(request.notes ?? []), ...judged.runWarnings],
  };
  const report = renderReport({
    verdict,
    current,
    ...(baseline ? { baseline } : {}),
    ...(request.marker ? { marker: request.marker } : {}),
  });
  for (const note of report.notes) output.warn(note);
  const writes: [string | undefined, string][] = [
    [request.markdownPath, report.markdown],
    [request.jsonPath, `${JSON.stringify(verdict, null, 2)}\n`],
  ];
  for (const [path, text] of writes) {
    if (!path) continue;
    try {
      await files.writeText(path, text);
    } catch (error) {
      output.warn(
        `could not write ${path} (${(error as { code?: string }).code ?? String(error)}); the verdict stands`,
      );
    }
  }
  return { verdict, markdown: report.markdown, ...(baselineSave ? { baselineSave } : {}) };
}

/** The verdict for a terminal: one line, then the reasons (which quote scenario names: inert). */
export function formatVerdictLines(verdict: Verdict): string {
  return [
    `verdict: ${iconOfLevel(verdict.level)} ${verdict.level.toUpperCase()}`,
    ...verdict.reasons.map((r) => `  - ${toTerminalText(r)}`),
  ].join('\n');
}

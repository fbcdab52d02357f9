import type { HistoryEntry } from '../core/history/types.js';
import type { InputIssue } from '../core/input/format-issues.js';
import { acceptRegressions } from '../core/judge/accept-regression.js';
import { decideBaselineSave, describeUnsavedBaseline } from '../core/judge/baseline-save.js';
import { buildVerdict } from '../core/judge/build-verdict.js';
import { type ConfirmMode, confirmVerdict } from '../core/judge/confirm-verdict.js';
import type { BaselineInfo, Verdict } from '../core/judge/types.js';
import type { Profile } from '../core/profile/types.js';
import { DEFAULT_MAX_CHARS, renderReport } from '../core/render/report.js';
import { renderTrendSection } from '../core/render/trend-section.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { Rules } from '../core/rules/types.js';
import type { Output } from '../ports.js';
import type { AcceptanceRequest } from './accept-label.js';
import { type MemoryRequest, type PreparedMemory, rememberRun } from './run-memory.js';
import type { FinishedRun } from './sinks/sink.js';

/**
 * What the app's commands return; only the entries turn it into an exit code (cli-main.ts) or
 * a failed step (main.ts). A run that measured anything carries it (`run`): its outputs were
 * delivered whatever the kind.
 */
export type RunOutcome =
  /** Ran to the end (or stopped by an abortOnFail threshold): the verdict decides. */
  | { kind: 'judged'; run: FinishedRun }
  /** Stopped by Ctrl-C or SIGTERM: what was measured was judged and written. No `run` when
   * stopped before any load (while waiting for the target: `--wait-for`). */
  | { kind: 'interrupted'; run?: FinishedRun }
  /** Nothing could be sent (no `run`): the target was unreachable or the setup failed; or the
   * target went away mid-run, or a unique data source ran out (`onExhausted: stop`). */
  | { kind: 'target-unusable'; message: string; run?: FinishedRun }
  /** Refused before any load was sent; the issues were printed with their paths. */
  | { kind: 'bad-input'; issues: InputIssue[] }
  /** A shard (`--shard i/N`) ran and its results were written: never judged, since its load is
   * a share of the profile's (`loadgate merge` judges the merged shards). `status` completed
   * or interrupted (a shard that lost its target is `target-unusable`). */
  | {
      kind: 'shard-measured';
      result: ResultsFileV1;
      resultsPath?: string;
      status: 'completed' | 'interrupted';
      /** Nothing was judged: no finished run (readers of `run` can treat it as absent). */
      run?: undefined;
    };

export interface JudgeRequest {
  current: ResultsFileV1;
  baseline?: ResultsFileV1;
  rules: Rules;
  /** Measured by this command, or read from a file or artifact. */
  origin: FinishedRun['origin'];
  profile?: Profile;
  /** Where the results file was written (a measured run), absent when it could not be. */
  resultsPath?: string;
  /** Where the baseline came from, when known better than its own file says (run, URL). */
  baselineInfo?: BaselineInfo;
  /** Hidden key of the sticky comment the report will be posted as. */
  marker?: string;
  /** Remarks for the report's run warnings (e.g. why there is no baseline). */
  notes?: string[];
  /** Set when this run is to become the baseline if it may (the action on the baseline
   * branch): the decision is made here so the report can say when it was not saved, and why. */
  baselineCandidate?: { resultsWritten: boolean };
  /** The runs a rolling baseline was merged from: noise is judged across them. */
  baselineRuns?: readonly HistoryEntry[];
  /** The verdict on `current` already built (to decide whether to re-measure). */
  candidate?: Verdict;
  /** The re-measures of what broke the gate, in order (`planRemeasure`): a breach counts only
   * if it holds in every one. A side-by-side re-measure has its own baseline side, which it is
   * judged against instead of `baseline`. */
  confirmations?: readonly { result: ResultsFileV1; baseline?: ResultsFileV1 }[];
  /** How they were made: the mode, the re-measures asked for, their wall time in ms (unknown
   * when re-judging kept results: the report then states the count only). */
  confirm?: { mode: ConfirmMode; maxRemeasures: number; remeasuredMs?: number };
  /** A run that keeps a history: it is added, and the report ends with the trend. */
  memory?: { request: MemoryRequest; prepared: PreparedMemory };
  /** A pull request's accept label (`prepareAcceptance`): applied after confirming. */
  acceptance?: AcceptanceRequest;
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
 * Decides the verdict and renders the report: the finished run every output receives. The
 * report's notes (e.g. trimmed to fit a comment) are warnings on `output`.
 */
export function judgeResults(request: JudgeRequest, output: Output): FinishedRun {
  const { current, baseline, rules } = request;
  const baselineInfo = baseline ? (request.baselineInfo ?? describeBaseline(baseline)) : undefined;
  const judgeOne = (run: ResultsFileV1, against = baseline) =>
    buildVerdict({
      current: run,
      ...(against ? { baseline: against } : {}),
      ...(baselineInfo ? { baselineInfo } : {}),
      ...(request.baselineRuns ? { baselineRuns: request.baselineRuns } : {}),
      rules,
    });
  // A candidate built before re-measuring names its baseline the same way.
  const candidate = request.candidate
    ? { ...request.candidate, ...(baselineInfo ? { baseline: baselineInfo } : {}) }
    : judgeOne(current);
  const confirmations = (request.confirmations ?? []).map((again) =>
    judgeOne(again.result, again.baseline ?? baseline),
  );
  const judged =
    confirmations.length > 0
      ? confirmVerdict({
          candidate,
          confirmations,
          current,
          rules,
          ...(request.confirm
            ? {
                mode: request.confirm.mode,
                maxRemeasures: request.confirm.maxRemeasures,
                ...(request.confirm.remeasuredMs === undefined
                  ? {}
                  : { remeasuredMs: request.confirm.remeasuredMs }),
              }
            : {}),
        })
      : candidate;
  // The history asks whether the failure held on re-measuring: the mildest re-measure says.
  const confirmation = confirmations.find((c) => c.level === 'pass') ?? confirmations.at(-1);
  const baselineSave = request.baselineCandidate
    ? decideBaselineSave(judged, request.baselineCandidate.resultsWritten)
    : undefined;
  const unsaved =
    baselineSave?.save === false ? [describeUnsavedBaseline(baselineSave.reason)] : [];
  const accepted = request.acceptance
    ? acceptRegressions({ verdict: judged, current, rules, ...request.acceptance })
    : judged;
  const verdict = {
    ...accepted,
    runWarnings: [...unsaved, ...(request.notes ?? []), ...accepted.runWarnings],
  };
  const memory = request.memory;
  const remembered = memory
    ? rememberRun(memory.request, memory.prepared, {
        result: current,
        verdict,
        ...(confirmation ? { candidate, confirmation } : {}),
      })
    : undefined;
  for (const note of remembered?.notes ?? []) output.info(note);
  const trend = remembered
    ? renderTrendSection(remembered.series, { maxRows: memory?.request.trendRows ?? 20 })
    : '';
  const report = renderReport({
    verdict,
    current,
    ...(baseline ? { baseline } : {}),
    ...(request.marker ? { marker: request.marker } : {}),
    ...(trend ? { maxChars: DEFAULT_MAX_CHARS - trend.length - 2 } : {}),
  });
  for (const note of report.notes) output.warn(note);
  return {
    ...(remembered && memory
      ? {
          memory: {
            ...remembered,
            nowMs: memory.request.nowMs,
            ...(memory.request.sources ? { sources: memory.request.sources } : {}),
          },
        }
      : {}),
    result: current,
    ...(baseline ? { baseline } : {}),
    verdict,
    markdown: trend ? `${report.markdown}\n\n${trend}` : report.markdown,
    origin: request.origin,
    ...(request.profile ? { profile: request.profile } : {}),
    ...(request.resultsPath ? { resultsPath: request.resultsPath } : {}),
    ...(baselineSave ? { baselineSave } : {}),
  };
}

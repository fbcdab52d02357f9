/**
 * The side-by-side branch of a run (`--baseline-target`, action input `baseline-target`): the
 * checks made before any load, and the baseline target's own results file, written beside the
 * target's and judged as its baseline with the paired test.
 */
import type { InputIssue } from '../core/input/format-issues.js';
import { checkBaselineTarget } from '../core/profile/baseline-target.js';
import type { Profile } from '../core/profile/types.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { EngineOutcome, FileStore, Output } from '../ports.js';
import { writeResults } from './sinks/local-sinks.js';

export interface SideBySideRequest {
  /** As given; checked here against the profile (`checkBaselineTarget`). */
  baselineTarget: string;
  /** How issues name it; default `--baseline-target`. */
  label?: string;
  /** How they name the target; default `--target`. */
  targetLabel?: string;
}

/** What else the request asks for, by the labels issues name them with. */
export interface SideBySideConflicts {
  /** A baseline file (`--baseline`, input `baseline-path`). */
  baselinePath?: string;
  /** A history (`--history`). */
  history?: string;
  /** A shard (`--shard`). */
  shard?: string;
}

/**
 * Everything that keeps a side-by-side run from being what it says, before any load: the URL
 * (`checkBaselineTarget`), a second baseline (a file or a history: the other side IS the
 * baseline), a shard (its share of the schedule alternates sides on its own, but nothing judges
 * a shard) and a profile `setup` (a log-in made against one side would be sent to the other).
 * Each issue is at the label of what conflicts.
 */
export function checkSideBySide(
  request: SideBySideRequest,
  profile: Profile,
  conflicts: SideBySideConflicts,
): { issues: InputIssue[]; baselineTarget?: string } {
  const label = request.label ?? '--baseline-target';
  const checked = checkBaselineTarget(request.baselineTarget, profile, {
    self: label,
    target: request.targetLabel ?? '--target',
  });
  const issues: InputIssue[] = checked.ok ? [] : [{ path: label, message: checked.message }];
  const other = (what: string, why: string) => ({
    path: what,
    message: `cannot be combined with ${label}: ${why}`,
  });
  if (conflicts.baselinePath !== undefined) {
    issues.push(
      other(
        conflicts.baselinePath,
        'the baseline target measured in the same run is the baseline; give one or the other',
      ),
    );
  }
  if (conflicts.history !== undefined) {
    issues.push(
      other(
        conflicts.history,
        'a history judges against earlier runs of one target, and this run measures two',
      ),
    );
  }
  if (conflicts.shard !== undefined) {
    issues.push(other(conflicts.shard, 'a shard is never judged, so it has nothing to pair'));
  }
  if (profile.setup !== undefined) {
    issues.push({
      path: 'setup',
      message: `is not supported with ${label} yet: the values a setup request extracts (a token, a session) come from one target and would be sent to both; remove setup or run without ${label}`,
    });
  }
  return checked.ok && issues.length === 0 ? { issues, baselineTarget: checked.value } : { issues };
}

/**
 * Both results files of a side-by-side run, each marked with its side and the other's target,
 * so that `compare` and re-judging later pair them again (`isSideBySidePair`). The baseline
 * side's file is described as the target's (same profile, status, window), with its own
 * recording and target.
 */
export function describeSides(
  outcome: Extract<EngineOutcome, { kind: 'ran' }>,
  profile: Profile,
  baselineTarget: string,
  describe: (outcome: EngineOutcome, profile: Profile) => ResultsFileV1,
): { target: ResultsFileV1; baseline: ResultsFileV1 } | undefined {
  const side = outcome.baselineSide;
  if (side === undefined) return undefined;
  const { baselineSide: _, ...own } = outcome;
  const target = describe(own, profile);
  const { extractFailures: _own, ...shared } = own;
  const baseline = describe(
    {
      ...shared,
      recording: side.recording,
      protocolsSeen: side.protocolsSeen,
      ...(side.plannedRequests === undefined ? {} : { plannedRequests: side.plannedRequests }),
      ...(side.extractFailures ? { extractFailures: side.extractFailures } : {}),
    },
    { ...profile, baseUrl: baselineTarget },
  );
  return {
    target: { ...target, sideBySide: { side: 'target', otherTarget: baseline.target } },
    baseline: { ...baseline, sideBySide: { side: 'baseline', otherTarget: target.target } },
  };
}

/** `run.json` → `run-baseline.json`: where the baseline target's results go. */
export function baselineSidePath(resultsPath: string): string {
  return resultsPath.replace(/(\.json)?$/i, '-baseline.json');
}

/** Writes the baseline target's results beside the target's (when those were written). */
export async function writeBaselineSide(
  result: ResultsFileV1,
  resultsPath: string | undefined,
  files: FileStore,
  output: Output,
): Promise<string | undefined> {
  if (resultsPath === undefined) return undefined;
  const written = await writeResults(result, baselineSidePath(resultsPath), files, output);
  if (written) output.info(`baseline target results: ${written}`);
  return written;
}

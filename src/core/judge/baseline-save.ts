/** Whether a run may become the baseline later runs are compared with, and if not, why. */
export type BaselineSave = { save: true } | { save: false; reason: string };

/**
 * A failing run is never saved as a baseline: later pull requests would be compared with a
 * broken target (a run of nothing but 503s would make every later one look fine) and would
 * pass against it. The previous baseline stays in use instead; so does it when the run passed
 * only because re-measuring did not confirm its breach. A warning does not stop the save:
 * warnings are judgement calls, and a baseline that never updates goes stale.
 * @param resultsWritten false when the results file could not be written at all.
 */
export function decideBaselineSave(verdict: Verdict, resultsWritten: boolean): BaselineSave {
  if (verdict.level === 'fail') {
    const first = verdict.reasons[0];
    return {
      save: false,
      reason: `the gate failed${first ? ` (${first.replace(/\.$/, '')})` : ''}`,
    };
  }
  if ((verdict.confirmation?.unconfirmed ?? 0) > 0) {
    // It passed only because the re-measure did not confirm its breach: its own figures are the
    // odd ones, and later pull requests compared with them would look better than they are.
    return {
      save: false,
      reason:
        'its first measurement breached and did not hold on re-measuring, so its figures are the odd ones',
    };
  }
  if (!resultsWritten) return { save: false, reason: 'the results file could not be written' };
  return { save: true };
}

/** The report's line for a run that was not saved: what happened, why, and what stays in use. */
export function describeUnsavedBaseline(reason: string): string {
  return `This run was not saved as the baseline: ${reason}. Later runs keep comparing with the last saved baseline.`;
}

import type { Verdict } from './types.js';

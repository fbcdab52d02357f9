import { formatCount } from '../render/format-units.js';
import type { Totals } from '../result/types.js';

/**
 * Failures of the run itself that no threshold can waive: no request completed, or most never
 * did. Either way the figures describe a handful of requests (or none), so a pass would say
 * nothing about the target. A target that trickles its bodies or hangs gives exactly this.
 * `requests` counts every request that completed with an answer or a transport error;
 * `interrupted` ones were still in flight when the run ended, `dropped` ones were never sent.
 * @returns one reason per failure (plain text), empty when the run completed enough requests.
 */
export function checkCompletion(
  totals: Pick<Totals, 'requests' | 'interrupted' | 'dropped'>,
): string[] {
  const { requests, interrupted, dropped } = totals;
  const missing = [
    interrupted > 0 ? `${formatCount(interrupted)} still in flight when the run ended` : '',
    dropped > 0 ? `${formatCount(dropped)} never sent (dropped)` : '',
  ].filter((part) => part !== '');
  if (requests === 0) {
    const why = missing.length > 0 ? missing.join(', ') : 'nothing was sent';
    return [`No request completed (${why}): a run without a single answer cannot pass.`];
  }
  if (interrupted + dropped > requests) {
    return [
      `Most requests never completed (${formatCount(requests)} completed, ${missing.join(', ')}): such a run cannot pass.`,
    ];
  }
  return [];
}

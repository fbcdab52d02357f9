import { formatCount, formatLatencyMs, formatPercent } from '../input/format-units.js';
import { quoteForTerminal, toTerminalText } from '../input/terminal-text.js';
import type { ResultsFileV1, SetupSummary } from '../result/types.js';
import { DEFAULT_START_SKEW_GUARD } from '../rules/default-rules.js';
import { describeSoakDriftWarnings, measureSoakDrift } from './soak-drift.js';

/** Send lag above this means the generator, not the target, shaped some of the latency. */
export const SEND_LAG_WARN_MS = 10;

/**
 * Things about the run itself a reader must not miss: load that was not sent, a generator that
 * fell behind, a run cut short, the engine's own warnings, per-VU log-ins that failed, merged
 * shards that did not start together. Never silent (k6 lets latency thresholds pass while load
 * was missing; this makes the missing load loud).
 */
export function collectRunWarnings(result: ResultsFileV1): string[] {
  const warnings: string[] = [];
  const { totals, load } = result;
  if (result.status === 'interrupted') {
    warnings.push('The run was interrupted: figures cover only the part that ran.');
  }
  if (result.status === 'aborted') {
    // The reason can quote the target's own words (an error message): inert, on one line.
    warnings.push(
      `The run was aborted: ${toTerminalText(result.abortReason ?? 'no reason given')}.`,
    );
  }
  // The engine's own (a unique data source that wrapped, …): secrets were masked by it.
  for (const warning of result.warnings ?? []) warnings.push(toTerminalText(warning));
  const logins = result.setup && describeFailedLogins(result.setup);
  if (logins !== undefined) warnings.push(logins);
  if (totals.dropped > 0) {
    warnings.push(
      `${formatCount(totals.dropped)} arrivals (${formatPercent(result.dropRate)}) were never sent: the target did not get the load asked for. ` +
        (load.onMaxInFlight === 'drop'
          ? `maxInFlight (${load.maxInFlight}) was reached; raise it or use onMaxInFlight: queue.`
          : 'They were still queued when the run ended.'),
    );
  }
  if (totals.queued > 0) {
    warnings.push(
      `${formatCount(totals.queued)} arrivals waited for a free slot (maxInFlight ${load.maxInFlight} reached); their latency includes the wait. ` +
        'If the target was healthy, raise connections.',
    );
  }
  if (result.sendLagMs.p99 > SEND_LAG_WARN_MS) {
    warnings.push(
      `The generator fell behind its schedule (send lag p99 ${formatLatencyMs(result.sendLagMs.p99)}, max ${formatLatencyMs(result.sendLagMs.max)}): ` +
        'latency includes that lateness. Give loadgate more CPU or lower the rate.',
    );
  }
  const skewMs = result.merged?.maxStartSkewMs;
  if (skewMs !== undefined && skewMs > DEFAULT_START_SKEW_GUARD.warnAboveMs) {
    warnings.push(
      `The ${formatCount(result.merged?.shards ?? 0)} shards did not start together: one began ${formatLatencyMs(skewMs)} away from the agreed --start-at, so the target got a ragged rate at the start and end of the window. ` +
        'Give the shards more time before --start-at, and keep their clocks in sync (NTP).',
    );
  }
  const planned = load.plannedRequests;
  const sent = totals.requests + totals.interrupted;
  if (
    result.status === 'completed' &&
    planned !== undefined &&
    planned > 0 &&
    sent + totals.dropped < planned * 0.99
  ) {
    warnings.push(
      `Only ${formatCount(sent)} of ${formatCount(planned)} planned requests were sent.`,
    );
  }
  if (totals.interrupted > 0) {
    warnings.push(
      `${formatCount(totals.interrupted)} requests were still in flight at the end and were cut off.`,
    );
  }
  if (result.warmup.errors > 0) {
    warnings.push(
      `${formatCount(result.warmup.errors)} of ${formatCount(result.warmup.requests)} warm-up requests failed with transport errors.`,
    );
  }
  warnings.push(...describeUnblockedCategories(result));
  const drift = measureSoakDrift(result);
  if (drift) warnings.push(...describeSoakDriftWarnings(drift));
  return warnings;
}

/**
 * The warning for per-VU log-ins (`setup.perVu`) that failed and were retried, quoting the
 * first failure when the file kept it (made inert for terminals): `2 setup log-ins (per virtual
 * user) failed and were retried; 40 succeeded. The first: …`. Undefined for a once setup or
 * when none failed.
 */
export function describeFailedLogins(setup: SetupSummary): string | undefined {
  if (!setup.perVu || setup.failed === 0) return undefined;
  const one = setup.failed === 1;
  const first =
    setup.firstFailure === undefined ? '' : ` The first: ${toTerminalText(setup.firstFailure)}`;
  return `${formatCount(setup.failed)} setup log-in${one ? '' : 's'} (per virtual user) failed and ${one ? 'was' : 'were'} retried; ${formatCount(setup.runs)} succeeded.${first}`;
}

/**
 * A category whose scenarios all expect a 4xx (a WAF or policy probe) that blocked nothing:
 * the rule it probes is most likely off, whatever the latency says. Said for each such
 * category that completed requests; categories that blocked anything are left to thresholds.
 */
export function describeUnblockedCategories(result: Pick<ResultsFileV1, 'categories'>): string[] {
  return (result.categories ?? [])
    .filter((c) => c.expectsBlocking && c.requests > 0 && c.blocked === 0)
    .map(
      (c) =>
        `0 % blocked in category ${quoteForTerminal(c.name)} (none of ${formatCount(c.requests)} requests), though every scenario in it expects a 4xx refusal: is the policy active?`,
    );
}

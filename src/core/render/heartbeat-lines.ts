/**
 * What the heartbeat prints: a line per probe on a terminal, a summary line a minute in logs,
 * and the loud line when a scenario goes down (or comes back). Pure: figures in, text out.
 */
import { formatLatencyMs, formatRunDuration } from '../input/format-units.js';
import type { HeartbeatSnapshot, ProbeResult } from '../stats/heartbeat-recorder.js';

/** Probes written this late or later say so on their line (ms). */
const LATE_SHOWN_FROM_MS = 5;

/** ISO time of day with milliseconds, UTC: `2025-06-01T12:00:05.123Z`. */
function stamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** `ok 200`, `failed 503 (http_5xx)`, `error connection_refused`. */
function describeOutcome(result: ProbeResult): string {
  if (result.outcome === 'error') return `error ${result.kind ?? 'other'}`;
  const kind = result.outcome === 'failed' && result.kind ? ` (${result.kind})` : '';
  return `${result.outcome} ${result.status ?? ''}${kind}`;
}

/**
 * One probe: `<time> "<scenario>" ok 200 in 12.3 ms`, with the failure streak when failing and
 * the send lag when it was written late.
 * @param atEpochMs wall-clock time the probe finished.
 */
export function formatProbeLine(result: ProbeResult, name: string, atEpochMs: number): string {
  const parts = [`${stamp(atEpochMs)} "${name}" ${describeOutcome(result)}`];
  if (result.latencyMs !== undefined) parts[0] += ` in ${formatLatencyMs(result.latencyMs)}`;
  if (!result.success) parts.push(`${result.health.consecutiveFailures} in a row`);
  if (result.sendLagMs !== undefined && result.sendLagMs >= LATE_SHOWN_FROM_MS) {
    parts.push(`sent ${formatLatencyMs(result.sendLagMs)} late`);
  }
  return parts.join(', ');
}

/** The loud line: a scenario reached `failAfter` failed probes in a row. */
export function formatDownLine(result: ProbeResult, name: string, failAfter: number): string {
  return `heartbeat: "${name}" is DOWN: ${result.health.consecutiveFailures} probes in a row failed (--fail-after ${failAfter}); the last: ${describeOutcome(result)}`;
}

/** A scenario that was down answered as expected again. */
export function formatRecoveredLine(result: ProbeResult, name: string): string {
  const before = result.health.previousFailures ?? 0;
  return `heartbeat: "${name}" recovered: ${describeOutcome(result)} after ${before} failed probes in a row`;
}

/**
 * The minute's line for logs: `heartbeat up 5m0s, 60 probes (0 missed); last minute: "health"
 * 6 probes, 0 failed, p50 12.1 ms, p99 14.0 ms; "policy" …`. A scenario with `failAfter` or
 * more failures in a row is marked DOWN.
 */
export function formatSummaryLine(
  snapshot: HeartbeatSnapshot,
  names: readonly string[],
  failAfter: number,
): string {
  const head = `heartbeat up ${formatRunDuration(snapshot.upMs)}, ${snapshot.probes} probes (${snapshot.missedSlots} missed)`;
  const scenarios = snapshot.scenarios.map((pulse, i) => {
    const { window } = pulse;
    const parts = [
      `"${names[i] ?? String(i)}" ${window.completions} probes`,
      `${window.failures} failed`,
    ];
    if (window.quantilesMs) {
      parts.push(
        `p50 ${formatLatencyMs(window.quantilesMs.p50)}`,
        `p99 ${formatLatencyMs(window.quantilesMs.p99)}`,
      );
    }
    if (pulse.consecutiveFailures >= failAfter) {
      parts.push(`DOWN (${pulse.consecutiveFailures} in a row)`);
    }
    return parts.join(', ');
  });
  return `${head}; last minute: ${scenarios.join('; ')}`;
}

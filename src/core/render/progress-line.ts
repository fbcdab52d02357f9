import { formatCount, formatLatencyMs, formatRunDuration } from '../input/format-units.js';
import type { ProgressSnapshot } from '../stats/progress-snapshot.js';

/**
 * One progress line, the same on a terminal and in CI logs:
 * `[measuring 12.0 s/30.0 s] 2,400 req · 200 req/s · p95 4.1 ms · errors 0 · in flight 3`.
 */
export function formatProgressLine(s: ProgressSnapshot): string {
  const parts = [
    `${formatCount(s.requests)} req`,
    `${formatCount(s.lastSecondRps)} req/s`,
    `p95 ${formatLatencyMs(s.lastSecondP95Ms)}`,
    `errors ${formatCount(s.errors + s.failed)}`,
    `in flight ${formatCount(s.inFlight)}`,
  ];
  if (s.targetRatePerSec !== undefined && s.phase !== 'draining')
    parts.push(`target ${formatCount(s.targetRatePerSec)}/s`);
  if (s.activeVus !== undefined) parts.push(`VUs ${formatCount(s.activeVus)}`);
  if (s.queued > 0) parts.push(`queued ${formatCount(s.queued)}`);
  if (s.dropped > 0) parts.push(`dropped ${formatCount(s.dropped)}`);
  const clock = `${formatRunDuration(Math.min(s.elapsedMs, s.totalMs))}/${formatRunDuration(s.totalMs)}`;
  return `[${s.phase} ${clock}] ${parts.join(' · ')}`;
}

import type { TimelinePoint } from './figures.js';
import type { ProgressSnapshot } from './progress-snapshot.js';
import { mergeTimelinePoints } from './timeline.js';

/** What one worker thread last reported for the live line. */
export interface PartProgress {
  snapshot: ProgressSnapshot;
  /** Its latest closed seconds (a few, oldest first), with their histograms. */
  recentSeconds: readonly TimelinePoint[];
}

/**
 * One progress line from several threads' reports: counts summed, target rate and active VUs
 * summed (each thread's is its share), and the last second merged exactly: the newest second
 * every thread has closed (threads close a second within moments of each other), its
 * completions summed and its p95 read from the merged histogram. The phase is `measuring`
 * while any thread measures, `draining` once every thread drains.
 * @throws RangeError for an empty list.
 */
export function mergeProgress(parts: readonly PartProgress[]): ProgressSnapshot {
  const first = parts[0];
  if (first === undefined) throw new RangeError('no progress to merge');
  const snapshots = parts.map((p) => p.snapshot);
  const sum = (read: (s: ProgressSnapshot) => number) =>
    snapshots.reduce((total, s) => total + read(s), 0);
  const phases = new Set(snapshots.map((s) => s.phase));
  const phase = phases.has('measuring')
    ? 'measuring'
    : phases.size === 1 && phases.has('draining')
      ? 'draining'
      : phases.has('warmup')
        ? 'warmup'
        : 'measuring';
  const last = mergeLastSecond(parts);
  const merged: ProgressSnapshot = {
    elapsedMs: Math.max(...snapshots.map((s) => s.elapsedMs)),
    totalMs: Math.max(...snapshots.map((s) => s.totalMs)),
    phase,
    requests: sum((s) => s.requests),
    errors: sum((s) => s.errors),
    failed: sum((s) => s.failed),
    dropped: sum((s) => s.dropped),
    inFlight: sum((s) => s.inFlight),
    queued: sum((s) => s.queued),
    lastSecondRps: last?.requests ?? 0,
    lastSecondP95Ms: last?.p95 ?? 0,
  };
  if (snapshots.some((s) => s.targetRatePerSec !== undefined)) {
    merged.targetRatePerSec = sum((s) => s.targetRatePerSec ?? 0);
  }
  if (snapshots.some((s) => s.activeVus !== undefined)) {
    merged.activeVus = sum((s) => s.activeVus ?? 0);
  }
  return merged;
}

/** The newest second all parts that closed one have, merged; undefined before any closed. */
function mergeLastSecond(parts: readonly PartProgress[]): TimelinePoint | undefined {
  const reporting = parts.filter((p) => p.recentSeconds.length > 0);
  if (reporting.length === 0) return undefined;
  const t = Math.min(...reporting.map((p) => (p.recentSeconds.at(-1) as TimelinePoint).t));
  const points = reporting.flatMap((p) => p.recentSeconds.filter((point) => point.t === t));
  return mergeTimelinePoints(points);
}

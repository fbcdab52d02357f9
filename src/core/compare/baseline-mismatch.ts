import { listNames } from '../render/format-units.js';
import type { ResultsFileV1 } from '../result/types.js';

/**
 * Differences that make a comparison less like for like: another profile, another load shape,
 * an incomplete baseline, scenarios that appeared or vanished. Reported, never gated.
 */
export function describeBaselineMismatch(
  current: ResultsFileV1,
  baseline: ResultsFileV1,
): string[] {
  const notes: string[] = [];
  if (current.profile.name !== baseline.profile.name) {
    notes.push(
      `The baseline is of another profile ("${baseline.profile.name}", this run "${current.profile.name}").`,
    );
  }
  const load = (r: ResultsFileV1) =>
    `${r.load.executor}${r.load.peakRatePerSec !== undefined ? ` at ${r.load.peakRatePerSec}/s` : ''}${r.load.peakVus !== undefined ? ` with ${r.load.peakVus} VUs` : ''}`;
  if (load(current) !== load(baseline)) {
    notes.push(
      `The baseline ran a different load (${load(baseline)}; this run ${load(current)}): changes may come from that.`,
    );
  }
  if (baseline.status !== 'completed') {
    notes.push(`The baseline run was ${baseline.status}: its figures cover only part of its load.`);
  }
  const before = new Set(baseline.scenarios.map((s) => s.name));
  const now = new Set(current.scenarios.map((s) => s.name));
  const added = [...now].filter((n) => !before.has(n));
  const removed = [...before].filter((n) => !now.has(n));
  if (added.length > 0) notes.push(`New scenarios without a baseline: ${listNames(added)}.`);
  if (removed.length > 0)
    notes.push(`Scenarios in the baseline but not in this run: ${listNames(removed)}.`);
  return notes;
}

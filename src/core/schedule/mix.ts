import type { Profile } from '../profile/types.js';

/** What one draw from the mix starts: a plain scenario's request, or a whole journey. */
export type MixEntry =
  /** `scenario`: index in `Profile.scenarios` of a plain scenario (no `journey`, no `setup`). */
  | { kind: 'scenario'; scenario: number; weight: number }
  /** `journey`: index in `Profile.journeys`; `firstStep`: its first step's scenario index, the
   * row that counts the journey's arrivals (send lag, queued, dropped). */
  | { kind: 'journey'; journey: number; firstStep: number; weight: number };

/**
 * The run's mix: plain scenarios in profile order, then journeys in profile order, each with
 * its weight. A journey's steps and measured setup rows are rows of `Profile.scenarios` too,
 * but are never drawn on their own: a step only runs inside its journey, a setup request only
 * in setup. A journey without steps is left out (the parser never builds one).
 *
 * @returns at least one entry for any profile the parser accepts; empty only for a profile
 *   with neither plain scenarios nor journeys (the caller refuses to run it).
 */
export function buildMix(profile: Pick<Profile, 'scenarios' | 'journeys'>): MixEntry[] {
  const entries: MixEntry[] = [];
  profile.scenarios.forEach((scenario, index) => {
    if (scenario.journey === undefined && scenario.setup === undefined) {
      entries.push({ kind: 'scenario', scenario: index, weight: scenario.weight });
    }
  });
  (profile.journeys ?? []).forEach((journey, index) => {
    const first = journey.steps[0];
    if (first === undefined) return;
    entries.push({
      kind: 'journey',
      journey: index,
      firstStep: first.scenario,
      weight: journey.weight,
    });
  });
  return entries;
}

import { describe, expect, it } from 'vitest';
import { limitRemeasure, REMEASURE_MAX_MS } from '../../../src/core/judge/remeasure-profile.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import type { Profile } from '../../../src/core/profile/types.js';

function profileWith(load: string): Profile {
  const parsed = parseProfile(
    `name: p\nbaseUrl: http://127.0.0.1:9\nscenarios: [{ name: a, path: / }]\nload: ${load}\n`,
    { env: {} },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
}

describe('limitRemeasure', () => {
  it('cuts a constant plan longer than the cap to the cap, keeping its rate and warm-up', () => {
    const profile = profileWith('{ executor: constant-arrival-rate, rate: 50, duration: 5m }');
    const limited = limitRemeasure(profile);
    expect(limited.measuredMs).toBe(REMEASURE_MAX_MS);
    expect(limited.profile.load.plan).toEqual({
      executor: 'constant-arrival-rate',
      ratePerSec: 50,
      durationMs: 60_000,
    });
    expect(limited.profile.load.warmupMs).toBe(profile.load.warmupMs);
    // The profile it was given is left as it was.
    expect(profile.load.plan).toMatchObject({ durationMs: 300_000 });
  });

  it('keeps a constant plan within the cap, and cuts VUs plans the same way', () => {
    const short = profileWith('{ executor: constant-arrival-rate, rate: 200, duration: 8s }');
    expect(limitRemeasure(short)).toEqual({ profile: short, measuredMs: 8_000 });
    const vus = profileWith('{ executor: constant-vus, vus: 5, duration: 2m }');
    expect(limitRemeasure(vus, 30_000).profile.load.plan).toMatchObject({ durationMs: 30_000 });
  });

  it('never cuts a ramp: a cut ramp does not reach the load the baseline was measured at', () => {
    const ramp = profileWith(
      '{ executor: ramping-arrival-rate, startRate: 0, stages: [{ duration: 2m, target: 100 }, { duration: 1m, target: 100 }] }',
    );
    expect(limitRemeasure(ramp)).toEqual({ profile: ramp, measuredMs: 180_000 });
  });
});

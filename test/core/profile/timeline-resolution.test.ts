import { describe, expect, it } from 'vitest';
import { readTimelineOptions } from '../../../src/core/stats/timeline.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

function loadWith(extra: Record<string, unknown>) {
  const raw = makeRawProfile();
  return { ...raw, load: { ...raw.load, ...extra } };
}

describe('load.timelineResolution', () => {
  it.each([
    ['1s', 1],
    ['10s', 10],
    ['1m', 60],
    ['5m', 300],
  ])('reads %s as windows of %i s, whatever the run length', (written, seconds) => {
    const profile = expectProfile(
      normalize(loadWith({ timelineResolution: written, duration: '24h' })),
    );
    expect(profile.load.timelineResolutionSec).toBe(seconds);
    expect(readTimelineOptions(profile.load)).toEqual({ resolutionSec: seconds });
  });

  it.each([
    ['auto for 30 minutes', { timelineResolution: 'auto', duration: '30m' }, 1],
    ['left out, 2 hours', { duration: '2h' }, 10],
    ['left out, 12 hours', { duration: '12h' }, 60],
    ['left out, 24 hours', { duration: '24h' }, 300],
  ])('chooses by the run length when %s', (_what, extra, seconds) => {
    const profile = expectProfile(normalize(loadWith(extra)));
    expect(profile.load.timelineResolutionSec).toBeUndefined();
    expect(readTimelineOptions(profile.load)).toEqual({ resolutionSec: seconds });
  });

  it('chooses by the length --duration sets, not the one written', () => {
    const profile = expectProfile(
      normalize(loadWith({ duration: '24h' }), { overrides: { duration: '20m' } }),
    );
    expect(readTimelineOptions(profile.load)).toEqual({ resolutionSec: 1 });
  });

  it('names anything else with the values it takes', () => {
    for (const written of ['2m', 60, '60']) {
      expect(expectIssues(normalize(loadWith({ timelineResolution: written })))).toEqual([
        expect.objectContaining({
          path: 'load.timelineResolution',
          message: `expected one of auto, 1s, 10s, 1m, 5m, got ${JSON.stringify(written)}`,
        }),
      ]);
    }
  });
});

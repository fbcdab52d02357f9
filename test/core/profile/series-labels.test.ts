import { describe, expect, it } from 'vitest';
import { buildProfileJsonSchema } from '../../../src/core/profile/json-schema.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

const LAYER_MESSAGE = 'expected one of heartbeat, scheduled, manual, pull-request, release, got';
const INTERVAL_MESSAGE =
  'expected hourly, daily, weekly, or a slug of lowercase letters, digits and "-" (up to 40 characters, like every-15m), got';

describe('profile layer and interval', () => {
  it('reads both from YAML onto the profile', () => {
    const text =
      'name: a\nbaseUrl: http://h\nlayer: heartbeat\ninterval: every-15m\nscenarios:\n  - { name: s, path: / }\nload: { preset: heartbeat }\n';
    const profile = expectProfile(parseProfile(text, { env: {} }));
    expect(profile.layer).toBe('heartbeat');
    expect(profile.interval).toBe('every-15m');
  });

  it('leaves both out when the profile does not write them', () => {
    const profile = expectProfile(normalize(makeRawProfile()));
    expect('layer' in profile).toBe(false);
    expect('interval' in profile).toBe(false);
  });

  it.each(['heartbeat', 'scheduled', 'manual', 'pull-request', 'release'])(
    'accepts layer %s',
    (layer) => {
      expect(expectProfile(normalize({ ...makeRawProfile(), layer })).layer).toBe(layer);
    },
  );

  it.each(['hourly', 'daily', 'weekly', 'push', '0', 'cron-0-9-x-x-1-5', `a${'-'.repeat(39)}`])(
    'accepts interval %s',
    (interval) => {
      expect(expectProfile(normalize({ ...makeRawProfile(), interval })).interval).toBe(interval);
    },
  );

  it.each([
    ['layer', 'nightly', `${LAYER_MESSAGE} "nightly"`],
    ['layer', 'Scheduled', `${LAYER_MESSAGE} "Scheduled"`],
    ['layer', 3, `${LAYER_MESSAGE} 3`],
    ['interval', 'Daily', `${INTERVAL_MESSAGE} "Daily"`],
    ['interval', 'every 15m', `${INTERVAL_MESSAGE} "every 15m"`],
    ['interval', '-daily', `${INTERVAL_MESSAGE} "-daily"`],
    ['interval', '', `${INTERVAL_MESSAGE} ""`],
    ['interval', 'a'.repeat(41), `${INTERVAL_MESSAGE} "${'a'.repeat(41)}"`],
    ['interval', `\${INTERVAL}`, `${INTERVAL_MESSAGE} "\${INTERVAL}"`],
    ['interval', 7, `${INTERVAL_MESSAGE} 7`],
    ['interval', null, `${INTERVAL_MESSAGE} null`],
  ])('rejects %s %j at its path with the expected form', (field, value, message) => {
    const issues = expectIssues(normalize({ ...makeRawProfile(), [field]: value }));
    expect(issues).toEqual([{ path: field, message }]);
  });

  it('reports a bad layer and a bad interval together with other problems', () => {
    const raw = { ...makeRawProfile(), name: '', layer: 'x', interval: 'X' };
    expect(expectIssues(normalize(raw)).map((issue) => issue.path)).toEqual([
      'name',
      'layer',
      'interval',
    ]);
  });

  it('describes both for editors: the layers as an enum, the interval by its pattern', () => {
    const properties = buildProfileJsonSchema().properties as Record<string, object>;
    expect(properties.layer).toMatchObject({
      type: 'string',
      enum: ['heartbeat', 'scheduled', 'manual', 'pull-request', 'release'],
    });
    expect(properties.interval).toMatchObject({
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,39}$',
    });
  });
});

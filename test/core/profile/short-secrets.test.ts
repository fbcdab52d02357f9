// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import {
  chooseMaskedSecrets,
  MIN_MASKED_SECRET_LENGTH,
} from '../../../src/core/profile/secret-masking.js';
import { expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

describe('secrets too short to be masked safely', () => {
  it('masks every value of at least the minimum length and warns about shorter ones by name', () => {
    const raw = {
      ...makeRawProfile(),
      headers: { authorization: 'Bearer ${TOKEN}', 'x-shard': '${SHARD}' },
      scenarios: [{ name: 'a', path: '/v${SHARD}/items?env=${STAGE}' }],
    };
    const result = normalize(raw, { env: { TOKEN: 'tok-1234', SHARD: '2', STAGE: 'dev' } });
    const profile = expectProfile(result);
    expect(profile.secretValues).toEqual(['tok-1234']);
    expect(result.ok && result.warnings).toEqual([
      'headers.x-shard: ${SHARD} is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
      'scenarios[0].path: ${STAGE} is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
    ]);
    // The warnings name the variables, never the values.
    expect(JSON.stringify(result.ok && result.warnings)).not.toMatch(/"2"|dev/);
  });

  it('draws the line at MIN_MASKED_SECRET_LENGTH, drops empty values silently and de-duplicates', () => {
    const source = (value: string, label: string) => ({ value, label, path: 'headers.x' });
    const atMinimum = 'x'.repeat(MIN_MASKED_SECRET_LENGTH);
    const below = 'x'.repeat(MIN_MASKED_SECRET_LENGTH - 1);
    expect(
      chooseMaskedSecrets([
        source(atMinimum, '${A}'),
        source(atMinimum, '${B}'),
        source(below, '${C}'),
        source('y', '${C}'),
        source('', '${D}'),
      ]),
    ).toEqual({
      values: [atMinimum],
      warnings: [
        'headers.x: ${C} is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
      ],
    });
  });
});

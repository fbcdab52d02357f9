import { describe, expect, it } from 'vitest';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';
import { buildProfileJsonSchema } from '../../../src/core/profile/json-schema.js';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

const FORM =
  'expected letters, digits, ".", "_" or "-" (1 to 64 characters, like staging or team-a), got';

describe('the metrics labels environment and client', () => {
  it('are read from the profile', () => {
    const text =
      'name: a\nbaseUrl: http://h\nenvironment: prod-eu.1\nclient: team_a\nscenarios:\n  - { name: s, path: / }\nload: { preset: smoke }\n';
    const profile = expectProfile(parseProfile(text, { env: {} }));
    expect([profile.environment, profile.client]).toEqual(['prod-eu.1', 'team_a']);
  });

  it('are absent when neither the profile nor a flag gives them', () => {
    const profile = expectProfile(normalize(makeRawProfile()));
    expect('environment' in profile || 'client' in profile).toBe(false);
  });

  it('take the override (flag or input) over the profile', () => {
    const raw = { ...makeRawProfile(), environment: 'staging', client: 'web' };
    const profile = expectProfile(normalize(raw, { overrides: { environment: 'prod' } }));
    expect([profile.environment, profile.client]).toEqual(['prod', 'web']);
  });

  it.each([
    ['environment', 'prod eu', `${FORM} "prod eu"`],
    ['environment', '', `${FORM} ""`],
    // Long values are cut in the message.
    ['client', 'x'.repeat(65), `${FORM} "${'x'.repeat(60)}…"`],
    ['client', 'a/b', `${FORM} "a/b"`],
    ['client', 7, `${FORM} 7`],
  ])('refuses %s %j at its path', (key, value, message) => {
    const issues = expectIssues(normalize({ ...makeRawProfile(), [key]: value }));
    expect(issues).toEqual([{ path: key, message }]);
  });

  it('refuses a bad override at the flag or input that gave it', () => {
    const issues = expectIssues(
      normalize(makeRawProfile(), {
        overrides: { environment: 'prod eu', client: 'a"b' },
        overrideLabels: { environment: 'input environment' },
      }),
    );
    expect(issues).toEqual([
      { path: 'input environment', message: `${FORM} "prod eu"` },
      { path: '--client', message: `${FORM} "a\\"b"` },
    ]);
  });

  it('are in the JSON schema with their pattern', () => {
    const properties = buildProfileJsonSchema().properties as Record<string, { pattern?: string }>;
    expect(properties.environment?.pattern).toBe('^[A-Za-z0-9._-]{1,64}$');
    expect(properties.client?.pattern).toBe('^[A-Za-z0-9._-]{1,64}$');
  });

  it('come from run --environment / --client as overrides', () => {
    const parsed = parseCliArgs(['run', 'p.yml', '--environment', 'staging', '--client=team-a']);
    expect(parsed.ok && parsed.cli.command === 'run' && parsed.cli.overrides).toEqual({
      environment: 'staging',
      client: 'team-a',
    });
  });

  it('come from the action inputs environment and client, trimmed', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', environment: ' staging ', client: '' });
    expect(parsed.ok && [parsed.config.environment, parsed.config.client]).toEqual([
      'staging',
      undefined,
    ]);
  });
});

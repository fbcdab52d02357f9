import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../src/core/profile/parse-profile.js';
import { chooseReadinessHeaders } from '../../../src/core/profile/readiness-headers.js';

function profileOf(text: string, env: Record<string, string> = {}) {
  const parsed = parseProfile(text, { env });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
}

describe('chooseReadinessHeaders', () => {
  it("sends the profile's default headers (env substituted), not a scenario's own or body headers", () => {
    const profile = profileOf(
      `name: shop
baseUrl: http://127.0.0.1:9
headers:
  X-Vercel-Protection-Bypass: \${BYPASS}
  accept: application/json
scenarios:
  - { name: list, path: /list, headers: { x-only-here: "1" } }
  - { name: buy, method: POST, path: /buy, json: { id: 1 } }
  - { name: page, path: /page, headers: { accept: text/html } }
load: { executor: constant-arrival-rate, rate: 1, duration: 1s }
`,
      { BYPASS: 'from-the-env' },
    );
    expect(chooseReadinessHeaders(profile)).toEqual({
      'x-vercel-protection-bypass': 'from-the-env',
    });
  });

  it('sends the Basic authorization of URL credentials, and explicit headers win by name', () => {
    const profile = profileOf(`name: shop
baseUrl: http://user:pass@127.0.0.1:9
headers: { x-team: a }
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 1, duration: 1s }
`);
    expect(chooseReadinessHeaders(profile)).toEqual({
      authorization: `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'x-team': 'a',
    });
    expect(
      chooseReadinessHeaders(profile, [
        { name: 'x-team', value: 'b' },
        { name: 'x-vercel-protection-bypass', value: 'explicit' },
      ]),
    ).toEqual({
      authorization: `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'x-team': 'b',
      'x-vercel-protection-bypass': 'explicit',
    });
  });

  it('leaves out a header filled per request', () => {
    const profile = profileOf(`name: shop
baseUrl: http://127.0.0.1:9
headers: { x-request-id: "\${random.uuid}", x-fixed: yes }
scenarios: [{ name: list, path: /list }]
load: { executor: constant-arrival-rate, rate: 1, duration: 1s }
`);
    expect(chooseReadinessHeaders(profile)).toEqual({ 'x-fixed': 'yes' });
  });
});

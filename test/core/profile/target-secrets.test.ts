// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the subject of these tests.
import { describe, expect, it } from 'vitest';
import { normalizeProfile } from '../../../src/core/profile/parse-profile.js';
import { buildQuickProfileInput } from '../../../src/core/profile/quick-profile.js';
import { maskQueryValues, maskUrlText } from '../../../src/core/profile/url-secrets.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('query values of the target are sent, never shown', () => {
  it('masks them in the quick profile’s scenario name and path template, and as secrets', () => {
    const raw = buildQuickProfileInput({
      target: 'http://127.0.0.1:8080/health?api_key=k3y-s3cret&page=20&verbose',
      rate: '10',
    });
    const profile = expectProfile(normalizeProfile(raw, { env: {} }));
    const [scenario] = profile.scenarios;
    expect(scenario).toMatchObject({
      name: 'GET /health?api_key=***&page=***&verbose',
      path: '/health?api_key=k3y-s3cret&page=20&verbose',
      pathTemplate: '/health?api_key=***&page=***&verbose',
    });
    expect(profile.secretValues).toEqual(['k3y-s3cret']);
  });

  it('warns, naming only the flag, that short query values cannot be masked in other output', () => {
    const raw = buildQuickProfileInput({ target: 'http://h/?page=20', rate: '10' });
    const result = normalizeProfile(raw, { env: {} });
    expect(result.ok && result.warnings).toEqual([
      '--target: a query value of the target is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
    ]);
  });

  it('masks values, not keys, and keeps empty ones', () => {
    expect(maskQueryValues('?a=1&b=&c&d=x%20y+z')).toEqual({
      masked: '?a=***&b=&c&d=***',
      values: ['1', 'x%20y+z', 'x y z'],
    });
    expect(maskQueryValues('')).toEqual({ masked: '', values: [] });
  });

  it('never echoes query values or credentials of a refused URL', () => {
    const raw = makeRawProfile();
    const issues = expectIssues(
      normalize(raw, { overrides: { target: 'http://user:hunter22@host/?api_key=abc123' } }),
    );
    expect(issues).toEqual([
      {
        path: '--target',
        message:
          'expected a URL without query or fragment (put those in scenario paths), got "http://***@host/?api_key=***"',
      },
    ]);
    expect(maskUrlText('ftp://u:p@h/x?k=v#f')).toBe('ftp://***@h/x?k=***#f');
  });
});

describe('credentials in the URL are sent as Basic auth and masked', () => {
  it('takes them from --target without a profile', () => {
    const raw = buildQuickProfileInput({
      target: 'http://ci-bot:pa%40ss-w0rd@127.0.0.1:9/x',
      rate: '1',
    });
    const profile = expectProfile(normalizeProfile(raw, { env: {} }));
    expect(profile.baseUrl).toBe('http://127.0.0.1:9');
    expect(profile.scenarios[0]?.headers.authorization).toBe(basic('ci-bot:pa@ss-w0rd'));
    expect(profile.secretValues).toEqual(
      expect.arrayContaining([
        'ci-bot:pa@ss-w0rd',
        'pa@ss-w0rd',
        'pa%40ss-w0rd',
        basic('ci-bot:pa@ss-w0rd').slice('Basic '.length),
      ]),
    );
    expect(JSON.stringify(profile.scenarios[0]?.name)).not.toContain('ci-bot');
  });

  it('takes them from a profile’s baseUrl, also through ${VAR}s, and from --target', () => {
    const raw = { ...makeRawProfile(), baseUrl: 'https://${USER}:${PASS}@shop.test/api' };
    const profile = expectProfile(normalize(raw, { env: { USER: 'me', PASS: 'zoë-secret' } }));
    expect(profile.baseUrl).toBe('https://shop.test/api');
    expect(profile.scenarios[0]?.headers.authorization).toBe(basic('me:zoë-secret'));
    expect(profile.secretValues).toContain('zoë-secret');
    const overridden = expectProfile(
      normalize(makeRawProfile(), { overrides: { target: 'http://tok3n-only@127.0.0.1:1' } }),
    );
    expect(overridden.baseUrl).toBe('http://127.0.0.1:1');
    expect(overridden.scenarios[0]?.headers.authorization).toBe(basic('tok3n-only:'));
    expect(overridden.secretValues).toContain('tok3n-only');
  });

  it('lets an authorization header of the profile win, and says so', () => {
    const raw = {
      ...makeRawProfile(),
      baseUrl: 'http://u:secret-pass@127.0.0.1:1',
      headers: { Authorization: 'Bearer ${T}' },
    };
    const result = normalize(raw, { env: { T: 'bearer-token' } });
    const profile = expectProfile(result);
    expect(profile.scenarios[0]?.headers.authorization).toBe('Bearer bearer-token');
    expect(result.ok && result.warnings).toEqual([
      'baseUrl: the credentials in the URL are not sent: headers.authorization is set and wins',
    ]);
  });

  it('sends them to scenarios without their own authorization header, naming the others', () => {
    const raw = {
      ...makeRawProfile(),
      baseUrl: 'http://u:secret-pass@127.0.0.1:1',
      scenarios: [
        { name: 'a', path: '/a' },
        { name: 'b', path: '/b', headers: { authorization: 'Bearer other-token' } },
      ],
    };
    const result = normalize(raw);
    const profile = expectProfile(result);
    expect(profile.scenarios.map((scenario) => scenario.headers.authorization)).toEqual([
      basic('u:secret-pass'),
      'Bearer other-token',
    ]);
    expect(result.ok && result.warnings).toEqual([
      'baseUrl: the credentials in the URL are not sent with scenarios[1]: an authorization header set in the profile wins',
    ]);
  });
});

describe('warnings about URL credentials name the flag they came from', () => {
  it('says --target for a profile-less run', () => {
    const raw = buildQuickProfileInput({ target: 'http://u:pw@127.0.0.1:9/', rate: '1' });
    const result = normalizeProfile(raw, { env: {} });
    expect(result.ok && result.warnings).toEqual([
      '--target: the password in the URL is too short to be masked safely (fewer than 4 characters), so its value is not masked in output',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkCaPem } from '../../../src/core/profile/connection-settings.js';
import { expectIssues, expectProfile, makeRawProfile, normalize } from './profile-fixtures.js';

function httpsProfile(fields: Record<string, unknown>) {
  return { ...makeRawProfile(), baseUrl: 'https://staging.example.test', ...fields };
}

describe('protocol, maxConcurrentStreams and tls', () => {
  it('defaults to HTTP/1.1 with no streams and no tls', () => {
    const profile = expectProfile(normalize(makeRawProfile()));
    expect(profile.protocol).toBe('http1');
    expect(profile.maxConcurrentStreams).toBeUndefined();
    expect(profile.tls).toBeUndefined();
  });

  it('gives http2 100 streams per connection unless told, and keeps tls.ca as a path', () => {
    const plain = expectProfile(normalize(httpsProfile({ protocol: 'http2' })));
    expect(plain.maxConcurrentStreams).toBe(100);
    const written = normalize(
      httpsProfile({ protocol: 'http2', maxConcurrentStreams: 8, tls: { ca: ' certs/ca.pem ' } }),
    );
    const profile = expectProfile(written);
    expect(profile.maxConcurrentStreams).toBe(8);
    expect(profile.tls).toEqual({ rejectUnauthorized: true, caPath: 'certs/ca.pem' });
    expect(written.ok && written.warnings).toEqual([]);
  });

  it('refuses http2 against an http:// target, explaining that h2 needs TLS', () => {
    const issues = expectIssues(normalize({ ...makeRawProfile(), protocol: 'http2' }));
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'protocol',
        message: expect.stringContaining('expected an https:// baseUrl with http2'),
      }),
    ]);
  });

  it('names each bad field with its expected form', () => {
    const issues = expectIssues(
      normalize(
        httpsProfile({
          protocol: 'h2',
          maxConcurrentStreams: 1001,
          tls: { rejectUnauthorized: 'no', ca: '', verify: true },
        }),
      ),
    );
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(byPath.protocol).toBe('expected http1 or http2, got "h2"');
    expect(byPath.maxConcurrentStreams).toBe(
      'expected a whole number of streams from 1 to 1000, got 1001',
    );
    expect(byPath['tls.rejectUnauthorized']).toBe('expected true or false, got "no"');
    expect(byPath['tls.ca']).toMatch(/^expected a path \(relative to the profile\) to a PEM file/);
    expect(byPath.tls).toMatch(/verify/);
  });

  it('refuses maxConcurrentStreams without http2', () => {
    const issues = expectIssues(normalize(httpsProfile({ maxConcurrentStreams: 10 })));
    expect(issues).toEqual([
      {
        path: 'maxConcurrentStreams',
        message: 'expected only with protocol: http2 (HTTP/1.1 sends one request per connection)',
      },
    ]);
  });

  it('warns when certificates are not checked, and when tls cannot apply', () => {
    const off = normalize(httpsProfile({ tls: { rejectUnauthorized: false } }));
    expect(expectProfile(off).tls).toEqual({ rejectUnauthorized: false });
    expect(off.ok && off.warnings).toEqual([
      expect.stringMatching(/^tls\.rejectUnauthorized is false: any certificate is accepted/),
    ]);
    const plain = normalize({ ...makeRawProfile(), tls: { ca: 'ca.pem' } });
    expect(plain.ok && plain.warnings).toEqual([
      'tls: has no effect: baseUrl is not an https:// URL',
    ]);
  });
});

describe('checkCaPem', () => {
  it('accepts a certificate block and refuses keys and other text', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(checkCaPem(pem)).toEqual({ ok: true, value: pem });
    expect(checkCaPem('-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n')).toEqual({
      ok: false,
      message:
        'expected a path (relative to the profile) to a PEM file with -----BEGIN CERTIFICATE----- blocks, got a PEM file without a CERTIFICATE block (PRIVATE KEY)',
    });
    expect(checkCaPem('hello').ok).toBe(false);
  });
});

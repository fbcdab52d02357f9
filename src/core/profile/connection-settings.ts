/**
 * `protocol`, `maxConcurrentStreams` and `tls` checked against each other and the base URL,
 * and the PEM check of a CA file's text (the app reads the file; this only judges its text).
 */
import type { InputIssue } from '../input/format-issues.js';
import type { Checked } from '../input/value-checks.js';
import type { RawProfile } from './schema.js';
import { CA_FILE_FORM, MAX_CONCURRENT_STREAMS } from './tls-schema.js';
import type { Profile } from './types.js';

/** The connection fields of a profile, with the problems and warnings found building them. */
export interface BuiltConnection {
  settings: Pick<Profile, 'protocol' | 'maxConcurrentStreams' | 'tls'>;
  issues: InputIssue[];
  warnings: string[];
}

/**
 * Builds the connection settings for `baseUrl` (already checked). HTTP/2 needs an https target:
 * undici negotiates h2 only by ALPN during the TLS handshake. `maxConcurrentStreams` is refused
 * without `protocol: http2` (it would silently do nothing); `tls` on an http target is a warning.
 */
export function buildConnectionSettings(written: RawProfile, baseUrl: string): BuiltConnection {
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  const protocol = written.protocol ?? 'http1';
  const https = baseUrl.toLowerCase().startsWith('https:');
  if (protocol === 'http2' && !https) {
    issues.push({
      path: 'protocol',
      message:
        'expected an https:// baseUrl with http2: HTTP/2 is negotiated during the TLS handshake (ALPN), so plain http:// targets are spoken to over HTTP/1.1; use https or protocol: http1',
    });
  }
  if (protocol !== 'http2' && written.maxConcurrentStreams !== undefined) {
    issues.push({
      path: 'maxConcurrentStreams',
      message: 'expected only with protocol: http2 (HTTP/1.1 sends one request per connection)',
    });
  }
  const tls = written.tls;
  if (tls !== undefined && !https) {
    warnings.push('tls: has no effect: baseUrl is not an https:// URL');
  }
  if (tls?.rejectUnauthorized === false) {
    warnings.push(
      'tls.rejectUnauthorized is false: any certificate is accepted, so the target is not authenticated; use tls.ca for a staging CA instead',
    );
  }
  const settings: BuiltConnection['settings'] = {
    protocol,
    ...(protocol === 'http2'
      ? { maxConcurrentStreams: written.maxConcurrentStreams ?? MAX_CONCURRENT_STREAMS.default }
      : {}),
    ...(tls === undefined
      ? {}
      : {
          tls: {
            rejectUnauthorized: tls.rejectUnauthorized ?? true,
            ...(tls.ca === undefined ? {} : { caPath: tls.ca.trim() }),
          },
        }),
  };
  return { settings, issues, warnings };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Accepts text holding at least one PEM certificate block (`-----BEGIN CERTIFICATE-----`);
 * DER files, keys alone and other text are refused with the expected form.
 */
export function checkCaPem(text: string): Checked<string> {
  if (PEM_CERTIFICATE.test(text)) return { ok: true, value: text };
  const found = text.includes('-----BEGIN ')
    ? `a PEM file without a CERTIFICATE block (${/-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? 'other'})`
    : 'a file that is not PEM text';
  return { ok: false, message: `expected ${CA_FILE_FORM}, got ${found}` };
}

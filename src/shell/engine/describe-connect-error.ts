import { classifyTransportError } from '../../core/stats/error-kind.js';

/**
 * A one-line, user-facing reason a target could not be reached, naming the kind and code; a
 * certificate the client does not trust gets the profile fields that fix it (`hasCa`: the
 * profile already names a `tls.ca`).
 */
export function describeConnectError(
  target: string,
  error: (Error & { code?: string }) | undefined,
  hasCa = false,
): string {
  if (!error) return `could not connect to ${target}`;
  const kind = classifyTransportError(error);
  const code = error.code ? ` (${error.code})` : '';
  const hint =
    kind !== 'tls'
      ? ''
      : hasCa
        ? `: ${error.message}; check that tls.ca holds the CA that signed the certificate`
        : `: ${error.message}; for a private or self-signed certificate set tls.ca to its CA's PEM file (or tls.rejectUnauthorized: false)`;
  return `could not connect to ${target}: ${kind.replace(/_/g, ' ')}${code}${hint}`;
}

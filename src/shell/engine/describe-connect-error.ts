import { classifyTransportError } from '../../core/stats/error-kind.js';

/** A one-line, user-facing reason a target could not be reached, naming the kind and code. */
export function describeConnectError(
  target: string,
  error: (Error & { code?: string }) | undefined,
): string {
  if (!error) return `could not connect to ${target}`;
  const kind = classifyTransportError(error).replace(/_/g, ' ');
  const code = error.code ? ` (${error.code})` : '';
  return `could not connect to ${target}: ${kind}${code}`;
}

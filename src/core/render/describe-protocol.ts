import type { LoadDescription } from '../result/types.js';

const PROTOCOL_NAMES = { http1: 'HTTP/1.1', http2: 'HTTP/2' } as const;

/**
 * The HTTP version part of a run's load line, or undefined for HTTP/1.1 runs (the default, not
 * worth a word). With `http2` it names the streams per connection and says when connections
 * negotiated anything else (a server that refused h2 by ALPN answers over HTTP/1.1).
 */
export function describeProtocol(load: LoadDescription): string | undefined {
  if (load.protocol !== 'http2') return undefined;
  const streams =
    load.maxConcurrentStreams === undefined
      ? ''
      : ` (${load.maxConcurrentStreams} streams/connection)`;
  const seen = load.protocolsSeen ?? [];
  const other = seen.filter((protocol) => protocol !== 'http2');
  if (other.length === 0) return `HTTP/2${streams}`;
  const negotiated = seen.map((protocol) => PROTOCOL_NAMES[protocol]).join(' and ');
  return `HTTP/2 asked${streams}, negotiated ${negotiated}`;
}

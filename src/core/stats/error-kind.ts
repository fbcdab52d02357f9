/**
 * Stable names for transport failures (no HTTP answer), counted separately in reports so a
 * reader can tell a slow server (timeout) from a crashing one (reset) or a missing one (refused).
 */
export const ERROR_KINDS = [
  'timeout',
  'connect_timeout',
  'connection_refused',
  'connection_reset',
  'dns',
  'tls',
  'protocol',
  'too_many_redirects',
  'aborted',
  // A journey step's answer lacked a value its `extract` asks for: the step fails, and nothing
  // is ever sent with an undefined value.
  'extract_failed',
  'other',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const KIND_BY_CODE: Record<string, ErrorKind> = {
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connect_timeout',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  ECONNABORTED: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  // Node's code for a certificate signed by a CA it does not trust (no "CERT" in it).
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'protocol',
  UND_ERR_INFO: 'protocol',
  // undici 7: response headers larger than its limit, or a body past maxResponseSize.
  UND_ERR_HEADERS_OVERFLOW: 'protocol',
  UND_ERR_RES_EXCEEDED_MAX_SIZE: 'protocol',
  UND_ERR_ABORTED: 'aborted',
  ABORT_ERR: 'aborted',
};

/**
 * Maps an error from the HTTP client or the OS to its kind; unknown codes are `other`.
 * A reply that is not valid HTTP/1.1 (bad chunk framing, a non-HTTP greeting, a bad status
 * line) is `protocol`: undici 7 reports these as `HTTPParserError`, usually with no `code` at
 * all (its llhttp error number does not map to a name), so the name is checked too.
 */
export function classifyTransportError(error: { code?: unknown; name?: unknown }): ErrorKind {
  const code = typeof error.code === 'string' ? error.code : '';
  const known = KIND_BY_CODE[code];
  if (known) return known;
  if (code.startsWith('HPE_') || error.name === 'HTTPParserError') return 'protocol';
  if (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))
    return 'tls';
  if (error.name === 'AbortError') return 'aborted';
  return 'other';
}

/** Kinds that mean the target is not there at all: a run that only sees these stops early. */
export function isUnreachableKind(kind: ErrorKind): boolean {
  return kind === 'connection_refused' || kind === 'dns' || kind === 'connect_timeout';
}

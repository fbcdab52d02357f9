import { describe, expect, it } from 'vitest';
import {
  classifyResponse,
  compileExpectation,
  ResponseClass,
} from '../../../src/core/stats/classify-response.js';
import { classifyTransportError, isUnreachableKind } from '../../../src/core/stats/error-kind.js';

describe('classifyResponse', () => {
  const ok2xx = compileExpectation({ status: [200, 201] });
  const blocked = compileExpectation({ status: [403], bodyIncludes: 'blocked' });
  it.each([
    [ok2xx, 200, undefined, ResponseClass.ok],
    [ok2xx, 201, undefined, ResponseClass.ok],
    [ok2xx, 503, undefined, ResponseClass.http5xx],
    [ok2xx, 404, undefined, ResponseClass.http4xx],
    [ok2xx, 302, undefined, ResponseClass.unexpectedStatus],
    [blocked, 403, 'request blocked by policy', ResponseClass.blocked],
    [blocked, 403, 'forbidden', ResponseClass.bodyMismatch],
    [blocked, 403, undefined, ResponseClass.bodyMismatch],
    [blocked, 200, 'blocked', ResponseClass.unexpectedStatus],
  ] as const)('%#: status %s → class %s', (expectation, status, body, expected) => {
    expect(classifyResponse(expectation, status, body)).toBe(expected);
  });
});

describe('classifyTransportError', () => {
  it.each([
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout'],
    [{ code: 'UND_ERR_BODY_TIMEOUT' }, 'timeout'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'connect_timeout'],
    [{ code: 'ECONNREFUSED' }, 'connection_refused'],
    [{ code: 'ECONNRESET' }, 'connection_reset'],
    [{ code: 'UND_ERR_SOCKET' }, 'connection_reset'],
    [{ code: 'EPIPE' }, 'connection_reset'],
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'HPE_INVALID_CONSTANT' }, 'protocol'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'tls'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls'],
    [{ name: 'AbortError' }, 'aborted'],
    [{ code: 'EWHATEVER' }, 'other'],
    [{}, 'other'],
  ] as const)('%o → %s', (error, kind) => {
    expect(classifyTransportError(error)).toBe(kind);
  });

  it('treats refused, DNS and connect timeouts as "not there"', () => {
    expect(
      ['connection_refused', 'dns', 'connect_timeout'].every((k) => isUnreachableKind(k as never)),
    ).toBe(true);
    expect(isUnreachableKind('timeout')).toBe(false);
    expect(isUnreachableKind('connection_reset')).toBe(false);
  });
});

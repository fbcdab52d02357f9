import { describe, expect, it } from 'vitest';
import {
  type CompiledExpectation,
  classifyResponse,
  compileExpectation,
  compileExpectations,
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

describe('compileExpectations', () => {
  it('shares one compiled form between equal expectations and keeps the others apart', () => {
    const compiled = compileExpectations([
      { status: [200] },
      { status: [403], bodyIncludes: 'blocked' },
      { status: [200] },
      { status: [403] },
      { status: [403], bodyIncludes: 'blocked' },
    ]);
    expect(compiled).toHaveLength(5);
    expect(compiled[2]).toBe(compiled[0]);
    expect(compiled[4]).toBe(compiled[1]);
    expect(new Set(compiled).size).toBe(3);
    expect(classifyResponse(compiled[0] as CompiledExpectation, 200, undefined)).toBe(
      ResponseClass.ok,
    );
    expect(classifyResponse(compiled[1] as CompiledExpectation, 403, 'nope')).toBe(
      ResponseClass.bodyMismatch,
    );
    expect(classifyResponse(compiled[3] as CompiledExpectation, 403, 'nope')).toBe(
      ResponseClass.blocked,
    );
  });

  it('keeps 20,000 default expectations to one status table', () => {
    const compiled = compileExpectations(Array.from({ length: 20_000 }, () => ({ status: [200] })));
    expect(new Set(compiled.map((c) => c.accepts)).size).toBe(1);
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

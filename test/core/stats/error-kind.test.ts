import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../../src/core/stats/error-kind.js';

/** What undici 7.x reports for broken replies, probed against raw node:net servers. */
describe('classifyTransportError: replies that are not HTTP', () => {
  it.each([
    ['bad chunk framing', { name: 'HTTPParserError', code: undefined }],
    ['a non-HTTP greeting', { name: 'HTTPParserError' }],
    [
      'a parser error with an llhttp code',
      { name: 'HTTPParserError', code: 'HPE_INVALID_CHUNK_SIZE' },
    ],
    [
      'oversized response headers',
      { name: 'HeadersOverflowError', code: 'UND_ERR_HEADERS_OVERFLOW' },
    ],
    ['a body past the size limit', { code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' }],
    ['a body shorter than content-length', { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' }],
  ])('%s → protocol', (_what, error) => {
    expect(classifyTransportError(error)).toBe('protocol');
  });

  it('keeps a connection closed mid-answer a reset, and unknown errors other', () => {
    expect(classifyTransportError({ name: 'SocketError', code: 'UND_ERR_SOCKET' })).toBe(
      'connection_reset',
    );
    expect(classifyTransportError({ name: 'Error' })).toBe('other');
  });
});

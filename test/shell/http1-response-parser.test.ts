import { describe, expect, it } from 'vitest';
import { classifyTransportError } from '../../src/core/stats/error-kind.js';
import {
  Http1ResponseParser,
  MAX_HEAD_BYTES,
  type ResponseHeaders,
} from '../../src/shell/engine/http1-response-parser.js';

interface Parsed {
  heads: { status: number; headers: ResponseHeaders }[];
  body: string;
  done: boolean;
  /** Bytes consumed of the last piece fed. */
  consumed: number;
  keepAlive: boolean;
  parser: Http1ResponseParser;
}

/** Feeds `reply` in pieces of `pieceBytes` (the whole at once by default). */
function parse(
  reply: string | Buffer,
  options: { pieceBytes?: number; head?: boolean; wantHeaders?: boolean } = {},
): Parsed {
  const bytes = typeof reply === 'string' ? Buffer.from(reply, 'latin1') : reply;
  const parser = new Http1ResponseParser();
  const parsed: Parsed = {
    heads: [],
    body: '',
    done: false,
    consumed: 0,
    keepAlive: true,
    parser,
  };
  parser.expect(
    {
      onHead: (status, headers) => parsed.heads.push({ status, headers }),
      onBody: (chunk) => {
        parsed.body += chunk.toString('latin1');
      },
    },
    options.head ?? false,
    options.wantHeaders ?? false,
  );
  const step = options.pieceBytes ?? bytes.length;
  for (let at = 0; at < bytes.length && !parser.done; at += step) {
    // Each piece lands in a scratch buffer that is overwritten afterwards, as reads do.
    const scratch = Buffer.alloc(step + 8, 0x58);
    const piece = bytes.subarray(at, at + step);
    piece.copy(scratch, 3);
    parsed.consumed = parser.execute(scratch, 3, 3 + piece.length) - 3;
    scratch.fill(0x58);
  }
  parsed.done = parser.done;
  parsed.keepAlive = parser.keepAlive;
  return parsed;
}

function parseError(reply: string, pieceBytes?: number): Error & { code?: string } {
  try {
    parse(reply, pieceBytes === undefined ? {} : { pieceBytes });
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('parsed without an error');
}

const OK = 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\n\r\nhello';
const CHUNKED =
  'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n' +
  '5;name=value\r\nhello\r\n' +
  '7\r\n, world\r\n' +
  'A\r\n0123456789\r\n' +
  '0\r\nx-trailer: 1\r\n\r\n';

describe('framing', () => {
  it('reads a content-length answer, whole or split at every byte', () => {
    for (const pieceBytes of [undefined, 1, 2, 7]) {
      const parsed = parse(OK, pieceBytes === undefined ? {} : { pieceBytes });
      expect(parsed.heads.map((h) => h.status)).toEqual([200]);
      expect(parsed.body).toBe('hello');
      expect(parsed.done).toBe(true);
      expect(parsed.keepAlive).toBe(true);
    }
  });

  it('decodes chunks with extensions and trailers, split anywhere', () => {
    for (const pieceBytes of [undefined, 1, 3, 16]) {
      const parsed = parse(CHUNKED, pieceBytes === undefined ? {} : { pieceBytes });
      expect(parsed.body).toBe('hello, world0123456789');
      expect(parsed.done).toBe(true);
    }
  });

  it('reads a body without length until the server closes, and never reuses that connection', () => {
    const parsed = parse('HTTP/1.1 200 OK\r\n\r\nstream of bytes');
    expect(parsed.body).toBe('stream of bytes');
    expect(parsed.done).toBe(false);
    expect(parsed.parser.endOfStream()).toBe(true);
    expect(parsed.parser.keepAlive).toBe(false);
  });

  it('a close before the answer is complete does not complete it', () => {
    const parsed = parse('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhalf');
    expect(parsed.done).toBe(false);
    expect(parsed.parser.endOfStream()).toBe(false);
    expect(parse('HTTP/1.1 200 OK\r\ncont').parser.endOfStream()).toBe(false);
  });

  it('has no body for HEAD, 204, 304 and a zero length, whatever the headers say', () => {
    expect(parse(OK, { head: true })).toMatchObject({
      done: true,
      body: '',
      consumed: OK.indexOf('\r\n\r\n') + 4,
    });
    for (const status of ['204 No Content', '304 Not Modified']) {
      const parsed = parse(`HTTP/1.1 ${status}\r\ncontent-length: 5\r\n\r\nhello`);
      expect(parsed).toMatchObject({ done: true, body: '' });
    }
    expect(parse('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n').done).toBe(true);
  });

  it('skips interim answers and reports the final one only', () => {
    const parsed = parse(
      `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n${OK}`,
      {
        pieceBytes: 5,
      },
    );
    expect(parsed.heads.map((h) => h.status)).toEqual([200]);
    expect(parsed.body).toBe('hello');
  });

  it('stops at the end of the answer: bytes after it are not consumed', () => {
    const parsed = parse(`${OK}HTTP/1.1 200 OK\r\n`);
    expect(parsed.done).toBe(true);
    expect(parsed.consumed).toBe(OK.length);
  });

  it('takes the framing from a final chunked coding only', () => {
    expect(parse(CHUNKED.replace('chunked', 'gzip, chunked')).body).toBe('hello, world0123456789');
    const untilClose = parse(CHUNKED.replace('chunked', 'chunked, gzip'));
    expect(untilClose.done).toBe(false);
    expect(untilClose.body.startsWith('5;name=value')).toBe(true);
  });
});

describe('keep-alive', () => {
  it('keeps HTTP/1.1 open unless the server says close; HTTP/1.0 only when it says keep-alive', () => {
    expect(parse(OK.replace('content-type', 'connection: close\r\ncontent-type')).keepAlive).toBe(
      false,
    );
    expect(parse(OK.replace('content-type', 'Connection: Upgrade, CLOSE\r\nx')).keepAlive).toBe(
      false,
    );
    expect(parse(OK.replace('HTTP/1.1', 'HTTP/1.0')).keepAlive).toBe(false);
    expect(
      parse(
        OK.replace('HTTP/1.1', 'HTTP/1.0').replace('content-type', 'connection: keep-alive\r\nx'),
      ).keepAlive,
    ).toBe(true);
  });

  it("reads the server's idle timeout from keep-alive: timeout=N", () => {
    const parsed = parse(OK.replace('content-type', 'Keep-Alive: max=100, timeout=5\r\nx'));
    expect(parsed.parser.keepAliveTimeoutMs).toBe(5000);
    expect(parse(OK).parser.keepAliveTimeoutMs).toBe(0);
    const spaced = parse(OK.replace('content-type', 'keep-alive: max=5,TIMEOUT = 7\r\nx'));
    expect(spaced.parser.keepAliveTimeoutMs).toBe(7000);
    const garbled = parse(OK.replace('content-type', 'keep-alive: timeout=soon\r\nx'));
    expect(garbled.parser.keepAliveTimeoutMs).toBe(0);
  });
});

describe('headers', () => {
  const reply =
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Id:  42 \r\nset-cookie: b=2\r\ncontent-length: 0\r\n\r\n';

  it('builds them only when asked, or for a redirect', () => {
    expect(parse(reply).heads[0]?.headers).toEqual({});
    expect(parse(reply, { wantHeaders: true }).heads[0]?.headers).toEqual({
      'set-cookie': ['a=1', 'b=2'],
      'x-id': '42',
      'content-length': '0',
    });
    const redirect = parse('HTTP/1.1 302 Found\r\nLocation: /next\r\ncontent-length: 0\r\n\r\n');
    expect(redirect.heads[0]?.headers).toEqual({ location: '/next', 'content-length': '0' });
  });

  it('reads values as UTF-8, as undici does', () => {
    const bytes = Buffer.concat([
      Buffer.from('HTTP/1.1 200 OK\r\nx-name: '),
      Buffer.from('café'),
      Buffer.from('\r\ncontent-length: 0\r\n\r\n'),
    ]);
    expect(parse(bytes, { wantHeaders: true }).heads[0]?.headers['x-name']).toBe('café');
  });
});

describe('what is not HTTP/1.x is a protocol error', () => {
  const cases: [string, string, string][] = [
    ['another protocol greets', 'SSH-2.0-OpenSSH_9.6\r\n', 'HPE_INVALID_CONSTANT'],
    ['HTTP/2 preface bytes', 'HTTP/2 200\r\n\r\n', 'HPE_INVALID_CONSTANT'],
    ['a status that is not 3 digits', 'HTTP/1.1 20 OK\r\n\r\n', 'HPE_INVALID_STATUS'],
    ['a header without colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a space before the colon', 'HTTP/1.1 200 OK\r\nx-a : 1\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN'],
    ['a bare LF', 'HTTP/1.1 200 OK\nx-a: 1\r\n\r\n', 'HPE_CR_EXPECTED'],
    [
      'a length that is not a number',
      'HTTP/1.1 200 OK\r\ncontent-length: 5x\r\n\r\n',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    [
      'two different lengths',
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!',
      'HPE_INVALID_CONTENT_LENGTH',
    ],
    [
      'a length next to chunked',
      'HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n',
      'HPE_UNEXPECTED_CONTENT_LENGTH',
    ],
    [
      'a chunk size that is not hexadecimal',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n',
      'HPE_STRICT',
    ],
    [
      'a chunk size past 2^53',
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n',
      'HPE_INVALID_CHUNK_SIZE',
    ],
    [
      'a switch of protocols nobody asked for',
      'HTTP/1.1 101 Switching\r\n\r\n',
      'HPE_PAUSED_UPGRADE',
    ],
  ];

  it.each(cases)('%s', (_name, reply, code) => {
    for (const pieceBytes of [undefined, 1]) {
      const error = parseError(reply, pieceBytes);
      expect(error.name).toBe('HTTPParserError');
      expect(error.code).toBe(code);
      expect(classifyTransportError(error)).toBe('protocol');
    }
  });

  it('fails at the first byte of a greeting that is not HTTP, without waiting for a line end', () => {
    expect(parseError('SSH-').code).toBe('HPE_INVALID_CONSTANT');
  });

  it(`refuses a head past ${MAX_HEAD_BYTES} bytes, whole or in pieces, as undici does`, () => {
    const reply = `HTTP/1.1 200 OK\r\nx-padding: ${'a'.repeat(100_000)}\r\ncontent-length: 2\r\n\r\nok`;
    for (const pieceBytes of [undefined, 4096]) {
      const error = parseError(reply, pieceBytes);
      expect(error.code).toBe('UND_ERR_HEADERS_OVERFLOW');
      expect(classifyTransportError(error)).toBe('protocol');
    }
    // An unfinished head fails as soon as it is past the limit, not at its end.
    expect(parseError(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(MAX_HEAD_BYTES)}`).code).toBe(
      'UND_ERR_HEADERS_OVERFLOW',
    );
  });
});

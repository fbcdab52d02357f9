/**
 * An incremental HTTP/1.1 response parser for the plain-HTTP pool (`plain-http1-pool.ts`).
 * It reads exactly what a load generator needs, the status, the framing (content-length,
 * chunked, until close), `connection`/`keep-alive`, and builds the header object only when
 * asked, so a response costs a few byte comparisons instead of a string per header. It is
 * strict where undici's llhttp is strict: anything that is not HTTP/1.x framing is an error
 * undici's own `HTTPParserError` with llhttp's code (counted as `protocol`), never a guess.
 *
 * Threats it stands against: a server that is not HTTP at all (error at the first byte that
 * differs from `HTTP/1.`), a header block that never ends (error past `maxHeadBytes`, as
 * undici's 16 KiB), ambiguous framing (content-length with chunked, or two different
 * content-lengths: request smuggling's tools), chunk sizes that are not hexadecimal or overflow.
 */

import { errors } from 'undici';

/** Response headers as undici hands them over: lower-case names, repeated ones as arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** Where a parsed response goes. `chunk`s are views of the caller's buffer: copy to keep. */
export interface ResponseSink {
  /** The final answer's head (1xx interim answers are skipped). `headers` is an empty
   * object unless the parser was asked for headers or the status is a redirect (3xx). */
  onHead(status: number, headers: ResponseHeaders): void;
  onBody(chunk: Buffer): void;
}

/** undici's (and Node's) default cap on a response head. */
export const MAX_HEAD_BYTES = 16 * 1024;
/** 2^53: a chunk size past it cannot be counted exactly. */
const MAX_CHUNK_SIZE = Number.MAX_SAFE_INTEGER;

const CR = 13;
const LF = 10;
const SP = 32;
const HTAB = 9;
const COLON = 58;
const PREFIX = Buffer.from('HTTP/1.', 'latin1');
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY_HEADERS: ResponseHeaders = Object.freeze({}) as ResponseHeaders;

enum State {
  /** No request outstanding: any byte is unsolicited. */
  Idle,
  Head,
  /** `remaining` bytes of a content-length body. */
  Length,
  /** A body that ends when the server closes. */
  UntilClose,
  ChunkSize,
  /** After a chunk size's extension: skipping to its LF. */
  ChunkExtension,
  ChunkSizeLf,
  ChunkData,
  ChunkDataCr,
  ChunkDataLf,
  /** After the last chunk: trailer lines until an empty one. */
  TrailerLineStart,
  TrailerLine,
  TrailerEndLf,
  Done,
}

/** How the body of the head just parsed is framed. */
enum Framing {
  None,
  Length,
  Chunked,
  UntilClose,
}

/**
 * One connection's parser. `expect()` before each request; `execute()` with each read;
 * `done` turns true when the answer is complete (the caller then settles the request), and
 * `endOfStream()` when the server closes.
 */
export class Http1ResponseParser {
  private state = State.Idle;
  private sink: ResponseSink | undefined;
  private headRequest = false;
  private wantHeaders = false;
  /** Bytes of a head split over reads, copied (reads land in a buffer reused for the next). */
  private partialHead: Buffer | undefined;
  private remaining = 0;
  private chunkSizeDigits = 0;
  /** Whether the connection may carry the next request once this answer is complete. */
  keepAlive = true;
  /** The idle time the server announced (`keep-alive: timeout=N`), in ms; 0 when it did not. */
  keepAliveTimeoutMs = 0;
  /** The answer's status (0 before its head). */
  status = 0;

  constructor(private readonly maxHeadBytes = MAX_HEAD_BYTES) {}

  /** Ready for the answer to a request; `headRequest`: a HEAD, whose answer has no body. */
  expect(sink: ResponseSink, headRequest: boolean, wantHeaders: boolean): void {
    this.sink = sink;
    this.headRequest = headRequest;
    this.wantHeaders = wantHeaders;
    this.state = State.Head;
    this.partialHead = undefined;
    this.status = 0;
    this.keepAlive = true;
  }

  /** The answer is complete. */
  get done(): boolean {
    return this.state === State.Done;
  }

  /** Whether any byte of the answer has arrived (a close before that is a reset). */
  get started(): boolean {
    return this.status !== 0 || this.partialHead !== undefined || this.state !== State.Head;
  }

  /** Drops the sink after the answer was settled. */
  release(): void {
    this.state = State.Idle;
    this.sink = undefined;
    this.partialHead = undefined;
  }

  /**
   * Parses `data[start, end)`.
   * @returns the index after the last byte consumed: below `end` only when the answer
   *   completed there (the rest belongs to nobody) or when parsing failed.
   * @throws undici's HTTPParserError or HeadersOverflowError on bytes that are not an
   *   HTTP/1.x answer.
   */
  execute(data: Buffer, start: number, end: number): number {
    let pos = start;
    while (pos < end) {
      switch (this.state) {
        case State.Head:
          pos = this.readHead(data, pos, end);
          break;
        case State.Length:
        case State.ChunkData: {
          const take = Math.min(this.remaining, end - pos);
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = this.state === State.Length ? State.Done : State.ChunkDataCr;
          }
          this.sink?.onBody(data.subarray(pos, pos + take));
          pos += take;
          break;
        }
        case State.UntilClose:
          this.sink?.onBody(data.subarray(pos, end));
          pos = end;
          break;
        case State.Done:
        case State.Idle:
          return pos;
        default:
          this.readChunkFraming(data[pos] as number);
          pos++;
      }
      // A sink that settled the request released the parser (Idle): stop there.
      if ((this.state as State) === State.Done || (this.state as State) === State.Idle) return pos;
    }
    return pos;
  }

  /**
   * The server closed the connection.
   * @returns true when that completes the answer (a body framed by the close); false when
   *   the answer was cut short or never came.
   */
  endOfStream(): boolean {
    if (this.state === State.UntilClose) {
      this.state = State.Done;
      this.keepAlive = false;
      return true;
    }
    return this.state === State.Done;
  }

  private readHead(data: Buffer, start: number, end: number): number {
    const partial = this.partialHead;
    if (partial === undefined) {
      checkPrefix(data, start, end, 0);
      const headEnd = data.indexOf(HEAD_END, start);
      if (headEnd >= 0 && headEnd < end) {
        if (headEnd + 4 - start > this.maxHeadBytes) throw overflow();
        this.parseHead(data, start, headEnd);
        return headEnd + 4;
      }
      if (end - start > this.maxHeadBytes) throw overflow();
      this.partialHead = Buffer.from(data.subarray(start, end));
      return end;
    }
    // Rare: a head split over reads. Search from 3 bytes back, the end may straddle.
    checkPrefix(data, start, end, partial.length);
    const joined = Buffer.concat([partial, data.subarray(start, end)]);
    const headEnd = joined.indexOf(HEAD_END, Math.max(0, partial.length - 3));
    if (headEnd < 0) {
      if (joined.length > this.maxHeadBytes) throw overflow();
      this.partialHead = joined;
      return end;
    }
    if (headEnd + 4 > this.maxHeadBytes) throw overflow();
    this.partialHead = undefined;
    this.parseHead(joined, 0, headEnd);
    return start + (headEnd + 4 - partial.length);
  }

  /** Parses the head in `data[start, headEnd)` (the CRLFCRLF excluded) and sets the framing. */
  private parseHead(data: Buffer, start: number, headEnd: number): void {
    // "HTTP/1.x SSS" with x a digit; the reason phrase is optional and ignored.
    const minor = (data[start + 7] as number) - 48;
    if (minor < 0 || minor > 9 || data[start + 8] !== SP) {
      throw parserError('Invalid HTTP version', 'HPE_INVALID_VERSION');
    }
    const status = readStatus(data, start + 9);
    const afterStatus = data[start + 12];
    if (status < 0 || (afterStatus !== SP && afterStatus !== CR)) {
      throw parserError('Invalid status code', 'HPE_INVALID_STATUS');
    }
    let contentLength = -1;
    let chunked = false;
    let transferEncoding = false;
    let close = false;
    let keepAliveToken = false;
    let keepAliveTimeoutMs = 0;
    const wantHeaders = this.wantHeaders || (status >= 300 && status < 400);
    const headers: ResponseHeaders | undefined = wantHeaders ? {} : undefined;

    let line = data.indexOf(LF, start) + 1;
    if (data[line - 2] !== CR) throw missingCr();
    while (line < headEnd) {
      // Every line ends in CRLF; the last one's is the first half of the head's end.
      const lf = data.indexOf(LF, line);
      if (data[lf - 1] !== CR) throw missingCr();
      const lineEnd = lf - 1;
      const colon = data.indexOf(COLON, line);
      if (colon <= line || colon > lineEnd || !isToken(data, line, colon)) {
        throw parserError('Invalid header token', 'HPE_INVALID_HEADER_TOKEN');
      }
      let valueStart = colon + 1;
      while (valueStart < lineEnd && isSpace(data[valueStart] as number)) valueStart++;
      let valueEnd = lineEnd;
      while (valueEnd > valueStart && isSpace(data[valueEnd - 1] as number)) valueEnd--;
      const nameLength = colon - line;
      if (nameLength === 14 && equalsLower(data, line, CONTENT_LENGTH)) {
        const length = readDecimal(data, valueStart, valueEnd);
        if (length < 0 || (contentLength >= 0 && length !== contentLength)) {
          throw parserError('Invalid content-length', 'HPE_INVALID_CONTENT_LENGTH');
        }
        contentLength = length;
      } else if (nameLength === 17 && equalsLower(data, line, TRANSFER_ENCODING)) {
        transferEncoding = true;
        // Only a final `chunked` frames the body; anything else reads until the close.
        chunked = endsWithToken(data, valueStart, valueEnd, CHUNKED);
      } else if (nameLength === 10 && equalsLower(data, line, CONNECTION)) {
        if (hasToken(data, valueStart, valueEnd, CLOSE)) close = true;
        if (hasToken(data, valueStart, valueEnd, KEEP_ALIVE)) keepAliveToken = true;
      } else if (nameLength === 10 && equalsLower(data, line, KEEP_ALIVE)) {
        keepAliveTimeoutMs = readKeepAliveTimeoutMs(data, valueStart, valueEnd);
      }
      if (headers !== undefined) {
        addHeader(
          headers,
          data.toString('latin1', line, colon).toLowerCase(),
          data.toString('utf8', valueStart, valueEnd),
        );
      }
      line = lf + 1;
    }
    if (transferEncoding && contentLength >= 0) {
      throw parserError(
        "Content-Length can't be present with Transfer-Encoding",
        'HPE_UNEXPECTED_CONTENT_LENGTH',
      );
    }

    if (status < 200) {
      // 101 would switch protocols, which no request of ours asks for.
      if (status === 101) throw parserError('Unexpected upgrade', 'HPE_PAUSED_UPGRADE');
      return; // An interim answer (100, 103): the final one follows on the same head state.
    }
    this.status = status;
    this.keepAlive = minor === 0 ? keepAliveToken && !close : !close;
    this.keepAliveTimeoutMs = keepAliveTimeoutMs;
    const framing =
      this.headRequest || status === 204 || status === 304
        ? Framing.None
        : chunked
          ? Framing.Chunked
          : contentLength >= 0
            ? contentLength === 0
              ? Framing.None
              : Framing.Length
            : Framing.UntilClose;
    switch (framing) {
      case Framing.None:
        this.state = State.Done;
        break;
      case Framing.Length:
        this.remaining = contentLength;
        this.state = State.Length;
        break;
      case Framing.Chunked:
        this.remaining = 0;
        this.chunkSizeDigits = 0;
        this.state = State.ChunkSize;
        break;
      case Framing.UntilClose:
        this.keepAlive = false;
        this.state = State.UntilClose;
    }
    // Last: the sink may settle the request (an abort) and release this parser.
    this.sink?.onHead(status, headers ?? EMPTY_HEADERS);
  }

  /** One byte of chunked framing (sizes, CRLFs, trailers); data runs are read in bulk. */
  private readChunkFraming(byte: number): void {
    switch (this.state) {
      case State.ChunkSize: {
        const digit = hexValue(byte);
        if (digit >= 0) {
          this.remaining = this.remaining * 16 + digit;
          this.chunkSizeDigits++;
          if (this.remaining > MAX_CHUNK_SIZE) {
            throw parserError('Chunk size overflow', 'HPE_INVALID_CHUNK_SIZE');
          }
          return;
        }
        if (this.chunkSizeDigits === 0) {
          throw parserError('Invalid character in chunk size', 'HPE_INVALID_CHUNK_SIZE');
        }
        if (byte === CR) this.state = State.ChunkSizeLf;
        else if (byte === 59 /* ; */ || byte === SP || byte === HTAB) {
          this.state = State.ChunkExtension;
        } else {
          throw parserError('Invalid character in chunk size', 'HPE_INVALID_CHUNK_SIZE');
        }
        return;
      }
      case State.ChunkExtension:
        if (byte === CR) this.state = State.ChunkSizeLf;
        else if (byte === LF) {
          throw parserError('Missing expected CR after chunk extension', 'HPE_STRICT');
        }
        return;
      case State.ChunkSizeLf:
        if (byte !== LF) {
          throw parserError('Missing expected LF after chunk size', 'HPE_LF_EXPECTED');
        }
        if (this.remaining === 0) this.state = State.TrailerLineStart;
        else this.state = State.ChunkData;
        return;
      case State.ChunkDataCr:
        if (byte !== CR) {
          throw parserError('Expected CRLF after chunk data', 'HPE_STRICT');
        }
        this.state = State.ChunkDataLf;
        return;
      case State.ChunkDataLf:
        if (byte !== LF) {
          throw parserError('Expected LF after chunk data', 'HPE_LF_EXPECTED');
        }
        this.chunkSizeDigits = 0;
        this.state = State.ChunkSize;
        return;
      case State.TrailerLineStart:
        this.state = byte === CR ? State.TrailerEndLf : State.TrailerLine;
        return;
      case State.TrailerLine:
        if (byte === LF) this.state = State.TrailerLineStart;
        return;
      case State.TrailerEndLf:
        if (byte !== LF) {
          throw parserError('Missing expected LF after trailers', 'HPE_LF_EXPECTED');
        }
        this.state = State.Done;
        return;
      default:
        return;
    }
  }
}

function missingCr(): Error {
  return parserError('Missing expected CR before LF', 'HPE_CR_EXPECTED');
}

function overflow(): Error {
  return new errors.HeadersOverflowError();
}

/** undici's parser error; it prefixes `HPE_` to the code itself. */
function parserError(message: string, code: `HPE_${string}`): Error {
  // Typed as an UndiciError(message, options); at run time it is (message, code, data).
  const Construct = errors.HTTPParserError as unknown as new (m: string, c: string) => Error;
  return new Construct(message, code.slice(4));
}

/** Fails at the first byte that differs from `HTTP/1.` (a greeting of another protocol). */
function checkPrefix(data: Buffer, start: number, end: number, already: number): void {
  for (let i = already; i < PREFIX.length && start + i - already < end; i++) {
    if (data[start + i - already] !== PREFIX[i]) {
      throw parserError('Expected HTTP/', 'HPE_INVALID_CONSTANT');
    }
  }
}

/** Three decimal digits at `at`, 100–999; -1 otherwise. */
function readStatus(data: Buffer, at: number): number {
  const a = (data[at] as number) - 48;
  const b = (data[at + 1] as number) - 48;
  const c = (data[at + 2] as number) - 48;
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/** A non-empty run of decimal digits; -1 for anything else or a value past 2^53. */
function readDecimal(data: Buffer, start: number, end: number): number {
  if (start >= end) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (data[i] as number) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value > Number.MAX_SAFE_INTEGER ? -1 : value;
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function isSpace(byte: number): boolean {
  return byte === SP || byte === HTAB;
}

/** RFC 9110 token characters: a header name has nothing else (no spaces before the colon). */
function isToken(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (TOKEN_BYTES[data[i] as number] !== 1) return false;
  }
  return true;
}
/** 1 for each byte allowed in a token (visible ASCII but the separators), by byte value. */
const TOKEN_BYTES = new Uint8Array(256);
for (let byte = 33; byte < 127; byte++) {
  if (!'"(),/:;<=>?@[\\]{}'.includes(String.fromCharCode(byte))) TOKEN_BYTES[byte] = 1;
}

const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding', 'latin1');
const CONNECTION = Buffer.from('connection', 'latin1');
const KEEP_ALIVE = Buffer.from('keep-alive', 'latin1');
const CLOSE = Buffer.from('close', 'latin1');
const CHUNKED = Buffer.from('chunked', 'latin1');

/** `data` at `at` equals the lower-case ASCII `word`, ignoring case (`| 0x20` is exact for
 * letters, and leaves `-` as it is; header names here hold nothing else). */
function equalsLower(data: Buffer, at: number, word: Buffer): boolean {
  for (let i = 0; i < word.length; i++) {
    if (((data[at + i] as number) | 0x20) !== word[i]) return false;
  }
  return true;
}

/** Whether the comma-separated list in `data[start, end)` holds `word` (any case). */
function hasToken(data: Buffer, start: number, end: number, word: Buffer): boolean {
  let item = start;
  while (item < end) {
    let itemEnd = data.indexOf(44 /* , */, item);
    if (itemEnd < 0 || itemEnd > end) itemEnd = end;
    let a = item;
    let b = itemEnd;
    while (a < b && isSpace(data[a] as number)) a++;
    while (b > a && isSpace(data[b - 1] as number)) b--;
    if (b - a === word.length && equalsLower(data, a, word)) return true;
    item = itemEnd + 1;
  }
  return false;
}

/** Whether the list's last item is `word` (a transfer-coding list ending in `chunked`). */
function endsWithToken(data: Buffer, start: number, end: number, word: Buffer): boolean {
  let b = end;
  while (b > start && isSpace(data[b - 1] as number)) b--;
  const a = b - word.length;
  if (a < start || !equalsLower(data, a, word)) return false;
  let before = a - 1;
  while (before >= start && isSpace(data[before] as number)) before--;
  return before < start || data[before] === 44;
}

const TIMEOUT = Buffer.from('timeout', 'latin1');

/**
 * `timeout=5, max=1000` → 5000; 0 when absent or not a number. Read from the bytes: Node's
 * servers send it with every answer, so a string and a regex per answer would show.
 */
function readKeepAliveTimeoutMs(data: Buffer, start: number, end: number): number {
  let item = start;
  while (item < end) {
    while (item < end && isSpace(data[item] as number)) item++;
    let at = item + TIMEOUT.length;
    if (at <= end && equalsLower(data, item, TIMEOUT)) {
      while (at < end && isSpace(data[at] as number)) at++;
      if (data[at] === 61 /* = */) {
        at++;
        while (at < end && isSpace(data[at] as number)) at++;
        let digitsEnd = at;
        while (
          digitsEnd < end &&
          (data[digitsEnd] as number) >= 48 &&
          (data[digitsEnd] as number) <= 57
        )
          digitsEnd++;
        const seconds = readDecimal(data, at, digitsEnd);
        return seconds < 0 ? 0 : seconds * 1000;
      }
    }
    const comma = data.indexOf(44, item);
    if (comma < 0 || comma >= end) return 0;
    item = comma + 1;
  }
  return 0;
}

function addHeader(headers: ResponseHeaders, name: string, value: string): void {
  const known = headers[name];
  if (known === undefined) headers[name] = value;
  else if (Array.isArray(known)) known.push(value);
  else headers[name] = [known, value];
}

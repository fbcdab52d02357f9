/**
 * A deliberately fast HTTP/1.1 keep-alive target on raw `node:net`: it answers every request
 * with one canned `200 OK` and never parses more than the header terminator. node:http spends
 * most of its time in parsing and object creation; here a request costs an `indexOf`, so on a
 * shared machine the generator, not the target, is what saturates first.
 *
 * Only bodiless requests (GET) are understood: a request is "everything up to \r\n\r\n".
 * `--json-body` answers a small JSON document instead of `ok`, for benchmarks that extract
 * values from responses.
 *
 * Run: node --import tsx bench/fast-target.ts [PORT] [--delay-ms N] [--json-body] [--exit-with-stdin]
 * Prints `{"port":N}` on stdout once listening on 127.0.0.1.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

const HEADER_END = Buffer.from('\r\n\r\n');
const JSON_BODY = '{"cart":{"id":"c-4711","items":[{"id":17,"qty":2}]},"token":"t0k3n"}';
function buildResponse(body: string): Buffer {
  const head = `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive`;
  const type = body.startsWith('{') ? '\r\ncontent-type: application/json' : '';
  return Buffer.from(`${head}${type}\r\n\r\n${body}`);
}
/** Responses for up to this many requests in one chunk are pre-built, so a burst is one write. */
const CACHED_BATCH = 64;
function buildBatches(response: Buffer): Buffer[] {
  return Array.from({ length: CACHED_BATCH + 1 }, (_, n) => Buffer.concat(Array(n).fill(response)));
}
let batches = buildBatches(buildResponse('ok'));

/**
 * Counts header terminators in a stream of chunks. `matched` carries how many bytes of
 * `\r\n\r\n` the previous chunk ended with, so a terminator split across chunks is found once.
 */
export class HeaderEndCounter {
  private matched = 0;

  /** @returns how many requests ended in this chunk. */
  countIn(chunk: Buffer): number {
    let count = 0;
    let from = 0;
    // Finish a terminator started in the previous chunk; on a mismatch restart in this chunk
    // (the pattern cannot straddle the boundary in any other way: its only border is "\r\n"
    // and a request line never starts with "\n").
    while (this.matched > 0 && from < chunk.length) {
      if (chunk[from] !== HEADER_END[this.matched]) {
        this.matched = 0;
        from = 0;
        break;
      }
      from++;
      this.matched++;
      if (this.matched === HEADER_END.length) {
        count++;
        this.matched = 0;
      }
    }
    let searchFrom = from;
    for (
      let at = chunk.indexOf(HEADER_END, searchFrom);
      at !== -1;
      at = chunk.indexOf(HEADER_END, searchFrom)
    ) {
      count++;
      searchFrom = at + HEADER_END.length;
    }
    if (this.matched === 0) this.matched = trailingPrefixLength(chunk, searchFrom);
    return count;
  }
}

/** Length of the longest suffix of `chunk[from..]` that is a proper prefix of `\r\n\r\n`. */
function trailingPrefixLength(chunk: Buffer, from: number): number {
  for (let len = Math.min(HEADER_END.length - 1, chunk.length - from); len > 0; len--) {
    if (HEADER_END.subarray(0, len).equals(chunk.subarray(chunk.length - len))) return len;
  }
  return 0;
}

function writeResponses(socket: Socket, count: number): void {
  if (socket.destroyed) return;
  let left = count;
  while (left > 0) {
    const n = Math.min(left, CACHED_BATCH);
    socket.write(batches[n] as Buffer);
    left -= n;
  }
}

/** Starts the target on 127.0.0.1; `delayMs` > 0 holds every answer back by that long. */
export function startFastTarget(port: number, delayMs = 0): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket) => {
    const counter = new HeaderEndCounter();
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      const count = counter.countIn(chunk);
      if (count === 0) return;
      if (delayMs > 0) setTimeout(writeResponses, delayMs, socket, count);
      else writeResponses(socket, count);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function readDelayMs(args: string[]): number {
  const at = args.indexOf('--delay-ms');
  return at === -1 ? 0 : Number(args[at + 1] ?? '0');
}

async function main(args: string[]): Promise<void> {
  const port = Number(args.find((a) => /^\d+$/.test(a)) ?? '0');
  if (args.includes('--json-body')) batches = buildBatches(buildResponse(JSON_BODY));
  const server = await startFastTarget(port, readDelayMs(args));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  // The parent owns our lifetime: stop when it says so or when it goes away.
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Spawned by a benchmark: its end closes our stdin, so even a parent killed outright
  // cannot leave us running. (Off by default: a shell's background job has no stdin.)
  if (args.includes('--exit-with-stdin')) process.stdin.on('end', stop).resume();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Reading request bodies for the test target server without unbounded memory. */
import type { IncomingMessage } from 'node:http';

/** Bodies are logged up to this many bytes; the rest is read and discarded. */
export const MAX_LOGGED_BODY_BYTES = 64 * 1024;

/**
 * Reads the whole request body and resolves with its first {@link MAX_LOGGED_BODY_BYTES} as
 * UTF-8 text. Never rejects: an aborted upload resolves with what arrived, because the server
 * has nobody to report the error to.
 */
export function readCappedBodyText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let keptByteCount = 0;
    const finish = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', (chunk: Buffer) => {
      const roomBytes = MAX_LOGGED_BODY_BYTES - keptByteCount;
      if (roomBytes <= 0) return;
      const kept = chunk.subarray(0, roomBytes);
      chunks.push(kept);
      keptByteCount += kept.length;
    });
    req.on('end', finish);
    req.on('error', finish);
  });
}

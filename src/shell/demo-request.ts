/** Reading the incoming request for the demo target, defensively: no input may crash a demo run. */
import type { IncomingMessage } from 'node:http';

/** Bodies beyond this are drained but refused: the demo never needs large uploads. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the whole request body as UTF-8. Resolves `undefined` when it exceeds
 * {@link MAX_BODY_BYTES} (drained anyway, so the kept-alive connection stays usable) or when the
 * upload was aborted.
 */
export function readRequestBodyText(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let byteCount = 0;
    req.on('data', (chunk: Buffer) => {
      byteCount += chunk.length;
      if (byteCount <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(byteCount <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined),
    );
    // An aborted upload gets no answer; resolving keeps the handler from hanging forever.
    req.on('error', () => resolve(undefined));
  });
}

/** A target such as `//[` is legal on the wire but not as a URL; it must not crash the server. */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://demo.invalid');
  } catch {
    return undefined;
  }
}

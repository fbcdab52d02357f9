import { NOT_UTF8_TEXT } from '../ports.js';

/** What a file that is not UTF-8 text looks like, for the message: UTF-16, binary (it holds
 * NUL bytes), or text in another 8-bit encoding such as Latin-1 or Windows-1252. */
export type NotUtf8Kind = 'utf-16' | 'binary' | 'other-encoding';

/** Thrown by `decodeUtf8Text`; `code` is the port's stable `NOT_UTF8_TEXT`. */
export class NotUtf8TextError extends Error {
  readonly code = NOT_UTF8_TEXT;
  constructor(
    readonly looksLike: NotUtf8Kind,
    readonly byteOffset: number,
  ) {
    super(`not UTF-8 text (looks like ${looksLike}, at byte ${byteOffset})`);
    this.name = 'NotUtf8TextError';
  }
}

/** UTF-16 text of mostly ASCII has a NUL in every other byte; one in four is plenty to say so. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  let evenNuls = 0;
  let oddNuls = 0;
  sample.forEach((byte, index) => {
    if (byte !== 0) return;
    if (index % 2 === 0) evenNuls++;
    else oddNuls++;
  });
  return Math.max(evenNuls, oddNuls) >= sample.length / 4;
}

/**
 * Decodes a file's bytes as UTF-8, dropping a leading byte-order mark. Fails with
 * `NotUtf8TextError` for a UTF-16 byte-order mark, invalid UTF-8, or NUL bytes (valid UTF-8,
 * but no profile or results file holds one: UTF-16 without a mark, or a binary file).
 */
export function decodeUtf8Text(bytes: Uint8Array): string {
  const [first, second] = bytes;
  if ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)) {
    throw new NotUtf8TextError('utf-16', 0);
  }
  let text: string;
  try {
    // ignoreBOM false (the default) removes a UTF-8 byte-order mark.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const kind = looksLikeUtf16(bytes) ? 'utf-16' : bytes.includes(0) ? 'binary' : 'other-encoding';
    throw new NotUtf8TextError(kind, firstBadByte(bytes));
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new NotUtf8TextError(looksLikeUtf16(bytes) ? 'utf-16' : 'binary', nul);
  return text;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstBadByte(bytes: Uint8Array): number {
  // Binary search on prefixes: a prefix decodes (in stream mode, where an unfinished sequence at
  // the end is no error) until it contains the bad byte. A fresh decoder each time: no state.
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      good = middle;
    } catch {
      bad = middle;
    }
  }
  // The prefix may end in the unfinished sequence that the next byte broke: point at its start.
  let lead = good;
  while (lead > 0 && good - lead < 3 && ((bytes[lead - 1] ?? 0) & 0xc0) === 0x80) lead--;
  const first = bytes[lead - 1] ?? 0;
  const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead > 0 && length > 1 && good - (lead - 1) < length ? lead - 1 : good;
}

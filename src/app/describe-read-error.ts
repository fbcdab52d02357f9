import { messageOf } from '../core/input/format-issues.js';
import { NOT_UTF8_TEXT } from '../ports.js';

/**
 * Says why a file could not be read, for an issue like `--baseline: cannot read x.json: …`:
 * the common OS codes in words, and files that are not UTF-8 text (with what to do about a
 * UTF-16 one, the default of Windows PowerShell's `>`). Other codes are shown as they are.
 */
export function describeReadError(error: unknown): string {
  const { code, looksLike, byteOffset } = (error ?? {}) as {
    code?: string;
    looksLike?: string;
    byteOffset?: number;
  };
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
      return 'permission denied';
    case NOT_UTF8_TEXT:
      if (looksLike === 'utf-16') return 'not UTF-8 text: it looks like UTF-16; save it as UTF-8';
      if (looksLike === 'binary') {
        return `not UTF-8 text: it looks like a binary file (byte ${byteOffset ?? 0})`;
      }
      return `not UTF-8 text: invalid UTF-8 at byte ${byteOffset ?? 0} (Latin-1 or Windows-1252?); save it as UTF-8`;
    default:
      return code ?? messageOf(error);
  }
}

/**
 * Says why a file could not be written, for `could not write x.md (EACCES)`: the OS code when
 * there is one (the short form every write warning uses), else the message.
 */
export function describeWriteError(error: unknown): string {
  return (error as { code?: string } | undefined)?.code ?? messageOf(error);
}

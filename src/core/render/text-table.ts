import { toTerminalText } from './terminal-text.js';

/**
 * A plain-text table for terminals and CI logs: columns padded to their widest cell, the first
 * column left-aligned (names), the others right-aligned (numbers). Cells hold user text (names),
 * so each is made inert and kept on its row with `toTerminalText`.
 */
export function renderTextTable(
  header: readonly string[],
  unsafeRows: readonly (readonly string[])[],
): string {
  const rows = unsafeRows.map((r) => r.map(toTerminalText));
  const widths = header.map((h, col) =>
    Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

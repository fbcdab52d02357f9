import { markdownTable } from 'markdown-table';
import { escapeTableCell } from './markdown-escape.js';

/**
 * Top-level markdown blocks. A report is a list of blocks joined by blank lines, so the size
 * budget can drop or cut whole blocks and never lands inside a table or a fenced block.
 */

/** Opens the collapsed details section; a blank line must follow for markdown inside to render. */
export const DETAILS_OPEN = '<details><summary>Details</summary>';
export const DETAILS_CLOSE = '</details>';

/** Column alignment for `renderTable`: `l`eft, `r`ight, `c`enter. */
export type ColumnAlign = 'l' | 'r' | 'c';

/**
 * A GFM table. Cells must already be inert inline markdown (see `escapeText`); every `|` in
 * them is escaped here and line breaks become spaces, so each cell stays one cell.
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[] = [],
): string {
  const cells = [header, ...rows].map((row) => row.map(escapeTableCell));
  return markdownTable(cells, { align, alignDelimiters: false });
}

/** A tight bullet list, one item per line (items must be single-line inline markdown). */
export function renderBulletList(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** An italic one-sentence remark, e.g. what the size budget left out. */
export function renderRemark(sentence: string): string {
  return `_${sentence}_`;
}

/** Joins blocks with blank lines; the document ends with one newline. */
export function joinBlocks(blocks: readonly string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

/** The length `joinBlocks(blocks)` would have, without building it. */
export function measureBlocks(blocks: readonly string[]): number {
  if (blocks.length === 0) return 1;
  return blocks.reduce((sum, block) => sum + block.length, 0) + 2 * blocks.length - 1;
}

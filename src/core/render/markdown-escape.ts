/**
 * Making user-supplied text (profile and scenario names, categories, paths, error kinds, status
 * codes, rule sources) inert in GitHub-flavoured markdown: no HTML, no links or emphasis, no
 * pings, no issue references (`#123`, and `GH-123`, which GitHub links case-insensitively), no
 * broken tables or code spans, no control characters (C0, DEL, C1: an ESC or a line break would
 * otherwise reach whoever prints the report) and no bidirectional controls (an unterminated
 * U+202E reverses the rest of the line, so a reader sees other text than was written). Every
 * helper is total: any string in, safe text out.
 */

import { markdownTable } from 'markdown-table';
import { removeBidiControls } from '../input/terminal-text.js';

/** User text longer than this is cut (with `…`) so one name cannot blow the size budget. */
export const MAX_TEXT_CHARS = 200;

const ZERO_WIDTH_SPACE = '\u200B';
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Punctuation that can open emphasis, links, code, strikethrough, math, tables or escapes. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]~|$#]/g;

/**
 * Line breaks, tabs and other control characters (C0, DEL, C1) as single spaces: text stays on
 * its line. Bidi controls removed.
 */
function flattenWhitespace(text: string): string {
  return removeBidiControls(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '),
  );
}

/** At most `max` code points, the last one `…` when cut; never splits a surrogate pair. */
export function truncateText(text: string, max: number = MAX_TEXT_CHARS): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Plain inline text, inert anywhere a line of markdown goes (headings, list items, table cells,
 * paragraphs): `<`, `>`, `&` as entities; markdown punctuation backslash-escaped; a zero-width
 * space after `@` (no @mention, no e-mail link), after `#` and `GH-` before a digit (no issue
 * cross-reference) and inside `://` and `www.` (no bare-URL link); a leading list marker
 * escaped; line breaks and control characters as spaces; bidi controls removed; cut at
 * `maxLength` code points.
 */
export function escapeText(text: string, maxLength: number = MAX_TEXT_CHARS): string {
  return truncateText(flattenWhitespace(text), maxLength)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@(?=[\p{L}\p{N}])/gu, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/(?<![a-z\d])(gh-)(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}`)
    .replace(/:(?=\/\/)/g, `:${ZERO_WIDTH_SPACE}`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`)
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * A code span holding `text` verbatim (no escapes apply inside one, and mentions and HTML are
 * inert there): the fence is one backtick longer than the longest backtick run in the text,
 * padded with spaces when the text starts or ends with a backtick. Not for table cells: GitHub
 * and other parsers disagree on backslashes before `|` inside code in tables.
 */
export function formatCodeSpan(text: string, maxLength: number = MAX_TEXT_CHARS): string {
  const flat = truncateText(flattenWhitespace(text), maxLength);
  if (flat.trim() === '') return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * A table cell that stays one cell: every `|` not already escaped gets a backslash (a pipe is
 * escaped when an odd number of backslashes precede it), and line breaks become spaces.
 * Apply it to whole cells after their text was escaped with `escapeText`.
 */
export function escapeTableCell(cell: string): string {
  return flattenWhitespace(cell).replace(/(\\*)\|/g, (match, slashes: string) =>
    slashes.length % 2 === 1 ? match : `${slashes}\\|`,
  );
}

/**
 * Longest comment key kept: the action's `artifact-name` (the key) may be 200 characters, and a
 * shorter cut would give two names that differ only after it one comment.
 */
const MAX_COMMENT_KEY_CHARS = 200;

/**
 * The key of a hidden HTML comment (`<!-- loadgate:<key> -->`): letters, digits and `._:/-`
 * only, so no key can close the comment early or smuggle markup into the page; cut to
 * {@link MAX_COMMENT_KEY_CHARS}.
 */
export function sanitizeCommentKey(key: string): string {
  return key.replace(/[^A-Za-z0-9._:/-]/g, '-').slice(0, MAX_COMMENT_KEY_CHARS);
}

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

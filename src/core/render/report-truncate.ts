import { formatCount } from '../input/format-units.js';
import { DETAILS_CLOSE, DETAILS_OPEN, measureBlocks, renderRemark } from './markdown-blocks.js';

/** The size budget's last resort: cutting the end of a report, whole blocks at a time. */

/**
 * Whole blocks from the start while they fit, then a closing `</details>` when one is open, a
 * sentence saying the rest was cut, and the footer. Blocks are never split, so no table or
 * fenced block is cut in half. A details section that would be left empty is dropped.
 */
export function truncateBlocks(blocks: readonly string[], maxChars: number): string[] {
  const footer = blocks[blocks.length - 1] ?? '';
  const sentence = renderRemark(
    `The rest of this report was cut to keep it under ${formatCount(maxChars)} characters; the results file has everything.`,
  );
  const tail = (depth: number) => [...(depth > 0 ? [DETAILS_CLOSE] : []), sentence, footer];
  const kept: string[] = [];
  let used = 0;
  let depth = 0;
  for (const block of blocks.slice(0, -1)) {
    const nextDepth = depth + (block === DETAILS_OPEN ? 1 : block === DETAILS_CLOSE ? -1 : 0);
    if (used + block.length + 2 + measureBlocks(tail(nextDepth)) > maxChars) break;
    kept.push(block);
    used += block.length + 2;
    depth = nextDepth;
  }
  if (kept.at(-1) === DETAILS_OPEN) {
    kept.pop();
    depth -= 1;
  }
  return [...kept, ...tail(depth)];
}

/**
 * The absolute last resort, for a `maxChars` too small for even the head and the footer: cuts
 * text to `maxChars` UTF-16 units, never inside a surrogate pair, ending in a newline.
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}\n`;
}

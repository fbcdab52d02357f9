/**
 * The comment several loadgate jobs share (action input `comment-key`): a marker, a headline
 * summing up every section, the sections ordered by profile name, and a footer saying how the
 * comment is kept. See comment-sections.ts for the sections and shared-comment-budget.ts for
 * the size limit.
 */
import { formatCount } from '../input/format-units.js';
import type { Level } from '../rules/types.js';
import {
  type CommentSection,
  orderSections,
  renderSectionBlock,
  sectionAnchorId,
} from './comment-sections.js';
import { escapeText, formatCodeSpan, joinBlocks, renderBulletList } from './markdown-escape.js';
import { DEFAULT_MAX_CHARS } from './report.js';
import { cutText } from './report-budget.js';
import { renderCommentMarker } from './report-headline.js';
import { iconOfLevel } from './scenario-table.js';
import { describeCuts, fitSections } from './shared-comment-budget.js';

/** Worst first: the order of the headline's counts and links. */
const LEVELS_WORST_FIRST: readonly Level[] = ['fail', 'warn', 'pass'];

/**
 * `<!-- loadgate:group:perf -->`: the hidden line the shared comment is found by. An
 * artifact-name cannot hold `:`, so no per-profile comment's marker can equal it.
 */
export function renderSharedCommentMarker(groupKey: string): string {
  return renderCommentMarker(`group:${groupKey}`);
}

/** The worst level of the sections; `pass` when there are none. */
export function worstLevel(sections: readonly CommentSection[]): Level {
  return LEVELS_WORST_FIRST.find((l) => sections.some((s) => s.level === l)) ?? 'pass';
}

/**
 * The headline blocks: `## ❌ loadgate: fail — 3 profiles (1 fail, 1 warn, 1 pass)`, then one
 * line per profile, worst first (then by name), each linked to its section.
 */
export function renderSharedHeadline(
  groupKey: string,
  sections: readonly CommentSection[],
): string[] {
  const worst = worstLevel(sections);
  const counts = LEVELS_WORST_FIRST.flatMap((level) => {
    const n = sections.filter((s) => s.level === level).length;
    return n > 0 ? [`${formatCount(n)} ${level}`] : [];
  });
  const n = sections.length;
  const title = `${formatCount(n)} profile${n === 1 ? '' : 's'} (${counts.join(', ')})`;
  const ordered = orderSections(sections);
  const lines = LEVELS_WORST_FIRST.flatMap((level) =>
    ordered
      .filter((s) => s.level === level)
      .map(
        (s) =>
          `${iconOfLevel(level)} ${level}: [${escapeText(s.title, 100)}](#${sectionAnchorId(groupKey, s.key)})`,
      ),
  );
  return [`## ${iconOfLevel(worst)} loadgate: ${worst} — ${title}`, renderBulletList(lines)];
}

/** The last line: how the comment is kept, so readers know why it changes under them. */
function renderSharedFooter(groupKey: string): string {
  return (
    `<sub>One comment for every loadgate job of this pull request with comment-key ` +
    `${formatCodeSpan(groupKey, 64)}: each job updates only its own section, and a section is ` +
    'never replaced by an older run.</sub>'
  );
}

export interface SharedCommentInput {
  /** The action's `comment-key`. */
  groupKey: string;
  sections: readonly CommentSection[];
  /** Size limit (UTF-16 code units); default `DEFAULT_MAX_CHARS` (GitHub's limit less room). */
  maxChars?: number;
}

function assemble(groupKey: string, sections: readonly CommentSection[]): string {
  const ordered = orderSections(sections);
  return joinBlocks([
    renderSharedCommentMarker(groupKey),
    ...renderSharedHeadline(groupKey, ordered),
    ...ordered.map((s) => renderSectionBlock(groupKey, s)),
    renderSharedFooter(groupKey),
  ]);
}

/**
 * The shared comment: marker, headline, every section (by profile name), footer, within
 * `maxChars` (see `fitSections`); `notes` say what was cut, for the log.
 */
export function renderSharedComment(input: SharedCommentInput): {
  markdown: string;
  notes: string[];
} {
  const maxChars = input.maxChars ?? DEFAULT_MAX_CHARS;
  const fitted = fitSections(
    input.sections,
    (sections) => assemble(input.groupKey, sections).length,
    maxChars,
  );
  const markdown = assemble(input.groupKey, fitted.sections);
  const notes = describeCuts(fitted.cuts, maxChars);
  if (markdown.length > maxChars) notes.push('The shared comment was cut at its end to fit.');
  return { markdown: cutText(markdown, maxChars), notes };
}

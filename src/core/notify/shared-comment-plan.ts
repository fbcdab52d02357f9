/**
 * What a job does to the comment it shares with other jobs (action input `comment-key`), and
 * whether its write survived. GitHub has no conditional update for comments (no ETag or
 * If-Match on PATCH), so the shell runs read → plan → write → wait → read → check, and plans
 * again from the newer read when the check finds a section lost. The rules, pure:
 *
 * - The comment is the OLDEST of ours carrying the group marker; a newer one is a duplicate
 *   two jobs created at once. Its sections are merged into the oldest, and it is deleted once
 *   the oldest holds them.
 * - A section is replaced only by the same key from the same or a later run (run id, then
 *   attempt); an older run's section is refused (`stale`), never written.
 * - A write is checked against every section it carried: each must still be there, from the
 *   same run or a later one. One that is missing or older was erased by a writer that read
 *   before us: plan again from the newer read, which merges it back.
 */
import {
  type CommentSection,
  findLostSections,
  mergeSections,
  normalizeSectionKey,
  parseSections,
  upsertSection,
} from '../render/comment-sections.js';
import { renderSharedComment } from '../render/shared-comment.js';

/** A comment of ours carrying the group marker, as listed. */
export interface SharedCommentCopy {
  id: number;
  body: string;
}

export interface SharedSectionWrite {
  /** The action's `comment-key`. */
  groupKey: string;
  /** This job's section. */
  section: CommentSection;
  /** Size limit of the comment; default the report's. */
  maxChars?: number;
}

export type SharedWritePlan =
  /** The comment holds this key from a later run: nothing is written. */
  | { kind: 'stale'; commentId: number; current: CommentSection }
  /** The comment already says exactly this; only duplicates (already merged) remain to delete. */
  | {
      kind: 'unchanged';
      commentId: number;
      expected: CommentSection[];
      duplicateIds: number[];
    }
  /** Write `body` to comment `commentId`, or create the comment when undefined. */
  | {
      kind: 'write';
      commentId?: number;
      body: string;
      /** Every section the body carries, with its run: what the check looks for afterwards. */
      expected: CommentSection[];
      /** What the size budget cut, and sections that could not be read. */
      notes: string[];
    };

/** The comment (oldest, lowest id) and its duplicates. */
function splitCopies(copies: readonly SharedCommentCopy[]): {
  comment: SharedCommentCopy | undefined;
  duplicates: SharedCommentCopy[];
} {
  const [comment, ...duplicates] = [...copies].sort((a, b) => a.id - b.id);
  return { comment, duplicates };
}

/**
 * What to write, from the copies of the comment read just now (ours, with the group marker;
 * any order). The duplicates' sections are merged in, so nothing a racing job created is lost.
 */
export function planSharedWrite(
  copies: readonly SharedCommentCopy[],
  write: SharedSectionWrite,
): SharedWritePlan {
  const { comment, duplicates } = splitCopies(copies);
  const parsed = [comment, ...duplicates].flatMap((c) => (c ? [parseSections(c.body)] : []));
  const seen = mergeSections(parsed.map((p) => p.sections));
  const mine = { ...write.section, key: normalizeSectionKey(write.section.key) };
  const upserted = upsertSection(seen, mine);
  if (!upserted.ok) {
    return { kind: 'stale', commentId: comment?.id ?? 0, current: upserted.current };
  }
  const rendered = renderSharedComment({
    groupKey: write.groupKey,
    sections: upserted.sections,
    ...(write.maxChars !== undefined ? { maxChars: write.maxChars } : {}),
  });
  const unreadable = parsed.reduce((sum, p) => sum + p.unreadable, 0);
  const notes =
    unreadable > 0
      ? [
          ...rendered.notes,
          `Left out ${unreadable} section${unreadable === 1 ? '' : 's'} of the shared comment that could not be read (edited by hand?).`,
        ]
      : rendered.notes;
  if (comment && comment.body === rendered.markdown) {
    return {
      kind: 'unchanged',
      commentId: comment.id,
      expected: upserted.sections,
      duplicateIds: duplicates.map((d) => d.id),
    };
  }
  return {
    kind: 'write',
    ...(comment ? { commentId: comment.id } : {}),
    body: rendered.markdown,
    expected: upserted.sections,
    notes,
  };
}

export type SharedWriteCheck =
  /** Every section written is there (or newer); the duplicates may now be deleted. */
  | { ok: true; commentId: number; duplicateIds: number[] }
  /** Sections erased by a concurrent writer (or a comment gone): plan again from this read. */
  | { ok: false; lost: CommentSection[] };

/**
 * Whether a write survived, from the copies read after it: the comment (oldest) must hold each
 * expected section, and each section of a duplicate, from the same run or a later one.
 */
export function checkSharedWrite(
  copies: readonly SharedCommentCopy[],
  expected: readonly CommentSection[],
): SharedWriteCheck {
  const { comment, duplicates } = splitCopies(copies);
  if (!comment) return { ok: false, lost: [...expected] };
  const required = mergeSections([
    expected,
    ...duplicates.map((d) => parseSections(d.body).sections),
  ]);
  const lost = findLostSections(required, parseSections(comment.body).sections);
  return lost.length > 0
    ? { ok: false, lost }
    : { ok: true, commentId: comment.id, duplicateIds: duplicates.map((d) => d.id) };
}

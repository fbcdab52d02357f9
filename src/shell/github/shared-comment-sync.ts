/**
 * Writing one job's section of a shared comment (input `comment-key`) when other jobs may be
 * writing theirs at the same moment. GitHub's comment PATCH has no precondition (no ETag, no
 * If-Match), so this is optimistic read-modify-write with verification, in the spirit of
 * tachometer-reporter-action's cooperative lock: read, merge our section in, write, wait a
 * jittered moment, read again, and check that our section and every section we carried are
 * still there (from the same run or a later one). A writer that had read before our write
 * erases sections when it lands; the check sees that and we merge again from the newer read
 * and rewrite, at most `maxWrites` times. The decisions are core's (shared-comment-plan.ts).
 */
import {
  checkSharedWrite,
  planSharedWrite,
  type SharedCommentCopy,
  type SharedSectionWrite,
} from '../../core/notify/shared-comment-plan.js';
import type { SharedSectionResult } from '../../ports.js';
import { CommentError } from './comment-error.js';

/** A comment of ours carrying the group marker, with its page URL. */
export interface ListedComment extends SharedCommentCopy {
  url: string;
}

/** The comment API the sync needs, already narrowed to our comments with the group marker. */
export interface SharedCommentStore {
  /** Ours (author-checked) carrying the group marker, every page looked through. */
  list(): Promise<ListedComment[]>;
  create(body: string): Promise<ListedComment>;
  /** Rejects with a CommentError of kind `not-found` when the comment was deleted. */
  update(id: number, body: string): Promise<ListedComment>;
  remove(id: number): Promise<void>;
}

/** Waits and retries; tests pass their own `sleep` to order racing jobs. */
export interface SharedCommentTiming {
  /** Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  /** Writes at most before giving up; default 5. */
  maxWrites?: number;
  /** The wait between a write and its re-read is settleMs × (1 + random): default 1.5–3 s, longer
   * than a racing job's read-to-write span usually is, so its late write shows in our re-read. */
  settleMs?: number;
  /** After a lost section, wait backoffMs × write number × random before writing again
   * (default 1000 ms): racing jobs fall out of step. */
  backoffMs?: number;
}

export const DEFAULT_SHARED_TIMING = {
  maxWrites: 5,
  settleMs: 1500,
  backoffMs: 1000,
} as const;

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function urlOf(copies: readonly ListedComment[], id: number): string {
  return copies.find((c) => c.id === id)?.url ?? '';
}

/** Deletes duplicates whose sections the comment now holds; one already gone is fine. */
async function removeDuplicates(
  store: SharedCommentStore,
  ids: readonly number[],
  notes: string[],
): Promise<void> {
  for (const id of ids) {
    try {
      await store.remove(id);
    } catch (error) {
      if (error instanceof CommentError && error.kind === 'not-found') continue;
      notes.push(`Could not delete duplicate shared comment ${id}: ${String(error)}`);
    }
  }
}

/**
 * Puts `write.section` into the shared comment and returns once a re-read shows it (and
 * everything it carried) there, or once a later run's section is found (stale: nothing
 * written). Throws a CommentError of kind `conflict` after `maxWrites` writes that were each
 * undone by other jobs, and the store's errors as they come.
 */
export async function syncSharedSection(
  store: SharedCommentStore,
  write: SharedSectionWrite,
  timing: SharedCommentTiming = {},
): Promise<SharedSectionResult> {
  const sleep = timing.sleep ?? timerSleep;
  const random = timing.random ?? Math.random;
  const maxWrites = timing.maxWrites ?? DEFAULT_SHARED_TIMING.maxWrites;
  const settleMs = timing.settleMs ?? DEFAULT_SHARED_TIMING.settleMs;
  const backoffMs = timing.backoffMs ?? DEFAULT_SHARED_TIMING.backoffMs;
  const created = new Set<number>();
  const notes: string[] = [];
  let writes = 0;
  let copies = await store.list();
  const actionFor = (id: number) => (created.has(id) ? 'created' : 'updated');
  while (writes < maxWrites) {
    const plan = planSharedWrite(copies, write);
    if (plan.kind === 'stale') {
      return {
        action: 'stale',
        url: urlOf(copies, plan.commentId),
        writes,
        notes,
        keptRun: plan.current.run,
      };
    }
    if (plan.kind === 'unchanged') {
      await removeDuplicates(store, plan.duplicateIds, notes);
      const action = writes === 0 ? 'unchanged' : actionFor(plan.commentId);
      return { action, url: urlOf(copies, plan.commentId), writes, notes };
    }
    writes += 1;
    try {
      const written =
        plan.commentId === undefined
          ? await store.create(plan.body)
          : await store.update(plan.commentId, plan.body);
      if (plan.commentId === undefined) created.add(written.id);
    } catch (error) {
      // Deleted meanwhile by a job folding duplicates into the oldest: read and plan again.
      if (!(error instanceof CommentError && error.kind === 'not-found')) throw error;
      if (plan.commentId === undefined) throw error;
      copies = await store.list();
      continue;
    }
    notes.splice(0, notes.length, ...plan.notes);
    await sleep(settleMs * (1 + random()));
    copies = await store.list();
    const check = checkSharedWrite(copies, plan.expected);
    if (check.ok) {
      await removeDuplicates(store, check.duplicateIds, notes);
      return {
        action: actionFor(check.commentId),
        url: urlOf(copies, check.commentId),
        writes,
        notes,
      };
    }
    if (writes < maxWrites) await sleep(backoffMs * writes * random());
  }
  throw new CommentError(
    'conflict',
    undefined,
    'update',
    `update comment: the shared comment was rewritten by other jobs after each of ${maxWrites} writes`,
  );
}

import { describe, expect, it } from 'vitest';
import {
  checkSharedWrite,
  planSharedWrite,
  type SharedCommentCopy,
} from '../../../src/core/notify/shared-comment-plan.js';
import { type CommentSection, parseSections } from '../../../src/core/render/comment-sections.js';
import { renderSharedComment } from '../../../src/core/render/shared-comment.js';

function section(key: string, runId: number, level: CommentSection['level'] = 'pass') {
  return { key, title: key, level, run: { runId, attempt: 1 }, body: `${key} at ${runId}` };
}

function copy(id: number, ...sections: CommentSection[]): SharedCommentCopy {
  return { id, body: renderSharedComment({ groupKey: 'perf', sections }).markdown };
}

const keysIn = (body: string) => parseSections(body).sections.map((s) => `${s.key}@${s.run.runId}`);

describe('planSharedWrite', () => {
  it('creates the comment when there is none', () => {
    const plan = planSharedWrite([], { groupKey: 'perf', section: section('api', 5) });
    expect(plan).toMatchObject({ kind: 'write', expected: [section('api', 5)] });
    expect(plan.kind === 'write' && plan.commentId).toBeUndefined();
  });

  it('updates the comment, keeping the other sections', () => {
    const plan = planSharedWrite([copy(7, section('cart', 4), section('api', 4))], {
      groupKey: 'perf',
      section: section('api', 5),
    });
    expect(plan.kind).toBe('write');
    if (plan.kind !== 'write') return;
    expect(plan.commentId).toBe(7);
    expect(keysIn(plan.body)).toEqual(['api@5', 'cart@4']);
  });

  it('refuses a stale section and writes nothing', () => {
    const plan = planSharedWrite([copy(7, section('api', 9))], {
      groupKey: 'perf',
      section: section('api', 5),
    });
    expect(plan).toEqual({ kind: 'stale', commentId: 7, current: section('api', 9) });
  });

  it('merges duplicates into the oldest comment (lowest id), whatever order they are listed in', () => {
    const plan = planSharedWrite([copy(12, section('b', 3)), copy(8, section('a', 3))], {
      groupKey: 'perf',
      section: section('c', 3),
    });
    expect(plan.kind === 'write' && plan.commentId).toBe(8);
    expect(plan.kind === 'write' && keysIn(plan.body)).toEqual(['a@3', 'b@3', 'c@3']);
  });

  it('is unchanged when the comment already says exactly this', () => {
    const plan = planSharedWrite([copy(7, section('api', 5))], {
      groupKey: 'perf',
      section: section('api', 5),
    });
    expect(plan).toEqual({
      kind: 'unchanged',
      commentId: 7,
      expected: [section('api', 5)],
      duplicateIds: [],
    });
  });

  it('says when a section could not be read and was left out', () => {
    const body = `${copy(7, section('a', 1)).body}\n<!-- loadgate:section key=x run=bad -->\n`;
    const plan = planSharedWrite([{ id: 7, body }], { groupKey: 'perf', section: section('b', 1) });
    expect(plan.kind === 'write' && plan.notes).toEqual([
      'Left out 1 section of the shared comment that could not be read (edited by hand?).',
    ]);
  });
});

describe('checkSharedWrite', () => {
  const expected = [section('a', 5), section('b', 4)];

  it('passes when every section written is there, or replaced by a later run', () => {
    expect(checkSharedWrite([copy(7, section('a', 6), section('b', 4))], expected)).toEqual({
      ok: true,
      commentId: 7,
      duplicateIds: [],
    });
  });

  it('finds a section a concurrent writer erased, or put back at an older run', () => {
    expect(checkSharedWrite([copy(7, section('a', 5), section('c', 1))], expected)).toEqual({
      ok: false,
      lost: [section('b', 4)],
    });
    expect(checkSharedWrite([copy(7, section('a', 4), section('b', 4))], expected)).toEqual({
      ok: false,
      lost: [section('a', 5)],
    });
  });

  it('fails when the comment is gone', () => {
    expect(checkSharedWrite([], expected)).toEqual({ ok: false, lost: expected });
  });

  it("requires a duplicate's sections in the oldest comment before it may be deleted", () => {
    const dup = copy(9, section('z', 2));
    expect(checkSharedWrite([copy(7, ...expected), dup], expected)).toEqual({
      ok: false,
      lost: [section('z', 2)],
    });
    expect(checkSharedWrite([copy(7, ...expected, section('z', 2)), dup], expected)).toEqual({
      ok: true,
      commentId: 7,
      duplicateIds: [9],
    });
  });
});

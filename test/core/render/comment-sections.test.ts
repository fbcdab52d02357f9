import { describe, expect, it } from 'vitest';
import {
  type CommentSection,
  compareRunStamps,
  findLostSections,
  mergeSections,
  normalizeSectionKey,
  orderSections,
  parseSections,
  renderSectionBlock,
  upsertSection,
} from '../../../src/core/render/comment-sections.js';

function section(key: string, runId: number, extra: Partial<CommentSection> = {}): CommentSection {
  return {
    key,
    title: key,
    level: 'pass',
    run: { runId, attempt: 1 },
    body: `### ✅ loadgate: pass — ${key}\n\nreport of run ${runId}`,
    ...extra,
  };
}

const asBody = (...sections: CommentSection[]) =>
  ['<!-- loadgate:group:perf -->', ...sections.map((s) => renderSectionBlock('perf', s))].join(
    '\n\n',
  );

describe('parseSections', () => {
  it('reads back every section written: key, title, level, run and body', () => {
    const hostile: CommentSection = section('loadgate-api', 4211, {
      title: 'api --> <b>x</b> -- end',
      level: 'fail',
      run: { runId: 4211, attempt: 3 },
      body: 'line 1\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    });
    const other = section('loadgate-cart', 4210);
    const parsed = parseSections(asBody(hostile, other));
    expect(parsed.sections).toEqual([hostile, other]);
    expect(parsed.unreadable).toBe(0);
  });

  it('keeps a hostile title out of the hidden marker: no `--`, `>` or space in it', () => {
    const block = renderSectionBlock('perf', section('k', 1, { title: 'a --> b c' }));
    const marker = block.split('\n')[0] ?? '';
    expect(marker).toMatch(/^<!-- loadgate:section key=k run=1\.1 level=pass title=\S+ -->$/);
    expect(marker.slice(4, -3)).not.toContain('--');
  });

  it('leaves out a section whose marker is garbled or that never ends, and counts it', () => {
    const good = section('b', 2);
    const body = [
      '<!-- loadgate:section key=a run=abc level=pass title=a -->',
      'text',
      '<!-- /loadgate:section -->',
      renderSectionBlock('perf', good),
      '<!-- loadgate:section key=c run=3.1 level=pass title=c -->',
      'no end',
    ].join('\n');
    expect(parseSections(body)).toEqual({ sections: [good], unreadable: 2 });
  });

  it('reads a comment without sections as none', () => {
    expect(parseSections('just a comment')).toEqual({ sections: [], unreadable: 0 });
  });
});

describe('upsertSection', () => {
  const sections = [section('a', 10), section('b', 10)];

  it('replaces the section with the same key from a later run and keeps the others', () => {
    const next = section('b', 11);
    expect(upsertSection(sections, next)).toEqual({ ok: true, sections: [sections[0], next] });
  });

  it('adds a new key at the end', () => {
    const c = section('c', 5);
    expect(upsertSection(sections, c)).toEqual({ ok: true, sections: [...sections, c] });
  });

  it('refuses a section from an older run id: a late job never overwrites a newer one', () => {
    const result = upsertSection([section('a', 12)], section('a', 11));
    expect(result).toEqual({ ok: false, reason: 'stale', current: section('a', 12) });
  });

  it("refuses an earlier attempt of the same run, accepts a later attempt and the same one's rewrite", () => {
    const second = section('a', 12, { run: { runId: 12, attempt: 2 } });
    expect(upsertSection([second], section('a', 12)).ok).toBe(false);
    const third = section('a', 12, { run: { runId: 12, attempt: 3 } });
    expect(upsertSection([second], third)).toEqual({ ok: true, sections: [third] });
    const again = { ...second, body: 'rewritten' };
    expect(upsertSection([second], again)).toEqual({ ok: true, sections: [again] });
  });
});

describe('ordering, merging and loss', () => {
  it('orders by profile name (case-insensitive), then key', () => {
    const ordered = orderSections([
      section('k3', 1, { title: 'checkout' }),
      section('k1', 1, { title: 'API' }),
      section('k2', 1, { title: 'api' }),
      section('k0', 1, { title: 'api' }),
      section('k4', 1, { title: 'Basket' }),
    ]);
    expect(ordered.map((s) => s.key)).toEqual(['k1', 'k0', 'k2', 'k4', 'k3']);
  });

  it('merges several reads keeping the newest run per key', () => {
    const merged = mergeSections([
      [section('a', 10), section('b', 12)],
      [section('b', 11), section('a', 13), section('c', 1)],
    ]);
    expect(merged).toEqual([section('a', 13), section('b', 12), section('c', 1)]);
  });

  it('finds sections missing or older than written, not those replaced by a later run', () => {
    const expected = [section('a', 10), section('b', 10), section('c', 10)];
    const actual = [section('a', 11), section('b', 9)];
    expect(findLostSections(expected, actual)).toEqual([section('b', 10), section('c', 10)]);
  });

  it('compares run ids first, then attempts', () => {
    expect(compareRunStamps({ runId: 2, attempt: 1 }, { runId: 1, attempt: 9 })).toBeGreaterThan(0);
    expect(compareRunStamps({ runId: 2, attempt: 1 }, { runId: 2, attempt: 2 })).toBeLessThan(0);
    expect(compareRunStamps({ runId: 2, attempt: 2 }, { runId: 2, attempt: 2 })).toBe(0);
  });

  it('normalizes keys to the characters a marker holds', () => {
    expect(normalizeSectionKey('a b/c:d')).toBe('a-b-c-d');
    const parsed = parseSections(asBody(section(normalizeSectionKey('x y'), 1)));
    expect(parsed.sections[0]?.key).toBe('x-y');
  });
});

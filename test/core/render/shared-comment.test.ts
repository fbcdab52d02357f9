import { describe, expect, it } from 'vitest';
import { type CommentSection, parseSections } from '../../../src/core/render/comment-sections.js';
import { renderReport } from '../../../src/core/render/report.js';
import {
  renderSharedComment,
  renderSharedCommentMarker,
  renderSharedHeadline,
} from '../../../src/core/render/shared-comment.js';
import {
  dropCharts,
  dropDetails,
  findSectionCap,
  splitBlocks,
} from '../../../src/core/render/shared-comment-budget.js';
import { failNastyCase } from './report-cases-nasty.js';

function section(key: string, level: CommentSection['level'], title = key): CommentSection {
  return { key, title, level, run: { runId: 100, attempt: 1 }, body: `report of ${key}` };
}

/** A real report (chart, details, hostile names) without its per-profile marker. */
const REPORT = renderReport(failNastyCase()).markdown;

describe('the shared headline', () => {
  it('leads with the worst verdict and counts by verdict, worst first', () => {
    const [headline] = renderSharedHeadline('perf', [
      section('a', 'pass'),
      section('b', 'fail'),
      section('c', 'warn'),
      section('d', 'pass'),
    ]);
    expect(headline).toBe('## ❌ loadgate: fail — 4 profiles (1 fail, 1 warn, 2 pass)');
  });

  it('links every profile to its section, worst first, escaping the names', () => {
    const [, list] = renderSharedHeadline('perf', [
      section('loadgate-api', 'pass', 'api'),
      section('loadgate-x', 'warn', '@team <b>'),
    ]);
    expect(list).toBe(
      [
        '- ⚠️ warn: [@\u200Bteam &lt;b&gt;](#loadgate-perf-loadgate-x)',
        '- ✅ pass: [api](#loadgate-perf-loadgate-api)',
      ].join('\n'),
    );
  });

  it('says pass with one profile', () => {
    const [headline] = renderSharedHeadline('perf', [section('a', 'pass')]);
    expect(headline).toBe('## ✅ loadgate: pass — 1 profile (1 pass)');
  });
});

describe('renderSharedComment', () => {
  it('starts with the group marker, orders sections by profile name, anchors each', () => {
    const { markdown, notes } = renderSharedComment({
      groupKey: 'perf',
      sections: [section('k-z', 'pass', 'zeta'), section('k-a', 'fail', 'alpha')],
    });
    expect(markdown.split('\n')[0]).toBe(renderSharedCommentMarker('perf'));
    expect(renderSharedCommentMarker('perf')).toBe('<!-- loadgate:group:perf -->');
    expect(markdown.indexOf('report of k-a')).toBeLessThan(markdown.indexOf('report of k-z'));
    expect(markdown).toContain('<a id="loadgate-perf-k-a"></a>');
    expect(parseSections(markdown).sections.map((s) => s.key)).toEqual(['k-a', 'k-z']);
    expect(notes).toEqual([]);
  });

  it('round-trips: parsing the rendered comment gives the sections back', () => {
    const sections = [
      { ...section('loadgate-shop', 'fail', 'a | b <script>'), body: REPORT.trim() },
      section('loadgate-api', 'pass', 'api'),
    ];
    const { markdown } = renderSharedComment({ groupKey: 'perf', sections });
    // 'a | b …' sorts before 'api' (a space before a letter).
    expect(parseSections(markdown).sections).toEqual(sections);
  });
});

describe('the shared comment size budget', () => {
  const big = (key: string): CommentSection => ({
    ...section(key, 'fail', key),
    body: REPORT.trim(),
  });
  const sections = ['a', 'b', 'c', 'd'].map(big);
  const full = renderSharedComment({ groupKey: 'perf', sections, maxChars: 1_000_000 }).markdown;

  it('leaves a comment that fits untouched', () => {
    const fitted = renderSharedComment({ groupKey: 'perf', sections, maxChars: full.length });
    expect(fitted).toEqual({ markdown: full, notes: [] });
  });

  it('drops charts first, only from as many sections as needed, saying so', () => {
    const chart = REPORT.length - (dropCharts(splitBlocks(REPORT), 'x') ?? []).join('\n\n').length;
    const maxChars = full.length - Math.floor(chart / 2);
    const { markdown, notes } = renderSharedComment({ groupKey: 'perf', sections, maxChars });
    expect(markdown.length).toBeLessThanOrEqual(maxChars);
    const kept = parseSections(markdown).sections;
    expect(kept.filter((s) => s.body.includes('```mermaid'))).toHaveLength(3);
    const cut = kept.find((s) => !s.body.includes('```mermaid'));
    expect(cut?.body).toContain(
      `_The charts were left out to keep the shared comment under ${maxChars.toLocaleString('en-US')} characters; the job summary of run 100 has the whole report._`,
    );
    expect(cut?.body).toContain('<details>');
    expect(notes).toEqual([
      `The shared comment was over ${maxChars.toLocaleString('en-US')} characters: left out the charts of ${cut?.key}.`,
    ]);
  });

  it('then drops details, then cuts the ends of the longest sections; every section stays', () => {
    const maxChars = 6_000;
    const { markdown, notes } = renderSharedComment({ groupKey: 'perf', sections, maxChars });
    expect(markdown.length).toBeLessThanOrEqual(maxChars);
    const kept = parseSections(markdown);
    expect(kept.unreadable).toBe(0);
    expect(kept.sections.map((s) => s.key)).toEqual(['a', 'b', 'c', 'd']);
    for (const s of kept.sections) {
      expect(s.body).not.toContain('```mermaid');
      expect(s.body).not.toContain('<details>');
      expect(s.body.startsWith('### ❌ loadgate: fail')).toBe(true);
    }
    expect(notes).toEqual([
      'The shared comment was over 6,000 characters: left out the charts of a, b, c, d.',
      'The shared comment was over 6,000 characters: left out the details of a, b, c, d.',
      'The shared comment was over 6,000 characters: cut the end of a, b, c, d.',
    ]);
    expect(markdown).toContain('_The rest of this section was cut to keep the shared comment');
  });

  it('cuts only the long sections when short ones fit under the common cap', () => {
    const small = section('small', 'pass');
    const { markdown } = renderSharedComment({
      groupKey: 'perf',
      sections: [big('huge'), small],
      maxChars: 3_000,
    });
    const kept = parseSections(markdown).sections;
    expect(kept.find((s) => s.key === 'small')).toEqual(small);
    expect(markdown.length).toBeLessThanOrEqual(3_000);
  });
});

describe('budget helpers', () => {
  it('keeps a fenced block with blank lines whole when splitting blocks', () => {
    expect(splitBlocks('a\n\n```\nx\n\ny\n```\n\nb')).toEqual(['a', '```\nx\n\ny\n```', 'b']);
  });

  it('drops the latency chart with its legend, and details whole', () => {
    const blocks = splitBlocks(REPORT);
    const noChart = dropCharts(blocks, 'R') ?? [];
    expect(noChart.some((b) => b.startsWith("Blue: this run's p95"))).toBe(false);
    expect(noChart.filter((b) => b === 'R')).toHaveLength(1);
    const noDetails = dropDetails(noChart, 'D') ?? [];
    expect(noDetails.length).toBeGreaterThan(0);
    expect(noDetails.some((b) => b.startsWith('<details>') || b === '</details>')).toBe(false);
    expect(dropDetails(noDetails, 'D')).toBeUndefined();
    expect(dropCharts(noChart, 'R')).toBeUndefined();
  });

  it('finds the largest common cap that fits', () => {
    expect(findSectionCap([100, 10, 300], 150)).toBe(70);
    expect(findSectionCap([100, 10], 500)).toBe(100);
    expect(findSectionCap([100], -5)).toBe(0);
  });
});

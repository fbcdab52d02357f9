import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { DETAILS_CLOSE, DETAILS_OPEN } from '../../../src/core/render/markdown-escape.js';
import { type ReportInput, renderReport } from '../../../src/core/render/report.js';
import { truncateBlocks } from '../../../src/core/render/report-budget.js';
import { failNastyCase } from './report-cases-nasty.js';

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

const input: ReportInput = failNastyCase();
const full = renderReport(input).markdown;

describe('the size budget', () => {
  it('leaves a report that fits untouched', () => {
    const { markdown, notes } = renderReport({ ...input, maxChars: full.length });
    expect(markdown).toBe(full);
    expect(notes).toEqual([]);
  });

  it('drops the chart first, saying so in the report and in a note', () => {
    const { markdown, notes } = renderReport({ ...input, maxChars: full.length - 1 });
    expect(markdown.length).toBeLessThan(full.length);
    expect(markdown).not.toContain('```mermaid');
    expect(markdown).toContain('_The latency chart was left out to keep this report under');
    expect(markdown).toContain('**a \\| b &lt;script&gt;');
    expect(notes).toEqual([
      `The report was over ${(full.length - 1).toLocaleString('en-US')} characters: left out the latency chart.`,
    ]);
  });

  const withoutChart = renderReport({ ...input, maxChars: full.length - 1 }).markdown;
  const withoutDetails = renderReport({ ...input, maxChars: withoutChart.length - 1 }).markdown;

  it('then the details of the scenarios, keeping the whole run', () => {
    const { markdown, notes } = renderReport({ ...input, maxChars: withoutChart.length - 1 });
    expect(markdown.length).toBeLessThan(withoutChart.length);
    expect(markdown).toContain('**All scenarios (whole run)**');
    expect(markdown).not.toContain('**list**');
    expect(markdown).toContain('_The details of 3 scenarios were left out');
    expect(markdown).toContain('**Run warnings**');
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatch(/left out the details of 3 scenarios\.$/);
  });

  it('then the least important tables, keeping the whole run and the failures', () => {
    const { markdown, notes } = renderReport({ ...input, maxChars: withoutDetails.length - 1 });
    expect(markdown.length).toBeLessThan(withoutDetails.length);
    expect(markdown).toContain('#### ❌ fail — all scenarios (whole run)');
    expect(markdown).toContain('#### ❌ fail — a \\| b');
    expect(markdown).not.toContain('#### ✅ pass — list');
    expect(markdown).toMatch(/_The tables of 1 scenario were left out/);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toMatch(/left out the tables of 1 scenario\.$/);
  });

  it('cuts the end only as a last resort, between blocks, closing the details', () => {
    const { markdown, notes } = renderReport({ ...input, maxChars: 1_800 });
    expect(markdown.length).toBeLessThanOrEqual(1_800);
    expect(notes.at(-1)).toMatch(/cut the end of the report/);
    expect(markdown).toContain(
      '_The rest of this report was cut to keep it under 1,800 characters',
    );
    expect(markdown.trimEnd().endsWith('</sub>')).toBe(true);
    expect(count(markdown, DETAILS_OPEN)).toBe(count(markdown, DETAILS_CLOSE));
    expect(count(markdown, '```') % 2).toBe(0);
    const tables = parse(markdown).children.filter((n: RootContent) => n.type === 'table');
    for (const table of tables) expect(table.children.length).toBeGreaterThan(1);
  });

  it('never exceeds even an absurdly small limit', () => {
    expect(renderReport({ ...input, maxChars: 120 }).markdown.length).toBeLessThanOrEqual(120);
  });
});

describe('truncateBlocks', () => {
  it('closes an open details section before the cut sentence', () => {
    const blocks = ['# head', DETAILS_OPEN, 'a'.repeat(50), 'b'.repeat(500), DETAILS_CLOSE, 'foot'];
    const cut = truncateBlocks(blocks, 300);
    expect(cut.slice(0, 4)).toEqual(['# head', DETAILS_OPEN, 'a'.repeat(50), DETAILS_CLOSE]);
    expect(cut.at(-1)).toBe('foot');
  });

  it('drops a details section it would leave empty', () => {
    const blocks = ['# head', DETAILS_OPEN, 'b'.repeat(500), DETAILS_CLOSE, 'foot'];
    expect(truncateBlocks(blocks, 300).slice(0, 2)).toEqual([
      '# head',
      expect.stringMatching(/^_The rest/),
    ]);
  });
});

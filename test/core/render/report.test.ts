import type { Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { type ReportInput, renderReport } from '../../../src/core/render/report.js';
import { GOLDEN_CASES } from './report-cases.js';
import { HUGE_SCENARIOS, LARGE_CASES } from './report-cases-large.js';
import { NASTY_NAME, NASTY_RULE } from './report-cases-nasty.js';

const ALL_CASES = { ...GOLDEN_CASES, ...LARGE_CASES };

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Every node of a tree, depth first. */
function walk(node: Root | RootContent): (Root | RootContent)[] {
  const children = 'children' in node ? (node.children as RootContent[]) : [];
  return [node, ...children.flatMap(walk)];
}

function textOf(node: Root | RootContent): string {
  if ('value' in node) return node.value;
  return 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';
}

function tablesOf(tree: Root): Table[] {
  return walk(tree).filter((n): n is Table => n.type === 'table');
}

/** Rows (header included) each table should have: the scenario tables, then the details. */
function expectedTableRows(input: ReportInput): number[] {
  const { scenarios } = input.verdict;
  const ordered = [
    ...scenarios.filter((s) => s.name === 'all'),
    ...scenarios.filter((s) => s.name !== 'all'),
  ];
  const collapse = ordered.length - 1 > 10;
  const quiet = (s: (typeof scenarios)[number]) =>
    s.level === 'pass' &&
    s.metrics.every((m) => m.status === 'pass' || m.status === 'no-baseline') &&
    s.thresholds.every((t) => t.level === 'pass');
  const tabled = ordered.filter((s) => s.name === 'all' || !collapse || !quiet(s));
  const tables = tabled.flatMap((s) => [
    s.metrics.length + 1,
    ...(s.thresholds.length > 0 ? [s.thresholds.length + 1] : []),
  ]);
  return [...tables, ...ordered.map(() => 11)];
}

describe('renderReport goldens', () => {
  it.each(Object.keys(ALL_CASES))('%s', async (name) => {
    const input = ALL_CASES[name]?.() as ReportInput;
    const { markdown, notes } = renderReport(input);
    await expect(markdown).toMatchFileSnapshot(`../../golden/${name}.md`);
    expect(renderReport(input).markdown).toBe(markdown);
    const tree = parse(markdown);
    for (const table of tablesOf(tree)) {
      const width = table.children[0]?.children.length;
      for (const row of table.children) expect(row.children).toHaveLength(width ?? 0);
    }
    const allowedHtml =
      /^(<!-- loadgate:[\w.:/-]+ -->|<details><summary>Details<\/summary>|<\/details>|<\/?sub>)$/;
    const html = walk(tree).filter((n) => n.type === 'html');
    for (const node of html) expect(textOf(node)).toMatch(allowedHtml);
    const links = walk(tree).filter((n) => n.type === 'link');
    for (const link of links)
      expect('url' in link && link.url).toMatch(/^https:\/\/github\.com\/acme\//);
    expect(textOf(tree)).not.toMatch(/@(?!\u200B)\w/);
    if (name === 'huge-profile') {
      expect(markdown.length).toBeLessThanOrEqual(65_000);
      expect(notes.join('\n')).toMatch(/left out the latency chart/);
      expect(notes.join('\n')).toMatch(/left out the details of 400 scenarios/);
      expect(notes.join('\n')).toMatch(/left out the tables of \d+ scenarios/);
      expect(markdown).toMatch(
        /_The tables of \d+ scenarios were left out to keep this report under 65,000 characters; the results file has every scenario\._/,
      );
      expect(markdown).toContain('_The latency chart was left out');
      expect(tablesOf(tree).length).toBeLessThan(HUGE_SCENARIOS);
    } else {
      expect(notes).toEqual([]);
      expect(tablesOf(tree).map((t) => t.children.length)).toEqual(expectedTableRows(input));
    }
  });
});

describe('renderReport with hostile names', () => {
  const input = GOLDEN_CASES.fail?.() as ReportInput;
  const tree = parse(renderReport(input).markdown);

  it('keeps a rule with pipes in one cell, read back as written', () => {
    const cells = tablesOf(tree).flatMap((t) => t.children.flatMap((r) => r.children.map(textOf)));
    expect(cells.filter((c) => c === NASTY_RULE)).toHaveLength(1);
  });

  it('shows names as plain text: no script, no mention', () => {
    const headings = walk(tree)
      .filter((n) => n.type === 'heading')
      .map(textOf);
    expect(headings).toContain(`❌ fail — ${NASTY_NAME} · @\u200Bteam`);
    expect(headings).toContain('✅ pass — ``cat`` | `x`');
  });
});

describe('renderReport notes and head', () => {
  it('notes inputs that do not match instead of failing', () => {
    const input = GOLDEN_CASES['no-baseline']?.() as ReportInput;
    const ghost = {
      ...input.verdict,
      scenarios: [
        ...input.verdict.scenarios,
        { name: 'ghost', metrics: [], thresholds: [], level: 'pass' as const },
      ],
    };
    const { markdown, notes } = renderReport({ ...input, verdict: ghost, baseline: input.current });
    expect(notes).toEqual([
      'A baseline results file was given but the verdict has no baseline; it was not used.',
      'Scenario "ghost" is in the verdict but not in the results file.',
    ]);
    expect(markdown).toContain('**ghost**\n\nNot in the results file.');
  });

  it('puts a sanitised marker first and lets a title replace the profile name', () => {
    const input = GOLDEN_CASES.pass?.() as ReportInput;
    const { markdown } = renderReport({ ...input, marker: 'pr --> <x>', title: 'API @edge' });
    expect(markdown.split('\n\n').slice(0, 2)).toEqual([
      '<!-- loadgate:pr------x- -->',
      '### ✅ loadgate: pass — API @\u200Bedge',
    ]);
  });
});

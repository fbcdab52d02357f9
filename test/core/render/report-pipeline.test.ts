import type { Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import { renderReport } from '../../../src/core/render/report.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

function tables(md: string): Table[] {
  const tree: Root = fromMarkdown(md, {
    extensions: [gfm()],
    mdastExtensions: [gfmFromMarkdown()],
  });
  const walk = (n: Root | RootContent): (Root | RootContent)[] => [
    n,
    ...('children' in n ? (n.children as RootContent[]).flatMap(walk) : []),
  ];
  return walk(tree).filter((n): n is Table => n.type === 'table');
}

function cellText(n: RootContent): string {
  if ('value' in n) return n.value;
  return 'children' in n ? (n.children as RootContent[]).map(cellText).join('') : '';
}

describe('report from the real pipeline (simulated runs → verdict → markdown)', () => {
  it('renders a regression against a baseline as the golden, with tables GFM parses as intended', async () => {
    const scenarios = (slowdown: number) => [
      { name: 'list products', ratePerSec: 300, medianMs: 8 * slowdown },
      { name: 'sql injection probe', ratePerSec: 40, medianMs: 2, category: 'security' },
    ];
    const baseline = simulateRun({ scenarios: scenarios(1), durationMs: 30_000, seed: 11 });
    const current = simulateRun({ scenarios: scenarios(1.3), durationMs: 30_000, seed: 12 });
    const verdict = buildVerdict({
      current,
      baseline,
      rules: defaultRules(current.scenarios.map((s) => s.name)),
      baselineInfo: { commit: 'abc1234def', ref: 'refs/heads/main', date: baseline.startedAt },
    });
    const { markdown, notes } = renderReport({ verdict, current, baseline, marker: 'demo-shop' });
    await expect(markdown).toMatchFileSnapshot('../../golden/pipeline-regression.md');
    expect(notes).toEqual([]);
    const [whole] = tables(markdown);
    const rows = (whole?.children ?? []).map((row) => row.children.map(cellText));
    expect(rows[0]).toEqual(['Metric', 'Baseline', 'Current', 'Change', 'Status']);
    const p95 = rows.find((r) => r[0] === 'p95');
    expect(p95?.[4]).toMatch(/^❌ fail/);
    expect(p95?.[3]).toMatch(/^\+\d+(\.\d+)? % \(\+[\d.]+ ms\) · 95 % CI/);
    expect(rows.find((r) => r[0] === 'throughput')?.[4]).toBe('— not gated');
  });
});

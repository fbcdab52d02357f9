import type { Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  MAX_TREND_ROWS,
  renderTrendSection,
  renderTrendText,
  TREND_BASE_CHARS,
  TREND_CHARS_PER_ROW,
} from '../../../src/core/render/trend-section.js';
import { DAY_MS, makeEntry, SERIES_START_MS } from '../notify/history-fixtures.js';

const ZWSP = '\u200B';

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function walk(node: Root | RootContent): (Root | RootContent)[] {
  return [node, ...('children' in node ? (node.children as RootContent[]).flatMap(walk) : [])];
}

function textOf(node: RootContent): string {
  if ('value' in node) return node.value;
  return 'children' in node ? (node.children as RootContent[]).map(textOf).join('') : '';
}

function tableRows(md: string): string[][] {
  const table = walk(parse(md)).find((n): n is Table => n.type === 'table');
  return (table?.children ?? []).map((row) => row.children.map(textOf));
}

function mermaidBlocks(md: string): string[] {
  return walk(parse(md))
    .filter((n) => n.type === 'code' && n.lang === 'mermaid')
    .map((n) => (n as { value: string }).value);
}

/** Every line a generated chart may have: a fixed keyword, then only numbers and date labels. */
const CHART_LINE = [
  /^xychart-beta$/,
  /^ {2}title "(p95 latency \(ms\)|Error rate \(%\)), oldest to newest"$/,
  /^ {2}x-axis \["[0-9a-z: #-]{1,20}"(, "[0-9a-z: #-]{1,20}")*\]$/,
  /^ {2}y-axis "(ms|%)" 0 --> \d+(\.\d+)?$/,
  /^ {2}line \[\d+(\.\d+)?(, \d+(\.\d+)?)*\]$/,
];

const HOSTILE = '<img src=x onerror=alert(1)> @acme/devs `tick` --> | pipe | #12 \u001b[31m\u202e';

describe('renderTrendSection', () => {
  it('renders the newest runs first in a table GFM parses, with one row per run', () => {
    const entries = [
      makeEntry(0, { p95: 100 }),
      makeEntry(1, { p95: 110, errorRate: 0.001 }),
      makeEntry(2, { p95: 250, verdict: 'fail', breach: 'confirmed' }),
      makeEntry(3, { p95: 240, verdict: 'warn', breach: 'unconfirmed' }),
    ];
    const md = renderTrendSection(entries);
    const rows = tableRows(md);
    expect(rows[0]).toEqual([
      'When (UTC)',
      'Commit',
      'p50',
      'p95',
      'p99',
      'Throughput',
      'Errors',
      'Blocked',
      'Verdict',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual([
      '2026-11-30 03:05',
      '0000003',
      '120 ms',
      '240 ms',
      '360 ms',
      '100 req/s',
      '0 %',
      '0 %',
      '⚠️ warn · unconfirmed',
    ]);
    expect(rows[2]?.[8]).toBe('❌ fail · confirmed');
    expect(rows[3]?.[6]).toBe('0.1 %');
    expect(rows[4]?.[0]).toBe('2026-11-30 00:05');
    expect(md).toContain('### 📈 Trend: shop (scheduled/hourly)');
    expect(md).toContain('4 of 4 entries, newest first.');
  });

  it('links a commit to its run only when the run URL is a plain https URL under serverUrl', () => {
    const entries = [
      makeEntry(0),
      makeEntry(1, { runUrl: 'javascript:alert(1)' }),
      makeEntry(2, { runUrl: 'https://evil.example/acme/shop/actions/runs/2' }),
      makeEntry(3, { runUrl: 'https://github.com/acme/shop/actions/runs/3)[x](y' }),
    ];
    const md = renderTrendSection(entries, { serverUrl: 'https://github.com' });
    const links = walk(parse(md)).filter((n) => n.type === 'link');
    expect(links.map((l) => (l as { url: string }).url)).toEqual([
      'https://github.com/acme/shop/actions/runs/1000',
    ]);
    expect(md).toContain('[`0000000`](https://github.com/acme/shop/actions/runs/1000)');
  });

  it('shows a merged day as its date and ×runs, a merged week as its span', () => {
    const day = makeEntry(0, { runs: 24, until: '2026-11-30T23:05:00.000Z' });
    const week = makeEntry(1, {
      at: '2026-11-23T00:05:00.000Z',
      until: '2026-11-29T23:05:00.000Z',
      runs: 168,
    });
    const rows = tableRows(renderTrendSection([week, day, makeEntry(48)]));
    expect(rows.map((r) => r[0])).toEqual([
      'When (UTC)',
      '2026-12-02 00:05',
      '2026-11-30 ×24',
      '2026-11-23 → 11-29 ×168',
    ]);
  });

  it('draws two Mermaid charts oldest to newest holding only generated numbers and labels', () => {
    const entries = [
      makeEntry(0, { p95: 100.123456, errorRate: 0.0001234 }),
      makeEntry(1, { p95: 1234.5678, errorRate: 0.5, profile: HOSTILE, interval: HOSTILE }),
      makeEntry(2, { p95: Number.NaN, errorRate: 0, commit: HOSTILE }),
    ];
    const charts = mermaidBlocks(renderTrendSection(entries));
    expect(charts).toHaveLength(2);
    for (const chart of charts) {
      for (const line of chart.split('\n')) {
        expect(
          CHART_LINE.some((re) => re.test(line)),
          line,
        ).toBe(true);
      }
    }
    expect(charts[0]).toContain('x-axis ["11-30 00h", "11-30 01h", "11-30 02h"]');
    expect(charts[0]).toContain('line [100, 1235, 0]');
    expect(charts[0]).toContain('y-axis "ms" 0 --> 2000');
    expect(charts[1]).toContain('line [0.01, 50, 0]');
  });

  it('keeps chart labels distinct when runs share an hour (a band axis drops repeats)', () => {
    const at = (min: number) => new Date(SERIES_START_MS + min * 60_000).toISOString();
    const entries = [
      makeEntry(0, { at: at(0) }),
      makeEntry(1, { at: at(20) }),
      makeEntry(2, { at: at(20) }),
      makeEntry(3, { at: 'not a date' }),
      makeEntry(4, { at: 'also not' }),
    ];
    const [chart] = mermaidBlocks(renderTrendSection(entries));
    const labels = /x-axis \[(.*)\]/.exec(chart ?? '')?.[1]?.split(', ') ?? [];
    expect(labels).toEqual(['"11-30 00:05"', '"11-30 00:25"', '"11-30 00:25 #2"', '"?"', '"? #2"']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('makes hostile names, commits and titles inert in the heading and the table', () => {
    const entries = [
      makeEntry(0, { profile: HOSTILE }),
      makeEntry(1, { profile: HOSTILE, commit: HOSTILE }),
    ];
    const md = renderTrendSection(entries);
    const tree = parse(md);
    const types = new Set(walk(tree).map((n) => n.type));
    expect(types.has('html')).toBe(false);
    expect(types.has('image')).toBe(false);
    const links = walk(tree).filter((n) => n.type === 'link');
    expect(links.map((l) => textOf(l as RootContent))).toEqual(['<img src=x …', '0000000']);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none leak is the point
    expect(md).not.toMatch(/<img|@acme|\u001b|\u202e/);
    expect(md).toContain(`@${ZWSP}acme`);
    const rows = tableRows(md);
    expect(rows.every((row) => row.length === 9)).toBe(true);
    expect(rows[1]?.[1]).toBe('<img src=x …');
  });

  it('says so in one line when there are no runs', () => {
    expect(renderTrendSection([])).toBe('### 📈 Trend\n\n_No runs in the history yet._\n');
  });

  it('stays within its stated bound at the most rows, with every field as long and hostile as allowed', () => {
    const long = `${HOSTILE}${'<&>|`@#'.repeat(400)}`;
    const entries = Array.from({ length: 300 }, (_, i) =>
      makeEntry(i, {
        profile: long,
        interval: long,
        commit: '&'.repeat(50),
        runUrl: `https://github.com/${'a'.repeat(280)}`,
        runs: 999_999,
        until: new Date(SERIES_START_MS + i * DAY_MS * 400).toISOString(),
        verdict: 'fail',
        breach: 'unconfirmed',
        status: 'interrupted',
        p95: 123_456_789.123,
        errorRate: 0.123456789,
      }),
    );
    const md = renderTrendSection(entries, { maxRows: 10_000, title: long });
    expect(tableRows(md)).toHaveLength(MAX_TREND_ROWS + 1);
    expect(md.length).toBeLessThanOrEqual(TREND_BASE_CHARS + TREND_CHARS_PER_ROW * MAX_TREND_ROWS);
    const md20 = renderTrendSection(entries, { title: long });
    expect(md20.length).toBeLessThanOrEqual(TREND_BASE_CHARS + TREND_CHARS_PER_ROW * 20);
  });
});

describe('renderTrendText', () => {
  it('prints an aligned table, newest last, after a one-line summary', () => {
    const entries = [
      makeEntry(0, { p95: 9.5 }),
      makeEntry(1, { p95: 1500, verdict: 'fail', breach: 'confirmed' }),
      makeEntry(2, { p95: 100 }),
    ];
    const text = renderTrendText(entries, { last: 2 });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '2 of 3 entries, newest last. From 2026-11-30 01:05 to 2026-11-30 02:05 UTC · series shop scheduled/hourly',
    );
    expect(lines.slice(1)).toEqual([
      'when (UTC)        commit      p50     p95     p99  rps  errors  blocked  verdict',
      '2026-11-30 01:05  0000001  750 ms   1.5 s  2.25 s  100     0 %      0 %  fail · confirmed',
      '2026-11-30 02:05  0000002   50 ms  100 ms  150 ms  100     0 %      0 %  pass',
    ]);
  });

  it('adds a series column when the entries mix series, and neutralizes control characters', () => {
    const entries = [
      makeEntry(0),
      makeEntry(1, {
        interval: 'daily',
        profile: 'sh\u001b[2Jop\nx',
        commit: 'zz\u001b]0;t\u0007',
      }),
    ];
    const text = renderTrendText(entries);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none leak is the point
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('2 series');
    expect(text).toContain('sh␛[2Jop x scheduled/daily');
    expect(text.split('\n')[1]).toMatch(/series\s+verdict$/);
  });

  it('says so in one line when there are no runs', () => {
    expect(renderTrendText([], {})).toBe('No runs in the history yet.\n');
  });
});

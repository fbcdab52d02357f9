import type { Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import {
  escapeTableCell,
  escapeText,
  formatCodeSpan,
  renderTable,
  sanitizeCommentKey,
  truncateText,
} from '../../../src/core/render/markdown-escape.js';
import { renderCommentMarker } from '../../../src/core/render/report-headline.js';

const ZWSP = '\u200B';

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The text a reader sees, and the node types that carry it. */
function flatten(node: Root | RootContent): { text: string; types: string[] } {
  if ('value' in node) return { text: node.value, types: [node.type] };
  if (!('children' in node)) return { text: '', types: [node.type] };
  const parts = node.children.map((child) => flatten(child as RootContent));
  return {
    text: parts.map((p) => p.text).join(''),
    types: [node.type, ...parts.flatMap((p) => p.types)],
  };
}

const NASTY = [
  'a | b',
  '|x|y|',
  '<script>alert(1)</script>',
  '@team and @acme/devs',
  '`rm -rf` ``double``',
  '**bold** _em_ ~~strike~~ [link](https://evil.example) ![img](x)',
  'back\\slash \\| and \\\\| pipes',
  '$x^2$ &amp; # 1',
  'see www.evil.example or mail ops@evil.example',
  'C# #123',
  '- starts like a list',
  '12. starts like an ordered list',
  'line\nbreak\r\nand\ttab',
];

describe('escapeText', () => {
  it.each(NASTY)('renders %j back as the same plain text, nothing active', (raw) => {
    const tree = parse(`- ${escapeText(raw)}`);
    const { text, types } = flatten(tree);
    const expected = raw
      .replace(/\r\n|[\n\r\t]/g, ' ')
      .replace(/@/g, `@${ZWSP}`)
      .replace(/#(?=\d)/g, `#${ZWSP}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/www\./g, `www${ZWSP}.`);
    expect(text).toBe(expected);
    expect(
      types.filter((t) => !['root', 'list', 'listItem', 'paragraph', 'text'].includes(t)),
    ).toEqual([]);
  });

  it('breaks mentions and issue references with a zero-width space', () => {
    expect(escapeText('@team #12 a@b')).toBe(`@${ZWSP}team \\#${ZWSP}12 a@${ZWSP}b`);
  });

  it('breaks GitHub issue autolinks like GH-123, in any case, with a zero-width space', () => {
    expect(escapeText('fixes GH-123, gh-7 and Gh-0042')).toBe(
      `fixes GH-${ZWSP}123, gh-${ZWSP}7 and Gh-${ZWSP}0042`,
    );
    expect(escapeText('GH-actions and high-5')).toBe('GH-actions and high-5');
  });

  it('removes bidi controls, so no name reverses the rest of its line', () => {
    const bidi = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
    for (const control of bidi) {
      expect(escapeText(`evil${control}txt.exe`)).toBe('eviltxt.exe');
      expect(formatCodeSpan(`a${control}b`)).toBe('`ab`');
      expect(escapeTableCell(`a${control}b`)).toBe('ab');
    }
  });

  it('turns C1 controls (the 8-bit CSI among them), DEL and ESC into spaces', () => {
    expect(escapeText('a\u009b31mb\u0085c\x7fd\x1b[0m')).toBe('a 31mb c d \\[0m');
    expect(formatCodeSpan('x\u009by')).toBe('`x y`');
  });

  it('turns HTML into entities', () => {
    expect(escapeText('<b>&</b>')).toBe('&lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('cuts long text at a code point with an ellipsis', () => {
    expect(escapeText('x'.repeat(300))).toBe(`${'x'.repeat(199)}…`);
    expect(truncateText('😀😀😀', 2)).toBe('😀…');
  });
});

describe('escapeTableCell', () => {
  it('escapes every pipe, not just the first', () => {
    expect(escapeTableCell('a | b | c')).toBe('a \\| b \\| c');
  });

  it('leaves escaped pipes alone and escapes pipes after an escaped backslash', () => {
    expect(escapeTableCell('a \\| b')).toBe('a \\| b');
    expect(escapeTableCell('a \\\\| b')).toBe('a \\\\\\| b');
  });

  it('keeps a cell on its line', () => {
    expect(escapeTableCell('one\ntwo\r\nthree')).toBe('one two three');
  });

  it('keeps nasty text in one cell per column through a real GFM parser', () => {
    const md = renderTable(
      ['Name', 'Value'],
      NASTY.map((raw) => [escapeText(raw), 'ok']),
    );
    const table = parse(md).children[0] as Table;
    expect(table.type).toBe('table');
    expect(table.children).toHaveLength(NASTY.length + 1);
    for (const [i, row] of table.children.slice(1).entries()) {
      expect(row.children).toHaveLength(2);
      const raw = NASTY[i] ?? '';
      expect(flatten(row.children[0] as RootContent).text.replace(/\u200B/g, '')).toBe(
        raw.replace(/\r\n|[\n\r\t]/g, ' '),
      );
    }
  });
});

describe('formatCodeSpan', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(formatCodeSpan('a `b` c')).toBe('``a `b` c``');
    expect(formatCodeSpan('x ``y`` z')).toBe('```x ``y`` z```');
  });

  it('pads text that starts or ends with a backtick', () => {
    expect(formatCodeSpan('`edge`')).toBe('`` `edge` ``');
  });

  it.each(NASTY)('renders %j back verbatim as one inline code node', (raw) => {
    const paragraph = parse(`x ${formatCodeSpan(raw)} y`).children[0];
    const code = paragraph && 'children' in paragraph ? paragraph.children[1] : undefined;
    expect(code?.type).toBe('inlineCode');
    expect(code && 'value' in code ? code.value : '').toBe(raw.replace(/\r\n|[\n\r\t]/g, ' '));
  });
});

describe('sanitizeCommentKey', () => {
  it('keeps keys that cannot close the comment', () => {
    expect(sanitizeCommentKey('pr-42/checkout')).toBe('pr-42/checkout');
    expect(sanitizeCommentKey('x --> <b>')).toBe('x------b-');
  });

  it('keeps every character of the longest artifact-name (200) and cuts what is longer', () => {
    const longest = `${'a'.repeat(100)}${'b'.repeat(100)}`;
    expect(sanitizeCommentKey(longest)).toBe(longest);
    expect(sanitizeCommentKey(`${longest}c`)).toBe(longest);
  });
});

describe('renderCommentMarker', () => {
  it('is the one marker line: its key sanitized and cut the same way, whatever the caller', () => {
    expect(renderCommentMarker('loadgate-checkout')).toBe('<!-- loadgate:loadgate-checkout -->');
    expect(renderCommentMarker('x --> <b>')).toBe('<!-- loadgate:x------b- -->');
    const name = `loadgate-${'a'.repeat(141)}`;
    expect(renderCommentMarker(name)).toBe(`<!-- loadgate:${name} -->`);
  });
});

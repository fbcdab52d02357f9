import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  MAX_HTML_TEXT_CHARS,
  renderLink,
  serializeScriptJson,
} from '../../../src/core/render/html-escape.js';

const HOSTILE = [
  '</script><img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
  '<!-- x --> <![CDATA[ ]]>',
  '&lt;b&gt; already escaped',
  'back\u202Ewards \u2066isolate\u2069',
  'nul\u0000esc\u001b[31mred del\u007f c1\u0085',
  'line\nbreak\ttab',
];

describe('escapeHtml', () => {
  it.each(HOSTILE)('leaves no markup, quote or invisible control in %j', (text) => {
    const escaped = escapeHtml(text);
    expect(escaped).not.toMatch(/[<>"']/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(escaped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(escaped).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    // Every & starts a character reference, so the browser shows exactly the text written.
    expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  });

  it('reads back as the text written (controls as spaces, bidi removed)', () => {
    const decode = (html: string) =>
      html
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    expect(decode(escapeHtml(HOSTILE[0] as string))).toBe(HOSTILE[0]);
    expect(decode(escapeHtml('&lt;b&gt;'))).toBe('&lt;b&gt;');
    expect(escapeHtml('a\u202Eb')).toBe('ab');
    expect(escapeHtml('a\u0000b\u001bc')).toBe('a b c');
    expect(escapeHtml('keeps\nlines\tand tabs')).toBe('keeps\nlines\tand tabs');
  });

  it('cuts a long name at the limit, never inside a surrogate pair', () => {
    const long = '😀'.repeat(MAX_HTML_TEXT_CHARS + 10);
    const escaped = escapeHtml(long);
    expect(Array.from(escaped)).toHaveLength(MAX_HTML_TEXT_CHARS);
    expect(escaped.endsWith('…')).toBe(true);
    expect(escaped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('serializeScriptJson', () => {
  it('no string can close the script element or open a comment, and JSON.parse reads it back', () => {
    const value = {
      names: [...HOSTILE, 'a\u2028b\u2029c', '</SCRIPT >', '<!--<script>'],
      n: [1.5, -2, 1e21],
    };
    const json = serializeScriptJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('writes non-finite numbers as null, as JSON does', () => {
    expect(JSON.parse(serializeScriptJson([Number.NaN, Number.POSITIVE_INFINITY]))).toEqual([
      null,
      null,
    ]);
  });
});

describe('renderLink', () => {
  it('links plain https URLs only, escaped, without a referrer', () => {
    expect(renderLink('https://github.com/acme/shop/actions/runs/1', 'run 1')).toBe(
      '<a href="https://github.com/acme/shop/actions/runs/1" rel="noopener noreferrer" target="_blank">run 1</a>',
    );
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://example.com/',
      'https://example.com/"onmouseover="alert(1)',
      'https://exa mple.com/',
      undefined,
    ]) {
      expect(renderLink(url, 'text')).toBe('text');
    }
  });
});

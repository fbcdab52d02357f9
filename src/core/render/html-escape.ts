/**
 * Making user-supplied text (profile, scenario and category names, paths, verdict reasons, rule
 * sources, warnings, commits, URLs, error kinds) inert in the HTML report. Threats, and what
 * each helper does about them:
 * - Markup injection: a name like `</td><img src=x onerror=alert(1)>` must stay text. `&`, `<`,
 *   `>`, `"` and `'` become character references, so text can neither open a tag nor leave a
 *   quoted attribute value (the report only ever puts text in element content and in
 *   double-quoted attributes).
 * - Script breakout: data for the charts sits in a `<script type="application/json">` block,
 *   which ends at the first `</script` whatever JSON thinks. Every `<`, `>` and `&` in it is a
 *   JSON `\u003c`-style escape, so no string can close the element or open a comment; U+2028
 *   and U+2029 are escaped too (harmless in JSON, but not in older JavaScript parsers).
 * - Hostile links: only plain https URLs become `href`s (`isLinkableUrl`); `javascript:`,
 *   `data:` and anything with quotes or spaces is shown as text.
 * - Spoofing and invisible text: bidirectional controls are removed (an unterminated U+202E
 *   reverses the rest of the line) and control characters become spaces; NUL would otherwise
 *   be replaced by the parser and the others are invisible.
 * - Size: one name is cut at {@link MAX_HTML_TEXT_CHARS} code points, so it cannot blow the
 *   report's size budget.
 * Every helper is total: any string in, safe text out.
 */
import { removeBidiControls } from '../input/terminal-text.js';
import { truncateText } from './markdown-escape.js';
import { isLinkableUrl } from './trend-section.js';

/** User text longer than this is cut (with `…`). */
export const MAX_HTML_TEXT_CHARS = 500;

const HTML_REFERENCES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Any text as inert HTML, fit for element content and double- or single-quoted attribute
 * values: `&<>"'` as references, control characters (C0 but tab and line feed, DEL, C1) as
 * spaces, bidi controls removed, cut at `maxLength` code points.
 */
export function escapeHtml(text: string, maxLength: number = MAX_HTML_TEXT_CHARS): string {
  const flat = removeBidiControls(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: neutralising control characters is the point
    text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' '),
  );
  return truncateText(flat, maxLength).replace(/[&<>"']/g, (c) => HTML_REFERENCES[c] ?? c);
}

/**
 * `value` as JSON for a `<script type="application/json">` element: `<`, `>`, `&`, U+2028 and
 * U+2029 as `\uXXXX` escapes, which `JSON.parse` reads back as the same characters, so no
 * string inside can end the element. Non-finite numbers become `null` (as in JSON.stringify).
 */
export function serializeScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A link to `url` showing `text` (already escaped HTML) when the URL is a plain https URL,
 * opened without a referrer; otherwise `text` alone.
 */
export function renderLink(url: string | undefined, text: string): string {
  if (!isLinkableUrl(url)) return text;
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${text}</a>`;
}

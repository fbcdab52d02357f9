/**
 * Making text safe for a terminal or a CI log. Threats, and what each helper does about them:
 * - ANSI escapes (ESC/CSI sequences, 8-bit C1 CSI) recolour, move the cursor, retitle the window
 *   or hide text: every C0, DEL and C1 control character becomes visible and inert.
 * - Line breaks inside a name (LF, CR, NEL, U+2028/9) fake whole log lines: a name stays on its
 *   line. The GitHub runner splits its input on CR as well as LF.
 * - GitHub Actions workflow commands: the runner treats a line as a command when it starts with
 *   `::` after trimming leading whitespace (`::error title=x::…`, `::add-mask::`,
 *   `::stop-commands::`), and a `##[name]` anywhere in a line as the older form. A zero-width
 *   space breaks both apart: it is not whitespace to the runner's trim, and where a
 *   culture-aware comparison skips it, the command name the runner then cuts out starts with
 *   `:` or `[`, which no command has.
 * - Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) reorder what
 *   follows them, so a reader sees different text than was written: they are removed.
 * Every helper is total: any string in, safe text out.
 */

const ZERO_WIDTH_SPACE = '\u200B';
/** Control Pictures: U+2400 + code for C0, U+2421 for DEL (`␛` for ESC, `␀` for NUL). */
const CONTROL_PICTURES_START = 0x2400;
const DEL_PICTURE = '\u2421';
const REPLACEMENT_CHARACTER = '\uFFFD';

const LINE_BREAKS = /\r\n|[\n\r\v\f\t\u0085\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: neutralising control characters is the point
const C0_AND_DEL = /[\u0000-\u001f\u007f]/g;
const C1 = /[\u0080-\u009f]/g;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** What the runner's `TrimStart()` skips (.NET whitespace), plus invisible format characters. */
const LEADING_COMMAND_KEY = /^([\s\u0085\u180e\p{Cf}]*):(?=:)/u;
const OLD_COMMAND_PREFIX = /##\[/g;

/**
 * `text` without bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C): an
 * unterminated U+202E would otherwise reverse the rest of the line. Total.
 */
export function removeBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

function showControl(char: string): string {
  const code = char.charCodeAt(0);
  return code === 0x7f ? DEL_PICTURE : String.fromCharCode(CONTROL_PICTURES_START + code);
}

/** Controls other than line breaks made visible, C1 as `�`, bidi controls removed. */
function neutralizeInvisibles(text: string): string {
  return removeBidiControls(
    text.replace(C0_AND_DEL, showControl).replace(C1, REPLACEMENT_CHARACTER),
  );
}

/**
 * One user-supplied string (a profile or scenario name, a category, a path, a status key, an
 * abort reason) as inert terminal text on one line: line breaks and tabs become single spaces,
 * other C0 controls and DEL their visible Control Pictures (`␛[31m` instead of red), C1
 * controls `�`, bidi controls are removed. Printable text, `::` and `##[` are kept as they are:
 * whether they start a line depends on the surroundings, which `neutralizeLogText` sees.
 * Total; the result has the same or fewer UTF-16 code units.
 */
export function toTerminalText(text: string): string {
  return neutralizeInvisibles(text.replace(LINE_BREAKS, ' '));
}

/**
 * A user-supplied string quoted for an error message (`got "…"`): JSON quoting (which escapes
 * C0 controls, `"` and `\`), and DEL, C1, bidi controls and U+2028/9 also as `\uXXXX` escapes
 * JSON leaves raw. Shows exactly what was written, invisibles included; one line, no ESC.
 */
export function quoteForTerminal(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The last line of defence before a stream: any text, possibly many lines, as text whose only
 * control characters are LF line ends. CR LF and lone CR end lines (as they do for the runner),
 * tabs and U+2028/9 become spaces, other controls are made visible as in `toTerminalText`, bidi
 * controls are removed; no line starts with `::` after whitespace (a zero-width space goes
 * between the colons) and no `##[` is left anywhere (one goes between `##` and `[`).
 * Idempotent and total.
 */
export function neutralizeLogText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      neutralizeInvisibles(line.replace(/[\t\u2028\u2029]/g, ' '))
        .replace(LEADING_COMMAND_KEY, `$1:${ZERO_WIDTH_SPACE}`)
        .replace(OLD_COMMAND_PREFIX, `##${ZERO_WIDTH_SPACE}[`),
    )
    .join('\n');
}

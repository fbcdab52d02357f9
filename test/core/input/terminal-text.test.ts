import { describe, expect, it } from 'vitest';
import {
  neutralizeLogText,
  quoteForTerminal,
  removeBidiControls,
  toTerminalText,
} from '../../../src/core/input/terminal-text.js';

const ZWSP = '\u200B';
const ESC = '\x1b';
const BIDI = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
];
const INJECTED_NAME = 'b\n::error title=pwned::injected';
/** Every character a terminal or the runner treats as more than text, except our own LF. */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Commands the runner registers (ActionCommandManager): any of them would do harm. */
const RUNNER_COMMANDS = new Set([
  'error',
  'warning',
  'notice',
  'debug',
  'group',
  'endgroup',
  'add-mask',
  'set-output',
  'save-state',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'echo',
  'stop-commands',
]);

/**
 * The runner's two command parsers (actions/runner ActionCommand.TryParseV2 and TryParse, with
 * ordinal string comparison), reduced to "is this line a command": `::name …::data` after
 * .NET's TrimStart, and `##[name …]data` anywhere in the line. Lines are split as .NET's
 * ReadLine does: at CR, LF and CR LF.
 */
function runnerCommands(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/^[\s\u0085]+/, '');
    if (line.startsWith('::')) {
      const end = line.indexOf('::', 2);
      const name = end < 0 ? '' : (line.slice(2, end).split(' ')[0] ?? '');
      if (RUNNER_COMMANDS.has(name.toLowerCase())) found.push(name);
    }
    const prefix = raw.indexOf('##[');
    const close = prefix < 0 ? -1 : raw.indexOf(']', prefix);
    if (close >= 0) {
      const name = raw.slice(prefix + 3, close).split(' ')[0] ?? '';
      if (RUNNER_COMMANDS.has(name.toLowerCase())) found.push(name);
    }
  }
  return found;
}

const HOSTILE = [
  INJECTED_NAME,
  '::error title=pwned::at the start',
  '  \t::warning::indented',
  '\u00a0\u2003::notice::.NET trims these spaces too',
  `${ZWSP}::add-mask::hidden by an invisible prefix`,
  'one\r::set-output name=verdict::pass',
  'one\r\n::stop-commands::tok',
  'text ##[error]old-style command mid-line',
  '###[group]three hashes',
  `${ESC}[31mred${ESC}[0m and ${ESC}]0;title\x07 and \u009b2J`,
  `right\u202Eto left\u2066isolated`,
  'nul\0 del\x7f bell\x07 vt\v ff\f nel\u0085 ls\u2028 ps\u2029',
];

describe('toTerminalText', () => {
  it('keeps the injected name on one line', () => {
    expect(toTerminalText(INJECTED_NAME)).toBe('b ::error title=pwned::injected');
  });

  it.each([
    ['a\r\nb', 'a b'],
    ['a\rb\nc\td', 'a b c d'],
    ['a\u2028b\u2029c\u0085d\vE\fF', 'a b c d E F'],
  ])('turns the line breaks of %j into single spaces', (raw, shown) => {
    expect(toTerminalText(raw)).toBe(shown);
  });

  it('shows ESC, NUL, BEL and DEL as Control Pictures, so escape sequences print as text', () => {
    expect(toTerminalText(`${ESC}[31mred${ESC}[0m`)).toBe('␛[31mred␛[0m');
    expect(toTerminalText('a\0b\x07c\x7f')).toBe('a␀b␇c␡');
  });

  it('replaces C1 controls, including the 8-bit CSI, with U+FFFD', () => {
    expect(toTerminalText('\u009b2J\u0090x\u009f')).toBe('\uFFFD2J\uFFFDx\uFFFD');
  });

  it.each(BIDI.map((c) => [c.codePointAt(0)?.toString(16), c]))(
    'removes the bidi control U+%s',
    (_hex, control) => {
      expect(toTerminalText(`abc${control}def`)).toBe('abcdef');
    },
  );

  it('leaves printable text alone, including non-Latin names and colons', () => {
    for (const name of ['list products', 'café ✓ 日本語 😀', 'a::b', 'Σ p95 → 3 ms', 'x‑y']) {
      expect(toTerminalText(name)).toBe(name);
    }
  });

  it('is total: nothing unsafe and no line break survives, for every hostile input', () => {
    for (const raw of HOSTILE) {
      const safe = toTerminalText(raw);
      expect(safe).not.toMatch(UNSAFE);
      expect(safe).not.toContain('\n');
    }
  });
});

describe('quoteForTerminal', () => {
  it('quotes like JSON and spells out what JSON leaves raw', () => {
    expect(quoteForTerminal(`a${ESC}[2J"\\`)).toBe('"a\\u001b[2J\\"\\\\"');
    expect(quoteForTerminal('r\u202Eл\u2066')).toBe('"r\\u202eл\\u2066"');
    expect(quoteForTerminal('del\x7f c1\u009b ls\u2028')).toBe('"del\\u007f c1\\u009b ls\\u2028"');
    expect(quoteForTerminal(INJECTED_NAME)).toBe('"b\\n::error title=pwned::injected"');
  });

  it('equals JSON.stringify for ordinary text', () => {
    for (const text of ['p95', 'café 日本', '', 'a "b"']) {
      expect(quoteForTerminal(text)).toBe(JSON.stringify(text));
    }
  });

  it('is total: one line, nothing unsafe', () => {
    for (const raw of HOSTILE) {
      const quoted = quoteForTerminal(raw);
      expect(quoted).not.toMatch(UNSAFE);
      expect(quoted).not.toMatch(/[\n\u2028\u2029]/);
    }
  });
});

describe('removeBidiControls', () => {
  it('removes every bidi control and nothing else', () => {
    expect(removeBidiControls(`a${BIDI.join('')}b ${ZWSP}c`)).toBe(`ab ${ZWSP}c`);
  });
});

describe('neutralizeLogText', () => {
  it.each(HOSTILE)('leaves no workflow command and no control character in %j', (raw) => {
    const safe = neutralizeLogText(raw);
    expect(runnerCommands(safe)).toEqual([]);
    expect(safe).not.toMatch(UNSAFE);
    for (const line of safe.split('\n')) expect(line).not.toMatch(/^[\s\u0085\p{Cf}]*::/u);
    expect(safe).not.toContain('##[');
  });

  it('the emulated runner does see commands in the raw inputs (the test can fail)', () => {
    // The invisible-prefix case only parses under ICU's culture-aware comparison, not here.
    const raw = HOSTILE.slice(0, 9).filter((text) => !text.startsWith(ZWSP));
    expect(raw.map(runnerCommands).every((found) => found.length > 0)).toBe(true);
  });

  it('puts a zero-width space between the colons, keeping indentation and the rest', () => {
    expect(neutralizeLogText(INJECTED_NAME)).toBe(`b\n:${ZWSP}:error title=pwned::injected`);
    expect(neutralizeLogText('  \t::warning::x')).toBe(`   :${ZWSP}:warning::x`);
    expect(neutralizeLogText('a ##[error]b')).toBe(`a ##${ZWSP}[error]b`);
  });

  it('ends lines at CR, as the runner does, and keeps LF line ends', () => {
    expect(neutralizeLogText('a\r::error::b\r\nc\n')).toBe(`a\n:${ZWSP}:error::b\nc\n`);
  });

  it('leaves ordinary log text unchanged, and is idempotent', () => {
    const plain = 'verdict: ✅ PASS\n  - p95 4.1 ms · a::b\n\nresults: out/r.json';
    expect(neutralizeLogText(plain)).toBe(plain);
    for (const raw of HOSTILE) {
      const once = neutralizeLogText(raw);
      expect(neutralizeLogText(once)).toBe(once);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatIssues, formatIssuesInline } from '../../../src/core/input/format-issues.js';
import {
  describeValue,
  expectedMessage,
  formatIssuePath,
} from '../../../src/core/input/issue-text.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('formatIssues', () => {
  it.each([
    [
      [{ path: 'load.rate', message: 'expected a rate, got "x"' }],
      'Invalid profile (1 problem):\n  - load.rate: expected a rate, got "x"',
    ],
    [
      [
        { path: '(file)', message: 'YAML syntax error at line 2, column 1: bad' },
        { path: '--rate', message: 'required' },
      ],
      'Invalid profile (2 problems):\n  - (file): YAML syntax error at line 2, column 1: bad\n  - --rate: required',
    ],
    [[], 'Invalid profile (0 problems):'],
  ])('formats %j', (issues, text) => {
    expect(formatIssues(issues)).toBe(text);
  });
});

describe('issue text that echoes user input', () => {
  it('quotes a string value with its invisible characters spelled out', () => {
    expect(describeValue('a\x1b[31m\u202Eb\u2028c\x7f\u009b')).toBe(
      '"a\\u001b[31m\\u202eb\\u2028c\\u007f\\u009b"',
    );
    expect(expectedMessage('a duration', '1s\n::error::x')).toBe(
      'expected a duration, got "1s\\n::error::x"',
    );
  });

  it('brackets a hostile key in a path, spelled out', () => {
    expect(formatIssuePath(['thresholds', 'scenarios', 'b\n::warning::\u202Ex', 'p95'])).toBe(
      'thresholds.scenarios["b\\n::warning::\\u202ex"].p95',
    );
  });

  it('keeps every issue on its line with no control character, whatever its text', () => {
    const issues = [
      { path: 'scenarios["a\nb"]', message: 'unknown key\r\n::error::x \x1b[2J\u202E' },
      { path: 'name\u2066', message: 'ok' },
    ];
    const block = formatIssues(issues);
    expect(block.split('\n')).toEqual([
      'Invalid profile (2 problems):',
      '  - scenarios["a b"]: unknown key ::error::x ␛[2J',
      '  - name: ok',
    ]);
    expect(formatIssuesInline(issues)).toBe(
      'scenarios["a b"]: unknown key ::error::x ␛[2J; name: ok',
    );
    expect(block).not.toMatch(UNSAFE);
  });
});

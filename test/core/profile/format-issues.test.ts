import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../../src/core/profile/format-issues.js';

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

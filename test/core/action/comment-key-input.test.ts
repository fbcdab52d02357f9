import { describe, expect, it } from 'vitest';
import { parseActionInputs } from '../../../src/core/action/parse-action-inputs.js';

describe('input comment-key', () => {
  it('is absent unless given: each profile keeps its own comment', () => {
    const parsed = parseActionInputs({ profile: 'p.yml', 'comment-key': '  ' });
    expect(parsed.ok && parsed.config.commentKey).toBeUndefined();
  });

  it('takes letters, digits, ".", "_" and "-" up to 64', () => {
    for (const key of ['perf', 'PR-checks_2.v1', 'x'.repeat(64)]) {
      const parsed = parseActionInputs({ profile: 'p.yml', 'comment-key': key });
      expect(parsed.ok && parsed.config.commentKey, key).toBe(key);
    }
  });

  it.each([
    ['perf checks', '"perf checks"'],
    ['a:b', '"a:b"'],
    ['-->', '"-->"'],
    // Long values are shown cut, as every input issue shows them.
    ['x'.repeat(65), `"${'x'.repeat(60)}…"`],
  ])('refuses %j naming the input and the form', (key, shown) => {
    const parsed = parseActionInputs({ profile: 'p.yml', 'comment-key': key });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues).toEqual([
      {
        path: 'input comment-key',
        message: `expected letters, digits, ".", "_" or "-" (up to 64), like perf, got ${shown}`,
      },
    ]);
  });
});

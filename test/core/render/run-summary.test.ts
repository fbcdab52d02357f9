import { describe, expect, it } from 'vitest';
import { collectRunWarnings } from '../../../src/core/judge/run-warnings.js';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import { makeResult } from '../../helpers/make-result.js';

describe('renderRunSummary', () => {
  it('has a row per scenario plus the total, with units', () => {
    const text = renderRunSummary(makeResult());
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'shop → http://127.0.0.1:8080 · constant-arrival-rate · completed in 10.0 s',
    );
    expect(
      lines.some((l) =>
        /^list\s+1,000\s+100 req\/s\s+4 ms\s+10 ms\s+20 ms\s+50 ms\s+1 %\s+0 %$/.test(l),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('all '))).toBe(true);
    expect(text).toContain('failed responses: http_5xx 10');
    expect(text).toContain('status codes: 200 990 · 503 10');
    expect(text).not.toContain('warning:');
  });

  it('keeps hostile names on their row, inert: no line break, no escape, no bidi control', () => {
    const base = makeResult();
    const [first, second] = base.scenarios;
    if (!first || !second) throw new Error('makeResult has two scenarios');
    const text = renderRunSummary(
      makeResult({
        profile: { name: 'shop\x1b]0;owned\x07\u202E' },
        statusCodes: { '200': 990, '5\n::error::x': 10 },
        scenarios: [
          { ...first, name: 'b\n::error title=pwned::injected' },
          { ...second, name: '\x1b[2J\x1b[31mred\u009b0m\u2066' },
        ],
      }),
    );
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^shop␛\]0;owned␇ → /);
    expect(lines.filter((l) => /^b ::error title=pwned::injected\s+1,000 /.test(l))).toHaveLength(
      1,
    );
    expect(lines.filter((l) => /^␛\[2J␛\[31mred\uFFFD0m\s+1,000 /.test(l))).toHaveLength(1);
    expect(text).toContain('status codes: 200 990 · 5 ::error::x 10');
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('collectRunWarnings', () => {
  it('is empty for a clean run', () => {
    expect(collectRunWarnings(makeResult())).toEqual([]);
  });

  it('makes missing load, a late generator and a cut-short run loud', () => {
    const base = makeResult();
    const warnings = collectRunWarnings(
      makeResult({
        status: 'aborted',
        abortReason: 'target unreachable',
        totals: { ...base.totals, dropped: 50, queued: 20, interrupted: 3 },
        dropRate: 0.05,
        sendLagMs: { p50: 5, p99: 40, max: 90 },
        warmup: { durationMs: 1000, requests: 100, errors: 7 },
      }),
    );
    expect(warnings.join('\n')).toMatch(/aborted: target unreachable/);
    expect(warnings.join('\n')).toMatch(/50 arrivals \(5 %\) were never sent/);
    expect(warnings.join('\n')).toMatch(/20 arrivals waited for a free slot/);
    expect(warnings.join('\n')).toMatch(/send lag p99 40 ms/);
    expect(warnings.join('\n')).toMatch(/3 requests were still in flight/);
    expect(warnings.join('\n')).toMatch(/7 of 100 warm-up requests failed/);
  });

  it('keeps an abort reason that quotes the target on one line, without escapes', () => {
    const warnings = collectRunWarnings(
      makeResult({ status: 'aborted', abortReason: 'reset by peer\r\n::error::x\x1b[2J' }),
    );
    expect(warnings).toContain('The run was aborted: reset by peer ::error::x␛[2J.');
  });

  it('says when fewer requests went out than planned', () => {
    const base = makeResult();
    const warnings = collectRunWarnings(makeResult({ totals: { ...base.totals, requests: 900 } }));
    expect(warnings).toContain('Only 900 of 1,000 planned requests were sent.');
  });
});

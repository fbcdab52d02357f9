import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import {
  hasCategoryBreakdown,
  MAX_CATEGORY_ROWS,
  renderCategorySection,
} from '../../../src/core/render/category-table.js';
import { renderReport } from '../../../src/core/render/report.js';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import type { CategoryResult } from '../../../src/core/result/types.js';
import { defaultRules } from '../../../src/core/rules/default-rules.js';
import { makeResult } from '../../helpers/make-result.js';

function category(name: string, overrides: Partial<CategoryResult> = {}): CategoryResult {
  return {
    name,
    scenarios: [`${name} a`, `${name} b`],
    expectsBlocking: false,
    requests: 1200,
    ok: 1188,
    blocked: 0,
    failed: 12,
    errors: 0,
    dropped: 0,
    rps: 120,
    errorRate: 0.01,
    blockRate: 0,
    latencyMs: { p50: 4.2, p95: 12.5, p99: 31 },
    ...overrides,
  };
}

const POLICY_OFF = category('policy', {
  expectsBlocking: true,
  ok: 0,
  failed: 1200,
  errorRate: 1,
  scenarios: ['pii'],
});
const SECURITY_ON = category('sec | waf', {
  expectsBlocking: true,
  ok: 0,
  blocked: 1188,
  blockRate: 0.99,
  scenarios: ['sqli'],
});

describe('renderCategorySection', () => {
  it('tables each category, escapes names and flags a blocking category that blocked nothing', () => {
    expect(renderCategorySection([category('normal'), POLICY_OFF, SECURITY_ON])).toEqual([
      '#### Categories',
      [
        '| Category | Scenarios | Requests | Rate | Blocked | Errors | p50 | p95 | p99 |',
        '| :- | -: | -: | -: | -: | -: | -: | -: | -: |',
        '| normal | 2 | 1,200 | 120 req/s | 0 % | 1 % | 4.2 ms | 12.5 ms | 31 ms |',
        '| policy | 1 | 1,200 | 120 req/s | ⚠️ 0 % | 100 % | 4.2 ms | 12.5 ms | 31 ms |',
        '| sec \\| waf | 1 | 1,200 | 120 req/s | 99 % | 1 % | 4.2 ms | 12.5 ms | 31 ms |',
      ].join('\n'),
    ]);
  });

  it('is shown only with more than one category', () => {
    expect(renderCategorySection(undefined)).toEqual([]);
    expect(renderCategorySection([POLICY_OFF])).toEqual([]);
    expect(hasCategoryBreakdown([POLICY_OFF])).toBe(false);
    expect(hasCategoryBreakdown([POLICY_OFF, SECURITY_ON])).toBe(true);
  });

  it('tables at most MAX_CATEGORY_ROWS categories and counts the rest', () => {
    const many = Array.from({ length: MAX_CATEGORY_ROWS + 3 }, (_, i) => category(`c${i}`));
    const blocks = renderCategorySection(many);
    expect(blocks[1]?.split('\n')).toHaveLength(MAX_CATEGORY_ROWS + 2);
    expect(blocks[2]).toBe('_3 more categories are in the results file._');
  });
});

describe('the category rollup in the report and the terminal summary', () => {
  const result = makeResult({ categories: [category('normal'), POLICY_OFF] });

  it('puts the table after the summary line, before the scenario tables, and warns in the details', () => {
    const verdict = buildVerdict({
      current: result,
      rules: defaultRules(['list', 'sqli | probe']),
    });
    const { markdown } = renderReport({ verdict, current: result });
    const at = (text: string) => markdown.indexOf(text);
    expect(at('#### Categories')).toBeGreaterThan(at('requests'));
    expect(at('#### Categories')).toBeLessThan(at('— all scenarios (whole run)'));
    expect(markdown).toContain('| policy | 1 | 1,200 | 120 req/s | ⚠️ 0 % |');
    expect(markdown).toContain(
      '- 0 % blocked in category "policy" (none of 1,200 requests), though every scenario in it expects a 4xx refusal: is the policy active?',
    );
  });

  it('says in the summary line which part of the profile ran', () => {
    const partial = makeResult({
      selection: { categories: ['policy'], scenarios: ['a|b'], leftOut: ['x', 'y', 'z'] },
    });
    const verdict = buildVerdict({ current: partial, rules: defaultRules([]) });
    const { markdown } = renderReport({ verdict, current: partial });
    const summary = markdown.split('\n').find((l) => l.startsWith('Target '));
    expect(summary).toContain(' · only category "policy", scenario "a\\|b" (2 of 5 scenarios)');
  });

  it('leaves the report as it was without categories', () => {
    const plain = makeResult();
    const verdict = buildVerdict({ current: plain, rules: defaultRules(['list', 'sqli | probe']) });
    expect(renderReport({ verdict, current: plain }).markdown).not.toContain('Categories');
  });

  it('shows a category row each in the terminal with more than one category, and the warning', () => {
    const lines = renderRunSummary(result).split('\n');
    const header = lines.findIndex((l) => /^category\s+scenarios\s+requests\s+rate/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 2]).toMatch(
      /^normal\s+2\s+1,200\s+120 req\/s\s+4\.2 ms\s+12\.5 ms\s+31 ms\s+1 %\s+0 %$/,
    );
    expect(lines[header + 3]).toMatch(/^policy\s+1\s+1,200\s+.*100 %\s+⚠️ 0 %$/);
    expect(lines).toContain(
      'warning: 0 % blocked in category "policy" (none of 1,200 requests), though every scenario in it expects a 4xx refusal: is the policy active?',
    );
    const single = renderRunSummary(makeResult({ categories: [category('normal')] }));
    expect(single).not.toMatch(/^category\s/m);
  });
});

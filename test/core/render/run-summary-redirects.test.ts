import { describe, expect, it } from 'vitest';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import { makeResult } from '../../helpers/make-result.js';

describe('redirects in the terminal summary', () => {
  it('shows the hops followed when there were any', () => {
    const base = makeResult();
    const text = renderRunSummary(makeResult({ totals: { ...base.totals, redirects: 2_000 } }));
    expect(text).toContain('redirects followed: 2,000');
  });

  it('says nothing when none were followed, or the file predates the counter', () => {
    const base = makeResult();
    expect(
      renderRunSummary(makeResult({ totals: { ...base.totals, redirects: 0 } })),
    ).not.toContain('redirects');
    expect(renderRunSummary(base)).not.toContain('redirects');
  });
});

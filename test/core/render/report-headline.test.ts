import { describe, expect, it } from 'vitest';
import {
  describeConfirmation,
  renderSummaryLine,
} from '../../../src/core/render/report-headline.js';
import { makeRunResults } from '../../helpers/make-run-results.js';
import { makeVerdict } from '../../helpers/make-verdict.js';

describe('describeConfirmation', () => {
  it.each([
    [2, 1, '🔁 2 breaches confirmed on re-measuring, 1 unconfirmed'],
    [1, 0, '🔁 1 breach confirmed on re-measuring'],
    [0, 1, '🔁 1 breach unconfirmed on re-measuring (not gated)'],
    [0, 3, '🔁 3 breaches unconfirmed on re-measuring (not gated)'],
  ])('%s confirmed, %s unconfirmed → %s', (confirmed, unconfirmed, text) => {
    expect(describeConfirmation({ confirmed, unconfirmed })).toBe(text);
  });

  it('says nothing when there was nothing to confirm', () => {
    expect(describeConfirmation({ confirmed: 0, unconfirmed: 0 })).toBeUndefined();
  });

  it('is part of the summary line only for a confirmed verdict', () => {
    const current = makeRunResults([]);
    const plain = makeVerdict([]);
    expect(renderSummaryLine(plain, current)).not.toContain('re-measuring');
    const confirmed = makeVerdict([], { confirmation: { confirmed: 2, unconfirmed: 1 } });
    expect(renderSummaryLine(confirmed, current)).toMatch(
      / · 🔁 2 breaches confirmed on re-measuring, 1 unconfirmed\.$/,
    );
  });
});

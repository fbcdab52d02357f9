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

  it.each([
    [
      { confirmed: 1, unconfirmed: 0, remeasures: 2, remeasuredMs: 34_000, mode: 'regressions' },
      '🔁 re-measured 2× (34.0 s): 1 regression confirmed',
    ],
    [
      {
        confirmed: 0,
        unconfirmed: 2,
        remeasures: 1,
        maxRemeasures: 3,
        remeasuredMs: 8_100,
        mode: 'regressions',
      },
      '🔁 re-measured 1× of up to 3 (8.1 s): 2 regressions unconfirmed (a warning, not a failure)',
    ],
    [
      { confirmed: 1, unconfirmed: 1, remeasures: 1, remeasuredMs: 9_000, mode: 'regressions' },
      '🔁 re-measured 1× (9.0 s): 1 regression confirmed, 1 unconfirmed (a warning, not a failure)',
    ],
    [
      { confirmed: 2, unconfirmed: 1, remeasures: 1, remeasuredMs: 95_000 },
      '🔁 re-measured 1× (1m35s): 2 breaches confirmed, 1 unconfirmed (not gated)',
    ],
    [
      { confirmed: 0, unconfirmed: 0, remeasures: 1, remeasuredMs: 8_000 },
      '🔁 re-measured 1× (8.0 s)',
    ],
  ] as const)('states how often and how long it re-measured: %j', (counts, text) => {
    expect(describeConfirmation(counts)).toBe(text);
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

import { describe, expect, it } from 'vitest';
import {
  describeExtractFailures,
  sumExtractFailures,
} from '../../../src/core/result/extract-failures.js';

const MISSING = 'json.$.cartId is missing: $ has no key "cartId"';
const NOT_JSON = 'json.$.cartId: the body is not JSON';

describe('sumExtractFailures', () => {
  it('adds up a row over the threads, keeping the first reason of the lowest thread', () => {
    const summed = sumExtractFailures([
      [{ row: 2, count: 12, firstReason: MISSING }],
      [
        { row: 2, count: 9, firstReason: NOT_JSON },
        { row: 1, count: 1, firstReason: 'header.location is missing' },
      ],
    ]);
    expect(summed).toEqual([
      { row: 1, count: 1, firstReason: 'header.location is missing' },
      { row: 2, count: 21, firstReason: MISSING },
    ]);
  });

  it('skips threads without failures, gives [] for none, and leaves its inputs alone', () => {
    const thread = [{ row: 0, count: 3, firstReason: MISSING }];
    expect(sumExtractFailures([undefined, thread, []])).toEqual(thread);
    expect(sumExtractFailures([thread, thread])[0]?.count).toBe(6);
    expect(thread[0]?.count).toBe(3);
    expect(sumExtractFailures([])).toEqual([]);
    expect(sumExtractFailures([undefined, undefined])).toEqual([]);
  });
});

describe('describeExtractFailures', () => {
  const names = ['health', 'shopper/list', 'shopper/cart'];

  it('says each row once, in row order: once, or how many times, and the first reason', () => {
    expect(
      describeExtractFailures(
        [
          { row: 2, count: 1234, firstReason: MISSING },
          { row: 1, count: 1, firstReason: 'json.$.items[0].id is missing' },
        ],
        names,
      ),
    ).toEqual([
      'shopper/list: extract_failed once; the first: json.$.items[0].id is missing',
      `shopper/cart: extract_failed 1,234 times; the first: ${MISSING}`,
    ]);
  });

  it('names a row it has no name for by its index, and says nothing for no failures', () => {
    expect(describeExtractFailures([{ row: 7, count: 2, firstReason: MISSING }], names)).toEqual([
      `7: extract_failed 2 times; the first: ${MISSING}`,
    ]);
    expect(describeExtractFailures([], names)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createIndexedScenarioPicker,
  createRandom,
  createScenarioPicker,
} from '../../../src/core/schedule/vu-schedule.js';

describe('createIndexedScenarioPicker', () => {
  it('gives draw n of the sequential picker, in any order: a stripe draws what one process would', () => {
    const weights = [3, 1, 0.5, 2];
    const sequential = createScenarioPicker(weights, createRandom(7));
    const expected = Array.from({ length: 2000 }, () => sequential());
    const atIndex = createIndexedScenarioPicker(weights, 7);
    // Shard 2 of 3, then shard 1, then shard 3: every index read out of order and with gaps.
    for (const offset of [1, 0, 2]) {
      for (let n = offset; n < expected.length; n += 3) expect(atIndex(n)).toBe(expected[n]);
    }
    // All four scenarios are drawn, so the comparison covers every branch of the picker.
    expect(new Set(expected).size).toBe(4);
  });

  it('a single scenario is always index 0', () => {
    const atIndex = createIndexedScenarioPicker([5], 1);
    expect([0, 17, 3].map(atIndex)).toEqual([0, 0, 0]);
  });
});

import { describe, expect, it } from 'vitest';
import { createRowPicker, type RowPicker } from '../../../src/core/schedule/row-picker.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';

function draw(picker: RowPicker, n: number): (number | undefined)[] {
  return Array.from({ length: n }, () => picker.next());
}

const sorted = (values: (number | undefined)[]) =>
  [...values].sort((a, b) => (a ?? -1) - (b ?? -1));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('createRowPicker', () => {
  it('sequential: rows in file order, starting over, never wrapped', () => {
    const picker = createRowPicker({ order: 'sequential', onExhausted: 'stop' }, 3, () => {
      throw new Error('sequential must not draw random numbers');
    });
    expect(draw(picker, 7)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(picker.used).toBe(7);
    expect(picker.wrapped).toBe(false);
  });

  it('unique + stop: every row exactly once, in a shuffled order, then undefined', () => {
    const picker = createRowPicker({ order: 'unique', onExhausted: 'stop' }, 50, createRandom(3));
    const first = draw(picker, 50);
    expect(sorted(first)).toEqual(range(50));
    expect(first).not.toEqual(range(50));
    expect(draw(picker, 3)).toEqual([undefined, undefined, undefined]);
    expect(picker.used).toBe(50);
    expect(picker.wrapped).toBe(false);
  });

  it('unique + wrap: every row once per pass, wrapped only after the first pass', () => {
    const picker = createRowPicker({ order: 'unique', onExhausted: 'wrap' }, 20, createRandom(5));
    const first = draw(picker, 20);
    expect(picker.wrapped).toBe(false);
    const second = draw(picker, 20);
    expect(picker.wrapped).toBe(true);
    expect(sorted(first)).toEqual(range(20));
    expect(sorted(second)).toEqual(range(20));
    expect(second).not.toEqual(first);
    expect(picker.used).toBe(40);
  });

  it('unique: every order of the rows is about equally likely, and the seed fixes it', () => {
    const order = (seed: number) =>
      draw(createRowPicker({ order: 'unique', onExhausted: 'stop' }, 3, createRandom(seed)), 3);
    expect(order(17)).toEqual(order(17));
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 6000; seed++) {
      const key = order(seed).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    // 1,000 each expected; binomial sd ≈ 29, so ±200 is about 7 sd.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });

  it('unique with one row gives it, then stops', () => {
    const picker = createRowPicker({ order: 'unique', onExhausted: 'stop' }, 1, createRandom(1));
    expect(draw(picker, 2)).toEqual([0, undefined]);
  });

  it('unique over a million rows stays exact for a prefix and uses no per-row objects', () => {
    const n = 1_000_000;
    const picker = createRowPicker({ order: 'unique', onExhausted: 'stop' }, n, createRandom(9));
    const seen = new Set(draw(picker, 10_000));
    expect(seen.size).toBe(10_000);
    for (const row of seen) expect(row).toBeGreaterThanOrEqual(0);
    for (const row of seen) expect(row).toBeLessThan(n);
  });

  it('random: reproducible from the seed, covers every row, evenly', () => {
    const make = (seed: number) =>
      createRowPicker({ order: 'random', onExhausted: 'stop' }, 10, createRandom(seed));
    expect(draw(make(7), 30)).toEqual(draw(make(7), 30));
    expect(draw(make(7), 30)).not.toEqual(draw(make(8), 30));
    const picker = make(42);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const row = picker.next() as number;
      counts[row] = (counts[row] ?? 0) + 1;
    }
    // Each row expects 10,000 draws; binomial sd ≈ 95, so ±600 is over 6 sd.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(600);
    expect(picker.used).toBe(100_000);
    expect(picker.wrapped).toBe(false);
  });

  it('random: a source returning values next to 1 still gives the last row, never past it', () => {
    const picker = createRowPicker({ order: 'random', onExhausted: 'stop' }, 3, () => 1 - 2 ** -60);
    expect(picker.next()).toBe(2);
  });

  it('refuses a table without rows', () => {
    expect(() => createRowPicker({ order: 'random', onExhausted: 'stop' }, 0, Math.random)).toThrow(
      RangeError,
    );
  });
});

import type { DataSource } from '../profile/types.js';

/** Row indexes for one data source, one per journey iteration (or plain request) that uses it. */
export interface RowPicker {
  /** The next row index in [0, rowCount), or undefined once a `unique` source with
   * `onExhausted: stop` has given every row (and on every call after). */
  next(): number | undefined;
  /** True once a `unique` source with `onExhausted: wrap` started over (the engine warns once).
   * Always false for `random` and `sequential`, which reuse rows by design. */
  readonly wrapped: boolean;
  /** Rows given so far (calls of `next` that returned a row). */
  readonly used: number;
}

/**
 * Draws rows in the source's order:
 * - `random`: uniform, with replacement, from `random`.
 * - `sequential`: 0, 1, …, rowCount − 1, 0, 1, … (no randomness used).
 * - `unique`: every row once, in a random order (a Fisher–Yates shuffle done one swap per draw,
 *   so each draw is O(1)); after the last row, `stop` gives undefined from then on, `wrap`
 *   shuffles again and goes on (`wrapped` becomes true).
 * `onExhausted` matters for `unique` only.
 * Memory: `unique` holds a Uint32Array of rowCount entries (4 bytes a row: 4 MB for a million
 * rows), allocated zeroed (0 stands for "not moved yet") so untouched pages cost nothing; the
 * other orders hold nothing per row.
 * @param rowCount rows in the table, ≥ 1.
 * @param random [0, 1) source, e.g. `createRandom(seed + 2)`; the same seed gives the same rows.
 */
export function createRowPicker(
  source: Pick<DataSource, 'order' | 'onExhausted'>,
  rowCount: number,
  random: () => number,
): RowPicker {
  if (!(Number.isInteger(rowCount) && rowCount >= 1 && rowCount <= 0xffffffff))
    throw new RangeError(`rowCount must be a whole number ≥ 1, got ${rowCount}`);
  if (source.order === 'random') return new RandomRows(rowCount, random);
  if (source.order === 'sequential') return new SequentialRows(rowCount);
  return new UniqueRows(rowCount, random, source.onExhausted === 'wrap');
}

class RandomRows implements RowPicker {
  used = 0;
  readonly wrapped = false;

  constructor(
    private readonly rowCount: number,
    private readonly random: () => number,
  ) {}

  next(): number {
    this.used++;
    // min(): a [0, 1) source cannot reach rowCount, but rounding at the edge must not either.
    return Math.min(Math.floor(this.random() * this.rowCount), this.rowCount - 1);
  }
}

class SequentialRows implements RowPicker {
  used = 0;
  readonly wrapped = false;
  private position = 0;

  constructor(private readonly rowCount: number) {}

  next(): number {
    const row = this.position;
    this.position = row + 1 === this.rowCount ? 0 : row + 1;
    this.used++;
    return row;
  }
}

class UniqueRows implements RowPicker {
  used = 0;
  wrapped = false;
  /** Position in the current pass: rows [0, drawn) of the shuffle are given out. */
  private drawn = 0;
  /** slots[i] = row + 1 at position i once moved; 0: row i itself (never swapped yet). */
  private readonly slots: Uint32Array;

  constructor(
    private readonly rowCount: number,
    private readonly random: () => number,
    private readonly wrap: boolean,
  ) {
    this.slots = new Uint32Array(rowCount);
  }

  next(): number | undefined {
    if (this.drawn === this.rowCount) {
      if (!this.wrap) return undefined;
      // A new pass shuffles what the last one left: Fisher–Yates on any arrangement is uniform.
      this.drawn = 0;
      this.wrapped = true;
    }
    const i = this.drawn;
    const remaining = this.rowCount - i;
    const j = i + Math.min(Math.floor(this.random() * remaining), remaining - 1);
    const atI = this.rowAt(i);
    const atJ = this.rowAt(j);
    this.slots[i] = atJ + 1;
    this.slots[j] = atI + 1;
    this.drawn = i + 1;
    this.used++;
    return atJ;
  }

  private rowAt(position: number): number {
    const slot = this.slots[position] as number;
    return slot === 0 ? position : slot - 1;
  }
}

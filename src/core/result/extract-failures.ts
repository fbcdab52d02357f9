import { formatCount } from '../input/format-units.js';

/** How often one row's `extract` failed in a run, and why it first did. */
export interface ExtractFailures {
  /** The row (a journey step): an index into the profile's scenarios. */
  row: number;
  /** Failures over the whole run, warm-up included (≥ 1). */
  count: number;
  /** The first failure's reason: the spec and what was missing, never a value. */
  firstReason: string;
}

/**
 * The extract failures of several parts of one run (the engine threads of `--workers`) as one
 * run's: counts of a row summed, its first reason that of the earliest part in `parts` that
 * has one (the lowest thread index), rows in ascending order. Parts without any may be
 * undefined; none at all gives [].
 */
export function sumExtractFailures(
  parts: readonly (readonly ExtractFailures[] | undefined)[],
): ExtractFailures[] {
  const byRow = new Map<number, ExtractFailures>();
  for (const part of parts) {
    for (const failures of part ?? []) {
      const known = byRow.get(failures.row);
      if (known) known.count += failures.count;
      else byRow.set(failures.row, { ...failures });
    }
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
}

/**
 * One warning line per row whose extract failed, in row order:
 * `shopper/cart: extract_failed 12 times; the first: json.$.cartId is missing: …`. A row the
 * names do not cover is named by its index.
 * @param rowNames the profile's scenario names, by row.
 */
export function describeExtractFailures(
  failures: readonly ExtractFailures[],
  rowNames: readonly string[],
): string[] {
  return [...failures]
    .sort((a, b) => a.row - b.row)
    .map((f) => {
      const times = f.count === 1 ? 'once' : `${formatCount(f.count)} times`;
      return `${rowNames[f.row] ?? f.row}: extract_failed ${times}; the first: ${f.firstReason}`;
    });
}

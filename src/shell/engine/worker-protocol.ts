/**
 * What the coordinating thread (worker-engine) and its engine threads (engine-worker) say to
 * each other. Messages are structured clones: plain data only.
 *
 * A run, in order: the coordinator starts each thread with a `WorkerInput`; each opens its
 * connections and says `ready` (or ends at once with `done`: unreachable). When all are ready,
 * the coordinator runs the once setup, then sends `start` with the setup's values and the
 * moment the schedule starts, or `start` without them to end the threads unused. While the run
 * goes on, threads send `progress` every second and answer `snapshot` requests (live abort
 * checks); any thread that stops the run itself says `aborted`, and the coordinator passes it
 * on to the others (`abort`), as it passes on an interrupt (`interrupt`). Each thread ends
 * with `done` and its outcome (recording included).
 */
import type { DataTable, Profile } from '../../core/profile/types.js';
import type { Stripe } from '../../core/schedule/stripe.js';
import type { TimelinePoint } from '../../core/stats/figures.js';
import type { ProgressSnapshot } from '../../core/stats/progress-snapshot.js';
import type { LiveSnapshot } from '../../core/stats/run-recorder.js';
import type { EngineOutcome } from '../../ports.js';

export type AbortCause = 'unreachable' | 'threshold' | 'data';

/** A data table as plain data: its values row by row (a `DataTable` has methods). */
export interface PackedTable {
  columns: string[];
  rowCount: number;
  cells: (string | number | boolean | null)[];
  sizeBytes: number;
}

/** `workerData` of an engine thread. */
export interface WorkerInput {
  /** 0-based, of `threads`. */
  index: number;
  threads: number;
  /** The profile with this thread's `connections` and `maxInFlight`, tables packed apart. */
  profile: Profile;
  /** Per `profile.data` entry, its table (or null when it has none). */
  tables: (PackedTable | null)[];
  stripe: Stripe;
  /** Side by side: the baseline target every thread also sends to (`EngineRunOptions`). */
  baselineTarget?: string;
}

export type ToWorker =
  | { type: 'start'; go?: { startMs: number; setupValues: Record<string, string> } }
  | { type: 'snapshot'; id: number }
  | { type: 'abort'; cause: AbortCause; reason: string }
  | { type: 'interrupt' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; snapshot: ProgressSnapshot; lastSecond?: TimelinePoint }
  | { type: 'snapshot'; id: number; snapshot: LiveSnapshot | undefined }
  | { type: 'aborted'; cause: AbortCause; reason: string }
  | { type: 'secrets'; values: string[] }
  | { type: 'done'; outcome: EngineOutcome };

/** The profile's tables as plain data, and the profile without them. */
export function packProfile(profile: Profile): {
  profile: Profile;
  tables: (PackedTable | null)[];
} {
  const data = profile.data;
  if (data === undefined) return { profile, tables: [] };
  const tables = data.map((source) => (source.table ? packTable(source.table) : null));
  return {
    profile: { ...profile, data: data.map(({ table: _, ...source }) => source) },
    tables,
  };
}

/** `packProfile` undone: each data source gets its table back. */
export function unpackProfile(profile: Profile, tables: readonly (PackedTable | null)[]): Profile {
  const data = profile.data;
  if (data === undefined) return profile;
  return {
    ...profile,
    data: data.map((source, index) => {
      const table = tables[index];
      return table ? { ...source, table: unpackTable(table) } : source;
    }),
  };
}

function packTable(table: DataTable): PackedTable {
  const width = table.columns.length;
  const cells: PackedTable['cells'] = new Array(table.rowCount * width);
  for (let row = 0; row < table.rowCount; row++) {
    for (let column = 0; column < width; column++) {
      cells[row * width + column] = table.value(row, column);
    }
  }
  return { columns: table.columns, rowCount: table.rowCount, cells, sizeBytes: table.sizeBytes };
}

function unpackTable(packed: PackedTable): DataTable {
  const width = packed.columns.length;
  return {
    columns: packed.columns,
    rowCount: packed.rowCount,
    sizeBytes: packed.sizeBytes,
    value: (row, column) => packed.cells[row * width + column] ?? null,
  };
}

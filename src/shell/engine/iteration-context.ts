import type { DataSource, Profile } from '../../core/profile/types.js';
import type { RenderContext } from '../../core/profile/value-template.js';
import { createRowPicker, type RowPicker } from '../../core/schedule/row-picker.js';
import { type Stripe, WHOLE_SCHEDULE } from '../../core/schedule/stripe.js';
import { createRandom } from '../../core/schedule/vu-schedule.js';
import type { ResponseClass } from '../../core/stats/classify-response.js';
import type { ErrorKind } from '../../core/stats/error-kind.js';

/** Thrown while rendering when a `unique` source with `onExhausted: stop` has no row left. */
export class DataExhausted extends Error {
  constructor(readonly source: string) {
    super(`data.${source}: no unique row left`);
  }
}

/** What happened to a step's request, for its journey (set by the sender). */
export type StepOutcome = ResponseClass | ErrorKind | 'interrupted';

interface SourceState {
  source: DataSource;
  picker: RowPicker;
  /** Column name → index in the table. */
  columns: Map<string, number>;
  /** Indexes of secret columns. */
  secret: Set<number>;
  warned: boolean;
}

export interface IterationSourceEvents {
  /** A unique source with `onExhausted: wrap` started over (called once per source). */
  onWrapped(source: DataSource): void;
  /** A unique source with `onExhausted: stop` ran out: the run must stop. */
  onExhausted(source: DataSource): void;
}

/**
 * Per-run state behind per-request values: the `seq` counter, the `random.*` stream
 * (`seed + 3`) and one row picker per data source, all drawing from `seed + 2`: separate from
 * the mix and think streams, so adding data to a profile leaves its scenario mix as it was.
 */
export class IterationSource {
  private seq = 0;
  readonly random: () => number;
  private readonly sources = new Map<string, SourceState>();

  /**
   * @param seqStripe the share of `${seq}` values this source gives: the n-th iteration gets
   *   offset + n·step + 1 (a worker thread's share, so threads never repeat a value); default
   *   all of them, 1, 2, 3, …
   */
  constructor(
    profile: Pick<Profile, 'seed' | 'data'>,
    private readonly events: IterationSourceEvents,
    private readonly seqStripe: Stripe = WHOLE_SCHEDULE,
  ) {
    this.random = createRandom(profile.seed + 3);
    const rowRandom = createRandom(profile.seed + 2);
    for (const source of profile.data ?? []) {
      const table = source.table;
      if (table === undefined) continue;
      const columns = new Map(table.columns.map((name, index) => [name, index]));
      const secret = new Set<number>();
      for (const name of source.secretColumns) {
        const index = columns.get(name);
        if (index !== undefined) secret.add(index);
      }
      this.sources.set(source.name, {
        source,
        picker: createRowPicker(source, table.rowCount, rowRandom),
        columns,
        secret,
        warned: false,
      });
    }
  }

  /**
   * A new iteration (a journey run, a dynamic plain request, a setup run).
   * @param vu the virtual user's number from 1 (0 in the open model and for a once setup).
   * @param iteration the user's iteration from 0.
   * @param setup values `${setup.*}` reads (shared, or the user's own with perVu).
   * @param countSeq false for setup runs: `seq` counts journey iterations and plain requests.
   */
  create(
    vu: number,
    iteration: number,
    setup: Readonly<Record<string, string>>,
    countSeq = true,
  ): IterationContext {
    const seq = countSeq ? this.seqStripe.offset + this.seq++ * this.seqStripe.step + 1 : 0;
    return new IterationContext(this, seq, vu, iteration, setup);
  }

  /** Draws the row of `name` for one iteration. @throws DataExhausted */
  drawRow(name: string): number {
    const state = this.state(name);
    const row = state.picker.next();
    if (row === undefined) {
      this.events.onExhausted(state.source);
      throw new DataExhausted(name);
    }
    if (state.picker.wrapped && !state.warned) {
      state.warned = true;
      this.events.onWrapped(state.source);
    }
    return row;
  }

  /** The value at `row` of `name`'s `column` (undefined: the only column). */
  readValue(
    name: string,
    row: number,
    column: string | undefined,
  ): string | number | boolean | null {
    const state = this.state(name);
    const table = state.source.table as NonNullable<DataSource['table']>;
    return table.value(row, this.columnIndex(state, name, column));
  }

  /** Whether `column` of `name` (undefined: the only column) is a secret column. */
  isSecret(name: string, column: string | undefined): boolean {
    const state = this.state(name);
    return state.secret.has(this.columnIndex(state, name, column));
  }

  private columnIndex(state: SourceState, name: string, column: string | undefined): number {
    const index = column === undefined ? 0 : state.columns.get(column);
    if (index === undefined) throw new Error(`data.${name} has no column "${column}"`);
    return index;
  }

  private state(name: string): SourceState {
    const state = this.sources.get(name);
    if (state === undefined) throw new Error(`data.${name} is not a loaded data source`);
    return state;
  }
}

/**
 * The values of one iteration: rows are drawn lazily, at the first reference to each source,
 * and every later reference in the iteration reads the same row; `vars` fills as steps extract.
 */
export class IterationContext implements RenderContext {
  /** Source name → drawn row; built at the first data reference. */
  private rows: Map<string, number> | undefined;
  readonly vars: Record<string, string> = {};
  /** The last step's outcome, set by the sender when it finishes a request of this iteration. */
  stepOutcome: StepOutcome = 0;
  /** Set (by setup) to collect values rendered from secret data columns, for masking. */
  secretsSeen: string[] | undefined;
  readonly random: () => number;

  constructor(
    private readonly source: IterationSource,
    readonly seq: number,
    readonly vu: number,
    readonly iteration: number,
    readonly setup: Readonly<Record<string, string>>,
  ) {
    this.random = source.random;
  }

  dataValue(name: string, column: string | undefined): string | number | boolean | null {
    this.rows ??= new Map();
    let row = this.rows.get(name);
    if (row === undefined) {
      row = this.source.drawRow(name);
      this.rows.set(name, row);
    }
    const value = this.source.readValue(name, row, column);
    if (this.secretsSeen !== undefined && value !== null && this.source.isSecret(name, column)) {
      this.secretsSeen.push(String(value));
    }
    return value;
  }
}

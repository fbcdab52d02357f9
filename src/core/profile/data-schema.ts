/**
 * Raw schema of `data`: named data files whose rows fill `${data.NAME.COLUMN}` per request. The
 * files themselves are read by the app (`loadProfile`) before any load; here only what is written.
 */
import { z } from 'zod';
import { describeValue, expectedMessage } from '../input/issue-text.js';
import { expecting, isRecord, strictSection, textField } from '../input/schema-fields.js';
import type { DataOrder, DataSource } from './types.js';

/** A source's name, as used in `${data.NAME}`: no dots, so the reference reads unambiguously. */
export const DATA_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DATA_FORMATS = [
  'csv',
  'json',
  'text',
] as const satisfies readonly DataSource['format'][];
export const DATA_ORDERS = [
  'random',
  'sequential',
  'unique',
] as const satisfies readonly DataOrder[];
const ON_EXHAUSTED = ['stop', 'wrap'] as const satisfies readonly DataSource['onExhausted'][];

const FORMAT_BY_EXTENSION: Readonly<Record<string, DataSource['format']>> = {
  '.csv': 'csv',
  '.json': 'json',
  '.txt': 'text',
};

/**
 * The format a file name implies (`.csv`, `.json`, `.txt`, any case), or `undefined` when the
 * name does not tell and `format` must be written.
 */
export function readDataFormatFromName(file: string): DataSource['format'] | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : FORMAT_BY_EXTENSION[file.slice(dot).toLowerCase()];
}

const secretField = z
  .union(
    [
      z.boolean(),
      z.array(z.string({ error: expecting('a column name') }), {
        error: expecting('a list of column names'),
      }),
    ],
    { error: expecting('true (every column) or a list of column names') },
  )
  .meta({
    description:
      'Columns whose values are secrets, masked wherever they could be printed: true for every column, or a list of columns. Default: none.',
    examples: [true, ['password']],
  });

/** Rules that span fields: a format the file name cannot tell, onExhausted without unique. */
function checkDataSource(source: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(source)) return;
  if (
    source.format === undefined &&
    typeof source.file === 'string' &&
    readDataFormatFromName(source.file) === undefined
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['format'],
      message: `required: expected one of ${DATA_FORMATS.join(', ')} (the file name ${describeValue(source.file)} does not end in .csv, .json or .txt)`,
    });
  }
  if (source.onExhausted !== undefined && source.order !== 'unique') {
    ctx.addIssue({
      code: 'custom',
      path: ['onExhausted'],
      message: `expected onExhausted only with order: unique (${source.order === undefined ? 'random' : String(source.order)} order reuses rows and never runs out)`,
    });
  }
}

/** One data file. */
export const dataSourceSchema = strictSection(
  {
    file: textField(
      'a file path',
      'The data file, relative to the profile file; read once before any load.',
    ),
    format: z
      .enum(DATA_FORMATS, {
        error: (issue) => expectedMessage(`one of ${DATA_FORMATS.join(', ')}`, issue.input),
      })
      .meta({
        description:
          'csv (first line is the header), json (an array of objects, or of values: column value) or text (one value per line, column value). Default: from the extension .csv, .json, .txt.',
      })
      .optional(),
    order: z
      .enum(DATA_ORDERS, {
        error: (issue) => expectedMessage(`one of ${DATA_ORDERS.join(', ')}`, issue.input),
      })
      .meta({
        description:
          'random: any row each time (default); sequential: rows in file order, starting over at the end; unique: each row at most once (see onExhausted).',
        default: 'random',
      })
      .optional(),
    onExhausted: z
      .enum(ON_EXHAUSTED, {
        error: (issue) => expectedMessage(`one of ${ON_EXHAUSTED.join(', ')}`, issue.input),
      })
      .meta({
        description:
          'order: unique only: stop ends the run (status aborted) once every row was used (default); wrap starts over, with a warning.',
        default: 'stop',
      })
      .optional(),
    secret: secretField.optional(),
  },
  'a data source mapping with file',
)
  .superRefine(checkDataSource, { when: () => true })
  .meta({ description: `A data file; its rows fill \${data.NAME.COLUMN} values.` });

/** `data:` name → source; each name must be usable in `${data.NAME…}`. */
export const dataSchema = z
  .record(z.string().meta({ pattern: DATA_NAME_RE.source }), dataSourceSchema, {
    error: expecting('a mapping of data source names to { file, … }'),
  })
  .superRefine((sources, ctx) => {
    for (const name of Object.keys(sources)) {
      if (DATA_NAME_RE.test(name)) continue;
      const message = `expected a data source name of letters, digits and _ not starting with a digit (it is used as \${data.NAME.column}), got ${describeValue(name)}`;
      ctx.addIssue({ code: 'custom', path: [name], message });
    }
  })
  .meta({
    description: `Data files whose rows fill \${data.NAME.COLUMN} (or \${data.NAME} for one column) in paths, headers and bodies. Each journey iteration (or plain request) draws one row per source it uses.`,
    examples: [{ products: { file: 'data/products.csv', order: 'random' } }],
  });

/** `data:` as written, after validation. */
export type RawData = z.output<typeof dataSchema>;

/** Normalizes a validated `data:` section, in the order written. */
export function buildDataSources(data: RawData | undefined): DataSource[] {
  return Object.entries(data ?? {}).map(([name, source]) => {
    const format = source.format ?? readDataFormatFromName(source.file) ?? 'csv';
    const order = source.order ?? 'random';
    return {
      name,
      file: source.file,
      format,
      order,
      onExhausted: source.onExhausted ?? 'stop',
      secretColumns: Array.isArray(source.secret) ? [...new Set(source.secret)] : [],
      ...(source.secret === true ? { allColumnsSecret: true } : {}),
    };
  });
}

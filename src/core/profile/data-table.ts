/**
 * Data files (`data:`) held compactly: a million-row file must not become a million objects.
 * CSV and text tables keep the file's text and a typed array of offsets into it, and slice a
 * value out when it is read; JSON tables keep one array per column (numbers in a Float64Array).
 */
import type { InputIssue } from '../input/format-issues.js';
import { childPath } from '../input/issue-text.js';
import { describeCharacter, findBadCharacter, HEADER_VALUE_FORM } from './request-text-checks.js';
import type {
  DataSource,
  DataTable,
  JsonTemplate,
  Profile,
  Scenario,
  TextTemplate,
  ValueReference,
} from './types.js';
import { listTemplateReferences } from './value-template.js';

export type DataFormat = DataSource['format'];

/** Problems reported per file at most; the rest are counted in one last line. */
const MAX_ISSUES = 20;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Parses a data file's text into a table, or lists every problem found (at most 20, then
 * `and N more problems`), each naming its line (CSV, text) or element index (JSON).
 *
 * - CSV (RFC 4180): the first non-blank line is the header (every name non-empty and unique);
 *   fields separated by `,`; a field starting with `"` is quoted: it may hold commas and line
 *   breaks, `""` stands for one `"`, and nothing but `,` or the line end may follow its closing
 *   quote. A `"` inside an unquoted field is kept as written. Lines end with CRLF, LF or CR.
 *   Every row has the header's field count. Blank lines (nothing on them) are skipped anywhere,
 *   so an empty value in a one-column file is written `""`. Values are strings.
 * - JSON: an array of objects (columns: the union of their keys in first-seen order; a missing
 *   key reads as null; nested objects and arrays as their JSON text) or an array of scalars
 *   (column `value`). Numbers and booleans keep their type.
 * - text: one value per line (column `value`), as written (line ends removed, nothing
 *   trimmed); blank and whitespace-only lines are skipped.
 *
 * A leading byte-order mark is ignored. A file without a single row is a problem.
 * Memory: CSV keeps the text plus 4 bytes per field and per row; text the text plus 8 bytes
 * per line; JSON 8 bytes per value plus each string (see `DataTable.sizeBytes`).
 */
export function parseDataTable(
  text: string,
  format: DataFormat,
): { table: DataTable } | { issues: string[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { issues: ['the file is empty: expected at least one row'] };
  if (format === 'json') return parseJsonTable(body);
  return format === 'csv' ? parseCsvTable(body) : parseTextTable(body);
}

/** Collects problems up to `MAX_ISSUES`, counting the others. */
class IssueList {
  readonly shown: string[] = [];
  private hidden = 0;

  add(message: string): void {
    if (this.shown.length < MAX_ISSUES) this.shown.push(message);
    else this.hidden++;
  }

  get empty(): boolean {
    return this.shown.length === 0;
  }

  list(): string[] {
    if (this.hidden === 0) return this.shown;
    const noun = this.hidden === 1 ? 'problem' : 'problems';
    return [...this.shown, `and ${this.hidden} more ${noun}`];
  }
}

/** Line breaks (CRLF, LF or CR, each counting once) in `text[from, to)`. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (text.charCodeAt(i + 1) === LF && i + 1 < to) i++;
    }
  }
  return count;
}

/** Bytes V8 holds for `text`: one per character when every one fits in Latin-1, else two. */
function textBytes(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a range check, not a control match
  return /[^\x00-\xff]/.test(text) ? text.length * 2 : text.length;
}

/** A Uint32Array that grows by doubling; `finish` trims it when much is unused. */
class OffsetBuffer {
  data: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = new Uint32Array(Math.max(this.data.length * 2, this.length + extra));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  finish(): Uint32Array {
    const used = this.data.subarray(0, this.length);
    // A little slack is cheaper kept than copied; a lot is worth returning to the heap.
    return this.data.length - this.length > this.data.length / 8 ? used.slice() : used;
  }
}

/** Rough count of lines, to size the offsets once for ordinary files. */
function estimateLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function checkRowIndex(row: number, rowCount: number): void {
  if (!(row >= 0 && row < rowCount && Number.isInteger(row)))
    throw new RangeError(`row ${row} is outside 0..${rowCount - 1}`);
}

// --- CSV ---

/** One CSV record's fields as raw start offsets (quotes included) and where the record ends. */
interface CsvRecord {
  starts: number[];
  /** Offset of its line terminator (or the text's end). */
  end: number;
  /** Where the next record starts. */
  next: number;
  /** Line breaks inside quoted fields. */
  innerBreaks: number;
}

type CsvScan = { record: CsvRecord } | { error: string; next: number; innerBreaks: number };

/**
 * Reads one record from `pos` (not on a blank line). On a problem, `next` skips to the line
 * after it so later lines are still checked.
 */
function scanCsvRecord(text: string, pos: number, starts: number[]): CsvScan {
  const n = text.length;
  starts.length = 0;
  let innerBreaks = 0;
  for (;;) {
    const fieldStart = pos;
    starts.push(fieldStart);
    let c: number;
    if (text.charCodeAt(pos) === QUOTE) {
      let close = -1;
      let from = pos + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) break;
        if (text.charCodeAt(q + 1) === QUOTE) from = q + 2;
        else {
          close = q;
          break;
        }
      }
      if (close === -1) {
        return {
          error: `field ${starts.length}: its opening quote is never closed (a quote inside a quoted field is written "")`,
          next: n,
          innerBreaks,
        };
      }
      innerBreaks += countLineBreaks(text, fieldStart, close);
      pos = close + 1;
      c = text.charCodeAt(pos);
      if (pos < n && c !== COMMA && c !== LF && c !== CR) {
        const lineEnd = findLineEnd(text, pos);
        return {
          error: `field ${starts.length}: unexpected text after its closing quote (a quote inside a quoted field is written "")`,
          next: skipLineEnd(text, lineEnd),
          innerBreaks,
        };
      }
    } else {
      c = text.charCodeAt(pos);
      while (pos < n && c !== COMMA && c !== LF && c !== CR) c = text.charCodeAt(++pos);
    }
    if (pos < n && c === COMMA) {
      pos++;
      continue;
    }
    return { record: { starts, end: pos, next: skipLineEnd(text, pos), innerBreaks } };
  }
}

function findLineEnd(text: string, from: number): number {
  let pos = from;
  const n = text.length;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) break;
    pos++;
  }
  return pos;
}

/** Position after the line terminator at `pos` (CRLF, LF or CR), or `pos` at the text's end. */
function skipLineEnd(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === CR) return text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
  return c === LF ? pos + 1 : pos;
}

/** Skips blank lines from `pos`, counting them; returns the first non-blank position. */
function skipBlankLines(text: string, pos: number, onLine: () => void): number {
  let at = pos;
  for (;;) {
    const c = text.charCodeAt(at);
    if (c !== LF && c !== CR) return at;
    at = skipLineEnd(text, at);
    onLine();
  }
}

/** The field at raw offsets [start, end): quotes removed and `""` unescaped when quoted. */
function csvField(text: string, start: number, end: number): string {
  if (text.charCodeAt(start) !== QUOTE) return text.slice(start, end);
  const inner = text.slice(start + 1, end - 1);
  return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
}

function parseCsvTable(text: string): { table: DataTable } | { issues: string[] } {
  const issues = new IssueList();
  const starts: number[] = [];
  let line = 1;
  const nextLine = () => {
    line++;
  };
  let pos = skipBlankLines(text, 0, nextLine);
  const header = scanCsvRecord(text, pos, starts);
  if ('error' in header) return { issues: [`line ${line} (the header): ${header.error}`] };
  const columns = header.record.starts.map((start, i, all) =>
    csvField(text, start, i + 1 < all.length ? (all[i + 1] as number) - 1 : header.record.end),
  );
  checkColumnNames(columns, line, issues);
  line += header.record.innerBreaks + 1;
  pos = header.record.next;

  const columnCount = columns.length;
  const stride = columnCount + 1;
  const offsets = new OffsetBuffer(estimateLines(text) * stride);
  let rowCount = 0;
  const n = text.length;
  for (;;) {
    pos = skipBlankLines(text, pos, nextLine);
    if (pos >= n) break;
    const scanned = scanCsvRecord(text, pos, starts);
    if ('error' in scanned) {
      issues.add(`line ${line}: ${scanned.error}`);
      line += scanned.innerBreaks + 1;
      pos = scanned.next;
      continue;
    }
    const { record } = scanned;
    if (record.starts.length !== columnCount) {
      issues.add(
        `line ${line}: expected ${columnCount} ${columnCount === 1 ? 'field' : 'fields'} like the header, got ${record.starts.length}`,
      );
    } else if (issues.empty) {
      offsets.reserve(stride);
      const data = offsets.data;
      let at = offsets.length;
      for (let i = 0; i < columnCount; i++) data[at++] = record.starts[i] as number;
      data[at++] = record.end;
      offsets.length = at;
      rowCount++;
    }
    line += record.innerBreaks + 1;
    pos = record.next;
  }
  if (!issues.empty) return { issues: issues.list() };
  if (rowCount === 0)
    return { issues: ['no data rows: the file has a header line only (expected rows below it)'] };
  const index = offsets.finish();
  const lastColumn = columnCount - 1;
  const table: DataTable = {
    columns,
    rowCount,
    sizeBytes: textBytes(text) + index.byteLength,
    value(row: number, column: number): string {
      checkRowIndex(row, rowCount);
      if (!(column >= 0 && column <= lastColumn))
        throw new RangeError(`column ${column} is outside 0..${lastColumn}`);
      const base = row * stride;
      const start = index[base + column] as number;
      const end =
        column < lastColumn
          ? (index[base + column + 1] as number) - 1
          : (index[base + columnCount] as number);
      return csvField(text, start, end);
    },
    lineOf(row: number): number {
      checkRowIndex(row, rowCount);
      return countLineBreaks(text, 0, index[row * stride] as number) + 1;
    },
  };
  return { table };
}

function checkColumnNames(columns: readonly string[], line: number, issues: IssueList): void {
  const seen = new Map<string, number>();
  columns.forEach((name, i) => {
    if (name === '') {
      issues.add(`line ${line} (the header): column ${i + 1} has no name (expected a name)`);
      return;
    }
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else
      issues.add(
        `line ${line} (the header): column ${JSON.stringify(name)} appears twice (columns ${first + 1} and ${i + 1}); expected unique names`,
      );
  });
}

// --- text ---

function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

function parseTextTable(text: string): { table: DataTable } | { issues: string[] } {
  const n = text.length;
  const offsets = new OffsetBuffer(estimateLines(text) * 2);
  let rowCount = 0;
  let pos = 0;
  while (pos < n) {
    const end = findLineEnd(text, pos);
    if (!isBlankLine(text, pos, end)) {
      offsets.reserve(2);
      offsets.data[offsets.length++] = pos;
      offsets.data[offsets.length++] = end;
      rowCount++;
    }
    pos = skipLineEnd(text, end);
  }
  // parseDataTable has already refused a file holding only whitespace.
  const index = offsets.finish();
  const table: DataTable = {
    columns: ['value'],
    rowCount,
    sizeBytes: textBytes(text) + index.byteLength,
    value(row: number, column: number): string {
      checkRowIndex(row, rowCount);
      if (column !== 0) throw new RangeError(`column ${column} is outside 0..0`);
      return text.slice(index[row * 2], index[row * 2 + 1]);
    },
    lineOf(row: number): number {
      checkRowIndex(row, rowCount);
      return countLineBreaks(text, 0, index[row * 2] as number) + 1;
    },
  };
  return { table };
}

// --- JSON ---

type Scalar = string | number | boolean | null;
type Column = Float64Array | Scalar[];

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** `(line 3, column 9)` for a JSON.parse error that gives a position; the text is never quoted. */
function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  // Some V8 messages quote the text around the error: leave that out, data may be secret.
  const cause = (
    message.replace(/\s*(in JSON )?at position \d+.*$/s, '').split(', "')[0] ?? ''
  ).replace(/^./, (c) => c.toLowerCase());
  const reason = cause === '' ? 'unexpected text' : cause;
  if (position === null) return `not valid JSON: ${reason}`;
  const offset = Number(position[1]);
  const line = countLineBreaks(text, 0, offset) + 1;
  const lineStart = Math.max(
    text.lastIndexOf('\n', offset - 1),
    text.lastIndexOf('\r', offset - 1),
  );
  return `not valid JSON: ${reason} (line ${line}, column ${offset - lineStart})`;
}

/** Bytes a value costs in a generic array: the slot, plus the string or boxed number. */
function valueBytes(value: Scalar): number {
  if (typeof value === 'string') return 8 + 16 + Math.ceil(value.length / 8) * 8;
  if (typeof value === 'number' && !(Number.isInteger(value) && Math.abs(value) < 2 ** 30))
    return 8 + 16;
  return 8;
}

/** One column, as a Float64Array when every value is a number. */
function packColumn(values: Scalar[]): { column: Column; bytes: number } {
  if (values.every((v) => typeof v === 'number'))
    return { column: Float64Array.from(values as number[]), bytes: values.length * 8 };
  let bytes = 0;
  for (const value of values) bytes += valueBytes(value);
  return { column: values, bytes };
}

function parseJsonTable(text: string): { table: DataTable } | { issues: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { issues: [describeJsonSyntaxError(text, error)] };
  }
  if (!Array.isArray(parsed))
    return {
      issues: [
        `expected an array of objects or of values, got ${describeJsonKind(parsed)} (write [ … ])`,
      ],
    };
  if (parsed.length === 0) return { issues: ['the array is empty: expected at least one element'] };
  const first: unknown = parsed[0];
  if (isPlainObject(first)) return tableFromObjects(parsed);
  if (isScalar(first)) return tableFromScalars(parsed);
  return {
    issues: [
      `index 0: expected an object or a value (string, number, boolean, null), got an array`,
    ],
  };
}

function tableFromScalars(elements: unknown[]): { table: DataTable } | { issues: string[] } {
  const issues = new IssueList();
  elements.forEach((element, i) => {
    if (!isScalar(element))
      issues.add(
        `index ${i}: expected a value like index 0 (string, number, boolean, null), got ${describeJsonKind(element)}`,
      );
  });
  if (!issues.empty) return { issues: issues.list() };
  return { table: columnarTable(['value'], [elements as Scalar[]]) };
}

function tableFromObjects(elements: unknown[]): { table: DataTable } | { issues: string[] } {
  const issues = new IssueList();
  const columnIndex = new Map<string, number>();
  elements.forEach((element, i) => {
    if (!isPlainObject(element)) {
      issues.add(`index ${i}: expected an object like index 0, got ${describeJsonKind(element)}`);
      return;
    }
    for (const key of Object.keys(element))
      if (!columnIndex.has(key)) columnIndex.set(key, columnIndex.size);
  });
  if (!issues.empty) return { issues: issues.list() };
  if (columnIndex.size === 0)
    return { issues: ['every object is empty: expected at least one key (a column)'] };
  const columns = [...columnIndex.keys()];
  const values = columns.map(() => new Array<Scalar>(elements.length));
  elements.forEach((element, row) => {
    const object = element as Record<string, unknown>;
    columns.forEach((name, c) => {
      const value = object[name];
      (values[c] as Scalar[])[row] =
        value === undefined ? null : isScalar(value) ? value : JSON.stringify(value);
    });
  });
  return { table: columnarTable(columns, values) };
}

function columnarTable(columns: string[], values: Scalar[][]): DataTable {
  const rowCount = values[0]?.length ?? 0;
  let sizeBytes = 0;
  const packed = values.map((v) => {
    const { column, bytes } = packColumn(v);
    sizeBytes += bytes;
    return column;
  });
  return {
    columns,
    rowCount,
    sizeBytes,
    value(row: number, column: number): Scalar {
      checkRowIndex(row, rowCount);
      const values = packed[column];
      if (values === undefined)
        throw new RangeError(`column ${column} is outside 0..${columns.length - 1}`);
      return values[row] as Scalar;
    },
  };
}

// --- references from the profile ---

/** Every data reference of a template, in order. */
function dataReferencesOf(
  template: TextTemplate | JsonTemplate,
): Extract<ValueReference, { kind: 'data' }>[] {
  return listTemplateReferences(template).filter(
    (r): r is Extract<ValueReference, { kind: 'data' }> => r.kind === 'data',
  );
}

/** A template and where it was written. */
interface PlacedTemplate {
  path: string;
  template: TextTemplate | JsonTemplate;
  /** Set for header values: the lower-cased header name. */
  header?: string;
}

function placedTemplates(scenario: Scenario, prefix: string): PlacedTemplate[] {
  const dynamic = scenario.dynamic;
  if (dynamic === undefined) return [];
  const placed: PlacedTemplate[] = [];
  if (dynamic.path) placed.push({ path: childPath(prefix, 'path'), template: dynamic.path });
  for (const [name, template] of Object.entries(dynamic.headers ?? {}))
    placed.push({ path: childPath(childPath(prefix, 'headers'), name), template, header: name });
  if (dynamic.body)
    placed.push({
      path: childPath(prefix, dynamic.body.kind === 'json' ? 'json' : 'body'),
      template: dynamic.body,
    });
  return placed;
}

/**
 * Where each of the profile's requests was written: `scenarios[2]`, `scenarios[1].steps[0]`
 * (journey steps), `setup.requests[0]`. Rows are flattened in the order written, a journey's
 * steps together, so a journey's place is the count of entries before its first step.
 */
function requestPlaces(profile: Profile): { scenario: Scenario; prefix: string }[] {
  const places: { scenario: Scenario; prefix: string }[] = [];
  const journeyEntry = new Map<string, number>();
  let entry = 0;
  profile.scenarios.forEach((scenario, row) => {
    if (scenario.setup) return; // its setup request is listed below
    if (scenario.journey === undefined) {
      places.push({ scenario, prefix: `scenarios[${entry++}]` });
      return;
    }
    let at = journeyEntry.get(scenario.journey);
    if (at === undefined) {
      at = entry++;
      journeyEntry.set(scenario.journey, at);
    }
    const journey = profile.journeys?.find((j) => j.name === scenario.journey);
    const step = journey?.steps.findIndex((s) => s.scenario === row) ?? -1;
    places.push({
      scenario,
      prefix: step >= 0 ? `scenarios[${at}].steps[${step}]` : `scenarios[${at}]`,
    });
  });
  profile.setup?.requests.forEach((request, i) => {
    places.push({ scenario: request.scenario, prefix: `setup.requests[${i}]` });
  });
  return places;
}

function listColumns(table: DataTable): string {
  return table.columns.map((c) => JSON.stringify(c)).join(', ');
}

/**
 * Checks what can only be checked once the data files are read (`DataSource.table` set):
 * every `${data.X.col}` in any request (scenarios, journey steps, setup) names a column of X,
 * `${data.X}` is used only with a one-column source, `secret` columns exist, and every value of
 * a column used in a header is one undici can send (no line breaks or control characters; the
 * first bad row is named, 1-based in data order, with its file line for CSV and text).
 * Sources without a table are skipped. Issue paths name where the reference was written
 * (`scenarios[1].steps[0].headers.x-user`) or the source (`data.users.secret`).
 * Cost: one pass over each header-used column (a regular expression per value).
 */
export function checkDataReferences(profile: Profile): InputIssue[] {
  const sources = new Map((profile.data ?? []).map((s) => [s.name, s]));
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  const push = (issue: InputIssue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const source of profile.data ?? []) {
    const table = source.table;
    if (table === undefined) continue;
    for (const column of source.secretColumns)
      if (!table.columns.includes(column))
        push({
          path: `data.${source.name}.secret`,
          message: `column ${JSON.stringify(column)} is not in ${source.file}; its columns are ${listColumns(table)}`,
        });
  }
  const checkedHeaderColumns = new Set<string>();
  for (const { scenario, prefix } of requestPlaces(profile)) {
    for (const placed of placedTemplates(scenario, prefix)) {
      for (const reference of dataReferencesOf(placed.template)) {
        const source = sources.get(reference.source);
        const table = source?.table;
        if (source === undefined || table === undefined) continue;
        const written = `\${data.${reference.source}${reference.column === undefined ? '' : `.${reference.column}`}}`;
        let column: number;
        if (reference.column === undefined) {
          if (table.columns.length !== 1) {
            push({
              path: placed.path,
              message: `${written} needs a source with one column, but ${source.file} has ${table.columns.length} (${listColumns(table)}): write \${data.${source.name}.<column>}`,
            });
            continue;
          }
          column = 0;
        } else {
          column = table.columns.indexOf(reference.column);
          if (column < 0) {
            push({
              path: placed.path,
              message: `${written}: ${source.file} has no column ${JSON.stringify(reference.column)}; its columns are ${listColumns(table)}`,
            });
            continue;
          }
        }
        const key = `${source.name}\n${column}`;
        if (placed.header === undefined || checkedHeaderColumns.has(key)) continue;
        checkedHeaderColumns.add(key);
        const message = describeBadHeaderValues(source, table, column);
        if (message !== undefined) push({ path: placed.path, message: `${written}: ${message}` });
      }
    }
  }
  return issues;
}

/** The first row whose value a header cannot hold, and how many more there are. */
function describeBadHeaderValues(
  source: DataSource,
  table: DataTable,
  column: number,
): string | undefined {
  let first: { row: number; index: number; char: string } | undefined;
  let more = 0;
  for (let row = 0; row < table.rowCount; row++) {
    const value = table.value(row, column);
    if (typeof value !== 'string') continue;
    const index = findBadCharacter('header', value);
    if (index < 0) continue;
    if (first === undefined)
      first = { row, index, char: String.fromCodePoint(value.codePointAt(index) ?? 0) };
    else more++;
  }
  if (first === undefined) return undefined;
  const where = table.lineOf
    ? ` (line ${table.lineOf(first.row)} of ${source.file})`
    : ` of ${source.file}`;
  const others = more === 0 ? '' : ` (and ${more} more ${more === 1 ? 'row' : 'rows'})`;
  return `row ${first.row + 1}${where} has ${describeCharacter(first.char)} at character ${first.index + 1} in column ${JSON.stringify(table.columns[column])}, which a header value cannot hold${others}; expected ${HEADER_VALUE_FORM}`;
}

/**
 * `data: products 50 rows (csv, random), users 5 rows (csv, unique)`, for the line printed
 * before a run; undefined without data sources.
 */
export function describeDataSources(profile: Profile): string | undefined {
  const sources = profile.data ?? [];
  if (sources.length === 0) return undefined;
  const parts = sources.map((s) => {
    const rows =
      s.table === undefined
        ? ''
        : ` ${s.table.rowCount} ${s.table.rowCount === 1 ? 'row' : 'rows'}`;
    return `${s.name}${rows} (${s.format}, ${s.order})`;
  });
  return `data: ${parts.join(', ')}`;
}

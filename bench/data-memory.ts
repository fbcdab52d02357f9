/**
 * Memory and speed of `data:` files of a million rows (issue 11: "memory stays bounded for files
 * of a million rows; state the figure"). Writes a 1,000,000-row CSV (id,name,price) and a JSON
 * array of as many objects to a temporary directory, then for each format and round starts a
 * fresh Node process (--expose-gc) that reads the file as the app does (NodeFileStore), parses
 * it with parseDataTable and reports, after a forced GC, what the table keeps: heap, external
 * (array buffers: the offsets), RSS, the process's peak RSS, and the table's own `sizeBytes`
 * estimate; then it reads 1,000,000 values through `value(row, column)`, at random rows, then
 * row after row.
 * Medians of 5 rounds. Goal: a CSV table keeps at most 2× the file's size (the text itself
 * plus 16 bytes of offsets a row), never an object per row.
 *
 * Run: node --expose-gc --import tsx bench/data-memory.ts [--rows N] [--rounds N]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataTable } from '../src/core/profile/data-table.js';
import type { DataTable } from '../src/core/profile/types.js';
import { createRandom } from '../src/core/schedule/vu-schedule.js';
import { NodeFileStore } from '../src/shell/node-file-store.js';
import { killAllChildren, runCommand } from './lib/children.js';
import { formatNumber, judge, median, reportSummary, type SummaryRow } from './lib/summary.js';

type Format = 'csv' | 'json';
const MB = 1024 * 1024;
const CHILD_TIMEOUT_MS = 2 * 60_000;
const ACCESSES = 1_000_000;
const GOAL_CSV_RETAINED_VS_FILE = 2;
const COLORS = ['red', 'green', 'blue', 'black', 'white'];

interface ChildFigures {
  format: Format;
  fileBytes: number;
  rowCount: number;
  parseMs: number;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  rssBytes: number;
  peakRssBytes: number;
  sizeBytes: number;
  /** At random rows (order: random, unique): mostly cache misses on the text and offsets. */
  nsPerValue: number;
  /** Row after row (order: sequential). */
  sequentialNsPerValue: number;
}

function readFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// --- child: one format, one round ---

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

/** Reads and parses in its own frame, so nothing but the table outlives it. */
async function readTable(file: string, format: Format): Promise<DataTable> {
  const parsed = parseDataTable(await new NodeFileStore().readText(file), format);
  if ('issues' in parsed) throw new Error(parsed.issues.join('\n'));
  return parsed.table;
}

async function runChild(format: Format, file: string): Promise<void> {
  collectGarbage();
  const before = process.memoryUsage();
  const startMs = performance.now();
  const table = await readTable(file, format);
  const parseMs = performance.now() - startMs;
  collectGarbage();
  const after = process.memoryUsage();
  const random = createRandom(1);
  const rows = Uint32Array.from({ length: ACCESSES }, () => Math.floor(random() * table.rowCount));
  const columns = table.columns.length;
  let checksum = 0;
  const accessStartMs = performance.now();
  for (let i = 0; i < ACCESSES; i++) {
    const value = table.value(rows[i] as number, i % columns);
    checksum += typeof value === 'string' ? value.length : 1;
  }
  const accessMs = performance.now() - accessStartMs;
  const sequentialStartMs = performance.now();
  for (let i = 0; i < ACCESSES; i++) {
    const value = table.value(i % table.rowCount, i % columns);
    checksum += typeof value === 'string' ? value.length : 1;
  }
  const sequentialMs = performance.now() - sequentialStartMs;
  if (checksum === 0) throw new Error('no values read');
  const figures: ChildFigures = {
    format,
    fileBytes: statSync(file).size,
    rowCount: table.rowCount,
    parseMs,
    heapUsedBytes: after.heapUsed - before.heapUsed,
    externalBytes: after.external - before.external,
    arrayBuffersBytes: after.arrayBuffers - before.arrayBuffers,
    rssBytes: after.rss - before.rss,
    peakRssBytes: process.resourceUsage().maxRSS * 1024 - before.rss,
    sizeBytes: table.sizeBytes,
    nsPerValue: (accessMs * 1e6) / ACCESSES,
    sequentialNsPerValue: (sequentialMs * 1e6) / ACCESSES,
  };
  console.log(JSON.stringify(figures));
}

// --- parent: files, rounds, medians ---

function writeFiles(dir: string, rowCount: number): Record<Format, string> {
  const csv = ['id,name,price'];
  const json: string[] = [];
  for (let i = 1; i <= rowCount; i++) {
    const name = `Product ${i} ${COLORS[i % COLORS.length]}`;
    const price = ((i * 7919) % 100_000) / 100;
    csv.push(`${i},${name},${price}`);
    json.push(JSON.stringify({ id: i, name, price }));
  }
  const files = { csv: join(dir, 'products.csv'), json: join(dir, 'products.json') };
  writeFileSync(files.csv, `${csv.join('\n')}\n`);
  writeFileSync(files.json, `[\n${json.join(',\n')}\n]\n`);
  return files;
}

async function measureRound(format: Format, file: string): Promise<ChildFigures> {
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', script, '--child', format, file];
  const run = await runCommand(process.execPath, args, CHILD_TIMEOUT_MS);
  if (run.code !== 0) throw new Error(`${format} child exited with ${run.code}\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildFigures;
}

function medianOf(rounds: readonly ChildFigures[], key: keyof ChildFigures): number {
  return median(rounds.map((r) => r[key] as number));
}

function describeFormat(format: Format, rounds: readonly ChildFigures[]): SummaryRow[] {
  const first = rounds[0] as ChildFigures;
  const retained = medianOf(rounds, 'heapUsedBytes') + medianOf(rounds, 'externalBytes');
  const ratio = retained / first.fileBytes;
  const label = `${format} ${formatNumber(first.rowCount)} rows (${formatNumber(first.fileBytes / MB, 1)} MB file)`;
  const mb = (key: keyof ChildFigures) => `${formatNumber(medianOf(rounds, key) / MB, 1)} MB`;
  console.log(
    `${label}: parse ${formatNumber(medianOf(rounds, 'parseMs'))} ms · heapUsed +${mb('heapUsedBytes')} · external +${mb('externalBytes')} (arrayBuffers +${mb('arrayBuffersBytes')}) · rss +${mb('rssBytes')} (peak +${mb('peakRssBytes')}) · sizeBytes ${mb('sizeBytes')} · ${formatNumber(medianOf(rounds, 'nsPerValue'))} ns/value at random rows, ${formatNumber(medianOf(rounds, 'sequentialNsPerValue'))} in order`,
  );
  return [
    {
      benchmark: 'data-memory',
      metric: `${label}: read + parse`,
      value: `${formatNumber(medianOf(rounds, 'parseMs'))} ms`,
      goal: '',
      verdict: '',
    },
    {
      benchmark: 'data-memory',
      metric: `${label}: kept (heap + external) vs file`,
      value: `${formatNumber(retained / MB, 1)} MB (${ratio.toFixed(2)}×)`,
      goal: format === 'csv' ? `≤ ${GOAL_CSV_RETAINED_VS_FILE}×` : '',
      verdict: format === 'csv' ? judge(ratio <= GOAL_CSV_RETAINED_VS_FILE) : '',
    },
    {
      benchmark: 'data-memory',
      metric: `${label}: peak RSS during read`,
      value: `+${mb('peakRssBytes')}`,
      goal: '',
      verdict: '',
    },
    {
      benchmark: 'data-memory',
      metric: `${label}: value(row, column) at random rows / in order`,
      value: `${formatNumber(medianOf(rounds, 'nsPerValue'))} / ${formatNumber(medianOf(rounds, 'sequentialNsPerValue'))} ns`,
      goal: '',
      verdict: '',
    },
  ];
}

async function main(): Promise<void> {
  const rowCount = readFlag('--rows', 1_000_000);
  const roundCount = readFlag('--rounds', 5);
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-data-bench-'));
  try {
    const files = writeFiles(dir, rowCount);
    const rounds: Record<Format, ChildFigures[]> = { csv: [], json: [] };
    for (let round = 0; round < roundCount; round++) {
      for (const format of ['csv', 'json'] as const)
        rounds[format].push(await measureRound(format, files[format]));
      console.log(`round ${round + 1}/${roundCount} done`);
    }
    const rows = [...describeFormat('csv', rounds.csv), ...describeFormat('json', rounds.json)];
    reportSummary(rows, process.argv);
    if (rows.some((r) => r.verdict === 'FAIL')) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  const format = process.argv[childAt + 1] as Format;
  const file = process.argv[childAt + 2] as string;
  runChild(format, file).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  main()
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(killAllChildren);
}

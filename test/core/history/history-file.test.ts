import { describe, expect, it } from 'vitest';
import { compactHistory } from '../../../src/core/history/compact-history.js';
import {
  emptyHistory,
  MAX_HISTORY_ISSUES,
  readHistoryFile,
  serializeHistory,
} from '../../../src/core/history/history-file.js';
import type { HistoryEntry, HistoryFileV1 } from '../../../src/core/history/types.js';
import { serializeResults } from '../../../src/core/result/serialize-results.js';
import {
  DAY_MS,
  everyStep,
  HOUR_MS,
  makeEntries,
  NOW_MS,
  sampleResult,
} from './history-fixtures.js';

const LABEL = '--history h.json';

function sampleHistory(): HistoryFileV1 {
  const times = everyStep(NOW_MS - 10 * DAY_MS, NOW_MS, 12 * HOUR_MS);
  return { ...emptyHistory('1.2.3'), entries: compactHistory(makeEntries(times), NOW_MS).entries };
}

function issuesOf(text: string): string[] {
  const read = readHistoryFile(text, LABEL);
  return read.ok ? [] : read.issues.map((i) => `${i.path}: ${i.message}`);
}

/** Sets (or, for `undefined`, deletes) the value at `path` inside parsed JSON. */
function setAt(data: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = data as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** The text of a valid history after these `[path, value]` edits of its JSON. */
function edited(...edits: [readonly (string | number)[], unknown][]): string {
  const data: unknown = JSON.parse(serializeHistory(sampleHistory()));
  for (const [path, value] of edits) setAt(data, path, value);
  return JSON.stringify(data);
}

describe('serializeHistory', () => {
  it('writes one entry per line and reads back to the same history', () => {
    const history = sampleHistory();
    const text = serializeHistory(history);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      '{"schemaVersion":1,"kind":"loadgate-history","tool":{"name":"loadgate","version":"1.2.3"},"entries":[',
    );
    expect(lines.slice(1, -2)).toHaveLength(history.entries.length);
    expect(lines.at(-2)).toBe(']}');
    expect(lines.at(-1)).toBe('');
    const read = readHistoryFile(text, LABEL);
    expect(read).toEqual({ ok: true, history, notes: [] });
  });

  it('gives the same bytes whatever order the keys came in', () => {
    const history = sampleHistory();
    const shuffled = {
      ...history,
      entries: history.entries.map(
        (e) => Object.fromEntries(Object.entries(e).reverse()) as unknown as HistoryEntry,
      ),
    };
    expect(serializeHistory(shuffled)).toBe(serializeHistory(history));
  });

  it('writes an empty history on one line', () => {
    expect(serializeHistory(emptyHistory('1.0.0'))).toBe(
      '{"schemaVersion":1,"kind":"loadgate-history","tool":{"name":"loadgate","version":"1.0.0"},"entries":[]}\n',
    );
  });

  it('keeps fields a newer loadgate added', () => {
    const text = edited([['note'], 'from the future'], [['entries', 0, 'cpuLoad'], 0.4]);
    const read = readHistoryFile(text, LABEL);
    expect(read.ok).toBe(true);
    const again = serializeHistory((read as { history: HistoryFileV1 }).history);
    expect(again).toContain('"cpuLoad":0.4');
    expect(again).toContain('"note":"from the future"');
  });
});

describe('readHistoryFile', () => {
  it('says a results file is not a history file', () => {
    const results = [...serializeResults(sampleResult(1, NOW_MS))].join('');
    expect(issuesOf(results)).toEqual([
      `${LABEL}: is a loadgate results file, not a history file (kind "loadgate-history"); pass the history file here`,
    ]);
  });

  it('says a newer schemaVersion was written by a newer loadgate', () => {
    const text = edited([['schemaVersion'], 2]);
    expect(issuesOf(text)).toEqual([
      `${LABEL}: was written by a newer loadgate (schemaVersion 2; this one reads 1): upgrade loadgate`,
    ]);
  });

  it('rejects text that is not JSON, or JSON of another kind, in one line', () => {
    expect(issuesOf('{"schemaVersion":1,')[0]).toMatch(
      /^--history h\.json: is not valid JSON \(.*\); is it a loadgate history file/,
    );
    expect(issuesOf('[1,2]')).toEqual([
      `${LABEL}: is not a loadgate history file (expected a JSON object)`,
    ]);
    expect(issuesOf('{"kind":"loadgate-history"}')).toEqual([
      `${LABEL}: has no schemaVersion; expected the number 1`,
    ]);
    expect(issuesOf('{"kind":"loadgate-history","schemaVersion":0}')).toEqual([
      `${LABEL}: has schemaVersion 0, which this loadgate no longer reads (expected 1)`,
    ]);
    expect(issuesOf('{"kind":"loadgate-results","schemaVersion":1}')).toEqual([
      `${LABEL}: has kind "loadgate-results"; expected "loadgate-history" (a loadgate history file)`,
    ]);
  });

  it('reports every schema problem at once, each at its field path', () => {
    const text = edited(
      [['entries', 0, 'overall', 'latencyMs', 'p95'], 'fast'],
      [['entries', 0, 'layer'], 'nightly'],
      [['entries', 1, 'at'], 'yesterday'],
      [['entries', 1, 'scenarios', 'list', 'errorRate'], 2],
      [['entries', 1, 'histogram'], undefined],
    );
    expect(issuesOf(text)).toEqual([
      `${LABEL} entries[0].layer: expected one of "heartbeat", "scheduled", "manual", "pull-request", "release", got "nightly"`,
      `${LABEL} entries[0].overall.latencyMs.p95: expected a number, got "fast"`,
      `${LABEL} entries[1].at: expected an ISO 8601 time like 2026-11-22T10:00:00.000Z`,
      `${LABEL} entries[1].scenarios.list.errorRate: expected a fraction from 0 to 1`,
      `${LABEL} entries[1].histogram: required: expected a string`,
    ]);
  });

  it('names a corrupt histogram and one that holds another count, without decoding either', () => {
    const other = makeEntries([NOW_MS])[0] as HistoryEntry;
    const text = edited(
      [['entries', 0, 'histogram'], 'not base64!'],
      [
        ['entries', 1, 'histogram'],
        Buffer.from('garbage bytes, not a histogram').toString('base64'),
      ],
      [['entries', 2, 'histogram'], other.histogram],
    );
    const answered = (e: HistoryEntry) => e.overall.ok + e.overall.blocked + e.overall.failed;
    const third = sampleHistory().entries[2] as HistoryEntry;
    expect(issuesOf(text)).toEqual([
      `${LABEL} entries[0].histogram: is not base64; the file is corrupt`,
      `${LABEL} entries[1].histogram: is not an HdrHistogram compressed V2 histogram (the form loadgate writes); the file is corrupt`,
      `${LABEL} entries[2].histogram: holds ${answered(other)} values, but overall ok + blocked + failed = ${answered(third)}`,
    ]);
  });

  it('checks that counts add up and that until is not before at', () => {
    const first = sampleHistory().entries[0] as HistoryEntry;
    const text = edited(
      [['entries', 0, 'overall', 'requests'], first.overall.requests + 1],
      [['entries', 0, 'until'], '2000-01-01T00:00:00Z'],
    );
    const o = first.overall;
    expect(issuesOf(text)).toEqual([
      `${LABEL} entries[0].overall.requests: is ${o.requests + 1}, but ok + blocked + failed + errors = ${o.requests}`,
      `${LABEL} entries[0].until: is before at (${first.at})`,
    ]);
  });

  it(`stops at ${MAX_HISTORY_ISSUES} problems and says how many more there were`, () => {
    const count = sampleHistory().entries.length;
    const edits: [(string | number)[], unknown][] = [];
    for (let i = 0; i < count; i++) {
      edits.push([['entries', i, 'runs'], 0], [['entries', i, 'verdict'], 'maybe']);
    }
    const text = edited(...edits);
    const issues = issuesOf(text);
    expect(issues).toHaveLength(MAX_HISTORY_ISSUES + 1);
    const total = 2 * count;
    expect(issues.at(-1)).toBe(`${LABEL}: and ${total - MAX_HISTORY_ISSUES} more problems`);
  });

  it('sorts entries out of order and keeps one copy of a run, with notes', () => {
    const history = sampleHistory();
    const [a, b, c] = history.entries as [HistoryEntry, HistoryEntry, HistoryEntry];
    const text = serializeHistory({ ...history, entries: [b, a, { ...c, verdict: 'warn' }, c] });
    const read = readHistoryFile(text, LABEL);
    expect(read).toEqual({
      ok: true,
      history: { ...history, entries: [a, b, c] },
      notes: [
        'entries were not in time order; sorted oldest first',
        '1 entry was the same run as a later one; kept the later',
      ],
    });
  });
});

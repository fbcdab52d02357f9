/**
 * `loadgate merge`: the results files of N shards (`loadgate run --shard i/N`) become the one
 * results file a single process sending the whole profile would have written. Every histogram
 * is merged exactly (HDR buckets add), never averaged, so merged percentiles are those of all
 * requests together; rates are counts over the union window, never a sum of shard rates.
 */
import type { InputIssue } from '../input/format-issues.js';
import { formatLatencyMs, listNames } from '../input/format-units.js';
import type { Figures, LatencySummaryMs, TimelinePoint } from '../stats/figures.js';
import { mergeEncodedHistograms, roundMs, summarizeHistogram } from '../stats/histogram.js';
import { mergeFigures } from '../stats/merge-recordings.js';
import { mergeTimelinePoints, readWidthSec } from '../stats/timeline.js';
import { type CategoryMember, rollUpCategories } from './category-rollup.js';
import type {
  CategoryResult,
  JourneyResult,
  LoadDescription,
  ResultsFileV1,
  ScenarioResult,
  SetupSummary,
} from './types.js';

/** One shard's results file, and how messages name it (its path, as the user gave it). */
export interface MergeInput {
  name: string;
  result: ResultsFileV1;
}

export type MergeOutcome =
  | { ok: true; result: ResultsFileV1 }
  | { ok: false; issues: InputIssue[] };

/** Shards whose measured windows began further apart than this, without `--start-at`, get a
 * warning: they did not send the profile's load together. */
export const START_SPREAD_WARN_MS = 100;

const STATUS_RANK: Record<ResultsFileV1['status'], number> = {
  completed: 0,
  interrupted: 1,
  aborted: 2,
};

/**
 * Checks that `inputs` are the N shards of one run, all at once: each has `shard`; all share
 * `profile.hash` (the profile's bytes and load flags), `shard.count`, the schema version, the
 * executor, the scenario rows, the journeys and the `--start-at`; every index 1…N is there
 * exactly once.
 * @returns one issue per problem, each naming the file(s) by their `name`; empty when the set
 *   can be merged.
 */
export function checkShardSet(inputs: readonly MergeInput[]): InputIssue[] {
  if (inputs.length === 0) {
    return [{ path: 'FILE', message: "required: the shards' results files, e.g. shard-*.json" }];
  }
  const issues: InputIssue[] = [];
  const shards = inputs.filter((input) => {
    const { result, name } = input;
    if (result.shard !== undefined) return checkShardField(input, issues);
    issues.push({
      path: name,
      message:
        result.merged !== undefined
          ? `is already a merged result (of ${result.merged.shards} shards); merge the shards' own files`
          : 'is not a shard\'s results file (it has no "shard"): write each shard with loadgate run --shard i/N',
    });
    return false;
  });
  const [first] = inputs as [MergeInput];
  const sameAsFirst = <T>(
    field: string,
    read: (r: ResultsFileV1) => T,
    explain: string,
    show: (value: T) => string = (value) => JSON.stringify(value) ?? 'absent',
  ) => {
    const expected = read(first.result);
    for (const { name, result } of inputs.slice(1)) {
      const got = read(result);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        issues.push({
          path: `${name} ${field}`,
          message: `is ${show(got)}, but ${first.name}'s is ${show(expected)}: ${explain}`,
        });
      }
    }
  };
  sameAsFirst(
    'schemaVersion',
    (r) => r.schemaVersion,
    'shards of one run are written by one loadgate',
  );
  for (const { name, result } of inputs) {
    if (result.profile.hash === undefined) {
      issues.push({
        path: `${name} profile.hash`,
        message:
          'is missing (written by a loadgate without shards), so nothing shows it ran the same profile: run the shards again with this loadgate',
      });
    }
  }
  if (inputs.every((input) => input.result.profile.hash !== undefined)) {
    sameAsFirst(
      'profile.hash',
      (r) => r.profile.hash,
      'the shards ran different profiles, or different --target, --rate, --duration, --vus or --connections',
      (hash) => (hash === undefined ? 'absent' : hash.slice(0, 12)),
    );
  }
  if (shards.length === inputs.length) {
    sameAsFirst(
      'shard.count',
      (r) => r.shard?.count,
      'shards of one run are all of the same N (--shard i/N)',
      String,
    );
    sameAsFirst(
      'shard.startAtEpochMs',
      (r) => r.shard?.startAtEpochMs,
      'shards of one run wait for the same --start-at (or none does)',
      (ms) => (ms === undefined ? 'absent (no --start-at)' : new Date(ms).toISOString()),
    );
  }
  sameAsFirst('load.executor', (r) => r.load.executor, 'shards of one run share the executor');
  sameAsFirst(
    'scenarios',
    (r) => r.scenarios.map((s) => s.name),
    'shards of one run have the same scenario rows (the same profile and --category/--scenario)',
  );
  sameAsFirst(
    'journeys',
    (r) => (r.journeys ?? []).map((j) => j.name),
    'shards of one run have the same journeys',
  );
  issues.push(...checkIndexes(shards));
  return issues;
}

/** `shard.index` and `shard.count` are whole numbers with 1 ≤ index ≤ count. */
function checkShardField({ name, result }: MergeInput, issues: InputIssue[]): boolean {
  const { index, count } = result.shard as NonNullable<ResultsFileV1['shard']>;
  if (!Number.isInteger(count) || count < 1) {
    issues.push({
      path: `${name} shard.count`,
      message: `is ${count}; expected a whole number from 1`,
    });
    return false;
  }
  if (!Number.isInteger(index) || index < 1 || index > count) {
    issues.push({
      path: `${name} shard.index`,
      message: `is ${index}; expected a whole number from 1 to its count ${count}`,
    });
    return false;
  }
  return true;
}

/** Every index 1…N once, N taken from the first shard (a differing N is its own issue). */
function checkIndexes(shards: readonly MergeInput[]): InputIssue[] {
  const [first] = shards;
  if (first === undefined) return [];
  const count = first.result.shard?.count as number;
  const byIndex = new Map<number, string[]>();
  for (const { name, result } of shards) {
    if (result.shard?.count !== count) continue;
    const index = result.shard.index;
    byIndex.set(index, [...(byIndex.get(index) ?? []), name]);
  }
  const issues: InputIssue[] = [];
  for (let index = 1; index <= count; index++) {
    const names = byIndex.get(index);
    if (names === undefined) {
      issues.push({ path: 'shards', message: `shard ${index} of ${count} is missing` });
    } else if (names.length > 1) {
      issues.push({
        path: 'shards',
        message: `shard ${index} is given ${names.length === 2 ? 'twice' : `${names.length} times`}: ${names.join(', ')}`,
      });
    }
  }
  return issues;
}

/**
 * Merges the N shards of one run into one results file, or refuses a mixed set
 * (`checkShardSet`, every problem at once).
 *
 * What is merged how: counters (totals, status codes, error and failure kinds, warm-up, setup
 * runs) are summed; every histogram (latency, service time, send lag; the run, each scenario,
 * each journey, each timeline second) is merged exactly and the summaries are read from the
 * merged histograms; timelines are aligned on the union window (a shard's second `t` lands on
 * `t` + its start after the earliest start, rounded to whole seconds) and points of one second
 * merged; the window runs from the earliest start to the latest end (`startedAt` +
 * `durationMs`), and every rate is requests over it; categories are rolled up again from the
 * merged scenarios. `status` is the worst (aborted > interrupted > completed), abort reasons and
 * warnings are kept with the shard they came from (`shard 2: …`; once, unprefixed, when every
 * shard said it). `load`: planned requests, peak VUs, connections and maxInFlight summed; the
 * rest (the profile's rates) from shard 1, as are the run labels, the environment and the tool.
 * `shard` is dropped; `merged` says N and the largest start skew (absolute, ms) when the shards
 * waited for `--start-at`.
 * @param inputs the shards in any order; shard 1 is found by its index.
 * @returns a file that passes `checkResultsContent`. Linear in the total size of the inputs
 *   (each histogram decoded once).
 */
export function mergeResults(inputs: readonly MergeInput[]): MergeOutcome {
  const issues = checkShardSet(inputs);
  if (issues.length > 0) return { ok: false, issues };
  const shards = [...inputs].sort(
    (a, b) => (a.result.shard?.index ?? 0) - (b.result.shard?.index ?? 0),
  );
  const results = shards.map((s) => s.result);
  const starts = results.map((r) => Date.parse(r.startedAt));
  const startMs = Math.min(...starts);
  const endMs = Math.max(...results.map((r, i) => (starts[i] as number) + r.durationMs));
  const windowMs = roundMs(endMs - startMs);
  const offsetsSec = starts.map((s) => Math.round((s - startMs) / 1000));
  const aligned = (pick: (r: ResultsFileV1) => readonly TimelinePoint[]) =>
    mergeTimelines(
      results.map((r, i) => ({ points: pick(r), offsetSec: offsetsSec[i] as number })),
    );
  return { ok: true, result: mergeChecked(shards, starts, windowMs, aligned) };
}

/** `mergeResults` once the set is known to be good: shards in index order, their starts (epoch
 * ms), the union window, and `aligned` to merge one timeline of every shard. */
function mergeChecked(
  shards: readonly MergeInput[],
  starts: readonly number[],
  windowMs: number,
  aligned: (pick: (r: ResultsFileV1) => readonly TimelinePoint[]) => TimelinePoint[],
): ResultsFileV1 {
  const results = shards.map((s) => s.result);
  const first = results[0] as ResultsFileV1;
  const startMs = Math.min(...starts);

  const overall = mergeFigures(results, windowMs);
  const lag = summarizeSendLag(overall);
  const scenarios: ScenarioResult[] = first.scenarios.map((row, k) => {
    const { timeline: _, ...described } = row;
    return {
      ...described,
      ...mergeFigures(
        results.map((r) => r.scenarios[k] as ScenarioResult),
        windowMs,
      ),
      timeline: aligned((r) => (r.scenarios[k] as ScenarioResult).timeline),
    };
  });
  const categories = rollUpCategories(membersOf(scenarios, first.categories ?? []));
  const journeys = first.journeys?.map(
    (journey, k): JourneyResult => ({
      name: journey.name,
      ...(journey.category === undefined ? {} : { category: journey.category }),
      weight: journey.weight,
      steps: journey.steps,
      ...mergeFigures(
        results.map((r) => r.journeys?.[k] as JourneyResult),
        windowMs,
      ),
    }),
  );
  const setup = mergeSetup(results);
  const status = results.reduce<ResultsFileV1['status']>(
    (worst, r) => (STATUS_RANK[r.status] > STATUS_RANK[worst] ? r.status : worst),
    'completed',
  );
  const abortReasons = shards.flatMap(({ result }) =>
    result.abortReason === undefined ? [] : [`shard ${result.shard?.index}: ${result.abortReason}`],
  );
  const warnings = [...mergeWarnings(results), ...describeMerge(shards, starts)];
  const maxStartSkewMs = maxSkewOf(results);
  // Everything not merged below is shard 1's (the profile's name, target, labels, environment).
  const {
    shard: _s,
    merged: _m,
    abortReason: _a,
    warnings: _w,
    categories: _c,
    journeys: _j,
    setup: _u,
    ...base
  } = first;
  const merged: ResultsFileV1 = {
    ...base,
    startedAt: new Date(startMs).toISOString(),
    durationMs: windowMs,
    status,
    ...(abortReasons.length > 0 ? { abortReason: abortReasons.join('; ') } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    merged: {
      shards: results.length,
      ...(maxStartSkewMs === undefined ? {} : { maxStartSkewMs }),
    },
    load: mergeLoad(results),
    ...overall,
    scenarios,
    ...(categories.length > 0 ? { categories } : {}),
    ...(journeys ? { journeys } : {}),
    ...(setup ? { setup } : {}),
    timeline: aligned((r) => r.timeline),
    sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
    warmup: {
      durationMs: first.warmup.durationMs,
      requests: sum(results, (r) => r.warmup.requests),
      errors: sum(results, (r) => r.warmup.errors),
    },
  };
  return merged;
}

/** The send lag of merged figures, read from their (exactly merged) send-lag histogram. */
function summarizeSendLag(figures: Figures): LatencySummaryMs {
  if (figures.histograms.sendLag === '') return summarizeHistogram(undefined);
  const histogram = mergeEncodedHistograms([figures.histograms.sendLag]);
  try {
    return summarizeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((n, item) => n + pick(item), 0);
}

/** A stretch of the union window and the shards' points that land in it. */
interface Cell {
  t: number;
  widthSec: number;
  parts: TimelinePoint[];
}

/**
 * The shards' timelines on one time axis: a shard's point at `t` lands at `t + offsetSec`.
 * The union's points are those of the shard that started first (second 0 of the union window),
 * followed by the later shards' points past its end, with no gap (a second no shard covers
 * reads zeros, as a stalled second does). Every other shard's point is merged exactly into the
 * union point it starts in: per-second points land on their own second; a wider point (the
 * folded middle of a long run) of a shard that started whole seconds later lands in the window
 * it starts in, its seconds kept together (so within one window width of where they ran).
 */
function mergeTimelines(
  timelines: readonly { points: readonly TimelinePoint[]; offsetSec: number }[],
): TimelinePoint[] {
  const refIndex = Math.max(
    0,
    timelines.findIndex((timeline) => timeline.offsetSec === 0),
  );
  const cells: Cell[] = (timelines[refIndex]?.points ?? []).map((point) => ({
    t: point.t,
    widthSec: readWidthSec(point),
    parts: [point],
  }));
  const lastCell = cells[cells.length - 1];
  let end = lastCell === undefined ? 0 : lastCell.t + lastCell.widthSec;
  const others = timelines
    .flatMap((timeline, i) =>
      i === refIndex
        ? []
        : timeline.points.map((point) => ({ point, t: point.t + timeline.offsetSec })),
    )
    .sort((a, b) => a.t - b.t);
  for (const { point, t } of others) {
    if (t < end) {
      (cells[findCell(cells, t)] as Cell).parts.push(point);
      continue;
    }
    for (; end < t; end++) cells.push({ t: end, widthSec: 1, parts: [] });
    cells.push({ t, widthSec: readWidthSec(point), parts: [point] });
    end = t + readWidthSec(point);
  }
  return cells.map(({ t, widthSec, parts }) => {
    const [only] = parts;
    return parts.length === 1 && only !== undefined && readWidthSec(only) === widthSec
      ? { ...only, t }
      : mergeTimelinePoints(parts, { t, widthSec });
  });
}

/** The index of the last cell starting at or before `t` (cells are in order of `t`). */
function findCell(cells: readonly Cell[], t: number): number {
  let low = 0;
  let high = cells.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((cells[mid] as Cell).t <= t) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * The rollup's members: whether a scenario expects only 4xx answers is not in the results file,
 * but its category's `expectsBlocking` (all of its scenarios do) is, and rolling up with that
 * for each member gives the same category flag.
 */
function membersOf(
  scenarios: readonly ScenarioResult[],
  categories: readonly CategoryResult[],
): CategoryMember[] {
  const expects = new Map(categories.map((c) => [c.name, c.expectsBlocking]));
  return scenarios.map((s) => ({
    ...s,
    expectsBlocking: s.category === undefined ? false : (expects.get(s.category) ?? false),
  }));
}

function mergeSetup(results: readonly ResultsFileV1[]): SetupSummary | undefined {
  const setups = results.flatMap((r) => (r.setup ? [r.setup] : []));
  const [first] = setups;
  if (first === undefined) return undefined;
  // The lowest shard's: the merged run's warning quotes one failure and counts them all.
  const firstFailure = setups.find((s) => s.firstFailure !== undefined)?.firstFailure;
  return {
    perVu: first.perVu,
    measured: first.measured,
    runs: sum(setups, (s) => s.runs),
    failed: sum(setups, (s) => s.failed),
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/** What the shards sent together: their planned requests, VUs, connections and slots add up;
 * the rates are the profile's (every shard writes them alike). */
function mergeLoad(results: readonly ResultsFileV1[]): LoadDescription {
  const first = (results[0] as ResultsFileV1).load;
  const loads = results.map((r) => r.load);
  const sumOf = (pick: (l: LoadDescription) => number | undefined) =>
    loads.some((l) => pick(l) !== undefined) ? sum(loads, (l) => pick(l) ?? 0) : undefined;
  const planned = sumOf((l) => l.plannedRequests);
  const vus = sumOf((l) => l.peakVus);
  const seen = [...new Set(loads.flatMap((l) => l.protocolsSeen ?? []))].sort();
  const { plannedRequests: _, peakVus: __, protocolsSeen: ___, ...rest } = first;
  return {
    ...rest,
    ...(planned === undefined ? {} : { plannedRequests: planned }),
    ...(vus === undefined ? {} : { peakVus: vus }),
    connections: sum(loads, (l) => l.connections),
    maxInFlight: sum(loads, (l) => l.maxInFlight),
    ...(seen.length > 0 ? { protocolsSeen: seen } : {}),
  };
}

/**
 * The shards' warnings, each once, in order of first appearance: as written when every shard
 * gave it, else prefixed with the shards that did (`shard 2: …`, `shards 1, 3: …`).
 */
function mergeWarnings(results: readonly ResultsFileV1[]): string[] {
  const byText = new Map<string, number[]>();
  for (const r of results) {
    for (const warning of r.warnings ?? []) {
      const indexes = byText.get(warning) ?? [];
      if (!indexes.includes(r.shard?.index as number)) indexes.push(r.shard?.index as number);
      byText.set(warning, indexes);
    }
  }
  return [...byText].map(([text, indexes]) =>
    indexes.length === results.length
      ? text
      : `${indexes.length === 1 ? 'shard' : 'shards'} ${indexes.join(', ')}: ${text}`,
  );
}

/** What the merge itself has to say: shards of different loadgate versions, or shards that
 * began apart without an agreed `--start-at`. */
function describeMerge(shards: readonly MergeInput[], starts: readonly number[]): string[] {
  const notes: string[] = [];
  const versions = new Set(shards.map((s) => s.result.tool.version));
  if (versions.size > 1) {
    notes.push(
      `The shards were written by different loadgate versions (${listNames(shards.map((s) => `${s.name} ${s.result.tool.version}`))}): their shares of the schedule may not fit together.`,
    );
  }
  const spreadMs = Math.max(...starts) - Math.min(...starts);
  const waited = shards.some((s) => s.result.shard?.startAtEpochMs !== undefined);
  if (!waited && spreadMs > START_SPREAD_WARN_MS) {
    notes.push(
      `The shards' measured windows began up to ${formatLatencyMs(spreadMs)} apart (no --start-at): the target got the whole profile's rate only while all of them ran. Give every shard the same --start-at.`,
    );
  }
  return notes;
}

/** The largest |startSkewMs| of the shards, rounded to the µs; undefined when none has one. */
function maxSkewOf(results: readonly ResultsFileV1[]): number | undefined {
  const skews = results.flatMap((r) =>
    r.shard?.startSkewMs === undefined ? [] : [Math.abs(r.shard.startSkewMs)],
  );
  return skews.length === 0 ? undefined : roundMs(Math.max(...skews));
}

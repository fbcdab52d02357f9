/**
 * Memory for runs that keep a history (the action on the baseline branch, `loadgate run
 * --history FILE`): which series the run belongs to, the rolling baseline it is judged against,
 * and the entry it leaves. Reading and writing the history is here too: from a file for the
 * CLI, from the newest `<artifact-name>-history` artifacts for the action.
 */
import { resolveRunLabels } from '../core/action/run-labels.js';
import { buildHistoryEntry } from '../core/history/build-entry.js';
import { appendEntry } from '../core/history/compact-history.js';
import { emptyHistory, readHistoryFile } from '../core/history/history-file.js';
import {
  buildRollingBaseline,
  selectBaselineEntries,
  seriesEntries,
} from '../core/history/rolling-baseline.js';
import type { HistoryEntry, HistoryFileV1, SeriesKey } from '../core/history/types.js';
import { unionHistories } from '../core/history/union-histories.js';
import { formatIssuesInline, type InputIssue, messageOf } from '../core/input/format-issues.js';
import type { Layer } from '../core/input/series-labels.js';
import type { BaselineInfo, Verdict } from '../core/judge/types.js';
import type { Profile } from '../core/profile/types.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { ArtifactStore, BaselineRef, FileStore, Output, RepoRef } from '../ports.js';
import { VERSION } from '../version.js';
import { describeReadError } from './describe-read-error.js';

/** What a run that keeps a history is told before it starts. */
export interface MemoryRequest {
  /** The history as read (empty when there was none). */
  history: HistoryFileV1;
  /** Remarks from reading it (expired, started afresh, merged after a race), for the report. */
  notes: string[];
  /** `layer` / `interval` as given by an input or flag; the profile's and the event's follow. */
  given: { layer?: Layer; interval?: string };
  /** The event that started the run, to derive the layer and interval (empty on the CLI). */
  event: { name: string; scheduleCron?: string };
  /** Facts of the run recorded in its entry. */
  facts: { runId?: number; runAttempt?: number; runUrl?: string; event?: string };
  /** K: how many earlier runs of the series the rolling baseline merges. */
  baselineRuns: number;
  /** Judge against the rolling baseline (off when a baseline was given explicitly). */
  rolling: boolean;
  /** Re-measure a breach once before it counts (see `confirmVerdict`). */
  confirm: boolean;
  /** Rows of the trend table. */
  trendRows: number;
  /** Wall-clock now, epoch ms: compaction ages entries by it. */
  nowMs: number;
  /** The history artifacts it was read from (the action), to spot one uploaded meanwhile. */
  sources?: readonly BaselineRef[];
}

/** The run's place in its series, decided once the profile is read. */
export interface PreparedMemory {
  key: SeriesKey;
  /** The earlier runs the rolling baseline merges (oldest first); empty when there are none. */
  baselineEntries: HistoryEntry[];
  /** Their exact merge, as a results file the judge compares with. */
  baseline?: ResultsFileV1;
  /** How the report names it: not one run's commit, but the runs merged. */
  info?: BaselineInfo;
  notes: string[];
}

/** The history once this run is in it. */
export interface RememberedRun {
  key: SeriesKey;
  history: HistoryFileV1;
  entry: HistoryEntry;
  /** The series' newest entries, oldest first, this run last (for the trend and the issue). */
  series: HistoryEntry[];
  /** The run breached and the breach held (re-measured, or the previous run breached too). */
  confirmedBreach: boolean;
  notes: string[];
}

/** Where a run's layer and interval come from: inputs or flags, else the profile, else the event. */
export type SeriesSources = Pick<MemoryRequest, 'given' | 'event'>;

/** The series a run of `profile` belongs to (every action run records it in its results). */
export function resolveSeries(sources: SeriesSources, profile: Profile): SeriesKey {
  const labels = resolveRunLabels({
    eventName: sources.event.name,
    ...(sources.event.scheduleCron ? { scheduleCron: sources.event.scheduleCron } : {}),
    ...(sources.given.layer ? { givenLayer: sources.given.layer } : {}),
    ...(sources.given.interval ? { givenInterval: sources.given.interval } : {}),
    ...(profile.layer ? { profileLayer: profile.layer } : {}),
    ...(profile.interval ? { profileInterval: profile.interval } : {}),
    ...(profile.load.preset ? { profilePreset: profile.load.preset } : {}),
  });
  return { profile: profile.name, layer: labels.layer, interval: labels.interval };
}

/** The series of `profile` and its rolling baseline (unless the run has another baseline). */
export function prepareMemory(memory: MemoryRequest, profile: Profile): PreparedMemory {
  const key = resolveSeries(memory, profile);
  if (!memory.rolling) return { key, baselineEntries: [], notes: [] };
  const entries = selectBaselineEntries(memory.history, key, memory.baselineRuns);
  const series = `${key.layer}/${key.interval}`;
  if (entries.length === 0) {
    return {
      key,
      baselineEntries: [],
      notes: [
        `No rolling baseline yet: the history has no earlier passing run of "${key.profile}" (${series}).`,
      ],
    };
  }
  const first = entries[0]?.at.slice(0, 16).replace('T', ' ');
  const last = entries.at(-1)?.at.slice(0, 16).replace('T', ' ');
  const runs = entries.length === 1 ? 'run' : `${entries.length} runs`;
  return {
    key,
    baselineEntries: entries,
    baseline: buildRollingBaseline(entries, VERSION),
    info: {
      ref: `rolling: the last ${runs} of ${series}`,
      mergedRuns: entries.length,
      ...(entries.at(-1)?.commit ? { commit: entries.at(-1)?.commit } : {}),
      ...(entries.at(-1)?.at ? { date: entries.at(-1)?.at } : {}),
    },
    notes: [
      `Compared with a rolling baseline: the exact merge of the last ${runs} of ${series} (${first} … ${last} UTC), noise judged across those runs.`,
    ],
  };
}

/**
 * Adds the run to the history. The run breached when its first measurement did (`candidate`,
 * else `verdict`); the breach counts as confirmed when it held on re-measuring (`verdict` is
 * then the confirmed one: a breach seen only once is `unconfirmed` there) and the re-measure
 * breached too (a run-level failure is never downgraded, but a target that answered again does not
 * raise the alarm), or, without a re-measure, when the series' previous run breached.
 */
export function rememberRun(
  memory: MemoryRequest,
  prepared: PreparedMemory,
  run: { result: ResultsFileV1; verdict: Verdict; candidate?: Verdict; confirmation?: Verdict },
): RememberedRun {
  const { key } = prepared;
  // A breach the re-measure did not confirm leaves `verdict` at pass, yet the run breached: it
  // is recorded as `unconfirmed`, so it never enters a rolling baseline.
  const breached = (run.candidate ?? run.verdict).level !== 'pass';
  const previous = seriesEntries(memory.history, key, 1).at(-1);
  const confirmed =
    breached &&
    (run.confirmation
      ? run.verdict.level !== 'pass' && run.confirmation.level !== 'pass'
      : previous !== undefined && previous.breach !== undefined);
  const entry = buildHistoryEntry(run.result, {
    layer: key.layer,
    interval: key.interval,
    verdict: run.verdict.level,
    ...(breached ? { breach: confirmed ? ('confirmed' as const) : ('unconfirmed' as const) } : {}),
    ...memory.facts,
  });
  const appended = appendEntry(memory.history, entry, memory.nowMs);
  return {
    key,
    history: appended.history,
    entry,
    series: seriesEntries(appended.history, key, Math.max(memory.trendRows, 1)),
    confirmedBreach: confirmed,
    notes: appended.notes,
  };
}

/**
 * The CLI's `--history FILE`: a missing file starts a new history (said in the notes); an
 * unreadable or invalid one is an issue at `label`, refused before any load is sent.
 */
export async function readHistoryFrom(
  path: string,
  label: string,
  files: FileStore,
): Promise<
  { ok: true; history: HistoryFileV1; notes: string[] } | { ok: false; issues: InputIssue[] }
> {
  let text: string;
  try {
    text = await files.readText(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      return {
        ok: true,
        history: emptyHistory(VERSION),
        notes: [`No history at ${path} yet: this run starts it.`],
      };
    }
    return {
      ok: false,
      issues: [{ path: label, message: `cannot read ${path}: ${describeReadError(error)}` }],
    };
  }
  const read = readHistoryFile(text, `${label} ${path}`);
  return read.ok ? { ok: true, history: read.history, notes: read.notes } : read;
}

/** How many of the newest history artifacts are merged: a run that finished at the same time as
 * the previous one uploaded its own; the next run unions them, so no entry is lost. */
export const HISTORY_ARTIFACTS_MERGED = 3;

/** The history artifact of a profile's results artifact. */
export function historyArtifactName(artifactName: string): string {
  return `${artifactName}-history`;
}

/**
 * The action's history: the newest unexpired `<artifact-name>-history` artifacts (up to
 * `HISTORY_ARTIFACTS_MERGED`) merged. Never fails the run: an expired chain (schedules stop after
 * 60 days without activity on public repositories) or a corrupt artifact starts a new history
 * with a note saying so; API errors are a warning.
 */
export async function loadHistoryArtifacts(
  store: ArtifactStore,
  repo: RepoRef,
  artifactName: string,
  nowMs: number,
  output: Output,
): Promise<{ history: HistoryFileV1; notes: string[]; sources: BaselineRef[] }> {
  const name = historyArtifactName(artifactName);
  const fresh = emptyHistory(VERSION);
  let listed: Awaited<ReturnType<ArtifactStore['listByName']>>;
  try {
    listed = await store.listByName(repo, name, HISTORY_ARTIFACTS_MERGED);
  } catch (error) {
    output.warn(`could not look up the history artifact ${name}: ${messageOf(error)}`);
    return {
      history: fresh,
      sources: [],
      notes: [`The history could not be read (see the log): this run starts a new one.`],
    };
  }
  if (listed.usable.length === 0) {
    const expired = listed.newestExpired;
    const note = expired
      ? `The history expired${expired.expiredAt ? ` on ${expired.expiredAt.slice(0, 10)}` : ''} (last kept by run ${expired.runId}; scheduled workflows stop after 60 days without repository activity): this run starts a new one.`
      : `No history yet (artifact ${name}): this run starts it.`;
    return { history: fresh, sources: [], notes: [note] };
  }
  const { history, notes, sources } = await readHistoryArtifacts(store, repo, listed.usable, {
    nowMs,
    output,
  });
  if (history === undefined) {
    notes.push('No usable history could be read: this run starts a new one.');
    return { history: fresh, sources, notes };
  }
  return { history, sources, notes };
}

/**
 * Downloads and reads history artifacts `refs`, unioned into `into` when given (each run once:
 * `unionHistories` matches entries by run). A download that fails or a file that is not a
 * history is a warning and left out (with a note for the report); `sources` are the ones read.
 */
export async function readHistoryArtifacts(
  store: ArtifactStore,
  repo: RepoRef,
  refs: readonly BaselineRef[],
  options: { nowMs: number; output: Output; into?: HistoryFileV1 },
): Promise<{ history: HistoryFileV1 | undefined; notes: string[]; sources: BaselineRef[] }> {
  const { nowMs, output } = options;
  let history = options.into;
  const notes: string[] = [];
  const sources: BaselineRef[] = [];
  for (const ref of refs) {
    const name = ref.artifactName;
    let text: string;
    try {
      text = await store.download(repo, ref);
    } catch (error) {
      output.warn(
        `could not download history artifact ${name} of run ${ref.runId}: ${messageOf(error)}`,
      );
      continue;
    }
    const read = readHistoryFile(text, `history artifact ${name} of run ${ref.runId}`);
    if (!read.ok) {
      output.warn(
        `ignoring history artifact ${name} of run ${ref.runId}: ${formatIssuesInline(read.issues)}`,
      );
      notes.push(`The history of run ${ref.runId} was not a valid history file and was left out.`);
      continue;
    }
    sources.push(ref);
    if (history === undefined) history = read.history;
    else {
      const union = unionHistories(history, read.history, nowMs);
      history = union.history;
      for (const note of union.notes) output.info(note);
    }
  }
  return { history, notes, sources };
}

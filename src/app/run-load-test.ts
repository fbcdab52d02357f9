import { formatIssues, type InputIssue } from '../core/input/format-issues.js';
import { formatRunDuration, listNames } from '../core/input/format-units.js';
import type { Layer } from '../core/input/series-labels.js';
import { checkStartAt } from '../core/input/shard-flags.js';
import type { WaitForSettings } from '../core/input/wait-for.js';
import { buildVerdict } from '../core/judge/build-verdict.js';
import { type ConfirmMode, planRemeasure } from '../core/judge/confirm-verdict.js';
import { buildAbortCheck } from '../core/judge/live-abort-check.js';
import { limitRemeasure } from '../core/judge/remeasure-profile.js';
import type { BaselineInfo, Verdict } from '../core/judge/types.js';
import { describeDataSources } from '../core/profile/data-table.js';
import type { ProfileOverrides } from '../core/profile/parse-profile.js';
import { focusProfile } from '../core/profile/scale-plan.js';
import {
  describeSelectedScenarios,
  type ScenarioSelection,
  type SelectionLabels,
} from '../core/profile/select-scenarios.js';
import type { Profile } from '../core/profile/types.js';

import { buildResultsFile } from '../core/result/build-result.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import { RunRecorder } from '../core/stats/run-recorder.js';
import type {
  EngineOutcome,
  FileStore,
  LoadEngine,
  MetricsPusher,
  Output,
  ReadinessProbe,
  RunEnvironment,
} from '../ports.js';
import { VERSION } from '../version.js';
import type { AcceptanceRequest } from './accept-label.js';
import { judgeResults, type RunOutcome } from './judge-results.js';
import { loadProfile } from './load-profile.js';
import { readResultsFrom } from './read-results.js';
import {
  type MemoryRequest,
  prepareMemory,
  resolveSeries,
  type SeriesSources,
} from './run-memory.js';
import {
  checkSideBySide,
  describeSides,
  type SideBySideRequest,
  writeBaselineSide,
} from './side-by-side.js';
import { confirmationResultsPath, writeResults } from './sinks/local-sinks.js';
import { plannedFilesOf, SINKS } from './sinks/registry.js';
import {
  type ActionPorts,
  deliverJudged,
  deliverMeasured,
  type FinishedRun,
  type MeasuredRun,
  type OutputSettings,
} from './sinks/sink.js';
import { waitForTarget } from './wait-for-target.js';

export interface RunLoadRequest {
  profilePath?: string;
  overrides: ProfileOverrides;
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
  /** Run only these categories and scenarios (`--category`, `--scenario`). */
  selection?: ScenarioSelection;
  selectionLabels?: SelectionLabels;
  /** The values of the outputs' own flags or inputs: the results file, the report files … */
  outputs: OutputSettings;
  /** Compare with this results file (read and checked before any load is sent). */
  baselinePath?: string;
  /** The baseline at `baselinePath`, already read and checked (the action's downloaded one):
   * used as is, since checking a results file decodes every histogram in it. */
  baselineResult?: ResultsFileV1;
  /** How path checks name the baseline (default `--baseline`). */
  baselineLabel?: string;
  baselineInfo?: BaselineInfo;
  marker?: string;
  notes?: string[];
  /** This run becomes the baseline if it may (the action on the baseline branch); the finished
   * run's `baselineSave` says whether to save it, and the report says when it is not saved. */
  baselineCandidate?: boolean;
  /** Keep a history: judged against its rolling baseline (unless a baseline is given), re-measured
   * before a breach counts (when asked), and added to it. */
  memory?: MemoryRequest;
  /** The workflow run's facts, recorded in the results file (`run`). */
  runFacts?: { event?: string; runId?: number; runAttempt?: number; runUrl?: string };
  /** Where the run's layer and interval come from, for a run without memory (a pull request):
   * recorded in its results all the same. */
  series?: SeriesSources;
  /** `--start-at TIME` as written: wait for that wall time before the schedule starts
   * (checked with `checkStartAt` before any load). */
  startAt?: string;
  /** How issues name it; default `--start-at`. */
  startAtLabel?: string;
  /** `confirm: N` (0..5): re-measure what broke the gate up to N times before it counts
   * (`confirmVerdict`). With `memory` a schedule's breaches are confirmed (mode `breaches`),
   * else a pull request's regressions at fail (mode `regressions`, thresholds never retried,
   * each re-measure at most `REMEASURE_MAX_MS`). Default: 1 when `memory.confirm`, else 0. */
  confirm?: number;
  /** `--wait-for`: wait until the target is ready before any load (`deps.readiness`). */
  waitFor?: WaitForSettings;
  /** A pull request's accept label, read before the load (`prepareAcceptance`). */
  acceptance?: AcceptanceRequest;
  /** Side by side (`--baseline-target`): measure this deployment next to the target in the
   * same run, write its results beside the target's and judge against them with the paired
   * test (see side-by-side.ts). */
  sideBySide?: SideBySideRequest;
}

export interface RunLoadDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  signal?: AbortSignal;
  /** Called once the results file is written (or could not be): nothing measured can be lost
   * from then on, so the CLI hands stop signals back to their default (end at once) while the
   * synchronous judging runs. */
  onResultsWritten?: () => void;
  /** The action's ports: its outputs (step outputs, summary, artifacts, comment) are delivered too. */
  action?: ActionPorts;
  /** A Prometheus Pushgateway, for the `--pushgateway` output. */
  pusher?: MetricsPusher;
  /** The wall clock (epoch ms), to check `startAt`; default `Date.now`. */
  nowEpochMs?: () => number;
  /** Polls the target before any load, for `request.waitFor`. */
  readiness?: ReadinessProbe;
}

/**
 * `loadgate run` (and the action's run mode): profile → load → outputs, in the registry's
 * order. The results file is written before anything else, so a failure later (or a second
 * Ctrl-C) cannot lose it.
 */
export async function runLoadTest(request: RunLoadRequest, deps: RunLoadDeps): Promise<RunOutcome> {
  const { output, environment } = deps;
  const loaded = await loadProfile(request, deps.files, environment.env);
  const baseline = request.baselineResult
    ? { ok: true as const, result: request.baselineResult }
    : request.baselinePath
      ? await readResultsFrom(request.baselinePath, '--baseline', deps.files)
      : undefined;
  const startLabel = request.startAtLabel ?? '--start-at';
  const startAt =
    request.startAt === undefined
      ? undefined
      : checkStartAt(request.startAt, (deps.nowEpochMs ?? Date.now)());
  const sideBySide =
    loaded.ok && request.sideBySide
      ? checkSideBySide(request.sideBySide, loaded.profile, {
          ...(baseline ? { baselinePath: request.baselineLabel ?? '--baseline' } : {}),
          ...(request.memory ? { history: '--history' } : {}),
          ...(loaded.profile.shard ? { shard: '--shard' } : {}),
        })
      : undefined;
  const pathIssues = [
    ...(sideBySide?.issues ?? []),
    ...(await checkRunPaths(request, deps.files)),
    ...(startAt?.ok === false ? [{ path: startLabel, message: startAt.message }] : []),
    ...(loaded.ok && loaded.profile.shard ? refuseVerdictInputs(request, deps) : []),
  ];
  const issues = [
    ...(loaded.ok ? [] : loaded.issues),
    ...(baseline && !baseline.ok ? baseline.issues : []),
    ...pathIssues,
  ];
  if (!loaded.ok || (baseline && !baseline.ok) || pathIssues.length > 0) {
    output.error(formatIssues(issues, loaded.ok ? 'input' : 'profile'));
    return { kind: 'bad-input', issues };
  }
  const { profile } = loaded;
  output.mask(profile.secretValues);
  for (const warning of loaded.warnings) output.warn(warning);
  const selected = describeSelectedScenarios(profile);
  if (selected !== undefined) output.info(selected);
  const dataNote = describeDataSources(profile);
  if (dataNote !== undefined) output.info(dataNote);
  const shard = profile.shard;
  if (shard) for (const warning of describeShardedData(profile)) output.warn(warning);
  const memory = request.memory;
  const prepared = memory ? prepareMemory(memory, profile) : undefined;
  const rolling = baseline === undefined && prepared?.baseline !== undefined;
  // Side by side, the baseline target's results (known after the run) replace it.
  let judgeBaseline = baseline?.ok ? baseline.result : prepared?.baseline;
  const memoryNotes = [...(memory?.notes ?? []), ...(prepared?.notes ?? [])];
  for (const note of memoryNotes) output.info(note);
  const notes = [...memoryNotes, ...(request.notes ?? [])];
  // A shard sees a share of the load: abortOnFail thresholds judge the merged run only.
  const liveCheck = shard
    ? undefined
    : buildAbortCheck(
        profile.rules,
        profile.scenarios.map((s) => s.name),
      );
  const startAtEpochMs = startAt?.ok ? startAt.value : undefined;

  const notReady = await waitForTarget(request.waitFor, profile, deps, sideBySide?.baselineTarget);
  if (notReady) return notReady;
  const outcome = await deps.engine.run(profile, {
    signal: deps.signal,
    onProgress: (s) => output.progress(s),
    ...(liveCheck ? { liveCheck } : {}),
    onSecretValues: (values) => output.mask(values),
    ...(sideBySide?.baselineTarget ? { baselineTarget: sideBySide.baselineTarget } : {}),
    ...(startAtEpochMs === undefined
      ? {}
      : {
          startAtEpochMs,
          onStartWait: (waitMs: number) =>
            output.info(describeStartWait(shard, waitMs, startAtEpochMs, startLabel)),
        }),
  });
  output.progressDone();
  if (outcome.kind === 'ran' && outcome.startSkewMs !== undefined) {
    output.info(`started ${formatSkew(outcome.startSkewMs)} ${startLabel}`);
  }
  if (outcome.kind === 'unreachable') {
    output.error(`${outcome.message}. Is the target running, and is --target (or baseUrl) right?`);
    // Without a history there is nothing to keep; with one, "down" is what it must remember.
    if (!memory) return { kind: 'target-unusable', message: outcome.message };
  }
  if (outcome.kind === 'setup-failed') {
    output.error(`${SETUP_FAILED_PREFIX}${outcome.message}`);
    // As for an unreachable target: a history remembers the run that could not start.
    if (!memory) return { kind: 'target-unusable', message: outcome.message };
  }
  if (outcome.kind === 'ran' && outcome.status === 'aborted' && outcome.abortCause === 'data') {
    output.error(`${DATA_RAN_OUT_PREFIX}${outcome.abortReason ?? 'a data source ran out of rows'}`);
  }
  const series =
    prepared?.key ?? (request.series ? resolveSeries(request.series, profile) : undefined);
  const measuredOnce = (ran: EngineOutcome, measuredProfile: Profile) =>
    describeResults(measuredProfile, ran, {
      environment,
      nowMs: memory?.nowMs ?? 0,
      labels: {
        ...(series ? { layer: series.layer, interval: series.interval } : {}),
        ...(profile.environment ? { environment: profile.environment } : {}),
        ...(profile.client ? { client: profile.client } : {}),
      },
      runFacts: request.runFacts ?? {},
      ...(loaded.hash === undefined ? {} : { profileHash: loaded.hash }),
      ...(startAtEpochMs === undefined ? {} : { startAtEpochMs }),
    });
  const sides =
    sideBySide?.baselineTarget !== undefined && outcome.kind === 'ran'
      ? describeSides(outcome, profile, sideBySide.baselineTarget, measuredOnce)
      : undefined;
  const result = sides?.target ?? measuredOnce(outcome, profile);
  const ports = {
    files: deps.files,
    output,
    ...(deps.action ? { action: deps.action } : {}),
    ...(deps.pusher ? { pusher: deps.pusher } : {}),
    ...(deps.onResultsWritten ? { onResultsWritten: deps.onResultsWritten } : {}),
  };
  const measured = await deliverMeasured(SINKS, { result, profile }, request.outputs, ports);
  if (sides) {
    await writeBaselineSide(sides.baseline, measured.resultsPath, deps.files, output);
    judgeBaseline = sides.baseline;
  }
  if (shard) return finishShard(outcome, measured, output, deps.action !== undefined);
  const baselineRuns = rolling ? prepared?.baselineEntries : undefined;
  let candidate: Verdict | undefined;
  let confirmed: Remeasured | undefined;
  let remeasureInterrupted = false;
  const stopped =
    deps.signal?.aborted || (outcome.kind === 'ran' && outcome.status === 'interrupted');
  const confirmTimes = request.confirm ?? (memory?.confirm ? 1 : 0);
  // A schedule confirms its breaches (and keeps its history honest); a pull request only the
  // regressions that would fail it.
  const confirmMode: ConfirmMode = memory ? 'breaches' : 'regressions';
  if (confirmTimes > 0 && !stopped && (confirmMode === 'breaches' || outcome.kind === 'ran')) {
    // A side-by-side re-measure brings its own baseline side: judged against that one.
    const judgeAgain = (run: ResultsFileV1, ownBaseline?: ResultsFileV1) => {
      const against = ownBaseline ?? judgeBaseline;
      return buildVerdict({
        current: run,
        ...(against ? { baseline: against } : {}),
        ...(baselineRuns ? { baselineRuns } : {}),
        rules: profile.rules,
      });
    };
    candidate = judgeAgain(result);
    const again = await remeasure(
      { profile, candidate, mode: confirmMode, times: confirmTimes, current: result },
      {
        ...deps,
        judge: judgeAgain,
        describe: measuredOnce,
        resultsPath: measured.resultsPath,
        ...(sides && sideBySide?.baselineTarget
          ? { baselineTarget: sideBySide.baselineTarget }
          : {}),
      },
    );
    confirmed = again.confirmations.length > 0 ? again : undefined;
    remeasureInterrupted = again.interrupted === true;
  }
  const run = judgeResults(
    {
      current: result,
      ...(judgeBaseline ? { baseline: judgeBaseline } : {}),
      ...(baselineRuns ? { baselineRuns } : {}),
      ...(candidate ? { candidate } : {}),
      ...(confirmed
        ? {
            confirmations: confirmed.confirmations,
            confirm: {
              mode: confirmMode,
              maxRemeasures: confirmTimes,
              remeasuredMs: confirmed.remeasuredMs,
            },
          }
        : {}),
      ...(memory && prepared ? { memory: { request: memory, prepared } } : {}),
      rules: profile.rules,
      origin: 'measured',
      profile,
      ...(measured.resultsPath ? { resultsPath: measured.resultsPath } : {}),
      ...(request.baselineInfo
        ? { baselineInfo: request.baselineInfo }
        : rolling && prepared?.info
          ? { baselineInfo: prepared.info }
          : {}),
      ...(request.marker ? { marker: request.marker } : {}),
      ...(request.acceptance ? { acceptance: request.acceptance } : {}),
      ...(notes.length > 0 ? { notes } : {}),
      ...(request.baselineCandidate
        ? { baselineCandidate: { resultsWritten: measured.resultsPath !== undefined } }
        : {}),
    },
    output,
  );
  await deliverJudged(SINKS, run, request.outputs, ports);
  if (outcome.kind !== 'ran') return { kind: 'target-unusable', message: outcome.message, run };
  if (remeasureInterrupted) return { kind: 'interrupted', run };
  return outcomeOf(outcome, run);
}

/**
 * A shard's end: its results are written (and summed up on the terminal) and nothing is
 * judged; the line says how to get the verdict. A shard that lost its target or ran out of
 * data is `target-unusable` (exit 3) as any run.
 */
function finishShard(
  outcome: EngineOutcome,
  measured: MeasuredRun,
  output: Output,
  inAction: boolean,
): RunOutcome {
  if (outcome.kind !== 'ran') return { kind: 'target-unusable', message: outcome.message };
  if (outcome.status === 'aborted') {
    return {
      kind: 'target-unusable',
      message: outcome.abortReason ?? 'the target stopped answering',
    };
  }
  const shard = measured.result.shard as NonNullable<ResultsFileV1['shard']>;
  const where = measured.resultsPath === undefined ? '' : ` to ${measured.resultsPath}`;
  // In the action the fan-in job (mode: merge) does the merging, not the user.
  const next = inAction
    ? `the merge job (mode: merge) judges all ${shard.count} together`
    : `merge all ${shard.count} with loadgate merge, then judge the merged results`;
  output.info(`shard ${shard.index}/${shard.count} written${where}: ${next}`);
  return {
    kind: 'shard-measured',
    result: measured.result,
    ...(measured.resultsPath === undefined ? {} : { resultsPath: measured.resultsPath }),
    status: outcome.status,
  };
}

/**
 * A shard's verdict is not the profile's (its load is 1/N of it): what needs one is refused
 * before any load, naming the flag. Only on the CLI: the action's shard mode leaves those
 * outputs out itself.
 */
function refuseVerdictInputs(request: RunLoadRequest, deps: RunLoadDeps): InputIssue[] {
  if (deps.action !== undefined) return [];
  const why =
    'needs a verdict, and a shard (--shard) is never judged: its load is one share of the profile; merge the shards with loadgate merge and give this to the merged results instead';
  const labels = [
    ...(request.baselinePath !== undefined ? [request.baselineLabel ?? '--baseline'] : []),
    ...(request.memory !== undefined ? ['--history'] : []),
    ...SINKS.flatMap((sink) =>
      sink.stage === 'judged'
        ? sink.options.flatMap((option) =>
            option.flag !== undefined &&
            request.outputs.valueOf(option) !== undefined &&
            request.outputs.valueOf(option) !== option.flag.default
              ? [request.outputs.labelOf(option)]
              : [],
          )
        : [],
    ),
  ];
  return [...new Set(labels)].map((label) => ({ path: label, message: why }));
}

/** A `unique` data source is unique within one shard only: each shard reads the whole file. */
function describeShardedData(profile: Profile): string[] {
  return (profile.data ?? [])
    .filter((source) => source.order === 'unique')
    .map(
      (source) =>
        `data.${source.name}: unique rows are unique within this shard only: every shard draws from the whole file, so two shards can send the same row (give each shard a file of its own to keep rows unique across shards)`,
    );
}

/** `shard 2/4: waiting 41.2 s for --start-at 2026-03-01T12:00:00.000Z`. */
function describeStartWait(
  shard: Profile['shard'],
  waitMs: number,
  startAtEpochMs: number,
  label: string,
): string {
  const who = shard ? `shard ${shard.index}/${shard.count}: ` : '';
  const when = new Date(startAtEpochMs).toISOString();
  return `${who}waiting ${(waitMs / 1000).toFixed(1)} s for ${label} ${when}`;
}

/** `3 ms after`, `2 ms before`: how far the real start was from `--start-at`. */
function formatSkew(skewMs: number): string {
  const ms = Math.round(Math.abs(skewMs));
  return `${ms} ms ${skewMs < 0 ? 'before' : 'after'}`;
}

/** Said before a failed setup's message (exit 3). */
export const SETUP_FAILED_PREFIX = 'setup failed, no load was sent: ';
/** Said before the reason of a run that stopped because a unique data source ran out (exit 3). */
export const DATA_RAN_OUT_PREFIX =
  'the run stopped early because a data source ran out of rows (add rows, or use onExhausted: wrap): ';

/** The results file of one measurement; an unreachable target or a failed setup gives an
 * aborted, empty one (its reason the engine's message). */
function describeResults(
  profile: Profile,
  outcome: EngineOutcome,
  facts: {
    environment: RunEnvironment;
    nowMs: number;
    labels: { layer?: Layer; interval?: string; environment?: string; client?: string };
    runFacts: NonNullable<RunLoadRequest['runFacts']>;
    profileHash?: string;
    startAtEpochMs?: number;
  },
): ResultsFileV1 {
  const { environment } = facts;
  const ran =
    outcome.kind === 'ran'
      ? outcome
      : {
          recording: {
            ...new RunRecorder(profile.scenarios.length, 0).finish(0),
            // The once setup that failed: the results file says so (`setup.failed`).
            ...(outcome.kind === 'setup-failed' ? { setup: { runs: 0, failed: 1 } } : {}),
          },
          startedAtEpochMs: facts.nowMs,
          status: 'aborted' as const,
          abortReason: outcome.message,
          warnings: undefined,
          plannedRequests: undefined,
          peakVus: undefined,
        };
  return buildResultsFile(profile, ran.recording, {
    toolVersion: VERSION,
    startedAtEpochMs: ran.startedAtEpochMs,
    status: ran.status,
    abortReason: ran.abortReason,
    ...(ran.warnings ? { warnings: ran.warnings } : {}),
    ...('extractFailures' in ran && ran.extractFailures
      ? { extractFailures: ran.extractFailures }
      : {}),
    ...('firstVuLoginFailure' in ran && ran.firstVuLoginFailure !== undefined
      ? { firstVuLoginFailure: ran.firstVuLoginFailure }
      : {}),
    plannedRequests: ran.plannedRequests,
    peakVus: ran.peakVus,
    ...('protocolsSeen' in ran && ran.protocolsSeen ? { protocolsSeen: ran.protocolsSeen } : {}),
    ...(facts.profileHash === undefined ? {} : { profileHash: facts.profileHash }),
    ...(profile.shard === undefined
      ? {}
      : {
          shard: {
            ...profile.shard,
            ...(facts.startAtEpochMs === undefined ? {} : { startAtEpochMs: facts.startAtEpochMs }),
            ...('startSkewMs' in ran && ran.startSkewMs !== undefined
              ? { startSkewMs: ran.startSkewMs }
              : {}),
          },
        }),
    environment: {
      node: environment.node,
      platform: environment.platform,
      arch: environment.arch,
      cpus: environment.cpus,
      ci: environment.ci,
      ...(environment.gitSha ? { gitSha: environment.gitSha } : {}),
      ...(environment.gitRef ? { gitRef: environment.gitRef } : {}),
    },
    run: { ...facts.labels, ...facts.runFacts },
  });
}

/** The re-measures a confirmation made: their results files in order (side by side, each with
 * its own baseline side), and the time they took. */
interface Remeasured {
  confirmations: { result: ResultsFileV1; baseline?: ResultsFileV1 }[];
  /** Wall time of all re-measures, warm-up and start-up included. */
  remeasuredMs: number;
  interrupted?: true;
}

/**
 * Measures again what broke the gate, up to `times` times, so that a single odd run cannot
 * raise an alarm (`planRemeasure` names what each re-measure covers: the whole profile when the
 * whole run breached, else just those scenarios at the load they had in the mix; it stops as
 * soon as nothing left could change the gate). A pull request's re-measure (mode
 * `regressions`) runs at most `REMEASURE_MAX_MS` of a constant plan. Each re-measure's results
 * are written beside the results file (`…-confirmation.json`, then `…-confirmation-2.json` …):
 * they are measurements too, and are never dropped. None when nothing is to confirm.
 */
async function remeasure(
  what: {
    profile: Profile;
    candidate: Verdict;
    mode: ConfirmMode;
    times: number;
    current: ResultsFileV1;
  },
  deps: RunLoadDeps & {
    judge: (run: ResultsFileV1, ownBaseline?: ResultsFileV1) => Verdict;
    describe: (outcome: EngineOutcome, profile: Profile) => ResultsFileV1;
    resultsPath: string | undefined;
    /** Side by side: every re-measure measures both targets again, interleaved as the first
     * measurement was, and B is judged against that A (drift between re-measures cancels). */
    baselineTarget?: string;
  },
): Promise<Remeasured> {
  const { profile, candidate, mode, times } = what;
  const now = deps.nowEpochMs ?? Date.now;
  const confirmations: Remeasured['confirmations'] = [];
  const verdicts: Verdict[] = [];
  const startedMs = now();
  const done = (extra: { interrupted?: true } = {}): Remeasured => ({
    confirmations,
    remeasuredMs: Math.max(0, now() - startedMs),
    ...extra,
  });
  // A pull request's run that did not complete fails whatever a re-measure shows.
  if (mode === 'regressions' && what.current.status !== 'completed') return done();
  for (let k = 1; k <= times; k++) {
    const scopes = planRemeasure({ candidate, confirmations: verdicts, mode });
    // A schedule's run that failed as a whole (unreachable, nothing answered) is measured once
    // more, whole: its history remembers whether the target answered again.
    const runFailed = mode === 'breaches' && k === 1 && candidate.level === 'fail' && !scopes.any;
    if (!scopes.any && !runFailed) break;
    // focusProfile keeps a breached step's whole journey: a step cannot run without the steps
    // before it (their extracted values).
    const focused =
      scopes.wholeRun || runFailed
        ? profile
        : (focusProfile(profile, new Set(scopes.scenarios)) ?? profile);
    const limited =
      mode === 'regressions' ? limitRemeasure(focused) : { profile: focused, measuredMs: 0 };
    deps.output.info(describeRemeasure(focused === profile, limited, { k, times, mode }));
    const outcome = await deps.engine.run(limited.profile, {
      ...(deps.signal ? { signal: deps.signal } : {}),
      onProgress: (s) => deps.output.progress(s),
      onSecretValues: (values) => deps.output.mask(values),
      ...(deps.baselineTarget === undefined ? {} : { baselineTarget: deps.baselineTarget }),
    });
    deps.output.progressDone();
    const sides =
      deps.baselineTarget !== undefined && outcome.kind === 'ran'
        ? describeSides(outcome, limited.profile, deps.baselineTarget, deps.describe)
        : undefined;
    const confirmation = sides?.target ?? deps.describe(outcome, limited.profile);
    if (deps.resultsPath !== undefined) {
      const path = confirmationResultsPath(deps.resultsPath, k);
      const written = await writeResults(confirmation, path, deps.files, deps.output);
      if (written) deps.output.info(`confirmation results: ${written}`);
      if (sides) await writeBaselineSide(sides.baseline, path, deps.files, deps.output);
    }
    // Stopped while re-measuring: a partial re-measure confirms nothing either way (it is kept
    // on disk all the same), and the run ends as interrupted.
    if (deps.signal?.aborted || confirmation.status === 'interrupted') {
      deps.output.warn('the re-measure was interrupted: the breach is judged unconfirmed by it');
      return done({ interrupted: true });
    }
    confirmations.push({ result: confirmation, ...(sides ? { baseline: sides.baseline } : {}) });
    verdicts.push(deps.judge(confirmation, sides?.baseline));
  }
  return done();
}

/**
 * "breach: re-measuring the whole profile once to confirm it before it counts" (a schedule,
 * once); "regression: re-measuring scenario list (2 of 3, 60.0 s) to confirm it before it fails".
 */
function describeRemeasure(
  whole: boolean,
  limited: { profile: Profile; measuredMs: number },
  step: { k: number; times: number; mode: ConfirmMode },
): string {
  const names = limited.profile.scenarios.map((s) => s.name);
  const what = whole
    ? 'the whole profile'
    : `scenario${names.length === 1 ? '' : 's'} ${listNames(names)}`;
  if (step.mode === 'breaches') {
    const which = step.times === 1 ? 'once' : `(${step.k} of up to ${step.times})`;
    return `breach: re-measuring ${what} ${which} to confirm it before it counts`;
  }
  const which = step.times === 1 ? '1 of 1' : `${step.k} of up to ${step.times}`;
  return `regression: re-measuring ${what} (${which}, ${formatRunDuration(limited.measuredMs)}) to confirm it before it fails`;
}

/**
 * Checks, before any load is sent, that the files the outputs will write can be written
 * without harm: none is a directory (the results would end up elsewhere, or not at all), and
 * none is the baseline it reads (`--out X --baseline X` would silently replace the baseline
 * with the run it was meant to judge). Paths are compared resolved (`./a.json`, `a.json` and a
 * symbolic link to it are one file). Issues are at the options' labels (`--out`, `input …`).
 */
async function checkRunPaths(request: RunLoadRequest, files: FileStore): Promise<InputIssue[]> {
  const outputs = plannedFilesOf(request.outputs);
  const baselines = request.baselinePath
    ? [{ path: request.baselinePath, label: request.baselineLabel ?? '--baseline' }]
    : [];
  const read = await Promise.all(
    baselines.map(async (input) => ({
      ...input,
      ...(await files.inspectPath(input.path)),
    })),
  );
  // The outputs' own option values (a Pushgateway URL) are bad input too, found before the load.
  const issues: InputIssue[] = SINKS.flatMap((sink) => sink.checkSettings?.(request.outputs) ?? []);
  for (const output of outputs) {
    const found = await files.inspectPath(output.path);
    if (found.kind === 'directory') {
      issues.push({
        path: output.label,
        message: `${output.path} is a directory; expected a file path, e.g. ${output.path.replace(/\/+$/, '')}/${output.exampleName}`,
      });
      continue;
    }
    const same = read.find((input) => input.resolvedPath === found.resolvedPath);
    if (same) {
      issues.push({
        path: output.label,
        message: `${output.path} is also the ${same.label} file: writing it would overwrite what this run is compared with; choose another file`,
      });
    }
  }
  return issues;
}

/**
 * Interrupted, a lost target and a data source that ran out (`onExhausted: stop`) take
 * precedence over the verdict (the gate never saw the run it asked for); an abortOnFail stop is
 * judged like any run (its threshold failed).
 */
function outcomeOf(outcome: Extract<EngineOutcome, { kind: 'ran' }>, run: FinishedRun): RunOutcome {
  if (outcome.status === 'interrupted') return { kind: 'interrupted', run };
  if (outcome.status === 'aborted' && outcome.abortCause !== 'threshold') {
    const message =
      outcome.abortReason ??
      (outcome.abortCause === 'data'
        ? 'a data source ran out of rows'
        : 'the target stopped answering');
    return { kind: 'target-unusable', message, run };
  }
  return { kind: 'judged', run };
}

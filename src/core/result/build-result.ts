import type { HttpProtocol, Profile } from '../profile/types.js';
import type { Figures } from '../stats/figures.js';
import type { Recording } from '../stats/run-recorder.js';
import { ScenarioStats } from '../stats/scenario-stats.js';
import { expectsOnlyBlocking, rollUpCategories } from './category-rollup.js';
import { describeExtractFailures, type ExtractFailures } from './extract-failures.js';
import type {
  JourneyResult,
  LoadDescription,
  ResultsFileV1,
  RunLabels,
  SetupSummary,
  ShardInfo,
} from './types.js';

export interface RunFacts {
  toolVersion: string;
  /** Wall-clock epoch ms at which the measured window started. */
  startedAtEpochMs: number;
  status: ResultsFileV1['status'];
  abortReason?: string;
  /** The engine's warnings about the run (`EngineOutcome.warnings`); left out when empty. */
  warnings?: string[];
  /** Rows whose `extract` failed (`EngineOutcome.extractFailures`): a warning line each, after
   * `warnings`. */
  extractFailures?: readonly ExtractFailures[];
  /** The first failed per-VU log-in (`EngineOutcome.firstVuLoginFailure`): `setup.firstFailure`. */
  firstVuLoginFailure?: string;
  plannedRequests?: number;
  peakVus?: number;
  /** HTTP versions the connections negotiated; left out when none connected. */
  protocolsSeen?: HttpProtocol[];
  /** sha256 (hex) of the profile's content and load-changing flags (`profile.hash`). */
  profileHash?: string;
  /** The shard this run was (`--shard`), with its start skew under `--start-at`. */
  shard?: ShardInfo;
  environment: ResultsFileV1['environment'];
  /** The run's labels and workflow run, written as the file's `run` when any is known
   * (fields left undefined are left out). */
  run?: RunLabels;
}

/** The labels that are set, or undefined when none is. */
function knownRunLabels(run: RunLabels | undefined): RunLabels | undefined {
  if (run === undefined) return undefined;
  const known = Object.fromEntries(Object.entries(run).filter(([, value]) => value !== undefined));
  return Object.keys(known).length === 0 ? undefined : (known as RunLabels);
}

/**
 * Removes credentials from a URL so results files and reports can be shared: user info is
 * dropped and so is the query (tokens travel there too). Anything unparsable becomes
 * `(invalid URL)` rather than being echoed back.
 */
export function sanitizeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/** Describes the load as run, for readers who compare two results files. */
export function describeLoad(
  profile: Profile,
  facts: Pick<RunFacts, 'plannedRequests' | 'peakVus' | 'protocolsSeen'>,
): LoadDescription {
  const { load } = profile;
  const plan = load.plan;
  const rates =
    plan.executor === 'constant-arrival-rate'
      ? [plan.ratePerSec]
      : plan.executor === 'ramping-arrival-rate'
        ? [plan.startRatePerSec, ...plan.stages.map((s) => s.target)]
        : [];
  return {
    executor: plan.executor,
    ...(load.preset ? { preset: load.preset } : {}),
    ...(facts.plannedRequests !== undefined ? { plannedRequests: facts.plannedRequests } : {}),
    ...(rates.length > 0 ? { peakRatePerSec: Math.max(...rates) } : {}),
    ...(facts.peakVus !== undefined ? { peakVus: facts.peakVus } : {}),
    connections: load.connections,
    maxInFlight: load.maxInFlight,
    onMaxInFlight: load.onMaxInFlight,
    warmupMs: load.warmupMs,
    protocol: profile.protocol ?? 'http1',
    ...(profile.maxConcurrentStreams === undefined
      ? {}
      : { maxConcurrentStreams: profile.maxConcurrentStreams }),
    ...(facts.protocolsSeen === undefined || facts.protocolsSeen.length === 0
      ? {}
      : { protocolsSeen: facts.protocolsSeen }),
  };
}

/** Figures of nothing recorded: a journey of a run that measured nothing (unreachable). */
function emptyFigures(durationMs: number): Figures {
  const none = new ScenarioStats();
  const figures = none.toFigures(durationMs);
  none.destroy();
  return figures;
}

/**
 * One entry per journey of the profile, in order, with its steps' row names and the
 * recording's journey figures (empty figures when the recording has none for it, as a run that
 * sent nothing has). Undefined when the profile has no journeys.
 */
export function describeJourneys(
  profile: Pick<Profile, 'journeys' | 'scenarios'>,
  recording: Pick<Recording, 'journeys' | 'durationMs'>,
): JourneyResult[] | undefined {
  const journeys = profile.journeys;
  if (journeys === undefined || journeys.length === 0) return undefined;
  return journeys.map((journey, i) => ({
    name: journey.name,
    ...(journey.category ? { category: journey.category } : {}),
    weight: journey.weight,
    steps: journey.steps.map((step) => profile.scenarios[step.scenario]?.name ?? ''),
    ...(recording.journeys?.[i] ?? emptyFigures(recording.durationMs)),
  }));
}

/** How the setup went, or undefined without a `setup` section (no run: 0 runs, 0 failed);
 * `firstFailure` is kept for per-VU log-ins only (a failed once setup ends the run, saying why). */
export function describeSetup(
  profile: Pick<Profile, 'setup'>,
  recording: Pick<Recording, 'setup'>,
  firstFailure?: string,
): SetupSummary | undefined {
  if (profile.setup === undefined) return undefined;
  return {
    perVu: profile.setup.perVu,
    measured: profile.setup.measure,
    runs: recording.setup?.runs ?? 0,
    failed: recording.setup?.failed ?? 0,
    ...(profile.setup.perVu && firstFailure !== undefined ? { firstFailure } : {}),
  };
}

/**
 * Assembles the version-1 results file. Scenario paths are the templates as written, so values
 * substituted from the environment (tokens) never reach the file. Categories are rolled up
 * (`rollUpCategories`) when any scenario has one (measured setup rows never count in one); a
 * selection (`--category`) is recorded. A journey's steps are rows marked with `journey`, and
 * the journeys themselves are in `journeys`; measured setup requests are rows marked `setup`,
 * and the setup's counts are in `setup`.
 */
export function buildResultsFile(
  profile: Profile,
  recording: Recording,
  facts: RunFacts,
): ResultsFileV1 {
  const run = knownRunLabels(facts.run);
  const scenarios = profile.scenarios.map((scenario, i) => ({
    name: scenario.name,
    ...(scenario.category ? { category: scenario.category } : {}),
    method: scenario.method,
    path: scenario.pathTemplate,
    weight: scenario.weight,
    ...(scenario.journey === undefined ? {} : { journey: scenario.journey }),
    ...(scenario.setup ? { setup: true as const } : {}),
    ...(recording.scenarios[i] as Recording['overall']),
    timeline: recording.scenarioTimelines[i] ?? [],
  }));
  const journeys = describeJourneys(profile, recording);
  const setup = describeSetup(profile, recording, facts.firstVuLoginFailure);
  const warnings = [
    ...(facts.warnings ?? []),
    ...describeExtractFailures(
      facts.extractFailures ?? [],
      profile.scenarios.map((s) => s.name),
    ),
  ];
  const categories = rollUpCategories(
    scenarios.map((s, i) => ({
      ...s,
      expectsBlocking: expectsOnlyBlocking(profile.scenarios[i]?.expect ?? { status: [] }),
    })),
  );
  return {
    schemaVersion: 1,
    tool: { name: 'loadgate', version: facts.toolVersion },
    profile: {
      name: profile.name,
      ...(facts.profileHash === undefined ? {} : { hash: facts.profileHash }),
    },
    ...(facts.shard === undefined ? {} : { shard: facts.shard }),
    target: sanitizeTarget(profile.baseUrl),
    startedAt: new Date(facts.startedAtEpochMs).toISOString(),
    durationMs: recording.durationMs,
    status: facts.status,
    ...(facts.abortReason ? { abortReason: facts.abortReason } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(run ? { run } : {}),
    load: describeLoad(profile, facts),
    ...(profile.selection ? { selection: profile.selection } : {}),
    ...recording.overall,
    scenarios,
    ...(categories.length > 0 ? { categories } : {}),
    ...(journeys ? { journeys } : {}),
    ...(setup ? { setup } : {}),
    timeline: recording.timeline,
    sendLagMs: recording.sendLagMs,
    warmup: { durationMs: profile.load.warmupMs, ...recording.warmup },
    environment: facts.environment,
  };
}

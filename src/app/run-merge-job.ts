import type { ActionConfig } from '../core/action/parse-action-inputs.js';
import { planAction } from '../core/action/plan-action.js';
import { describeNoShards, selectShardArtifacts } from '../core/action/shard-artifacts.js';
import {
  formatIssues,
  formatIssuesInline,
  type InputIssue,
  messageOf,
} from '../core/input/format-issues.js';
import type { Profile } from '../core/profile/types.js';
import { type MergeInput, mergeResults } from '../core/result/merge-results.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { Rules } from '../core/rules/types.js';
import type { ThisRunArtifactStore } from '../ports.js';
import { judgeResults } from './judge-results.js';
import { loadProfile, loadProfileRules } from './load-profile.js';
import { readResultsFrom } from './read-results.js';
import {
  type ActionDeps,
  actionPortsOf,
  describeActionRun,
  prepareActionMemory,
  resolveActionBaseline,
} from './run-action.js';
import { prepareMemory } from './run-memory.js';
import type { ActionOutcome } from './run-report.js';
import { SINKS } from './sinks/registry.js';
import { actionSettings, deliverJudged, deliverMeasured, type FinishedRun } from './sinks/sink.js';

/** The merge job's dependencies: no engine (nothing is sent), this run's artifacts. */
export type MergeDeps = Omit<ActionDeps, 'engine'>;

function cannotMerge(message: string): ActionOutcome {
  return { kind: 'cannot-report', message };
}

/**
 * `mode: merge`, the fan-in job of a sharded run (`needs:` on the `shard: i/N` jobs): downloads
 * every `<artifact-name>-shard-<i>` artifact of this workflow run, merges them exactly into the
 * results one process would have written, then does what a measuring step does after
 * measuring: writes the results file, judges once (thresholds, the baseline, the rolling
 * baseline of a history), and delivers every output (step outputs, job summary, one sticky
 * comment, the baseline artifact, the history, the regression issue). A mixed or incomplete set
 * of shards (one missing or given twice, different profiles or N) fails the step, naming the
 * problem, before anything is judged. A breach is never re-measured here (the shards' machines
 * are gone): on a baseline branch it counts once the series' previous run breached too.
 */
export async function runMergeJob(config: ActionConfig, deps: MergeDeps): Promise<ActionOutcome> {
  const { output, context } = deps;
  const judging = await loadJudgingProfile(config, deps);
  if (!judging.ok) {
    output.error(formatIssues(judging.issues, 'profile'));
    return { kind: 'bad-input', issues: judging.issues };
  }
  const explicit = config.baselinePath
    ? await readResultsFrom(config.baselinePath, 'input baseline-path', deps.files)
    : undefined;
  if (explicit && !explicit.ok) {
    output.error(formatIssues(explicit.issues, 'input'));
    return { kind: 'bad-input', issues: explicit.issues };
  }
  if (!deps.runArtifacts) {
    return cannotMerge(
      "mode merge reads the shards' artifacts of this workflow run, which needs the runner's artifact service (ACTIONS_RUNTIME_TOKEN): run it as a job of the workflow whose shard jobs it waits for",
    );
  }
  const gathered = await gatherShards(config.artifactName, deps.runArtifacts, deps);
  if (!gathered.ok) return gathered.outcome;
  const merged = mergeResults(gathered.inputs);
  if (!merged.ok) return refuseShards(merged.issues, deps);
  const current = merged.result;
  output.info(
    `merged ${gathered.inputs.length} shards: ${current.totals.requests} requests over ${(current.durationMs / 1000).toFixed(1)} s`,
  );

  const plan = planAction(config, context);
  const resolved = explicit?.ok
    ? { path: config.baselinePath, result: explicit.result }
    : await resolveActionBaseline(config, plan, deps);
  if (resolved.note) output.info(resolved.note);
  const described = context ? describeActionRun(config, context) : undefined;
  const memory =
    plan.keepHistory && context && described && deps.artifacts
      ? {
          ...(await prepareActionMemory(
            config,
            context,
            described,
            deps.artifacts,
            deps,
            resolved,
          )),
          // The shards' machines are gone: a breach is confirmed by the series' previous run.
          confirm: false,
        }
      : undefined;
  const { profile } = judging;
  const prepared = memory ? prepareMemory(memory, profile) : undefined;
  const rolling = resolved.result === undefined && prepared?.baseline !== undefined;
  const baseline = resolved.result ?? prepared?.baseline;
  const memoryNotes = [...(memory?.notes ?? []), ...(prepared?.notes ?? [])];
  for (const note of memoryNotes) output.info(note);
  const notes = [...memoryNotes, ...(resolved.note ? [resolved.note] : [])];

  const settings = actionSettings(config.givenInputs);
  const ports = { files: deps.files, output, action: actionPortsOf(config, plan, deps) };
  const written = await deliverMeasured(SINKS, { result: current, profile }, settings, ports);
  const run = judgeResults(
    {
      current,
      ...(baseline ? { baseline } : {}),
      ...(rolling && prepared ? { baselineRuns: prepared.baselineEntries } : {}),
      ...(memory && prepared ? { memory: { request: memory, prepared } } : {}),
      rules: judging.rules,
      origin: 'measured',
      profile,
      ...(written.resultsPath ? { resultsPath: written.resultsPath } : {}),
      ...(resolved.info
        ? { baselineInfo: resolved.info }
        : rolling && prepared?.info
          ? { baselineInfo: prepared.info }
          : {}),
      marker: config.artifactName,
      ...(notes.length > 0 ? { notes } : {}),
      ...((plan.saveBaseline && deps.baselines) || plan.releaseTag
        ? { baselineCandidate: { resultsWritten: written.resultsPath !== undefined } }
        : {}),
    },
    output,
  );
  await deliverJudged(SINKS, run, settings, ports);
  return outcomeOfMerged(current, run);
}

/**
 * The profile the merged run is judged and filed by: its rules, name and series labels. A
 * profile file is read as written (no `${VAR}` needs to be set: nothing is sent from here); the
 * one-URL profile is built from inputs target, rate and duration, as the shards built it.
 */
async function loadJudgingProfile(
  config: ActionConfig,
  deps: MergeDeps,
): Promise<{ ok: true; profile: Profile; rules: Rules } | { ok: false; issues: InputIssue[] }> {
  if (config.profilePath) {
    const loaded = await loadProfileRules(config.profilePath, deps.files);
    if (!loaded.ok) return loaded;
    for (const warning of loaded.warnings) deps.output.warn(warning);
    return { ok: true, profile: loaded.profile, rules: loaded.rules };
  }
  const quick = await loadProfile(
    {
      overrides: { target: config.target, rate: config.rate, duration: config.duration },
      overrideLabels: { target: 'input target', rate: 'input rate', duration: 'input duration' },
    },
    deps.files,
    deps.environment.env,
  );
  return quick.ok ? { ok: true, profile: quick.profile, rules: quick.profile.rules } : quick;
}

type Gathered = { ok: true; inputs: MergeInput[] } | { ok: false; outcome: ActionOutcome };

/** Lists this run's shard artifacts and reads each; every unreadable one is named at once. */
async function gatherShards(
  artifactName: string,
  store: ThisRunArtifactStore,
  deps: MergeDeps,
): Promise<Gathered> {
  let listed: Awaited<ReturnType<ThisRunArtifactStore['list']>>;
  try {
    listed = await store.list();
  } catch (error) {
    return {
      ok: false,
      outcome: cannotMerge(`could not list this workflow run's artifacts: ${messageOf(error)}`),
    };
  }
  const shards = selectShardArtifacts(listed, artifactName);
  if (shards.length === 0) {
    const names = listed.map((artifact) => artifact.name);
    return { ok: false, outcome: cannotMerge(describeNoShards(artifactName, names)) };
  }
  deps.output.info(
    `found ${shards.length} shard artifact${shards.length === 1 ? '' : 's'}: ${shards.map((s) => s.artifact.name).join(', ')}`,
  );
  const inputs: MergeInput[] = [];
  const issues: InputIssue[] = [];
  for (const { artifact } of shards) {
    let text: string;
    try {
      text = await store.download(artifact);
    } catch (error) {
      issues.push({ path: artifact.name, message: `could not be downloaded: ${messageOf(error)}` });
      continue;
    }
    const read = readResultsFile(text, `artifact ${artifact.name}`);
    if (read.ok) inputs.push({ name: artifact.name, result: read.result });
    else issues.push(...read.issues);
  }
  if (issues.length > 0) return { ok: false, outcome: refuseShards(issues, deps) };
  return { ok: true, inputs };
}

/** The shards cannot be merged: every problem in the log, and the step fails naming them. */
function refuseShards(issues: InputIssue[], deps: MergeDeps): ActionOutcome {
  deps.output.error(formatIssues(issues, 'shards'));
  const missing = issues.some((issue) => / is missing$/.test(issue.message));
  const hint = missing
    ? ' (a shard job that failed, was cancelled or skipped uploads nothing: see its log, then re-run it)'
    : '';
  return cannotMerge(`cannot merge the shards: ${formatIssuesInline(issues)}${hint}`);
}

/**
 * As a measured run ends: a merged run that some shard stopped early (interrupted, or its
 * target went away) is not the profile's whole load, whatever its verdict.
 */
function outcomeOfMerged(current: ResultsFileV1, run: FinishedRun): ActionOutcome {
  if (current.status === 'completed') return { kind: 'judged', run };
  if (current.status === 'interrupted') return { kind: 'interrupted', run };
  const message = current.abortReason ?? 'a shard stopped before the end of the schedule';
  return { kind: 'target-unusable', message, run };
}

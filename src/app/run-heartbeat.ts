import { type HeartbeatCli, heartbeatIntervalSlug } from '../core/cli/parse-heartbeat-args.js';
import { formatIssues, type InputIssue, messageOf } from '../core/input/format-issues.js';
import { formatDurationMs } from '../core/input/units.js';
import type { Profile } from '../core/profile/types.js';
import {
  formatDownLine,
  formatProbeLine,
  formatRecoveredLine,
  formatSummaryLine,
} from '../core/render/heartbeat-lines.js';
import {
  buildHeartbeatFamilies,
  type HeartbeatMetricFacts,
} from '../core/render/heartbeat-metrics.js';
import { renderExposition } from '../core/render/prometheus-text.js';
import { buildGroupingPath } from '../core/render/pushgateway-path.js';
import { buildResultsFile, sanitizeTarget } from '../core/result/build-result.js';
import { selectProbeScenarios } from '../core/schedule/probe-scenarios.js';
import { chooseProbeConnections } from '../core/schedule/probe-schedule.js';
import { HeartbeatRecorder, type ProbeResult } from '../core/stats/heartbeat-recorder.js';
import type {
  Clock,
  FileStore,
  MetricsEndpoint,
  MetricsPusher,
  Output,
  ProbeEngine,
  RunEnvironment,
} from '../ports.js';
import { VERSION } from '../version.js';
import { loadProfile } from './load-profile.js';
import { writeResults } from './sinks/local-sinks.js';

/** Logs get one summary line per this long; a terminal gets a line per probe. */
export const SUMMARY_EVERY_MS = 60_000;

export type HeartbeatRequest = Omit<HeartbeatCli, 'command'> & {
  /** `probe`: a line per probe (a terminal); `minute`: a summary line a minute (logs). */
  lines: 'probe' | 'minute';
};

export interface HeartbeatDeps {
  probes: ProbeEngine;
  metrics: MetricsEndpoint;
  /** Needed only with `pushgateway`. */
  pusher?: MetricsPusher;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  clock: Clock;
  /** Aborts on SIGINT / SIGTERM: the heartbeat stops cleanly. */
  signal: AbortSignal;
}

export type HeartbeatOutcome =
  | { kind: 'bad-input'; issues: InputIssue[] }
  /** Stopped by a signal (its normal end). */
  | { kind: 'stopped'; resultsPath?: string }
  /** `exitOnFailure` and a scenario reached `failAfter` failed probes in a row. */
  | { kind: 'down'; scenario: string; resultsPath?: string };

/**
 * `loadgate heartbeat`: profile → `/metrics` listening → probes until stopped → results file.
 * Everything that can be wrong with the input (the profile, the flags, a `--listen` address in
 * use, an `--out` that is a directory) is found before the first probe is sent.
 */
export async function runHeartbeat(
  request: HeartbeatRequest,
  deps: HeartbeatDeps,
): Promise<HeartbeatOutcome> {
  const { output, clock } = deps;
  const loaded = await loadProfile(
    {
      ...(request.profilePath !== undefined ? { profilePath: request.profilePath } : {}),
      overrides: {
        ...(request.target !== undefined ? { target: request.target } : {}),
        // Without a profile, `--target` alone makes a one-URL profile; its rate is not used.
        ...(request.profilePath === undefined ? { rate: '1' } : {}),
        ...(request.environment !== undefined ? { environment: request.environment } : {}),
        ...(request.client !== undefined ? { client: request.client } : {}),
      },
      ...(request.selection !== undefined ? { selection: request.selection } : {}),
      // Probes follow their own interval: a heartbeat profile need not write a `load` section.
      defaultLoad: { preset: 'heartbeat' },
    },
    deps.files,
    deps.environment.env,
  );
  const issues = [...(loaded.ok ? [] : loaded.issues), ...(await checkOutPath(request, deps))];
  if (!loaded.ok || issues.length > 0) {
    output.error(formatIssues(issues, loaded.ok ? 'input' : 'profile'));
    return { kind: 'bad-input', issues };
  }
  // Probes are single requests: journeys and setup stay with load runs (notes say so).
  const probed = selectProbeScenarios(loaded.profile);
  if (probed.issue) {
    output.error(formatIssues([probed.issue], 'profile'));
    return { kind: 'bad-input', issues: [probed.issue] };
  }
  const { profile } = probed;
  output.mask(profile.secretValues);
  for (const warning of loaded.warnings) output.warn(warning);
  for (const note of probed.notes) output.info(note);

  const interval = heartbeatIntervalSlug(request.intervalMs, profile.interval);
  const facts: HeartbeatMetricFacts = {
    labels: {
      profile: profile.name,
      ...(profile.environment ? { environment: profile.environment } : {}),
      ...(profile.client ? { client: profile.client } : {}),
    },
    scenarios: profile.scenarios.map((s) => ({
      name: s.name,
      ...(s.category ? { category: s.category } : {}),
    })),
    target: sanitizeTarget(profile.baseUrl),
    interval,
    ...(deps.environment.gitSha ? { commit: deps.environment.gitSha } : {}),
    startedAtEpochMs: 0,
  };
  let recorder: HeartbeatRecorder | undefined;
  const exposition = () =>
    recorder
      ? renderExposition(buildHeartbeatFamilies(recorder.snapshot(clock.nowMs()), facts))
      : '';

  const serving = request.listen ? await deps.metrics.serve(request.listen, exposition) : undefined;
  if (serving?.ok === false) {
    const listenIssues = [{ path: '--listen', message: serving.message }];
    output.error(formatIssues(listenIssues, 'input'));
    return { kind: 'bad-input', issues: listenIssues };
  }

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  deps.signal.addEventListener('abort', onSignal, { once: true });
  const names = profile.scenarios.map((s) => s.name);
  let down: string | undefined;
  let finished = 0;
  let lastSummaryMs = clock.nowMs();
  const pusher = request.pushgateway ? startPushing(request, profile, facts, deps) : undefined;

  const onProbe = (result: ProbeResult) => {
    const name = names[result.scenario] ?? String(result.scenario);
    if (request.lines === 'probe') output.info(formatProbeLine(result, name, clock.epochMs()));
    if (result.health.transition === 'down') {
      const stopping = request.exitOnFailure ? '; stopping (--exit-on-failure)' : '';
      output.error(`${formatDownLine(result, name, request.failAfter)}${stopping}`);
      if (request.exitOnFailure && down === undefined) {
        down = name;
        stop.abort();
      }
    } else if (result.health.transition === 'recovered') {
      output.info(formatRecoveredLine(result, name));
    }
    const nowMs = clock.nowMs();
    if (request.lines === 'minute' && nowMs - lastSummaryMs >= SUMMARY_EVERY_MS && recorder) {
      lastSummaryMs = nowMs;
      output.info(formatSummaryLine(recorder.snapshot(nowMs), names, request.failAfter));
    }
    finished++;
    if (pusher && finished % pusher.every === 0) pusher.push(exposition());
  };

  facts.startedAtEpochMs = clock.epochMs();
  recorder = new HeartbeatRecorder(
    profile.scenarios.length,
    clock.nowMs(),
    request.failAfter,
    onProbe,
  );
  output.info(describeStart(profile, request, serving?.ok ? serving.url : undefined));
  try {
    await deps.probes.run(profile, {
      intervalMs: request.intervalMs,
      recorder,
      signal: stop.signal,
    });
  } finally {
    deps.signal.removeEventListener('abort', onSignal);
  }

  const endMs = clock.nowMs();
  const last = recorder.snapshot(endMs);
  if (request.lines === 'minute') output.info(formatSummaryLine(last, names, request.failAfter));
  // The last figures reach the gateway and any scraper that asks while the file is written.
  if (pusher) await pusher.finish(exposition());
  await (serving?.ok ? serving.close() : undefined);
  const run = recorder.finish(endMs);
  recorder = undefined;
  let resultsPath: string | undefined;
  if (request.outPath !== undefined) {
    const result = buildResultsFile(
      profileAsRun(profile, request.intervalMs, run.durationMs),
      run,
      {
        toolVersion: VERSION,
        startedAtEpochMs: facts.startedAtEpochMs,
        status: down === undefined ? 'completed' : 'aborted',
        ...(down === undefined
          ? {}
          : { abortReason: `"${down}" failed ${request.failAfter} probes in a row` }),
        plannedRequests: last.probes + last.missedSlots,
        environment: {
          node: deps.environment.node,
          platform: deps.environment.platform,
          arch: deps.environment.arch,
          cpus: deps.environment.cpus,
          ci: deps.environment.ci,
          ...(deps.environment.gitSha ? { gitSha: deps.environment.gitSha } : {}),
          ...(deps.environment.gitRef ? { gitRef: deps.environment.gitRef } : {}),
        },
        run: { layer: 'heartbeat', interval },
      },
    );
    resultsPath = await writeResults(result, request.outPath, deps.files, output);
    if (resultsPath !== undefined) output.info(`results: ${resultsPath}`);
  }
  const where = resultsPath === undefined ? {} : { resultsPath };
  return down === undefined
    ? { kind: 'stopped', ...where }
    : { kind: 'down', scenario: down, ...where };
}

/** `--out` must name a file: a directory would lose the results at the very end. */
async function checkOutPath(request: HeartbeatRequest, deps: HeartbeatDeps): Promise<InputIssue[]> {
  if (request.outPath === undefined) return [];
  const found = await deps.files.inspectPath(request.outPath);
  if (found.kind !== 'directory') return [];
  const path = request.outPath.replace(/\/+$/, '');
  return [
    {
      path: '--out',
      message: `${request.outPath} is a directory; expected a file path, e.g. ${path}/heartbeat-results.json`,
    },
  ];
}

/**
 * The profile as the heartbeat ran it, for the results file's `load`: a constant arrival rate of
 * one probe per interval, no warm-up, the heartbeat preset.
 */
function profileAsRun(profile: Profile, intervalMs: number, durationMs: number): Profile {
  return {
    ...profile,
    load: {
      ...profile.load,
      plan: { executor: 'constant-arrival-rate', ratePerSec: 1000 / intervalMs, durationMs },
      preset: 'heartbeat',
      warmupMs: 0,
      connections: chooseProbeConnections(profile.load.connections),
      maxInFlight: chooseProbeConnections(profile.load.connections),
    },
  };
}

function describeStart(profile: Profile, request: HeartbeatRequest, metricsUrl?: string): string {
  const count = profile.scenarios.length;
  const what = `${count} scenario${count === 1 ? '' : 's'} of "${profile.name}"`;
  const parts = [
    `heartbeat: probing ${what} at ${sanitizeTarget(profile.baseUrl)} every ${formatDurationMs(request.intervalMs)}`,
    `down after ${request.failAfter} failed probes in a row`,
  ];
  if (metricsUrl) parts.push(`metrics on ${metricsUrl}`);
  if (request.pushgateway) {
    const every = request.pushgateway.every;
    parts.push(
      `pushed to ${request.pushgateway.url} every ${every === 1 ? 'probe' : `${every} probes`}`,
    );
  }
  return `${parts.join('; ')}. Ctrl-C to stop.`;
}

/** Pushes to the Pushgateway: one at a time (a push due while one is in flight is skipped,
 * the next carries newer figures), failures warned once until a push succeeds again. */
function startPushing(
  request: HeartbeatRequest,
  profile: Profile,
  facts: HeartbeatMetricFacts,
  deps: HeartbeatDeps,
): { every: number; push(text: string): void; finish(text: string): Promise<void> } {
  const settings = request.pushgateway as NonNullable<HeartbeatRequest['pushgateway']>;
  const path = buildGroupingPath({
    profile: profile.name,
    target: facts.target,
    layer: 'heartbeat',
    interval: facts.interval,
  });
  let inFlight: Promise<void> | undefined;
  let failing = false;
  const send = async (text: string) => {
    try {
      if (deps.pusher === undefined) throw new Error('pushing is not available here');
      await deps.pusher.push(settings.url, path, text);
      if (failing) deps.output.info(`heartbeat: pushing to ${settings.url} works again`);
      failing = false;
    } catch (error) {
      if (!failing) {
        deps.output.warn(
          `could not push the metrics to the Pushgateway: ${messageOf(error)}; the heartbeat goes on (said once until a push succeeds)`,
        );
      }
      failing = true;
    }
  };
  return {
    every: settings.every,
    push(text) {
      if (inFlight) return;
      inFlight = send(text).finally(() => {
        inFlight = undefined;
      });
    },
    async finish(text) {
      await inFlight;
      await send(text);
    },
  };
}

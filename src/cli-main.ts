import { fileURLToPath } from 'node:url';
import { compareResults } from './app/compare-results.js';
import { deletePushgatewayGroup } from './app/delete-pushgateway-group.js';
import { describeReadError } from './app/describe-read-error.js';
import type { RunOutcome } from './app/judge-results.js';
import { mergeShards } from './app/merge-shards.js';
import { type DemoOutcome, runDemo } from './app/run-demo.js';
import { runHeartbeat } from './app/run-heartbeat.js';
import { runLoadTest } from './app/run-load-test.js';
import { type MemoryRequest, readHistoryFrom } from './app/run-memory.js';
import { HISTORY_OPTION } from './app/sinks/memory-sinks.js';
import { OUTPUT_FLAGS } from './app/sinks/registry.js';
import { cliSettings } from './app/sinks/sink.js';
import { renderHelp } from './core/cli/help-text.js';
import { type CliCommand, parseCliArgs } from './core/cli/parse-cli-args.js';
import { readHistoryFile } from './core/history/history-file.js';
import type { HistoryEntry } from './core/history/types.js';
import { formatIssues } from './core/input/format-issues.js';
import { RUN_COUNTS } from './core/input/series-labels.js';
import { renderTrendText } from './core/render/trend-section.js';
import { DEFAULT_WORKERS } from './core/schedule/worker-plan.js';
import type { LoadEngine } from './ports.js';
import { ConsoleOutput } from './shell/console-output.js';
import { startDemoTarget } from './shell/demo-target.js';
import { chooseLoadEngine } from './shell/engine/choose-engine.js';
import { UndiciEngine } from './shell/engine/undici-engine.js';
import { nodeMetricsEndpoint } from './shell/heartbeat/metrics-server.js';
import { UndiciProbeEngine } from './shell/heartbeat/probe-engine.js';
import { NodeFileStore } from './shell/node-file-store.js';
import { PushgatewayClient, readPushgatewayAuth } from './shell/prometheus/pushgateway-client.js';
import { UndiciReadinessProbe } from './shell/readiness-probe.js';
import { readRunEnvironment } from './shell/run-environment.js';
import { listenForStopSignals } from './shell/stop-signals.js';
import { systemClock } from './shell/system-clock.js';
import { VERSION } from './version.js';

/**
 * The CLI's exit codes (the README documents them): 0 ran fine (pass or warn), 1 the gate
 * failed, 2 bad input, 3 the target could not be load-tested, 130 interrupted.
 */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code of a command's outcome. Interrupted and a lost target take precedence over any
 * verdict (the gate never saw a full run); a demo that ran both builds is 0, its failing gate
 * being the demonstration.
 */
export function exitCodeOf(outcome: RunOutcome | DemoOutcome): ExitCode {
  switch (outcome.kind) {
    case 'bad-input':
      return ExitCode.badInput;
    case 'target-unusable':
      return ExitCode.targetUnusable;
    case 'interrupted':
      return ExitCode.interrupted;
    case 'demonstrated':
      return ExitCode.ok;
    case 'judged':
      return outcome.run.verdict.level === 'fail' ? ExitCode.gateFailed : ExitCode.ok;
    case 'shard-measured':
      // Never judged: a shard that ran is 0 whatever its figures; the merge is judged.
      return outcome.status === 'interrupted' ? ExitCode.interrupted : ExitCode.ok;
  }
}

/** The example profile ships beside dist/ and src/ alike, one level up. */
const DEMO_PROFILE_PATH = fileURLToPath(new URL('../examples/demo.yml', import.meta.url));

/**
 * The CLI: builds the real adapters and runs one command. Returns the exit code rather than
 * exiting, so pools and timers close and Node ends by itself.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const clock = systemClock;
  const output = new ConsoleOutput({ stdout: process.stdout, stderr: process.stderr }, clock.nowMs);
  const parsed = parseCliArgs(argv, OUTPUT_FLAGS);
  if (!parsed.ok) {
    output.error(`${formatIssues(parsed.issues, 'arguments')}\nRun "loadgate help" for usage.`);
    return ExitCode.badInput;
  }
  const { cli } = parsed;
  if (cli.command === 'help') {
    output.info(renderHelp(cli.topic, OUTPUT_FLAGS));
    return ExitCode.ok;
  }
  if (cli.command === 'version') {
    output.info(VERSION);
    return ExitCode.ok;
  }
  if (cli.command === 'serve-demo') return serveDemo(cli.port, cli.slowdownFactor, output);
  const stop = listenForStopSignals(output);
  try {
    const pushAuth = readPushgatewayAuth(process.env);
    output.mask(pushAuth.secrets);
    const deps = {
      engine: chooseEngine(cli, output),
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(process.env),
      signal: stop.signal,
      pusher: new PushgatewayClient({ auth: pushAuth }),
    };
    if (cli.command === 'demo') {
      const outcome = await runDemo(
        {
          demoProfilePath: cli.profilePath ?? DEMO_PROFILE_PATH,
          outputs: cliSettings(cli.outputs),
        },
        { ...deps, startDemoTarget: () => startDemoTarget() },
      );
      return exitCodeOf(outcome);
    }
    if (cli.command === 'compare') {
      // Nothing to save on a stop: signals keep their default and end a long judging at once.
      stop.dispose();
      const { command: _, outputs, ...request } = cli;
      return exitCodeOf(await compareResults({ ...request, outputs: cliSettings(outputs) }, deps));
    }
    if (cli.command === 'merge') {
      // Nothing to save on a stop, as for compare: signals keep their default.
      stop.dispose();
      const { command: _, outputs, ...request } = cli;
      return exitCodeOf(await mergeShards({ ...request, outputs: cliSettings(outputs) }, deps));
    }
    if (cli.command === 'history-show') {
      stop.dispose();
      return showHistory(cli.historyPath, cli.last, deps.files, output);
    }
    if (cli.command === 'heartbeat') {
      const { command: _, ...request } = cli;
      const outcome = await runHeartbeat(
        { ...request, lines: process.stdout.isTTY ? 'probe' : 'minute' },
        { ...deps, probes: new UndiciProbeEngine(clock), metrics: nodeMetricsEndpoint, clock },
      );
      // A signal is the heartbeat's normal end: 0, unlike an interrupted run.
      return outcome.kind === 'bad-input'
        ? ExitCode.badInput
        : outcome.kind === 'down'
          ? ExitCode.gateFailed
          : ExitCode.ok;
    }
    if (cli.command === 'pushgateway-delete') {
      stop.dispose();
      const { command: _, ...request } = cli;
      const deleted = await deletePushgatewayGroup(request, { ...deps, env: process.env });
      return deleted === 'deleted'
        ? ExitCode.ok
        : deleted === 'bad-input'
          ? ExitCode.badInput
          : ExitCode.targetUnusable;
    }
    const {
      command: _,
      outputs,
      layer,
      interval,
      baselineRuns,
      confirm,
      workers: _workers,
      baselineTarget,
      ...request
    } = cli;
    const settings = cliSettings(outputs);
    const historyPath = settings.valueOf(HISTORY_OPTION);
    let memory: MemoryRequest | undefined;
    if (historyPath !== undefined) {
      // Read before any load is sent: a history that cannot be used is bad input (exit 2).
      const read = await readHistoryFrom(historyPath, '--history', deps.files);
      if (!read.ok) {
        output.error(formatIssues(read.issues, 'input'));
        return ExitCode.badInput;
      }
      memory = {
        history: read.history,
        notes: read.notes,
        given: { ...(layer ? { layer } : {}), ...(interval ? { interval } : {}) },
        event: { name: '' },
        facts: {},
        baselineRuns: baselineRuns ?? RUN_COUNTS.baselineRuns.default,
        rolling: request.baselinePath === undefined,
        confirm: (confirm ?? 0) > 0,
        trendRows: RUN_COUNTS.trendRuns.default,
        nowMs: clock.epochMs(),
      };
    } else if (baselineRuns !== undefined) {
      output.error(
        formatIssues(
          [
            {
              path: '--baseline-runs',
              message: 'applies to runs that keep a history: add --history FILE',
            },
          ],
          'arguments',
        ),
      );
      return ExitCode.badInput;
    } else if (
      confirm !== undefined &&
      request.baselinePath === undefined &&
      baselineTarget === undefined
    ) {
      // Without a baseline there is no regression to confirm, and thresholds are not retried.
      output.error(
        formatIssues(
          [
            {
              path: '--confirm',
              message:
                'applies to runs compared with a baseline: add --baseline FILE or --baseline-target URL (a regression is re-measured before it fails) or --history FILE',
            },
          ],
          'arguments',
        ),
      );
      return ExitCode.badInput;
    }
    // Without a history, --layer and --interval still label the run (results file, metrics).
    const given = { ...(layer ? { layer } : {}), ...(interval ? { interval } : {}) };
    // Once the results are on disk a signal need not wait for judging (synchronous, and long
    // for thousands of scenarios): Node's default ends the process at once.
    const outcome = await runLoadTest(
      {
        ...request,
        outputs: settings,
        ...(baselineTarget === undefined ? {} : { sideBySide: { baselineTarget } }),
        ...(memory ? { memory } : { series: { given, event: { name: '' } } }),
        ...(confirm === undefined ? {} : { confirm }),
      },
      {
        ...deps,
        onResultsWritten: stop.dispose,
        nowEpochMs: () => clock.epochMs(),
        readiness: new UndiciReadinessProbe(clock),
      },
    );
    return exitCodeOf(outcome);
  } finally {
    stop.dispose();
  }
}

/**
 * The engine of a command: `run` on `--workers` threads (auto by default: `resolveWorkers` on
 * the cores this process may use), everything else on one.
 */
function chooseEngine(cli: CliCommand, output: ConsoleOutput): LoadEngine {
  if (cli.command !== 'run') return new UndiciEngine(systemClock);
  const chosen = chooseLoadEngine(cli.workers ?? DEFAULT_WORKERS, systemClock, '--workers');
  if (chosen.note !== undefined) output.info(chosen.note);
  return chosen.engine;
}

/**
 * `loadgate history show FILE [--last N]`: the newest runs of each series in a history file, as
 * a table. 0 when shown (an empty history included), 2 when the file cannot be read or is not a
 * valid history file.
 */
async function showHistory(
  path: string,
  last: number,
  files: NodeFileStore,
  output: ConsoleOutput,
): Promise<number> {
  let text: string;
  try {
    text = await files.readText(path);
  } catch (error) {
    output.error(
      formatIssues(
        [{ path: 'FILE', message: `cannot read ${path}: ${describeReadError(error)}` }],
        'arguments',
      ),
    );
    return ExitCode.badInput;
  }
  const read = readHistoryFile(text, path);
  if (!read.ok) {
    output.error(formatIssues(read.issues, 'history file'));
    return ExitCode.badInput;
  }
  const bySeries = new Map<string, HistoryEntry[]>();
  for (const entry of read.history.entries) {
    const key = JSON.stringify([entry.profile, entry.layer, entry.interval]);
    bySeries.set(key, [...(bySeries.get(key) ?? []), entry]);
  }
  if (bySeries.size === 0) output.info(`${path}: no runs yet`);
  for (const entries of bySeries.values()) output.info(renderTrendText(entries, { last }));
  return ExitCode.ok;
}

/** Serves the embedded demo API on loopback until SIGINT or SIGTERM, then closes it cleanly. */
async function serveDemo(
  port: number,
  slowdownFactor: number,
  output: ConsoleOutput,
): Promise<number> {
  const target = await startDemoTarget({ port, slowdownFactor });
  output.info(`demo API on ${target.url} (slowdown ${slowdownFactor}); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await target.close();
  return ExitCode.ok;
}

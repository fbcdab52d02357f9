import { fileURLToPath } from 'node:url';
import { compareResults } from './app/compare-results.js';
import type { RunOutcome } from './app/judge-results.js';
import { type DemoOutcome, runDemo } from './app/run-demo.js';
import { runLoadTest } from './app/run-load-test.js';
import { OUTPUT_FLAGS } from './app/sinks/registry.js';
import { cliSettings } from './app/sinks/sink.js';
import { renderHelp } from './core/cli/help-text.js';
import { parseCliArgs } from './core/cli/parse-cli-args.js';
import { formatIssues } from './core/input/format-issues.js';
import { ConsoleOutput } from './shell/console-output.js';
import { startDemoTarget } from './shell/demo-target.js';
import { UndiciEngine } from './shell/engine/undici-engine.js';
import { NodeFileStore } from './shell/node-file-store.js';
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
    const deps = {
      engine: new UndiciEngine(clock),
      files: new NodeFileStore(),
      output,
      environment: await readRunEnvironment(process.env),
      signal: stop.signal,
    };
    if (cli.command === 'demo') {
      const outcome = await runDemo(
        { demoProfilePath: DEMO_PROFILE_PATH, outputs: cliSettings(cli.outputs) },
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
    const { command: _, outputs, ...request } = cli;
    // Once the results are on disk a signal need not wait for judging (synchronous, and long
    // for thousands of scenarios): Node's default ends the process at once.
    const outcome = await runLoadTest(
      { ...request, outputs: cliSettings(outputs) },
      { ...deps, onResultsWritten: stop.dispose },
    );
    return exitCodeOf(outcome);
  } finally {
    stop.dispose();
  }
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

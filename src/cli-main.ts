import { fileURLToPath } from 'node:url';
import { compareResults } from './app/compare-results.js';
import { ExitCode } from './app/exit-codes.js';
import { runDemo } from './app/run-demo.js';
import { runLoadTest } from './app/run-load-test.js';
import { renderHelp } from './core/cli/help-text.js';
import { parseCliArgs } from './core/cli/parse-cli-args.js';
import { formatIssues } from './core/profile/format-issues.js';
import { ConsoleOutput } from './shell/console-output.js';
import { startDemoTarget } from './shell/demo-target.js';
import { UndiciEngine } from './shell/engine/undici-engine.js';
import { NodeFileStore } from './shell/node-file-store.js';
import { readRunEnvironment } from './shell/run-environment.js';
import { listenForStopSignals } from './shell/stop-signals.js';
import { systemClock } from './shell/system-clock.js';
import { VERSION } from './version.js';

/** The example profile ships beside dist/ and src/ alike, one level up. */
const DEMO_PROFILE_PATH = fileURLToPath(new URL('../examples/demo.yml', import.meta.url));

/**
 * The CLI: builds the real adapters and runs one command. Returns the exit code rather than
 * exiting, so pools and timers close and Node ends by itself.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const clock = systemClock;
  const output = new ConsoleOutput({ stdout: process.stdout, stderr: process.stderr }, clock.nowMs);
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    output.error(`${formatIssues(parsed.issues, 'arguments')}\nRun "loadgate help" for usage.`);
    return ExitCode.badInput;
  }
  const { cli } = parsed;
  if (cli.command === 'help') {
    output.info(renderHelp(cli.topic));
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
        { demoProfilePath: DEMO_PROFILE_PATH, resultsPath: cli.resultsPath },
        { ...deps, startDemoTarget: () => startDemoTarget() },
      );
      return outcome.exitCode;
    }
    if (cli.command === 'compare') {
      // Nothing to save on a stop: signals keep their default and end a long judging at once.
      stop.dispose();
      const { command: _, ...request } = cli;
      return (await compareResults(request, deps)).exitCode;
    }
    const { command: _, ...request } = cli;
    // Once the results are on disk a signal need not wait for judging (synchronous, and long
    // for thousands of scenarios): Node's default ends the process at once.
    const outcome = await runLoadTest(request, { ...deps, onResultsWritten: stop.dispose });
    return outcome.exitCode;
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

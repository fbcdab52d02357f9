import * as core from '@actions/core';
import { ExitCode } from './app/exit-codes.js';
import { runLoadTest } from './app/run-load-test.js';
import { renderRunSummary } from './core/render/run-summary-text.js';
import { ActionsOutput } from './shell/actions-output.js';
import { UndiciEngine } from './shell/engine/undici-engine.js';
import { NodeFileStore } from './shell/node-file-store.js';
import { readRunEnvironment } from './shell/run-environment.js';

/** Reads an optional input; empty means "not given", as the runner passes unset inputs as ''. */
function input(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

/**
 * The action: inputs → the same pipeline as `loadgate run` → outputs, job summary, and a failed
 * step when the run could not be done. Never throws: every failure ends in setFailed.
 */
export async function run(): Promise<void> {
  try {
    const clock = { nowMs: () => performance.now(), epochMs: () => Date.now() };
    const token = input('github-token');
    if (token) core.setSecret(token);
    const resultsPath = input('results-path') ?? 'loadgate-results.json';
    const outcome = await runLoadTest(
      {
        profilePath: input('profile'),
        overrides: { target: input('target'), rate: input('rate'), duration: input('duration') },
        overrideLabels: { target: 'input target', rate: 'input rate', duration: 'input duration' },
        resultsPath,
        ...(input('baseline-path') ? { baselinePath: input('baseline-path') } : {}),
        ...(input('markdown-path') ? { markdownPath: input('markdown-path') } : {}),
      },
      {
        engine: new UndiciEngine(clock),
        files: new NodeFileStore(),
        output: new ActionsOutput(clock.nowMs),
        environment: await readRunEnvironment(process.env),
      },
    );
    if (outcome.result) {
      const r = outcome.result;
      core.setOutput('results-path', outcome.resultsPath ?? '');
      core.setOutput('p50-ms', String(r.latencyMs.p50));
      core.setOutput('p95-ms', String(r.latencyMs.p95));
      core.setOutput('p99-ms', String(r.latencyMs.p99));
      core.setOutput('rps', String(r.throughput.rps));
      core.setOutput('error-rate', String(r.errorRate));
      if (outcome.verdict) core.setOutput('verdict', outcome.verdict.level);
      core.setOutput('report-path', input('markdown-path') ?? '');
      // The report is the summary; the terminal table stays one click away for the numbers.
      await core.summary
        .addRaw(outcome.markdown ?? `### loadgate: ${r.profile.name}`, true)
        .addDetails('Run summary', `\n\n\`\`\`\n${renderRunSummary(r)}\n\`\`\`\n`)
        .write();
    }
    if (outcome.exitCode === ExitCode.gateFailed) {
      core.setFailed(
        `loadgate: the gate failed: ${outcome.verdict?.reasons[0] ?? 'see the job summary'}`,
      );
    } else if (outcome.exitCode !== ExitCode.ok) {
      const why = {
        2: 'bad input (see the errors above)',
        3: 'the target could not be load-tested',
        130: 'the run was interrupted',
      };
      core.setFailed(
        `loadgate: ${why[outcome.exitCode as 2 | 3 | 130] ?? `exit code ${outcome.exitCode}`}`,
      );
    }
  } catch (error) {
    core.setFailed(
      `loadgate: internal error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

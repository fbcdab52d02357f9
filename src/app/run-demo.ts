import type { FileStore, LoadEngine, Output, RunEnvironment } from '../ports.js';
import type { RunOutcome } from './judge-results.js';
import { runLoadTest } from './run-load-test.js';
import { resultsPathOf } from './sinks/local-sinks.js';
import { cliSettings, type FinishedRun, type OutputSettings } from './sinks/sink.js';

export interface DemoTargetHandle {
  url: string;
  setSlowdownFactor(factor: number): void;
  close(): Promise<void>;
}

export interface RunDemoDeps {
  engine: LoadEngine;
  files: FileStore;
  output: Output;
  environment: RunEnvironment;
  startDemoTarget: () => Promise<DemoTargetHandle>;
  signal?: AbortSignal;
}

export interface DemoRequest {
  demoProfilePath: string;
  /** Its `--out`: the pull request's results; the baseline and report go beside it. */
  outputs: OutputSettings;
}

/** The demo ran both builds: the pull request's gate failing is the demonstration. */
export type DemoOutcome = RunOutcome | { kind: 'demonstrated'; run: FinishedRun };

/** How much slower the "pull request" build of the demo target answers. */
export const DEMO_SLOWDOWN = 1.3;

/**
 * `loadgate demo`: the whole product without GitHub. The embedded demo API (loopback only) is
 * measured as the main branch's baseline, then made 30 % slower, as a pull request might, and
 * measured again against that baseline; the pull-request comment and verdict are printed. The
 * gate failing is the demonstration (`demonstrated`); bad input or a broken target is not.
 */
export async function runDemo(request: DemoRequest, deps: RunDemoDeps): Promise<DemoOutcome> {
  const { output } = deps;
  const resultsPath = resultsPathOf(request.outputs) ?? 'loadgate-results.json';
  const baselinePath = resultsPath.replace(/(\.json)?$/, '-baseline.json');
  const markdownPath = resultsPath.replace(/(\.json)?$/, '-report.md');
  const target = await deps.startDemoTarget();
  try {
    output.info(
      `demo target listening on ${target.url}\n\n1/2 · the main branch: measuring the baseline`,
    );
    const base = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: baselinePath }),
      },
      deps,
    );
    if (base.kind !== 'judged' || base.run.verdict.level === 'fail') return base;
    target.setSlowdownFactor(DEMO_SLOWDOWN);
    output.info(
      `\n2/2 · a pull request whose build answers ${Math.round((DEMO_SLOWDOWN - 1) * 100)} % slower: measuring and comparing`,
    );
    const pr = await runLoadTest(
      {
        profilePath: request.demoProfilePath,
        overrides: { target: target.url },
        outputs: cliSettings({ out: resultsPath, markdown: markdownPath }),
        baselinePath,
      },
      deps,
    );
    if (pr.kind !== 'judged') return pr;
    output.info(
      `\n──────── the pull-request comment (also in ${markdownPath}) ────────\n\n${pr.run.markdown}\n────────`,
    );
    const gate =
      pr.run.verdict.level === 'fail' ? 'would fail the pull request check' : 'would pass';
    output.info(
      `In a pull request this run ${gate}. Files: ${baselinePath}, ${resultsPath}, ${markdownPath}.`,
    );
    return { kind: 'demonstrated', run: pr.run };
  } finally {
    await target.close();
  }
}

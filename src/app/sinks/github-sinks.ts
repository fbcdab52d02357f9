import { failsStep } from '../../core/action/plan-action.js';
import { messageOf } from '../../core/input/format-issues.js';
import { renderCommentMarker } from '../../core/render/report-headline.js';
import type { BaselineStore, Output } from '../../ports.js';
import { markdownPathOf } from './local-sinks.js';
import type { FinishedRun, OutputOption, OutputSettings, Sink } from './sink.js';

/**
 * What the action adds on GitHub: step outputs, the job summary, the baseline and results
 * artifacts, the sticky comment, the commit status. Each needs the action's ports and skips
 * without them (the CLI); each failure is a warning: the verdict and the job summary stand.
 */

const COMMENT: OutputOption = {
  input: {
    name: 'comment',
    description: 'Post (and update) one sticky comment on pull requests.',
    default: 'true',
  },
};

const RETENTION_DAYS: OutputOption = {
  input: {
    name: 'retention-days',
    description: 'Days to keep the baseline artifact.',
    default: '90',
  },
};

const UPLOAD_RESULTS: OutputOption = {
  input: {
    name: 'upload-results',
    description:
      "Also upload this run's results as the artifact <artifact-name>-pr, for a mode report workflow (the fork pattern's measuring half).",
    default: 'false',
  },
};

/** A step output: its name and description (as action.yml declares it) and its value. */
interface StepOutput {
  name: string;
  description: string;
  /** Only for a run measured in this step (report mode sets the verdict and report path). */
  measuredOnly?: boolean;
  valueOf(run: FinishedRun, settings: OutputSettings): string;
}

export const STEP_OUTPUTS: readonly StepOutput[] = [
  {
    name: 'results-path',
    description: 'Path of the results file written.',
    measuredOnly: true,
    valueOf: (run) => run.resultsPath ?? '',
  },
  {
    name: 'report-path',
    description: 'Path of the markdown report written.',
    valueOf: (_run, settings) => markdownPathOf(settings) ?? '',
  },
  {
    name: 'p50-ms',
    description: "Median latency in milliseconds, measured from each request's intended send time.",
    measuredOnly: true,
    valueOf: (run) => String(run.result.latencyMs.p50),
  },
  {
    name: 'p95-ms',
    description: '95th percentile latency in milliseconds.',
    measuredOnly: true,
    valueOf: (run) => String(run.result.latencyMs.p95),
  },
  {
    name: 'p99-ms',
    description: '99th percentile latency in milliseconds.',
    measuredOnly: true,
    valueOf: (run) => String(run.result.latencyMs.p99),
  },
  {
    name: 'rps',
    description: 'Completed requests per second over the measured window.',
    measuredOnly: true,
    valueOf: (run) => String(run.result.throughput.rps),
  },
  {
    name: 'error-rate',
    description: 'Fraction (0..1) of requests that failed or got no answer.',
    measuredOnly: true,
    valueOf: (run) => String(run.result.errorRate),
  },
  { name: 'verdict', description: 'pass, warn or fail.', valueOf: (run) => run.verdict.level },
];

export const actionOutputsSink: Sink = {
  name: 'the step outputs',
  stage: 'judged',
  options: [],
  async deliver(run, settings, { action }) {
    if (!action) return;
    for (const output of STEP_OUTPUTS) {
      if (output.measuredOnly && run.origin !== 'measured') continue;
      action.io.setOutput(output.name, output.valueOf(run, settings));
    }
  },
};

export const jobSummarySink: Sink = {
  name: 'the job summary',
  stage: 'judged',
  options: [],
  async deliver(run, _settings, { action }) {
    if (action) await action.io.writeSummary(run.markdown);
  },
};

/** Uploads a results file as a workflow artifact; a failure is a warning with the reason. */
async function saveArtifact(
  store: BaselineStore,
  upload: { path: string; name: string; retentionDays: number },
  log: { saved: string; failed: string },
  output: Output,
): Promise<void> {
  try {
    await store.save(upload.path, upload.name, upload.retentionDays);
    output.info(log.saved);
  } catch (error) {
    output.warn(`${log.failed}: ${messageOf(error)}`);
  }
}

/**
 * The baseline, on the baseline branch, and only a run whose gate did not fail (the report
 * says when it was not saved, and why; see `decideBaselineSave`).
 */
export const baselineArtifactSink: Sink = {
  name: 'the baseline artifact',
  stage: 'judged',
  options: [RETENTION_DAYS],
  async deliver(run, _settings, { action, output }) {
    const save = run.baselineSave;
    // A release run keeps its results as that release's baseline instead (memory-sinks.ts).
    if (action?.releaseTag) return;
    if (save?.save === false) output.warn(`not saving this run as the baseline: ${save.reason}`);
    if (!save?.save || !action?.baselines || !run.resultsPath) return;
    const name = action.config.artifactName;
    await saveArtifact(
      action.baselines,
      { path: run.resultsPath, name, retentionDays: action.config.retentionDays },
      {
        saved: `saved the baseline as artifact ${name}`,
        failed: `could not save the baseline artifact ${name}`,
      },
      output,
    );
  },
};

/** The artifact a measuring run uploads for `mode: report` (input upload-results). */
export function pullRequestArtifactName(artifactName: string): string {
  return `${artifactName}-pr`;
}

export const resultsUploadSink: Sink = {
  name: 'the results upload',
  stage: 'judged',
  options: [UPLOAD_RESULTS],
  async deliver(run, _settings, { action, output }) {
    if (!action?.config.uploadResults || !action.baselines || !run.resultsPath) return;
    if (run.origin !== 'measured') return;
    const name = pullRequestArtifactName(action.config.artifactName);
    await saveArtifact(
      action.baselines,
      { path: run.resultsPath, name, retentionDays: action.config.retentionDays },
      {
        saved: `uploaded the results as artifact ${name} for a mode: report workflow`,
        failed: `could not upload the results artifact ${name}`,
      },
      output,
    );
  },
};

/** Creates or updates the sticky comment keyed by the artifact name (one per profile). */
export const stickyCommentSink: Sink = {
  name: 'the pull-request comment',
  stage: 'judged',
  options: [COMMENT],
  async deliver(run, _settings, { action, output }) {
    if (!action?.comments || !action.repo || action.commentOn === undefined) return;
    try {
      const posted = await action.comments.upsert(
        action.repo,
        action.commentOn,
        renderCommentMarker(action.config.artifactName),
        run.markdown,
      );
      output.info(`${posted.action} the pull-request comment: ${posted.url}`);
    } catch (error) {
      output.warn(
        `could not post the pull-request comment: ${messageOf(error)}; the verdict stands (the report is in the job summary)`,
      );
    }
  },
};

/** The commit status on a fork's head (report mode): what can gate a fork's pull request. */
export const commitStatusSink: Sink = {
  name: 'the commit status',
  stage: 'judged',
  options: [],
  async deliver(run, _settings, { action, output }) {
    if (!action?.statuses || !action.repo || action.statusOn === undefined) return;
    const { verdict } = run;
    try {
      await action.statuses.setStatus(action.repo, action.statusOn, {
        state: failsStep(verdict.level, action.config.failOn) ? 'failure' : 'success',
        context: `loadgate/${action.config.artifactName}`,
        description: `${verdict.level}: ${verdict.reasons[0] ?? ''}`,
      });
    } catch (error) {
      output.warn(`could not set the commit status: ${messageOf(error)}`);
    }
  },
};

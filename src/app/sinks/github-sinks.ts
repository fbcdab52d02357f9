import { failsStep } from '../../core/action/plan-action.js';
import { messageOf } from '../../core/input/format-issues.js';
import { isSideBySidePair } from '../../core/judge/build-verdict.js';
import { type CommentSection, formatRunStamp } from '../../core/render/comment-sections.js';
import { renderCommentMarker } from '../../core/render/report-headline.js';
import type { BaselineStore, Output } from '../../ports.js';
import { baselineSidePath } from '../side-by-side.js';
import { HTML_REPORT_OUTPUT } from './html-sinks.js';
import { confirmationResultsPath, markdownPathOf } from './local-sinks.js';
import type { ActionPorts, FinishedRun, OutputOption, OutputSettings, Sink } from './sink.js';

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

const COMMENT_KEY: OutputOption = {
  input: {
    name: 'comment-key',
    description:
      "Share one pull-request comment among the loadgate jobs and steps given the same key (letters, digits, ., _ or -, up to 64), e.g. perf: each writes only its own section (one per artifact-name, ordered by profile name), a headline sums them up, and an older run never replaces a newer run's section. Without it, each profile has its own comment.",
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
  /** Set by the sink that writes the file, once it is written: a failed write sets nothing. */
  setByItsSink?: boolean;
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
  { ...HTML_REPORT_OUTPUT, setByItsSink: true, valueOf: () => '' },
];

export const actionOutputsSink: Sink = {
  name: 'the step outputs',
  stage: 'judged',
  options: [],
  async deliver(run, settings, { action }) {
    if (!action) return;
    for (const output of STEP_OUTPUTS) {
      if (output.measuredOnly && run.origin !== 'measured') continue;
      if (output.setByItsSink) continue;
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

/** Beside it, a side-by-side run's baseline target results: what its target was judged against. */
export function pullRequestBaselineSideArtifactName(artifactName: string): string {
  return `${pullRequestArtifactName(artifactName)}-baseline`;
}

/** Beside it, re-measure `k` (1-based) of `confirm: N`: what its breaches were confirmed by. A
 * side-by-side re-measure's other side is this name with `-baseline`. */
export function pullRequestConfirmationArtifactName(artifactName: string, k: number): string {
  return `${pullRequestArtifactName(artifactName)}-confirm-${k}`;
}

export const resultsUploadSink: Sink = {
  name: 'the results upload',
  stage: 'judged',
  options: [UPLOAD_RESULTS],
  async deliver(run, _settings, { action, output }) {
    const asked = action?.config.uploadResults === true;
    if (!(asked || action?.keepResultsForLabel) || !action?.baselines || !run.resultsPath) return;
    if (run.origin !== 'measured') return;
    const name = pullRequestArtifactName(action.config.artifactName);
    await saveArtifact(
      action.baselines,
      { path: run.resultsPath, name, retentionDays: action.config.retentionDays },
      {
        saved: asked
          ? `uploaded the results as artifact ${name} for a mode: report workflow`
          : `kept the results as artifact ${name}, for the accept label's labeled and unlabeled events to re-judge (input accept-scope: none turns this off)`,
        failed: `could not upload the results artifact ${name}`,
      },
      output,
    );
    // Side by side, the target was judged against the other side, and re-measures confirmed
    // its breaches: they travel along, so that re-judging says what this run said.
    const store = action.baselines;
    const retentionDays = action.config.retentionDays;
    const paired = run.baseline !== undefined && isSideBySidePair(run.result, run.baseline);
    const keep = async (path: string, name: string, what: string) =>
      saveArtifact(
        store,
        { path, name, retentionDays },
        {
          saved: `kept ${what} as artifact ${name}`,
          failed: `could not upload ${what} (artifact ${name})`,
        },
        output,
      );
    if (paired) {
      const side = pullRequestBaselineSideArtifactName(action.config.artifactName);
      await keep(baselineSidePath(run.resultsPath), side, "the baseline target's results");
    }
    for (let k = 1; k <= (run.verdict.confirmation?.remeasures ?? 0); k++) {
      const path = confirmationResultsPath(run.resultsPath, k);
      const name = pullRequestConfirmationArtifactName(action.config.artifactName, k);
      await keep(path, name, `re-measure ${k}'s results`);
      if (paired) {
        await keep(
          baselineSidePath(path),
          `${name}-baseline`,
          `the baseline target's re-measure ${k}'s results`,
        );
      }
    }
  },
};

/** A line that is a per-profile comment marker (`<!-- loadgate:<key> -->`): a section must
 * not carry one, or that profile's own sticky comment lookup would find the shared comment. */
const PROFILE_MARKER_LINE = /^<!-- loadgate:[A-Za-z0-9._:/-]* -->$/;

/** This run's section of the comment shared by `comment-key`. */
export function sectionOf(run: FinishedRun, action: ActionPorts): CommentSection {
  const body = run.markdown
    .split('\n')
    .filter((line) => !PROFILE_MARKER_LINE.test(line.trim()))
    .join('\n');
  return {
    key: action.config.artifactName,
    title: run.result.profile.name,
    level: run.verdict.level,
    // Outside a workflow run (no GITHUB_RUN_ID) the section counts as the oldest possible.
    run: action.runStamp ?? { runId: 0, attempt: 0 },
    body,
  };
}

/** Writes this run's section of the shared comment (input comment-key) and logs the outcome. */
async function deliverSection(run: FinishedRun, action: ActionPorts, output: Output) {
  const { comments, repo, commentOn, config } = action;
  if (!comments || !repo || commentOn === undefined || !config.commentKey) return;
  const section = sectionOf(run, action);
  const result = await comments.upsertSection(repo, commentOn, {
    groupKey: config.commentKey,
    section,
  });
  for (const note of result.notes) output.warn(note);
  if (result.action === 'stale') {
    const kept = result.keptRun ? formatRunStamp(result.keptRun) : 'a later run';
    output.warn(
      `did not update the shared pull-request comment: its section ${section.key} is from run ${kept}, newer than this run ${formatRunStamp(section.run)}: ${result.url}`,
    );
    return;
  }
  const retried =
    result.writes > 1
      ? ` (written ${result.writes} times: other jobs wrote at the same moment)`
      : '';
  output.info(
    `${result.action} section ${section.key} of the shared pull-request comment ${config.commentKey}${retried}: ${result.url}`,
  );
}

/**
 * Creates or updates the sticky comment keyed by the artifact name (one per profile), or, with
 * input comment-key, this run's section of the comment the jobs of that key share.
 */
export const stickyCommentSink: Sink = {
  name: 'the pull-request comment',
  stage: 'judged',
  options: [COMMENT, COMMENT_KEY],
  async deliver(run, _settings, { action, output }) {
    if (!action?.comments || !action.repo || action.commentOn === undefined) return;
    if (action.config.commentKey) {
      try {
        await deliverSection(run, action, output);
      } catch (error) {
        output.warn(
          `could not update the shared pull-request comment: ${messageOf(error)}; the verdict stands (the report is in the job summary)`,
        );
      }
      return;
    }
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

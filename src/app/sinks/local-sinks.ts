import { toTerminalText } from '../../core/input/terminal-text.js';
import type { Verdict } from '../../core/judge/types.js';
import { renderRunSummary } from '../../core/render/run-summary-text.js';
import { iconOfLevel } from '../../core/render/scenario-table.js';
import { serializeResults, withoutTimelines } from '../../core/result/serialize-results.js';
import type { ResultsFileV1 } from '../../core/result/types.js';
import type { FileStore, Output } from '../../ports.js';
import { describeWriteError } from '../describe-read-error.js';
import type { OutputOption, OutputSettings, PlannedFile, Sink } from './sink.js';

/** What a run leaves on this machine: the results file, the report files, the terminal. */

const RESULTS_FILE: OutputOption = {
  flag: {
    name: 'out',
    commands: ['run', 'merge', 'demo'],
    placeholder: 'FILE',
    help: 'results file',
    example: '--out results.json',
    default: 'loadgate-results.json',
  },
  input: {
    name: 'results-path',
    description: 'Where to write the results file.',
    default: 'loadgate-results.json',
  },
};

const MARKDOWN_REPORT: OutputOption = {
  flag: {
    name: 'markdown',
    commands: ['run', 'compare', 'merge'],
    placeholder: 'FILE',
    help: 'write the report (PR comment / job summary markdown)',
    example: '--markdown report.md',
  },
  input: {
    name: 'markdown-path',
    description: 'Where to write the markdown report (also the job summary and the comment).',
    default: 'loadgate-report.md',
  },
};

const JSON_VERDICT: OutputOption = {
  flag: {
    name: 'json',
    commands: ['run', 'compare', 'merge'],
    placeholder: 'FILE',
    help: 'write the verdict as JSON',
    example: '--json verdict.json',
  },
};

/** The path the results file goes to (the demo puts its other files beside it). */
export function resultsPathOf(settings: OutputSettings): string | undefined {
  return settings.valueOf(RESULTS_FILE);
}

/** The path the markdown report goes to, if any (the action's `report-path` output). */
export function markdownPathOf(settings: OutputSettings): string | undefined {
  return settings.valueOf(MARKDOWN_REPORT);
}

/** The file an option names, for the checks before any load (none when it is not given). */
export function planned(
  settings: OutputSettings,
  option: OutputOption,
  exampleName: string,
): PlannedFile[] {
  const path = settings.valueOf(option);
  return path === undefined ? [] : [{ path, label: settings.labelOf(option), exampleName }];
}

/**
 * The results file, first of all outputs and before judging: see `writeResults` for how
 * measured results are never lost (fallback paths, a reduced file).
 */
export const resultsFileSink: Sink = {
  name: 'the results file',
  stage: 'measured',
  options: [RESULTS_FILE],
  plannedFiles: (settings) => planned(settings, RESULTS_FILE, 'loadgate-results.json'),
  async deliver(run, settings, { files, output, onResultsWritten }) {
    const path = settings.valueOf(RESULTS_FILE);
    const written =
      path === undefined ? undefined : await writeResults(run.result, path, files, output);
    onResultsWritten?.();
    return written === undefined ? undefined : { resultsPath: written };
  },
};

/** What a reduced results file leaves out, for the warning that says so. */
const LEFT_OUT =
  'without the per-second timelines (timeline and scenarios[].timeline; the figures and histograms are all there)';

/** Where re-measure `k` (1-based) of `confirm: N` is written beside the results file:
 * `run.json` → `run-confirmation.json`, `run-confirmation-2.json` … */
export function confirmationResultsPath(resultsPath: string, k: number): string {
  return resultsPath.replace(
    /(\.json)?$/i,
    k === 1 ? '-confirmation.json' : `-confirmation-${k}.json`,
  );
}

/**
 * Writes the results file, streamed (see `serializeResults`: a day-long run can be larger than
 * any one string). Measured results are never lost over it: when the full file cannot be
 * written (the serializer fails, the disk fills up, the path is read-only), it writes, in this
 * order, a reduced file without the timelines at `path`, the full file in the working
 * directory, the reduced one there, saying on `output` which it did and what was left out.
 * @returns the path written, or undefined when every attempt failed (said on `output`).
 */
export async function writeResults(
  result: ResultsFileV1,
  path: string,
  files: FileStore,
  output: Output,
): Promise<string | undefined> {
  const fallback = `loadgate-results-${result.startedAt.replace(/[:.]/g, '-')}.json`;
  const reduced = withoutTimelines(result);
  const attempts = [
    { path, result, full: true },
    { path, result: reduced, full: false },
    { path: fallback, result, full: true },
    { path: fallback, result: reduced, full: false },
  ];
  const failures: string[] = [];
  for (const attempt of attempts) {
    try {
      await files.writeTextPieces(attempt.path, serializeResults(attempt.result));
    } catch (error) {
      failures.push(describeWriteError(error));
      continue;
    }
    const [first, , third] = failures;
    if (failures.length === 1) {
      output.warn(
        `could not write the full results to ${path} (${first}); wrote ${path} ${LEFT_OUT}`,
      );
    } else if (failures.length === 2) {
      output.warn(`could not write ${path} (${first}); wrote ${fallback} instead`);
    } else if (failures.length === 3) {
      output.warn(
        `could not write ${path} (${first}) nor the full results to ${fallback} (${third}); wrote ${fallback} ${LEFT_OUT}`,
      );
    }
    return attempt.path;
  }
  output.error(
    `could not write the results to ${path} (${failures[0]}) nor to ${fallback} (${failures[2]}), not even without the timelines`,
  );
  return undefined;
}

/** The terminal's run summary, as soon as the results are safe (judging can take a while). */
export const runSummarySink: Sink = {
  name: 'the run summary',
  stage: 'measured',
  options: [],
  async deliver(run, _settings, { output }) {
    output.info(renderRunSummary(run.result));
    if (run.resultsPath) output.info(`results: ${run.resultsPath}`);
    return undefined;
  },
};

/** A text file; one that cannot be written is a warning: the verdict stands. True once written. */
export async function writeSideFile(
  path: string,
  text: string,
  files: FileStore,
  output: Output,
): Promise<boolean> {
  try {
    await files.writeText(path, text);
    return true;
  } catch (error) {
    output.warn(`could not write ${path} (${describeWriteError(error)}); the verdict stands`);
    return false;
  }
}

export const markdownReportSink: Sink = {
  name: 'the markdown report',
  stage: 'judged',
  options: [MARKDOWN_REPORT],
  plannedFiles: (settings) => planned(settings, MARKDOWN_REPORT, 'report.md'),
  async deliver(run, settings, { files, output }) {
    const path = settings.valueOf(MARKDOWN_REPORT);
    if (path !== undefined) await writeSideFile(path, run.markdown, files, output);
  },
};

/** The verdict as JSON, for other tools. */
export const jsonVerdictSink: Sink = {
  name: 'the JSON verdict',
  stage: 'judged',
  options: [JSON_VERDICT],
  plannedFiles: (settings) => planned(settings, JSON_VERDICT, 'verdict.json'),
  async deliver(run, settings, { files, output }) {
    const path = settings.valueOf(JSON_VERDICT);
    if (path === undefined) return;
    await writeSideFile(path, `${JSON.stringify(run.verdict, null, 2)}\n`, files, output);
  },
};

/** The terminal's verdict after a measured run (`compare` prints the whole report instead). */
export const verdictLinesSink: Sink = {
  name: 'the verdict summary',
  stage: 'judged',
  options: [],
  async deliver(run, settings, { output }) {
    if (run.origin !== 'measured') return;
    output.info(formatVerdictLines(run.verdict));
    const markdownPath = settings.valueOf(MARKDOWN_REPORT);
    if (markdownPath !== undefined) output.info(`report: ${markdownPath}`);
  },
};

/** The verdict for a terminal: one line, then the reasons (which quote scenario names: inert). */
export function formatVerdictLines(verdict: Verdict): string {
  return [
    `verdict: ${iconOfLevel(verdict.level)} ${verdict.level.toUpperCase()}`,
    ...verdict.reasons.map((r) => `  - ${toTerminalText(r)}`),
  ].join('\n');
}

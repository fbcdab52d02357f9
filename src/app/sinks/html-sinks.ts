import { createHash } from 'node:crypto';
import type { InputIssue } from '../../core/input/format-issues.js';
import { messageOf } from '../../core/input/format-issues.js';
import { describeValue } from '../../core/input/issue-text.js';
import { renderHtmlReport } from '../../core/render/html-report.js';
import { resultsPathOf, writeSideFile } from './local-sinks.js';
import type { OutputOption, OutputSettings, Sink } from './sink.js';

/** The HTML report: one self-contained page with the tables and charts, opened offline. */

const HTML_FILE: OutputOption = {
  flag: {
    name: 'html',
    commands: ['run', 'compare', 'merge'],
    placeholder: 'FILE',
    help: 'write the HTML report (tables and charts, one file that opens offline)',
    example: '--html report.html',
  },
};

const HTML_INPUT: OutputOption = {
  input: {
    name: 'html',
    description:
      'Write the HTML report (one self-contained page with the tables and charts, opens offline) and upload it as the artifact <artifact-name>-report: true (loadgate-report.html beside the results file), false, or the path to write it to. A failed write or upload is a warning.',
    default: 'true',
  },
};

/** The step output naming the report written (set only once it is written). */
export const HTML_REPORT_OUTPUT = {
  name: 'html-report',
  description: 'Path of the HTML report written (see the html input); empty when none was written.',
} as const;

/** The file name the action gives the report beside the results file. */
export const HTML_REPORT_NAME = 'loadgate-report.html';

const TRUE_WORDS = new Set(['true', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'off']);

/** The artifact the action uploads the HTML report as. */
export function htmlReportArtifactName(artifactName: string): string {
  return `${artifactName}-report`;
}

/**
 * Where the HTML report goes: the `--html` flag's file; or, for the action's `html` input,
 * `loadgate-report.html` in the results file's directory (`true`), nowhere (`false`), or the
 * path given. Undefined when none is asked for.
 */
export function htmlPathOf(settings: OutputSettings): string | undefined {
  const file = settings.valueOf(HTML_FILE);
  if (file !== undefined) return file;
  const input = settings.valueOf(HTML_INPUT);
  if (input === undefined || FALSE_WORDS.has(input.toLowerCase())) return undefined;
  if (!TRUE_WORDS.has(input.toLowerCase())) return input;
  const results = resultsPathOf(settings) ?? '';
  return `${results.replace(/[^/\\]*$/, '')}${HTML_REPORT_NAME}`;
}

/** The label messages name the report's option by: `--html`, `input html`. */
function labelOf(settings: OutputSettings): string {
  return settings.valueOf(HTML_FILE) !== undefined
    ? settings.labelOf(HTML_FILE)
    : settings.labelOf(HTML_INPUT);
}

/** The same path spelt the same way, for the check against the results file before the load. */
function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

export const htmlReportSink: Sink = {
  name: 'the HTML report',
  stage: 'judged',
  options: [HTML_FILE, HTML_INPUT],
  plannedFiles: (settings) => {
    const path = htmlPathOf(settings);
    return path === undefined
      ? []
      : [{ path, label: labelOf(settings), exampleName: 'report.html' }];
  },
  checkSettings: (settings): InputIssue[] => {
    const path = htmlPathOf(settings);
    if (path === undefined) return [];
    if (path.trim() === '') {
      return [
        {
          path: labelOf(settings),
          message: `expected a file path like report.html, got ${describeValue(path)}`,
        },
      ];
    }
    const results = resultsPathOf(settings);
    if (results !== undefined && normalizePath(results) === normalizePath(path)) {
      return [
        {
          path: labelOf(settings),
          message: `${path} is also the results file: the report would replace the results; choose another file, e.g. report.html`,
        },
      ];
    }
    return [];
  },
  async deliver(run, settings, { files, output, action }) {
    const path = htmlPathOf(settings);
    if (path === undefined) return;
    const html = renderHtmlReport(
      {
        current: run.result,
        verdict: run.verdict,
        ...(run.baseline ? { baseline: run.baseline } : {}),
        ...(run.memory ? { history: run.memory.series } : {}),
      },
      { sha256Base64 },
    );
    if (!(await writeSideFile(path, html, files, output))) return;
    output.info(`html report: ${path}`);
    action?.io.setOutput(HTML_REPORT_OUTPUT.name, path);
    if (!action?.runArtifacts) return;
    const name = htmlReportArtifactName(action.config.artifactName);
    try {
      await action.runArtifacts.upload(path, name, action.config.retentionDays);
      output.info(`uploaded the HTML report as artifact ${name}`);
    } catch (error) {
      output.warn(`could not upload the HTML report artifact ${name}: ${messageOf(error)}`);
    }
  },
};

import {
  actionOutputsSink,
  baselineArtifactSink,
  commitStatusSink,
  jobSummarySink,
  resultsUploadSink,
  stickyCommentSink,
} from './github-sinks.js';
import { htmlReportSink } from './html-sinks.js';
import {
  jsonVerdictSink,
  markdownReportSink,
  resultsFileSink,
  runSummarySink,
  verdictLinesSink,
} from './local-sinks.js';
import { historySink, regressionIssueSink, releaseBaselineSink } from './memory-sinks.js';
import { prometheusFileSink, pushgatewaySink } from './prometheus-sinks.js';
import type { OutputOption, OutputSettings, PlannedFile, Sink } from './sink.js';

/**
 * Every output of a run, in the order they are delivered. The results file comes first and
 * before judging, so nothing measured is lost to a later failure; the side channels follow,
 * each a warning when it fails. A new output is one module and one line here: its flag or
 * input reaches the CLI parser, the help and the action from `OUTPUT_OPTIONS`.
 */
export const SINKS: readonly Sink[] = [
  resultsFileSink,
  runSummarySink,
  markdownReportSink,
  jsonVerdictSink,
  htmlReportSink,
  prometheusFileSink,
  pushgatewaySink,
  verdictLinesSink,
  actionOutputsSink,
  jobSummarySink,
  baselineArtifactSink,
  resultsUploadSink,
  historySink,
  releaseBaselineSink,
  stickyCommentSink,
  commitStatusSink,
  regressionIssueSink,
];

/** The outputs' own flags and inputs, in registry order. */
export const OUTPUT_OPTIONS: readonly OutputOption[] = SINKS.flatMap((sink) => sink.options);

/** The CLI flags for `parseCliArgs` and `renderHelp`. */
export const OUTPUT_FLAGS = OUTPUT_OPTIONS.flatMap((option) => (option.flag ? [option.flag] : []));

/** The action inputs the outputs read (action.yml declares them with these words). */
export const OUTPUT_INPUTS = OUTPUT_OPTIONS.flatMap((option) =>
  option.input ? [option.input] : [],
);

/** The files the outputs will write, in order, for the checks before any load is sent. */
export function plannedFilesOf(settings: OutputSettings): PlannedFile[] {
  return SINKS.flatMap((sink) => sink.plannedFiles?.(settings) ?? []);
}

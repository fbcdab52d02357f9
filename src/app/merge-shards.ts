import type { InputIssue } from '../core/input/format-issues.js';
import { formatIssues } from '../core/input/format-issues.js';
import { formatCount, formatRate, formatRunDuration } from '../core/input/format-units.js';
import { type MergeInput, mergeResults } from '../core/result/merge-results.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import { type CompareDeps, judgeReadResults, readJudgingInputs } from './compare-results.js';
import type { RunOutcome } from './judge-results.js';
import { readResultsFrom } from './read-results.js';
import { resultsPathOf, writeResults } from './sinks/local-sinks.js';
import { plannedFilesOf } from './sinks/registry.js';
import type { OutputSettings } from './sinks/sink.js';

export interface MergeRequest {
  /** The shards' results files, as given (the shell expands `shard-*.json`). */
  shardPaths: readonly string[];
  baselinePath?: string;
  profilePath?: string;
  /** The values of the outputs' own flags (`--out`, `--markdown`, `--json`, …). */
  outputs: OutputSettings;
}

/**
 * `loadgate merge`: reads the shards' results files, merges them into one (`mergeResults`),
 * writes it (`--out`) and then judges it exactly as `compare` judges a results file (the
 * profile's thresholds, `--baseline`, every output of `compare`). A mixed set, an unreadable
 * file, a bad baseline or profile, or an output path that is a directory or one of the files
 * read: every problem listed together, nothing written.
 */
export async function mergeShards(
  request: MergeRequest,
  deps: CompareDeps,
): Promise<Extract<RunOutcome, { kind: 'judged' | 'bad-input' }>> {
  const { files, output } = deps;
  const issues: InputIssue[] = [];
  const shards: MergeInput[] = [];
  for (const path of request.shardPaths) {
    const read = await readResultsFrom(path, 'FILE', files);
    if (read.ok) shards.push({ name: path, result: read.result });
    else issues.push(...read.issues);
  }
  let merged: ResultsFileV1 | undefined;
  if (issues.length === 0) {
    const outcome = mergeResults(shards);
    if (outcome.ok) merged = outcome.result;
    else issues.push(...outcome.issues);
  }
  const inputs = await readJudgingInputs(request, deps);
  if (!inputs.ok) issues.push(...inputs.issues);
  issues.push(...(await checkOutputPaths(request, deps)));
  if (issues.length > 0 || merged === undefined || !inputs.ok) {
    output.error(formatIssues(issues, 'input'));
    return { kind: 'bad-input', issues };
  }
  const path = resultsPathOf(request.outputs);
  const written = path === undefined ? undefined : await writeResults(merged, path, files, output);
  output.info(describeMerged(merged, written));
  const run = await judgeReadResults(merged, inputs.inputs, request.outputs, deps, written);
  return { kind: 'judged', run };
}

/** `merged 4 shards into merged.json: 12,000 requests in 60.2 s (199 req/s)`. */
function describeMerged(result: ResultsFileV1, path: string | undefined): string {
  const where = path === undefined ? '' : ` into ${path}`;
  return `merged ${result.merged?.shards ?? 0} shards${where}: ${formatCount(result.totals.requests)} requests in ${formatRunDuration(result.durationMs)} (${formatRate(result.throughput.rps)})`;
}

/**
 * The files the outputs will write may be neither a directory nor any file this merge reads
 * (a shard, the baseline): `loadgate merge shard-*.json --out shard-1.json` would replace a
 * shard with the merge of itself. Paths are compared resolved.
 */
async function checkOutputPaths(request: MergeRequest, deps: CompareDeps): Promise<InputIssue[]> {
  const inputs = [
    ...request.shardPaths.map((path) => ({ path, label: 'FILE' })),
    ...(request.baselinePath ? [{ path: request.baselinePath, label: '--baseline' }] : []),
  ];
  const read = await Promise.all(
    inputs.map(async (input) => ({ ...input, ...(await deps.files.inspectPath(input.path)) })),
  );
  const issues: InputIssue[] = [];
  for (const planned of plannedFilesOf(request.outputs)) {
    const found = await deps.files.inspectPath(planned.path);
    if (found.kind === 'directory') {
      issues.push({
        path: planned.label,
        message: `${planned.path} is a directory; expected a file path, e.g. ${planned.path.replace(/\/+$/, '')}/${planned.exampleName}`,
      });
      continue;
    }
    const same = read.find((input) => input.resolvedPath === found.resolvedPath);
    if (same) {
      issues.push({
        path: planned.label,
        message: `${planned.path} is also ${same.label === 'FILE' ? `the shard file ${same.path}` : `the ${same.label} file`}: writing it would overwrite what this merge reads; choose another file`,
      });
    }
  }
  return issues;
}

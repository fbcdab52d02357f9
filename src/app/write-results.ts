import { serializeResults, withoutTimelines } from '../core/result/serialize-results.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { FileStore, Output } from '../ports.js';

/** What a reduced results file leaves out, for the warning that says so. */
const LEFT_OUT =
  'without the per-second timelines (timeline and scenarios[].timeline; the figures and histograms are all there)';

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
      failures.push(describe(error));
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

function describe(error: unknown): string {
  return (
    (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error))
  );
}

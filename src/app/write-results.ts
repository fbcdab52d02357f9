import type { ResultsFileV1 } from '../core/result/types.js';
import type { FileStore, Output } from '../ports.js';

/**
 * Writes the results file; when the requested path cannot be written (read-only directory,
 * bad path), falls back to a file in the working directory so a measured run is never lost.
 * @returns the path written, or undefined when even the fallback failed (said on `output`).
 */
export async function writeResults(
  result: ResultsFileV1,
  path: string,
  files: FileStore,
  output: Output,
): Promise<string | undefined> {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  try {
    await files.writeText(path, text);
    return path;
  } catch (error) {
    const fallback = `loadgate-results-${result.startedAt.replace(/[:.]/g, '-')}.json`;
    output.warn(`could not write ${path} (${describe(error)}); writing ${fallback} instead`);
    try {
      await files.writeText(fallback, text);
      return fallback;
    } catch (second) {
      output.error(`could not write results to ${fallback} either (${describe(second)})`);
      return undefined;
    }
  }
}

function describe(error: unknown): string {
  return (
    (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error))
  );
}

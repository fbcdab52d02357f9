import type { InputIssue } from '../core/profile/types.js';
import type { FileStore } from '../ports.js';

/** A file named on the command line (or by an action input), with the name to report it by. */
export interface NamedPath {
  /** `--out`, `--baseline`, `input results-path`. */
  label: string;
  path: string;
  /** A file name for the "expected a file path" hint, e.g. `report.md`. */
  exampleName?: string;
}

/**
 * Checks, before any load is sent, that the files a command will write can be written without
 * harm: none is a directory (the results would end up elsewhere, or not at all), and none is
 * one of the files it reads (`--out X --baseline X` would silently replace the baseline with
 * the run it was meant to judge). Paths are compared resolved (`./a.json`, `a.json` and a
 * symbolic link to it are one file).
 */
export async function checkOutputPaths(
  outputs: readonly NamedPath[],
  inputs: readonly NamedPath[],
  files: FileStore,
): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  const read = await Promise.all(
    inputs.map(async (input) => ({ ...input, ...(await files.inspectPath(input.path)) })),
  );
  for (const output of outputs) {
    const found = await files.inspectPath(output.path);
    if (found.kind === 'directory') {
      issues.push({
        path: output.label,
        message: `${output.path} is a directory; expected a file path, e.g. ${output.path.replace(/\/+$/, '')}/${output.exampleName ?? 'loadgate-results.json'}`,
      });
      continue;
    }
    const same = read.find((input) => input.resolvedPath === found.resolvedPath);
    if (same) {
      issues.push({
        path: output.label,
        message: `${output.path} is also the ${same.label} file: writing it would overwrite what this run is compared with; choose another file`,
      });
    }
  }
  return issues;
}

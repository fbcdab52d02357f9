import type { InputIssue } from '../core/input/format-issues.js';
import { readResultsFile } from '../core/result/read-results-file.js';
import type { ResultsFileV1 } from '../core/result/types.js';
import type { FileStore } from '../ports.js';
import { describeReadError } from './describe-read-error.js';

export type ReadOutcome = { ok: true; result: ResultsFileV1 } | { ok: false; issues: InputIssue[] };

/**
 * Reads a results file from disk and validates it. A missing or unreadable file is an issue
 * naming the flag it came from, like a corrupt or wrong-version one.
 */
export async function readResultsFrom(
  path: string,
  label: string,
  files: FileStore,
): Promise<ReadOutcome> {
  let text: string;
  try {
    text = await files.readText(path);
  } catch (error) {
    const message = `cannot read ${path}: ${describeReadError(error)}`;
    return { ok: false, issues: [{ path: label, message }] };
  }
  return readResultsFile(text, `${label} ${path}`);
}

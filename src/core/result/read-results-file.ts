import { type InputIssue, messageOf } from '../input/format-issues.js';
import { checkResultsContent } from './check-results-content.js';
import { resultsFileV1Schema } from './results-schema.js';
import type { ResultsFileV1 } from './types.js';

export const SUPPORTED_SCHEMA_VERSION = 1;

export type ReadResults = { ok: true; result: ResultsFileV1 } | { ok: false; issues: InputIssue[] };

/**
 * Reads and validates a results file's text. Every way a file can be wrong (not JSON, not a
 * loadgate file, a newer schema, missing or mistyped fields, a histogram that does not decode,
 * figures that contradict each other, two scenarios of one name: see `checkResultsContent`)
 * comes back as issues under `label`, never as an exception, so a bad baseline gives a clear
 * message before any load is sent instead of a crash after it.
 * @param label how the file is named in messages, e.g. `--baseline baseline.json`.
 */
export function readResultsFile(text: string, label: string): ReadResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = messageOf(error);
    return fail(
      label,
      `is not valid JSON (${detail}); is it a loadgate results file, and was it written completely?`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(label, 'is not a loadgate results file (expected a JSON object)');
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) {
    return fail(label, 'is not a loadgate results file (it has no schemaVersion)');
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail(
      label,
      `has schemaVersion ${JSON.stringify(version)}; expected the number ${SUPPORTED_SCHEMA_VERSION}`,
    );
  }
  if (version > SUPPORTED_SCHEMA_VERSION) {
    return fail(
      label,
      `has schemaVersion ${version}, newer than this loadgate reads (${SUPPORTED_SCHEMA_VERSION}): upgrade loadgate`,
    );
  }
  if (version < SUPPORTED_SCHEMA_VERSION) {
    return fail(
      label,
      `has schemaVersion ${version}, which this loadgate no longer reads (expected ${SUPPORTED_SCHEMA_VERSION})`,
    );
  }
  const parsed = resultsFileV1Schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => ({
      path: `${label} ${issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')}`,
      message: issue.message,
    }));
    return { ok: false, issues };
  }
  const result = data as ResultsFileV1;
  const content = checkResultsContent(result);
  if (content.length > 0) {
    return {
      ok: false,
      issues: content.map((issue) => ({ path: `${label} ${issue.path}`, message: issue.message })),
    };
  }
  return { ok: true, result };
}

function fail(label: string, message: string): ReadResults {
  return { ok: false, issues: [{ path: label, message }] };
}

import { dirname, isAbsolute, join } from 'node:path';
import type { InputIssue } from '../core/input/format-issues.js';
import { checkDataReferences, parseDataTable } from '../core/profile/data-table.js';
import { chooseMaskedSecrets, type SecretSource } from '../core/profile/secret-masking.js';
import type { DataSource, Profile } from '../core/profile/types.js';
import type { FileStore } from '../ports.js';
import { describeReadError } from './describe-read-error.js';

/**
 * Secret columns of tables up to this many rows have their values masked in output. Masking
 * compares every printed line against every value, so a million passwords would slow every
 * line printed; and the engine never prints a rendered request anyway, only a failed setup
 * request's excerpt, which masks the values of the row it used.
 */
export const MAX_MASKED_DATA_ROWS = 10_000;

type Loaded = { ok: true; profile: Profile; warnings: string[] };

/**
 * Reads every `data:` file once, before any load, relative to the profile file, and parses it
 * (`DataSource.table`); then checks the profile's references against the columns found. A
 * missing, unreadable or malformed file is an issue at `data.<name>.file` naming the file and
 * the line (or JSON index). Every source is read even after one fails, so all problems are
 * reported at once. Secret columns' values join `secretValues` for tables of at most
 * `MAX_MASKED_DATA_ROWS` rows.
 */
export async function readDataFiles(
  loaded: Loaded,
  profilePath: string,
  files: FileStore,
): Promise<Loaded | { ok: false; issues: InputIssue[] }> {
  const sources = loaded.profile.data;
  if (sources === undefined || sources.length === 0) return loaded;
  const issues: InputIssue[] = [];
  const read: DataSource[] = [];
  // One file at a time: a second large file is read only once the first is indexed.
  for (const source of sources) {
    const path = isAbsolute(source.file) ? source.file : join(dirname(profilePath), source.file);
    const issuePath = `data.${source.name}.file`;
    let text: string;
    try {
      text = await files.readText(path);
    } catch (error) {
      issues.push({
        path: issuePath,
        message: `cannot read ${path}: ${describeReadError(error)}; expected a readable ${source.format} file (path relative to the profile)`,
      });
      continue;
    }
    const parsed = parseDataTable(text, source.format);
    if ('issues' in parsed) {
      for (const message of parsed.issues)
        issues.push({ path: issuePath, message: `${path}: ${message}` });
      continue;
    }
    const table = parsed.table;
    read.push({
      ...source,
      table,
      ...(source.allColumnsSecret ? { secretColumns: [...table.columns] } : {}),
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const profile = { ...loaded.profile, data: read };
  const referenceIssues = checkDataReferences(profile);
  if (referenceIssues.length > 0) return { ok: false, issues: referenceIssues };
  const masked = chooseMaskedSecrets(secretSources(read));
  if (masked.values.length === 0 && masked.warnings.length === 0) return { ...loaded, profile };
  return {
    ok: true,
    profile: {
      ...profile,
      secretValues: [...new Set([...profile.secretValues, ...masked.values])],
    },
    warnings: [...loaded.warnings, ...masked.warnings],
  };
}

/** Each distinct value of each secret column of the small tables. */
function secretSources(sources: readonly DataSource[]): SecretSource[] {
  const found: SecretSource[] = [];
  for (const source of sources) {
    const table = source.table;
    if (table === undefined || table.rowCount > MAX_MASKED_DATA_ROWS) continue;
    for (const name of source.secretColumns) {
      const column = table.columns.indexOf(name);
      if (column < 0) continue;
      const distinct = new Set<string>();
      for (let row = 0; row < table.rowCount; row++) {
        const value = table.value(row, column);
        if (value !== null) distinct.add(String(value));
      }
      for (const value of distinct)
        found.push({
          value,
          label: `a value of data.${source.name} column ${JSON.stringify(name)}`,
          path: `data.${source.name}.secret`,
        });
    }
  }
  return found;
}

/**
 * `${NAME}` substitution from the environment passed in (never `process.env`: core is pure).
 * Runs on the raw document, before and independently of validation, so a missing variable is
 * reported together with every other problem.
 */

import { childPath } from './issue-text.js';
import { isRecord } from './schema-fields.js';
import type { InputIssue } from './types.js';

/** Variables available to `${NAME}`; `undefined` means unset. */
export type Environment = Readonly<Record<string, string | undefined>>;

const REFERENCE_RE = /(\$?)\$\{([^}]*)(\}?)/g;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Outcome of one string: the text, what was substituted, and issue messages. */
export interface Interpolation {
  value: string;
  /** Values taken from the environment, in order of appearance. */
  substituted: string[];
  issues: string[];
}

/**
 * Replaces `${NAME}` with `env.NAME`. `$${NAME}` yields a literal `${NAME}`. An unset variable or
 * a malformed reference (`${1X}`, `${X`) leaves the text as written and adds an issue message.
 * An empty value is a value: only `undefined` counts as unset.
 */
export function interpolateText(template: string, env: Environment): Interpolation {
  const substituted: string[] = [];
  const issues: string[] = [];
  const value = template.replace(
    REFERENCE_RE,
    (whole: string, escapeSign: string, name: string, close: string) => {
      if (escapeSign !== '') return whole.slice(1);
      if (close === '' || !NAME_RE.test(name)) {
        issues.push(
          `expected \${NAME} with a name of letters, digits and _ (write $\${ for a literal \${), got ${JSON.stringify(whole)}`,
        );
        return whole;
      }
      const envValue = env[name];
      if (envValue === undefined) {
        issues.push(`environment variable ${name} is not set`);
        return whole;
      }
      substituted.push(envValue);
      return envValue;
    },
  );
  return { value, substituted, issues };
}

/** Outcome of a whole document; issues carry the path of the string they came from. */
export interface SubstitutedDocument {
  /** A copy of the input with every interpolated string replaced; other values shared. */
  document: unknown;
  issues: InputIssue[];
  /** Non-empty values substituted outside `baseUrl`, de-duplicated: to be masked in output. */
  secretValues: string[];
}

/**
 * Substitutes `${VAR}`s where profiles allow them: `baseUrl` (unless `skipBaseUrl`, when an
 * override replaces it), header values, scenario `path` and `body`, and strings inside `json`.
 * Tolerates any shape: wrong types are left for the schema to report.
 */
export function substituteProfileEnv(
  raw: unknown,
  env: Environment,
  options: { skipBaseUrl: boolean },
): SubstitutedDocument {
  const issues: InputIssue[] = [];
  const secrets = new Set<string>();

  const substitute = (value: unknown, path: string, secret: boolean): unknown => {
    if (typeof value === 'string') {
      const result = interpolateText(value, env);
      for (const message of result.issues) issues.push({ path, message });
      for (const found of result.substituted) if (secret && found !== '') secrets.add(found);
      return result.value;
    }
    if (Array.isArray(value))
      return value.map((item, index) => substitute(item, childPath(path, index), secret));
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          substitute(item, childPath(path, key), secret),
        ]),
      );
    }
    return value;
  };
  const substituteKeys = (section: unknown, path: string, keys: readonly string[]): unknown => {
    if (!isRecord(section)) return section;
    const copy = { ...section };
    for (const key of keys) {
      if (key in copy) copy[key] = substitute(copy[key], childPath(path, key), true);
    }
    return copy;
  };

  if (!isRecord(raw)) return { document: raw, issues, secretValues: [] };
  const document: Record<string, unknown> = { ...raw };
  if (!options.skipBaseUrl && typeof raw.baseUrl === 'string') {
    document.baseUrl = substitute(raw.baseUrl, 'baseUrl', false);
  }
  if (isRecord(raw.headers)) document.headers = substitute(raw.headers, 'headers', true);
  if (Array.isArray(raw.scenarios)) {
    document.scenarios = raw.scenarios.map((scenario, index) =>
      substituteKeys(scenario, childPath('scenarios', index), ['path', 'body', 'headers', 'json']),
    );
  }
  return { document, issues, secretValues: [...secrets] };
}

/**
 * `${NAME}` substitution from the environment passed in (never `process.env`: core is pure).
 * Runs on the raw document, before and independently of validation, so a missing variable is
 * reported together with every other problem.
 */

import type { InputIssue } from '../input/format-issues.js';
import { childPath } from '../input/issue-text.js';
import { isRecord } from '../input/schema-fields.js';
import type { SecretSource } from './secret-masking.js';
import { isValueReferenceName } from './value-template.js';

/** Variables available to `${NAME}`; `undefined` means unset. */
export type Environment = Readonly<Record<string, string | undefined>>;

const REFERENCE_RE = /(\$?)\$\{([^}]*)(\}?)/g;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where one `${NAME}` landed in a substituted string: `value.slice(start, end)` came from it. */
export interface Reference {
  name: string;
  /** UTF-16 offsets in the substituted text; `start === end` for an empty value. */
  start: number;
  end: number;
}

/** Outcome of one string: the text, what was substituted where, and issue messages. */
export interface Interpolation {
  value: string;
  /** Variables substituted, in order of appearance, with where their values are in `value`. */
  references: Reference[];
  issues: string[];
}

/** `resolve: false` checks the form of every reference but substitutes none and needs no variable. */
export interface InterpolationOptions {
  resolve: boolean;
}

/**
 * Replaces `${NAME}` with `env.NAME`. `$${NAME}` yields a literal `${NAME}`. An unset variable or
 * a malformed reference (`${1X}`, `${X`) leaves the text as written and adds an issue message.
 * An empty value is a value: only `undefined` counts as unset. With `resolve: false` every
 * well-formed reference stays as written and nothing is required (judging needs no secrets).
 * Per-request references (`${seq}`, `${random.int(1, 9)}`, `${data.products.id}`, anything
 * `isValueReferenceName` accepts) are never environment variables: they, their escapes
 * (`$${seq}`) and their malformed forms stay exactly as written, with no issue, for
 * value-template.ts to parse and report. A reference ends at the first `}`, so a
 * `random.pick` choice cannot hold one.
 */
export function interpolateText(
  template: string,
  env: Environment,
  options: InterpolationOptions = { resolve: true },
): Interpolation {
  const references: Reference[] = [];
  const issues: string[] = [];
  let value = '';
  let consumed = 0;
  for (const match of template.matchAll(REFERENCE_RE)) {
    const [whole, escapeSign = '', name = '', close = ''] = match;
    value += template.slice(consumed, match.index);
    consumed = match.index + whole.length;
    if (isValueReferenceName(name)) {
      // Filled per request; the escape is left too, since the template parser reads `$${` as well
      // and would otherwise turn the literal `${seq}` back into a reference.
      value += whole;
      continue;
    }
    if (escapeSign !== '') {
      value += whole.slice(1);
      continue;
    }
    if (close === '' || !NAME_RE.test(name)) {
      issues.push(
        `expected \${NAME} with a name of letters, digits and _ (write $\${ for a literal \${), got ${JSON.stringify(whole)}`,
      );
      value += whole;
      continue;
    }
    const envValue = options.resolve ? env[name] : undefined;
    if (envValue === undefined) {
      if (options.resolve) issues.push(`environment variable ${name} is not set`);
      value += whole;
      continue;
    }
    references.push({ name, start: value.length, end: value.length + envValue.length });
    value += envValue;
  }
  value += template.slice(consumed);
  return { value, references, issues };
}

/** The first per-request reference (`${seq}`, not `$${seq}`) in `text`, as written. */
function findValueReference(text: string): string | undefined {
  for (const [whole, escapeSign, name = ''] of text.matchAll(REFERENCE_RE)) {
    if (escapeSign === '' && isValueReferenceName(name)) return whole;
  }
  return undefined;
}

/** Outcome of a whole document; issues carry the path of the string they came from. */
export interface SubstitutedDocument {
  /** A copy of the input with every interpolated string replaced; other values shared. */
  document: unknown;
  issues: InputIssue[];
  /** Values substituted outside `baseUrl`, each with its variable and first use: to be masked. */
  secrets: SecretSource[];
  /** Where substituted values sit in each string, by the string's issue path
   * (`scenarios[1].headers.x-token`), so checks can name the variable behind a bad character. */
  references: ReadonlyMap<string, readonly Reference[]>;
}

/** What to substitute: `skipBaseUrl` when an override replaces it; `resolve: false` to read only. */
export interface SubstituteOptions {
  skipBaseUrl: boolean;
  resolve?: boolean;
}

/** Fields of a request (scenario, journey step, setup request) where `${…}` works. */
const REQUEST_KEYS = ['path', 'body', 'headers', 'json'] as const;

/**
 * Substitutes `${VAR}`s where profiles allow them: `baseUrl` (unless `skipBaseUrl`, when an
 * override replaces it), profile header values, and the `path`, `body`, header values and strings
 * inside `json` of scenarios, journey steps (`scenarios[i].steps[j]`) and setup requests
 * (`setup.requests[k]`). A per-request reference in `baseUrl` is an issue: the origin is fixed
 * for the run. Tolerates any shape: wrong types are left for the schema to report.
 */
export function substituteProfileEnv(
  raw: unknown,
  env: Environment,
  options: SubstituteOptions,
): SubstitutedDocument {
  const interpolation = { resolve: options.resolve ?? true };
  const issues: InputIssue[] = [];
  const secrets: SecretSource[] = [];
  const references = new Map<string, Reference[]>();

  const substitute = (value: unknown, path: string, secret: boolean): unknown => {
    if (typeof value === 'string') {
      const result = interpolateText(value, env, interpolation);
      for (const message of result.issues) issues.push({ path, message });
      if (result.references.length > 0) references.set(path, result.references);
      if (secret) {
        for (const reference of result.references) {
          const found = result.value.slice(reference.start, reference.end);
          secrets.push({ value: found, label: `\${${reference.name}}`, path });
        }
      }
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

  const substituteRequests = (requests: unknown, path: string): unknown =>
    Array.isArray(requests)
      ? requests.map((request, index) =>
          substituteKeys(request, childPath(path, index), REQUEST_KEYS),
        )
      : requests;

  if (!isRecord(raw)) return { document: raw, issues, secrets, references };
  const document: Record<string, unknown> = { ...raw };
  if (!options.skipBaseUrl && typeof raw.baseUrl === 'string') {
    const valueReference = findValueReference(raw.baseUrl);
    if (valueReference !== undefined) {
      issues.push({
        path: 'baseUrl',
        message: `expected no per-request value in baseUrl (it is fixed for the run; use one in a path), got ${JSON.stringify(valueReference)}`,
      });
    }
    document.baseUrl = substitute(raw.baseUrl, 'baseUrl', false);
  }
  if (isRecord(raw.headers)) document.headers = substitute(raw.headers, 'headers', true);
  if (Array.isArray(raw.scenarios)) {
    document.scenarios = raw.scenarios.map((scenario, index) => {
      const scenarioPath = childPath('scenarios', index);
      const copy = substituteKeys(scenario, scenarioPath, REQUEST_KEYS);
      if (isRecord(copy) && copy.steps !== undefined) {
        copy.steps = substituteRequests(copy.steps, childPath(scenarioPath, 'steps'));
      }
      return copy;
    });
  }
  if (isRecord(raw.setup) && raw.setup.requests !== undefined) {
    document.setup = {
      ...raw.setup,
      requests: substituteRequests(raw.setup.requests, childPath('setup', 'requests')),
    };
  }
  return { document, issues, secrets, references };
}

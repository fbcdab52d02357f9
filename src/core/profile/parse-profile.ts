/**
 * Entry points: profile text or data → validated, normalized `Profile`. Every problem is
 * collected before answering (schema, environment, overrides, rules), so one run shows them all.
 */
import type { InputIssue } from '../input/format-issues.js';
import { type ProfileFormat, readProfileDocument } from '../input/read-document.js';
import { isRecord } from '../input/schema-fields.js';
import { readValidatedMs } from '../input/value-checks.js';
import { describeFallbackIssue, toInputIssues } from '../input/zod-issues.js';
import { type ParseRulesResult, parseRules } from '../rules/parse-rules.js';
import type { Rules } from '../rules/types.js';
import { buildLoadSettings } from './build-load.js';
import {
  buildRequests,
  checkRowNames,
  listWrittenRows,
  type PlacedRequest,
} from './build-scenarios.js';
import { type CompiledTemplates, compileProfileTemplates } from './compile-templates.js';
import { buildConnectionSettings } from './connection-settings.js';
import { buildDataSources } from './data-schema.js';
import { type Environment, substituteProfileEnv } from './env-interpolation.js';
import {
  DEFAULT_OVERRIDE_LABELS,
  describeLoadModel,
  type ParsedOverrides,
  type ProfileOverrides,
  parseOverrides,
} from './overrides.js';
import { readQuickTargetSecrets, reviewQuickProfileIssues } from './quick-profile.js';
import { checkSubstitutedRequestText } from './request-text-checks.js';
import { type RawProfile, rawProfileSchema } from './schema.js';
import { chooseMaskedSecrets, type SecretSource } from './secret-masking.js';
import type { Profile } from './types.js';
import { checkBaseUrl, takeUrlCredentials, type UrlCredentials } from './url-secrets.js';

/** Override values as typed (`--rate 100/s`); empty strings count as not given. */
export type { ProfileOverrides } from './overrides.js';

/** Where `${VAR}`s come from, which overrides apply, and how to name them in issues. */
export interface ParseOptions {
  /** `auto` (default) reads YAML, which also covers JSON. */
  format?: ProfileFormat;
  /** Source of `${VAR}`s; pass the process environment from the shell. */
  env: Environment;
  overrides?: ProfileOverrides;
  /** How overrides are named in issues; defaults `--target`, `--rate`, … */
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
  /** Used when the profile has no `load` section: the heartbeat sends one probe per interval
   * and never reads it, so its profiles need not write one. */
  defaultLoad?: Readonly<Record<string, unknown>>;
}

/** A profile with warnings, or every problem found (never both). */
export type ParseResult =
  | { ok: true; profile: Profile; warnings: string[] }
  | { ok: false; issues: InputIssue[] };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_SEED = 1;

/** Parses YAML or JSON profile text; syntax errors come back as one `(file)` issue with line and column. */
export function parseProfile(text: string, options: ParseOptions): ParseResult {
  const document = readProfileDocument(text, options.format ?? 'auto');
  if (!document.ok) return document;
  const result = normalizeProfile(document.value, options);
  return result.ok ? { ...result, warnings: [...document.warnings, ...result.warnings] } : result;
}

/** Everything `assembleProfile` combines, once the document passed every check. */
interface AssemblyInput {
  raw: unknown;
  written: RawProfile;
  resolved: RawProfile;
  overrides: ParsedOverrides;
  secrets: readonly SecretSource[];
  labels: Record<keyof ProfileOverrides, string>;
  rules: Rules;
  /** Per-request values of every request, compiled and checked. */
  templates: CompiledTemplates;
  /** False when reading rules only: `${VAR}`s are still as written. */
  resolve: boolean;
}

/**
 * Sends URL credentials as Basic auth where no `authorization` header is set, and says where a
 * profile's own header wins over them.
 */
function applyUrlCredentials(
  requests: readonly PlacedRequest[],
  credentials: UrlCredentials,
  source: string,
  written: RawProfile,
): string[] {
  const overridden: string[] = [];
  for (const { scenario, path } of requests) {
    if (scenario.headers.authorization === undefined) {
      scenario.headers.authorization = credentials.authorization;
    } else overridden.push(path);
  }
  if (overridden.length === 0) return [];
  const profileWide = Object.keys(written.headers ?? {}).some(
    (name) => name.toLowerCase() === 'authorization',
  );
  if (profileWide && overridden.length === requests.length) {
    return [
      `${source}: the credentials in the URL are not sent: headers.authorization is set and wins`,
    ];
  }
  return [
    `${source}: the credentials in the URL are not sent with ${overridden.join(', ')}: an authorization header set in the profile wins`,
  ];
}

function assembleProfile(input: AssemblyInput): ParseResult {
  const { written, resolved, overrides, labels, resolve } = input;
  const issues: InputIssue[] = [];
  let baseUrl = overrides.baseUrl;
  const quick = readQuickTargetSecrets(input.raw, labels);
  // Where the URL came from, for warnings: a quick profile's baseUrl is the --target flag.
  const baseUrlSource = baseUrl === undefined && quick === undefined ? 'baseUrl' : labels.target;
  if (baseUrl === undefined) {
    // Read only for the rules: a `${VAR}` URL cannot be checked and is never sent.
    const checked =
      !resolve && resolved.baseUrl.includes(`\${`)
        ? { ok: true as const, value: resolved.baseUrl }
        : checkBaseUrl(resolved.baseUrl);
    if (checked.ok) baseUrl = checked.value;
    else issues.push({ path: 'baseUrl', message: checked.message });
  }
  const defaultTimeoutMs =
    resolved.timeout === undefined ? DEFAULT_TIMEOUT_MS : readValidatedMs(resolved.timeout);
  const load = buildLoadSettings(resolved.load, defaultTimeoutMs, overrides, labels);
  issues.push(...load.issues);
  const connection = baseUrl === undefined ? undefined : buildConnectionSettings(resolved, baseUrl);
  issues.push(...(connection?.issues ?? []));
  if (baseUrl === undefined || connection === undefined || issues.length > 0)
    return { ok: false, issues };
  const built = buildRequests(written, resolved, input.templates, defaultTimeoutMs);
  const { scenarios } = built;
  const secrets = [...input.secrets];
  const warnings = [...load.warnings, ...connection.warnings];
  const [firstScenario] = scenarios;
  if (quick !== undefined && firstScenario !== undefined) {
    firstScenario.pathTemplate = quick.pathTemplate;
    secrets.push(...quick.secrets);
  }
  if (resolve) {
    const taken = takeUrlCredentials(baseUrl, baseUrlSource);
    baseUrl = taken.url;
    if (taken.credentials !== undefined) {
      secrets.push(...taken.credentials.secrets);
      warnings.push(
        ...applyUrlCredentials(built.placed, taken.credentials, baseUrlSource, written),
      );
    }
  }
  const masked = chooseMaskedSecrets(secrets);
  const profile: Profile = {
    name: resolved.name.trim(),
    baseUrl,
    ...connection.settings,
    scenarios,
    ...(built.journeys.length === 0 ? {} : { journeys: built.journeys }),
    ...(written.data === undefined ? {} : { data: buildDataSources(written.data) }),
    ...(built.setup === undefined ? {} : { setup: built.setup }),
    load: load.settings,
    seed: resolved.seed ?? DEFAULT_SEED,
    secretValues: masked.values,
    rules: input.rules,
    ...(written.layer === undefined ? {} : { layer: written.layer }),
    ...(written.interval === undefined ? {} : { interval: written.interval }),
    ...metricLabelsOf(written, overrides),
    ...(overrides.shard === undefined ? {} : { shard: overrides.shard }),
  };
  return { ok: true, profile, warnings: [...warnings, ...masked.warnings] };
}

/** The metrics' `environment` and `client`: the override (flag, input) wins over the profile. */
function metricLabelsOf(
  written: RawProfile,
  overrides: ParsedOverrides,
): Pick<Profile, 'environment' | 'client'> {
  const environment = overrides.environment ?? written.environment;
  const client = overrides.client ?? written.client;
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(client === undefined ? {} : { client }),
  };
}

/**
 * Reads `thresholds` and `regressions` from the document as written, so their problems are
 * reported with the schema's even when other parts are broken (the schema leaves both sections
 * to the compare module; `${VAR}`s are not substituted in them). Scenario names come from
 * whatever scenarios are readable: rules may name any row (`shopper/list` for a journey's step,
 * `setup/login` with `setup.measure`).
 */
function readRules(raw: unknown): ParseRulesResult {
  const document = isRecord(raw) ? raw : {};
  const names = listWrittenRows(raw).map((row) => row.name);
  return parseRules({ thresholds: document.thresholds, regressions: document.regressions }, names);
}

/**
 * Validates already-parsed profile data (e.g. from `buildQuickProfileInput`) and normalizes it:
 * defaults filled, units converted, `${VAR}`s substituted from `options.env`, overrides applied.
 * Header values, paths and baseUrl are checked after substitution by undici's rules, naming the
 * variable a bad character came from (never its value). Credentials in the base URL become a
 * Basic `authorization` header. Secrets shorter than `MIN_MASKED_SECRET_LENGTH` are not masked
 * and get a warning naming them.
 * Never throws for bad input: issues carry a path (`load.stages[2].duration`, or an override
 * label such as `--rate`) and say what was expected and what was found.
 */
export function normalizeProfile(raw: unknown, options: ParseOptions): ParseResult {
  return normalizeDocument(raw, options, true);
}

function normalizeDocument(
  document: unknown,
  options: ParseOptions,
  resolve: boolean,
): ParseResult {
  const raw =
    options.defaultLoad !== undefined && isRecord(document) && document.load === undefined
      ? { ...document, load: options.defaultLoad }
      : document;
  const labels = { ...DEFAULT_OVERRIDE_LABELS, ...options.overrideLabels };
  const loadModel = describeLoadModel(raw);
  const overrides = parseOverrides(options.overrides ?? {}, labels, loadModel);
  const parsed = rawProfileSchema.safeParse(raw, { error: describeFallbackIssue });
  const rules = readRules(raw);
  const substituted = substituteProfileEnv(raw, options.env, {
    skipBaseUrl: overrides.values.baseUrl !== undefined,
    resolve,
  });
  const templates = compileProfileTemplates(substituted.document, loadModel);
  const issues = reviewQuickProfileIssues(
    raw,
    [
      ...(parsed.success ? [] : toInputIssues(parsed.error.issues)),
      ...substituted.issues,
      ...checkSubstitutedRequestText(substituted.document, substituted.references),
      ...templates.issues,
      ...checkRowNames(raw),
      ...overrides.issues,
      ...(rules.ok ? [] : rules.issues),
    ],
    labels,
  );
  if (!parsed.success || !rules.ok || issues.length > 0) return { ok: false, issues };
  // Substitution only replaced strings with strings where the schema expects strings, so the
  // copy has the shape the schema just accepted.
  const resolved = substituted.document as RawProfile;
  const result = assembleProfile({
    raw,
    written: parsed.data,
    resolved,
    overrides: overrides.values,
    secrets: substituted.secrets,
    labels,
    rules: rules.rules,
    templates,
    resolve,
  });
  return result.ok
    ? { ...result, warnings: [...result.warnings, ...rules.warnings] }
    : { ok: false, issues: reviewQuickProfileIssues(raw, result.issues, labels) };
}

/** A profile's rules with warnings, or every problem of the profile (never both). */
export type RulesResult =
  | {
      ok: true;
      rules: Rules;
      warnings: string[];
      /** The profile as written: `${VAR}`s left as they are, so only for its name, labels and
       * rules (the action's merge mode judges and files a merged run by them), never to send. */
      profile: Profile;
    }
  | { ok: false; issues: InputIssue[] };

/**
 * Reads a profile for its rules only (`compare --profile`, the action's report mode): checked
 * like `parseProfile`, but judging sends nothing, so no `${VAR}` is substituted or needs to be
 * set. Malformed references and every other problem of the profile are still reported.
 */
export function readProfileRules(text: string, format: ProfileFormat = 'auto'): RulesResult {
  const document = readProfileDocument(text, format);
  if (!document.ok) return document;
  const result = normalizeDocument(document.value, { env: {} }, false);
  return result.ok
    ? {
        ok: true,
        rules: result.profile.rules,
        warnings: [...document.warnings, ...result.warnings],
        profile: result.profile,
      }
    : result;
}

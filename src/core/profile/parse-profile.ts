/**
 * Entry points: profile text or data → validated, normalized `Profile`. Every problem is
 * collected before answering (schema, environment, overrides, rules), so one run shows them all.
 */
import { type ParseRulesResult, parseRules } from '../compare/parse-rules.js';
import type { Rules } from '../compare/types.js';
import { buildLoadSettings } from './build-load.js';
import { buildScenarios } from './build-scenarios.js';
import { type Environment, substituteProfileEnv } from './env-interpolation.js';
import {
  DEFAULT_OVERRIDE_LABELS,
  describeLoadModel,
  type ParsedOverrides,
  type ProfileOverrides,
  parseOverrides,
} from './overrides.js';
import { reviewQuickProfileIssues } from './quick-profile.js';
import { type ProfileFormat, readProfileDocument } from './read-document.js';
import { type RawProfile, rawProfileSchema } from './schema.js';
import { isRecord } from './schema-fields.js';
import type { InputIssue, Profile } from './types.js';
import { checkBaseUrl, readValidatedMs } from './value-checks.js';
import { describeFallbackIssue, toInputIssues } from './zod-issues.js';

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

function assembleProfile(
  written: RawProfile,
  resolved: RawProfile,
  overrides: ParsedOverrides,
  secretValues: string[],
  labels: Record<keyof ProfileOverrides, string>,
  rules: Rules,
): ParseResult {
  const issues: InputIssue[] = [];
  let baseUrl = overrides.baseUrl;
  if (baseUrl === undefined) {
    const checked = checkBaseUrl(resolved.baseUrl);
    if (checked.ok) baseUrl = checked.value;
    else issues.push({ path: 'baseUrl', message: checked.message });
  }
  const defaultTimeoutMs =
    resolved.timeout === undefined ? DEFAULT_TIMEOUT_MS : readValidatedMs(resolved.timeout);
  const load = buildLoadSettings(resolved.load, defaultTimeoutMs, overrides, labels);
  issues.push(...load.issues);
  if (baseUrl === undefined || issues.length > 0) return { ok: false, issues };
  const profile: Profile = {
    name: resolved.name.trim(),
    baseUrl,
    scenarios: buildScenarios(written, resolved, defaultTimeoutMs),
    load: load.settings,
    seed: resolved.seed ?? DEFAULT_SEED,
    secretValues,
    rules,
  };
  return { ok: true, profile, warnings: load.warnings };
}

/**
 * Reads `thresholds` and `regressions` from the document as written, so their problems are
 * reported with the schema's even when other parts are broken (the schema leaves both sections
 * to the compare module; `${VAR}`s are not substituted in them). Scenario names come from
 * whatever scenarios are readable.
 */
function readRules(raw: unknown): ParseRulesResult {
  const document = isRecord(raw) ? raw : {};
  const scenarios: unknown[] = Array.isArray(document.scenarios) ? document.scenarios : [];
  const names = scenarios.flatMap((scenario) =>
    isRecord(scenario) && typeof scenario.name === 'string' ? [scenario.name] : [],
  );
  return parseRules({ thresholds: document.thresholds, regressions: document.regressions }, names);
}

/**
 * Validates already-parsed profile data (e.g. from `buildQuickProfileInput`) and normalizes it:
 * defaults filled, units converted, `${VAR}`s substituted from `options.env`, overrides applied.
 * Never throws for bad input: issues carry a path (`load.stages[2].duration`, or an override
 * label such as `--rate`) and say what was expected and what was found.
 */
export function normalizeProfile(raw: unknown, options: ParseOptions): ParseResult {
  const labels = { ...DEFAULT_OVERRIDE_LABELS, ...options.overrideLabels };
  const overrides = parseOverrides(options.overrides ?? {}, labels, describeLoadModel(raw));
  const parsed = rawProfileSchema.safeParse(raw, { error: describeFallbackIssue });
  const rules = readRules(raw);
  const substituted = substituteProfileEnv(raw, options.env, {
    skipBaseUrl: overrides.values.baseUrl !== undefined,
  });
  const issues = reviewQuickProfileIssues(
    raw,
    [
      ...(parsed.success ? [] : toInputIssues(parsed.error.issues)),
      ...substituted.issues,
      ...overrides.issues,
      ...(rules.ok ? [] : rules.issues),
    ],
    labels,
  );
  if (!parsed.success || !rules.ok || issues.length > 0) return { ok: false, issues };
  // Substitution only replaced strings with strings where the schema expects strings, so the
  // copy has the shape the schema just accepted.
  const resolved = substituted.document as RawProfile;
  const result = assembleProfile(
    parsed.data,
    resolved,
    overrides.values,
    substituted.secretValues,
    labels,
    rules.rules,
  );
  return result.ok
    ? { ...result, warnings: [...result.warnings, ...rules.warnings] }
    : { ok: false, issues: reviewQuickProfileIssues(raw, result.issues, labels) };
}

import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import type { InputIssue } from '../core/input/format-issues.js';
import type { ProfileFormat } from '../core/input/read-document.js';
import { checkCaPem } from '../core/profile/connection-settings.js';
import {
  normalizeProfile,
  type ProfileOverrides,
  parseProfile,
  type RulesResult,
  readProfileRules,
} from '../core/profile/parse-profile.js';
import { buildQuickProfileInput } from '../core/profile/quick-profile.js';
import {
  type ScenarioSelection,
  type SelectionLabels,
  selectScenarios,
} from '../core/profile/select-scenarios.js';
import type { Profile } from '../core/profile/types.js';
import type { FileStore } from '../ports.js';
import { describeReadError } from './describe-read-error.js';
import { readDataFiles } from './read-data-files.js';

export interface ProfileRequest {
  /** Path of a YAML or JSON profile; without it, `overrides.target` with a rate or VUs. */
  profilePath?: string;
  overrides: ProfileOverrides;
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
  /** Run only these categories and scenarios (`--category`, `--scenario`); checked against the
   * parsed profile, so an unknown name is an issue listing the known ones. */
  selection?: ScenarioSelection;
  /** How the selection is named in issues; default `--category`, `--scenario`. */
  selectionLabels?: SelectionLabels;
  /** Stands in for a profile without `load` (the heartbeat, which never reads it). */
  defaultLoad?: Readonly<Record<string, unknown>>;
}

export type LoadedProfile =
  | {
      ok: true;
      profile: Profile;
      warnings: string[];
      /** `hashProfileLoad` of what was read: shards of one run must share it. */
      hash?: string;
    }
  | { ok: false; issues: InputIssue[] };

/**
 * Reads, parses and validates the profile (or builds the quick one-URL profile), applying
 * overrides, then keeps the selected scenarios. Every problem comes back as an issue with its
 * path; nothing throws for bad input.
 */
export async function loadProfile(
  request: ProfileRequest,
  files: FileStore,
  env: Record<string, string | undefined>,
): Promise<LoadedProfile> {
  const loaded = await loadWholeProfile(request, files, env);
  if (!loaded.ok || request.selection === undefined) return loaded;
  const selected = selectScenarios(loaded.profile, request.selection, request.selectionLabels);
  return selected.ok ? { ...loaded, profile: selected.profile } : selected;
}

/**
 * The profile's content hash, as results files record it (`profile.hash`): sha256 (hex) of the
 * profile file's text and of the flags that change what load it describes (target, rate,
 * duration, VUs, connections, and the `--category`/`--scenario` selection), so `loadgate merge`
 * can tell the shards of one run from a mixed set. The shard itself is left out: every shard of
 * a run shares the hash. Flags count as written (`--rate 100` and `--rate 100/s` differ).
 * @param profileText undefined for the one-URL profile built from flags alone.
 */
export function hashProfileLoad(
  profileText: string | undefined,
  overrides: ProfileOverrides,
  selection?: ScenarioSelection,
): string {
  const { target, rate, duration, vus, connections } = overrides;
  const flags = {
    target: target?.trim() || undefined,
    rate: rate?.trim() || undefined,
    duration: duration?.trim() || undefined,
    vus: vus?.trim() || undefined,
    connections: connections?.trim() || undefined,
    ...(selection ? { categories: selection.categories, scenarios: selection.scenarios } : {}),
  };
  return createHash('sha256')
    .update(profileText ?? '')
    .update('\0')
    .update(JSON.stringify(flags))
    .digest('hex');
}

async function loadWholeProfile(
  request: ProfileRequest,
  files: FileStore,
  env: Record<string, string | undefined>,
): Promise<LoadedProfile> {
  const options = {
    env,
    overrides: request.overrides,
    overrideLabels: request.overrideLabels,
    ...(request.defaultLoad ? { defaultLoad: request.defaultLoad } : {}),
  };
  if (!request.profilePath) {
    if (!request.overrides.target) {
      return {
        ok: false,
        issues: [
          {
            path: 'profile',
            message: 'give a profile file, or --target URL with --rate N (and --duration D)',
          },
        ],
      };
    }
    const { target, rate, duration, vus } = request.overrides;
    const raw = buildQuickProfileInput({ target, rate, duration, vus });
    const quick = normalizeProfile(raw, {
      ...options,
      overrides: {
        connections: request.overrides.connections,
        environment: request.overrides.environment,
        client: request.overrides.client,
        shard: request.overrides.shard,
      },
    });
    return quick.ok
      ? { ...quick, hash: hashProfileLoad(undefined, request.overrides, request.selection) }
      : quick;
  }
  const read = await readProfileText(request.profilePath, files);
  if (!read.ok) return read;
  const parsed = parseProfile(read.text, { ...options, format: formatOf(request.profilePath) });
  if (!parsed.ok) return parsed;
  const withCa = await readCaFile(parsed, request.profilePath, files);
  const withData = withCa.ok ? await readDataFiles(withCa, request.profilePath, files) : withCa;
  return withData.ok
    ? { ...withData, hash: hashProfileLoad(read.text, request.overrides, request.selection) }
    : withData;
}

/**
 * Reads `tls.ca` once, before any load, relative to the profile file; a missing, unreadable or
 * non-PEM file is an issue at `tls.ca`.
 */
async function readCaFile(
  loaded: Extract<LoadedProfile, { ok: true }>,
  profilePath: string,
  files: FileStore,
): Promise<LoadedProfile> {
  const tls = loaded.profile.tls;
  if (tls?.caPath === undefined) return loaded;
  const path = isAbsolute(tls.caPath) ? tls.caPath : join(dirname(profilePath), tls.caPath);
  let text: string;
  try {
    text = await files.readText(path);
  } catch (error) {
    const message = `cannot read ${path}: ${describeReadError(error)}; expected a readable PEM file (path relative to the profile)`;
    return { ok: false, issues: [{ path: 'tls.ca', message }] };
  }
  const checked = checkCaPem(text);
  if (!checked.ok)
    return { ok: false, issues: [{ path: 'tls.ca', message: `${path}: ${checked.message}` }] };
  return { ...loaded, profile: { ...loaded.profile, tls: { ...tls, ca: checked.value } } };
}

function formatOf(profilePath: string): ProfileFormat {
  return /\.json$/i.test(profilePath) ? 'json' : /\.ya?ml$/i.test(profilePath) ? 'yaml' : 'auto';
}

async function readProfileText(
  profilePath: string,
  files: FileStore,
): Promise<{ ok: true; text: string } | { ok: false; issues: InputIssue[] }> {
  try {
    return { ok: true, text: await files.readText(profilePath) };
  } catch (error) {
    const message = `cannot read ${profilePath}: ${describeReadError(error)}`;
    return { ok: false, issues: [{ path: 'profile', message }] };
  }
}

/**
 * Reads a profile for its rules only (`compare --profile`, the action's report mode): nothing
 * is sent, so `${VAR}`s are neither substituted nor required; every other problem of the
 * profile is still an issue.
 */
export async function loadProfileRules(
  profilePath: string,
  files: FileStore,
): Promise<RulesResult> {
  const read = await readProfileText(profilePath, files);
  if (!read.ok) return read;
  return readProfileRules(read.text, formatOf(profilePath));
}

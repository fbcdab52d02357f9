import {
  normalizeProfile,
  type ProfileOverrides,
  parseProfile,
} from '../core/profile/parse-profile.js';
import { buildQuickProfileInput } from '../core/profile/quick-profile.js';
import type { InputIssue, Profile } from '../core/profile/types.js';
import type { FileStore } from '../ports.js';

export interface ProfileRequest {
  /** Path of a YAML or JSON profile; without it, `overrides.target` with a rate or VUs. */
  profilePath?: string;
  overrides: ProfileOverrides;
  overrideLabels?: Partial<Record<keyof ProfileOverrides, string>>;
}

export type LoadedProfile =
  | { ok: true; profile: Profile; warnings: string[] }
  | { ok: false; issues: InputIssue[] };

/**
 * Reads, parses and validates the profile (or builds the quick one-URL profile), applying
 * overrides. Every problem comes back as an issue with its path; nothing throws for bad input.
 */
export async function loadProfile(
  request: ProfileRequest,
  files: FileStore,
  env: Record<string, string | undefined>,
): Promise<LoadedProfile> {
  const options = { env, overrides: request.overrides, overrideLabels: request.overrideLabels };
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
    return normalizeProfile(raw, {
      ...options,
      overrides: { connections: request.overrides.connections },
    });
  }
  let text: string;
  try {
    text = await files.readText(request.profilePath);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (code ?? String(error));
    return {
      ok: false,
      issues: [{ path: 'profile', message: `cannot read ${request.profilePath}: ${reason}` }],
    };
  }
  const format = /\.json$/i.test(request.profilePath)
    ? 'json'
    : /\.ya?ml$/i.test(request.profilePath)
      ? 'yaml'
      : 'auto';
  return parseProfile(text, { ...options, format });
}

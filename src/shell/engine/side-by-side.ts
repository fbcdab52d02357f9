import type { Profile } from '../../core/profile/types.js';
import { halveBudget } from '../../core/schedule/side-by-side.js';
import { describeConnectError } from './describe-connect-error.js';
import { type EngineTransport, openTransport, type TransportOptions } from './engine-transport.js';
import { buildRequestTemplates, type RequestTemplate, splitBaseUrl } from './request-templates.js';

/**
 * The connections of a side-by-side run (`--baseline-target`): one transport per side, each
 * with half of `load.connections` (`halveBudget`), both opened before the clock. The target's
 * transport is the run's usual one; the baseline target gets its own pool of the same kind
 * (the profile's protocol and TLS settings apply to both), so neither side waits for a
 * connection the other holds.
 */
export interface BaselineSide {
  transport: EngineTransport;
  /** The profile's requests, addressed to the baseline target (its origin and base path). */
  templates: RequestTemplate[];
  origin: URL;
}

/** The baseline target's profile: the same requests, its own base URL. */
export function profileForBaseline(profile: Profile, baselineTarget: string): Profile {
  return { ...profile, baseUrl: baselineTarget };
}

/** Opens the baseline side's transport (not its connections: see `openBaselineConnections`). */
export function createBaselineSide(
  profile: Profile,
  baselineTarget: string,
  options: TransportOptions,
): BaselineSide {
  const baselineProfile = profileForBaseline(profile, baselineTarget);
  const { origin } = splitBaseUrl(baselineTarget);
  return {
    transport: openTransport(baselineProfile, origin, options),
    templates: buildRequestTemplates(baselineProfile),
    origin,
  };
}

/** Each side's share of the connections and of `maxInFlight`. */
export function splitSideBudgets(load: Profile['load']): {
  connections: number;
  maxInFlight: number;
} {
  return { connections: halveBudget(load.connections), maxInFlight: halveBudget(load.maxInFlight) };
}

/**
 * Opens the baseline side's connections; a message for the run's `unreachable` outcome when
 * none opened, naming the baseline target (it is not the target the user looks at first).
 */
export async function openBaselineConnections(
  side: BaselineSide,
  count: number,
  hasCustomCa: boolean,
): Promise<string | undefined> {
  const opened = await side.transport.open(count);
  if (opened.opened > 0) return undefined;
  return `baseline target (--baseline-target): ${describeConnectError(side.origin.origin, opened.error, hasCustomCa)}`;
}

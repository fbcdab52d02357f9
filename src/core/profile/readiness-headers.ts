/**
 * The headers of the readiness check (`--wait-for`): the profile's own default headers, so an
 * `authorization` or `x-vercel-protection-bypass` set for the load gets the check through the
 * same door, and the explicit `--wait-for-header`s (input `wait-for-headers`) over them.
 */
import type { WaitHeader } from '../input/wait-headers.js';
import type { Profile } from './types.js';

/**
 * Headers about a request's body: a GET without one must not claim one (and undici refuses a
 * content-length that does not match).
 */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding']);

/**
 * What the readiness check sends: the headers every request of the profile sends with the same
 * value (the profile-wide `headers`, the Basic `authorization` from URL credentials, `${VAR}`s
 * already substituted), then `explicit` over them by name. A header any request leaves out or
 * sends otherwise is not the profile's default and is left out, as are those filled per
 * request (`${random…}`, `${data…}`: the text as written is not a value to send) and body
 * headers. Names are lower-case, as both sources keep them.
 * @param explicit `WaitForSettings.headers`, already checked; none when absent.
 * @returns name → value, fresh (callers may add to it); empty for a profile without requests.
 */
export function chooseReadinessHeaders(
  profile: Pick<Profile, 'scenarios'>,
  explicit: readonly WaitHeader[] = [],
): Record<string, string> {
  const [first, ...rest] = profile.scenarios;
  const shared: Record<string, string> = {};
  if (first !== undefined) {
    for (const [name, value] of Object.entries(first.headers)) {
      if (BODY_HEADERS.has(name)) continue;
      const everywhere = [first, ...rest].every(
        (scenario) =>
          scenario.headers[name] === value && scenario.dynamic?.headers?.[name] === undefined,
      );
      if (everywhere) shared[name] = value;
    }
  }
  for (const header of explicit) shared[header.name] = header.value;
  return shared;
}

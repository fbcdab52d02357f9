/**
 * `--baseline-target URL` (action input `baseline-target`): the deployment a side-by-side run
 * measures next to the target, e.g. the staging deployment of main next to a pull request's
 * preview. Checked before any load against the profile's target as it will be sent.
 */
import type { Checked } from '../input/value-checks.js';
import type { Profile } from './types.js';
import { checkBaseUrl, maskUrlText } from './url-secrets.js';

export interface BaselineTargetLabels {
  /** How issues name the value: `--baseline-target`, `input baseline-target`. */
  self: string;
  /** How they name the target: `--target`, `input target`. */
  target: string;
}

/**
 * Reads the baseline target: an http(s) base URL as `baseUrl` accepts one (no query or
 * fragment), with no credentials (the profile's requests, headers included, go to both sides
 * alike: a different log-in per side would be a different test), another URL than the target
 * (comparing a deployment with itself measures nothing), and the target's scheme: the profile's
 * connection settings (`protocol: http2` needs https, `tls`) must mean the same on both sides,
 * and a TLS handshake on one side only would be a difference of the setup, not of the code.
 * @param profile the profile as it will run: `baseUrl` is the target (credentials removed).
 * @returns the URL without trailing slashes, or a message naming the expected form; the value
 *   is echoed with its query values and user info masked.
 */
export function checkBaselineTarget(
  text: string,
  profile: Pick<Profile, 'baseUrl' | 'protocol'>,
  labels: BaselineTargetLabels,
): Checked<string> {
  const checked = checkBaseUrl(text);
  if (!checked.ok) return checked;
  const url = new URL(checked.value);
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message: `expected a URL without credentials (user:password@), got ${JSON.stringify(maskUrlText(text))}: both sides are sent the profile's own requests and headers, so set an authorization header in the profile instead`,
    };
  }
  const target = new URL(profile.baseUrl);
  if (url.protocol !== target.protocol) {
    const http2 = profile.protocol === 'http2' ? ' (protocol: http2 needs https on both)' : '';
    return {
      ok: false,
      message: `expected an ${target.protocol}// URL like ${labels.target}${http2}, got ${JSON.stringify(maskUrlText(text))}: both sides must be spoken to alike, or the comparison measures the difference of the protocols`,
    };
  }
  if (checked.value === profile.baseUrl.replace(/\/+$/, '')) {
    return {
      ok: false,
      message: `expected another deployment than ${labels.target}, got the same URL: side by side compares two targets (e.g. main's staging next to the pull request's preview)`,
    };
  }
  return checked;
}

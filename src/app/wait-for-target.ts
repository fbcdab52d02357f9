import type { WaitForSettings } from '../core/input/wait-for.js';
import { chooseMaskedSecrets } from '../core/profile/secret-masking.js';
import type { Profile } from '../core/profile/types.js';
import { maskUrlText } from '../core/profile/url-secrets.js';
import type { Output, ReadinessOutcome, ReadinessProbe } from '../ports.js';
import type { RunOutcome } from './judge-results.js';

/**
 * `--wait-for` (input `wait-for`): before any load, waits until the target answers as asked,
 * and with `baselineTarget` (side by side) the baseline target too: both are polled at once,
 * each with its own lines and its own K-in-a-row count, and the load starts only when both are
 * ready. Undefined when the run may go on (ready, or no wait asked for); else how it ends: a
 * target (or baseline target) never ready is `target-unusable` (exit 3, never a regression:
 * nothing was measured; the other wait is stopped then), a stop while waiting `interrupted`.
 * The `--wait-for-header` values are masked in all output before the first try. The readiness
 * requests are the probe's own, outside every figure.
 */
export async function waitForTarget(
  waitFor: WaitForSettings | undefined,
  profile: Profile,
  deps: { readiness?: ReadinessProbe; output: Output; signal?: AbortSignal },
  baselineTarget?: string,
): Promise<RunOutcome | undefined> {
  if (waitFor === undefined) return undefined;
  const { output, readiness } = deps;
  if (readiness === undefined) throw new Error('internal: --wait-for without a readiness probe');
  maskWaitHeaders(waitFor, output);
  // One side never ready ends the other side's wait: the run cannot start either way.
  const giveUp = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, giveUp.signal]) : giveUp.signal;
  const sides: { profile: Profile; subject?: string }[] = [{ profile }];
  if (baselineTarget !== undefined) {
    sides.push({
      profile: { ...profile, baseUrl: baselineTarget },
      subject: `baseline target ${maskUrlText(baselineTarget)}`,
    });
  }
  const outcomes = await Promise.all(
    sides.map(async (side): Promise<ReadinessOutcome> => {
      const outcome = await readiness.waitUntilReady(side.profile, waitFor, {
        signal,
        onLine: (text) => output.info(text),
        ...(side.subject === undefined ? {} : { subject: side.subject }),
      });
      if (outcome.kind === 'ready') output.info(outcome.message);
      if (outcome.kind === 'not-ready') giveUp.abort();
      return outcome;
    }),
  );
  const notReady = outcomes.find((outcome) => outcome.kind === 'not-ready');
  if (notReady?.kind === 'not-ready') {
    output.error(`${notReady.message}; no load was sent`);
    return { kind: 'target-unusable', message: notReady.message };
  }
  if (outcomes.some((outcome) => outcome.kind === 'stopped')) {
    output.warn('stopped while waiting for the target: no load was sent');
    return { kind: 'interrupted' };
  }
  return undefined;
}

/** Every `--wait-for-header` value is a secret: masked (the action registers it with the
 * runner), with a warning for one too short to mask safely. */
function maskWaitHeaders(waitFor: WaitForSettings, output: Output): void {
  const headers = waitFor.headers ?? [];
  if (headers.length === 0) return;
  const masked = chooseMaskedSecrets(
    headers.map((header) => ({
      value: header.value,
      label: `the value of ${header.name}`,
      path: 'wait-for header',
    })),
  );
  output.mask(masked.values);
  for (const warning of masked.warnings) output.warn(warning);
}

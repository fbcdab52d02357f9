import type { WaitForSettings } from '../core/input/wait-for.js';
import type { Profile } from '../core/profile/types.js';
import type { Output, ReadinessProbe } from '../ports.js';
import type { RunOutcome } from './judge-results.js';

/**
 * `--wait-for` (input `wait-for`): before any load, waits until the target answers as asked.
 * Undefined when the run may go on (ready, or no wait asked for); else how it ends: a target
 * never ready is `target-unusable` (exit 3, never a regression: nothing was measured), a stop
 * while waiting `interrupted`. The readiness requests are the probe's own, outside every figure.
 */
export async function waitForTarget(
  waitFor: WaitForSettings | undefined,
  profile: Profile,
  deps: { readiness?: ReadinessProbe; output: Output; signal?: AbortSignal },
): Promise<RunOutcome | undefined> {
  if (waitFor === undefined) return undefined;
  const { output } = deps;
  if (deps.readiness === undefined)
    throw new Error('internal: --wait-for without a readiness probe');
  const outcome = await deps.readiness.waitUntilReady(profile, waitFor, {
    ...(deps.signal ? { signal: deps.signal } : {}),
    onLine: (text) => output.info(text),
  });
  if (outcome.kind === 'ready') {
    output.info(outcome.message);
    return undefined;
  }
  if (outcome.kind === 'stopped') {
    output.warn('stopped while waiting for the target: no load was sent');
    return { kind: 'interrupted' };
  }
  output.error(`${outcome.message}; no load was sent`);
  return { kind: 'target-unusable', message: outcome.message };
}

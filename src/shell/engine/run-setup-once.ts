import { Pool } from 'undici';
import type { Profile } from '../../core/profile/types.js';
import type { Recording } from '../../core/stats/run-recorder.js';
import { RunRecorder } from '../../core/stats/run-recorder.js';
import type { Clock, EngineRunOptions } from '../../ports.js';
import { IterationSource } from './iteration-context.js';
import { buildSetupTemplates, splitBaseUrl } from './request-templates.js';
import { type MeasuredSetupRequest, runSetup } from './run-setup.js';
import { buildTlsOptions } from './undici-engine.js';

const CONNECT_TIMEOUT_MS = 5000;

export type OnceSetupResult =
  | {
      ok: true;
      values: Record<string, string>;
      /** What the setup adds to the run's recording: `setup.runs` 1, and its measured
       * requests on their rows with `setup.measure`. Merged with the threads' recordings. */
      part: Recording;
    }
  | { ok: false; message: string };

/**
 * The once setup (`setup:` without `perVu`) of a run on worker threads, run by the
 * coordinating thread before any thread starts, on a connection of its own: once for the run,
 * as one thread would, its values then handed to every thread. Failure messages are those of
 * the single-thread engine (the request, its answer, a masked excerpt).
 */
export async function runSetupOnce(
  profile: Profile,
  clock: Clock,
  options: Pick<EngineRunOptions, 'signal' | 'onSecretValues'>,
): Promise<OnceSetupResult> {
  const setup = profile.setup;
  const part = new RunRecorder(
    profile.scenarios.length,
    0,
    profile.journeys?.length ?? 0,
    setup !== undefined,
  );
  if (setup === undefined || setup.perVu) return { ok: true, values: {}, part: part.finish(0) };
  const { origin } = splitBaseUrl(profile.baseUrl);
  const pool = new Pool(origin.origin, {
    connections: 1,
    connect: { timeout: CONNECT_TIMEOUT_MS, ...buildTlsOptions(profile) },
    ...(profile.protocol === 'http2' ? { allowH2: true } : {}),
  });
  const measured: MeasuredSetupRequest[] = [];
  try {
    const result = await runSetup(
      {
        pool,
        templates: buildSetupTemplates(profile),
        setup,
        // The setup draws its data rows as the single-thread engine's would: first.
        iterations: new IterationSource(profile, { onWrapped: () => {}, onExhausted: () => {} }),
        secretValues: profile.secretValues,
        nowMs: () => clock.nowMs(),
        ...(options.onSecretValues ? { onSecretValues: options.onSecretValues } : {}),
        ...(setup.measure ? { onMeasured: (m: MeasuredSetupRequest) => measured.push(m) } : {}),
      },
      0,
      options.signal,
    );
    if (!result.ok) {
      return {
        ok: false,
        message: result.stopped ? 'the run was stopped during setup' : result.message,
      };
    }
    part.onSetupDone(true);
    for (const m of measured) {
      if (m.row >= 0) part.onSetupMeasured(m.row, m.doneMs - m.startMs, m.status, m.outcome);
    }
    return { ok: true, values: result.values, part: part.finish(0) };
  } finally {
    await pool.destroy();
  }
}

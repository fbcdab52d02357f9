import type { Scenario } from '../../src/core/profile/types.js';
import { buildResultsFile } from '../../src/core/result/build-result.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { createRandom } from '../../src/core/schedule/vu-schedule.js';
import { ResponseClass } from '../../src/core/stats/classify-response.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import { makeProfile, makeScenario } from './make-profile.js';

export interface SyntheticScenario {
  name: string;
  ratePerSec: number;
  /** Median latency in ms; each request draws from a log-normal around it. */
  medianMs: number;
  /** Fraction of requests answered 503. */
  errorRate?: number;
  category?: string;
}

/**
 * A results file as the engine would write it, without a server: a real RunRecorder fed with
 * seeded log-normal latencies on an even schedule, so timelines, windows and histograms are
 * genuine and comparisons between two such runs behave like comparisons between real runs.
 */
export function simulateRun(options: {
  scenarios: SyntheticScenario[];
  durationMs: number;
  seed: number;
  status?: ResultsFileV1['status'];
}): ResultsFileV1 {
  const random = createRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const recorder = new RunRecorder(options.scenarios.length, 0);
  options.scenarios.forEach((s, index) => {
    const count = Math.floor((s.ratePerSec * options.durationMs) / 1000);
    for (let i = 0; i < count; i++) {
      const intendedMs = (i * 1000) / s.ratePerSec;
      const latencyMs = s.medianMs * Math.exp(0.25 * gaussian());
      const failed = random() < (s.errorRate ?? 0);
      recorder.onSent(index, intendedMs, intendedMs);
      recorder.onResponse(
        index,
        intendedMs,
        intendedMs,
        intendedMs + latencyMs,
        failed ? 503 : 200,
        failed ? ResponseClass.http5xx : ResponseClass.ok,
      );
    }
  });
  const recording = recorder.finish(options.durationMs);
  const scenarios: Scenario[] = options.scenarios.map((s) =>
    makeScenario({
      name: s.name,
      path: `/${s.name}`,
      ...(s.category ? { category: s.category } : {}),
    }),
  );
  const profile = makeProfile(
    'http://127.0.0.1:9',
    { executor: 'constant-arrival-rate', ratePerSec: 1, durationMs: options.durationMs },
    {},
    scenarios,
  );
  return buildResultsFile(profile, recording, {
    toolVersion: '0.0.0',
    startedAtEpochMs: Date.UTC(2026, 10, 22, 12, 0, options.seed % 60),
    status: options.status ?? 'completed',
    environment: {
      node: 'v20',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      ci: true,
      gitSha: `sha${options.seed}`,
      gitRef: 'refs/heads/main',
    },
  });
}

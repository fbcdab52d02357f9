import { buildResultsFile } from '../../src/core/result/build-result.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { createRandom } from '../../src/core/schedule/vu-schedule.js';
import { ResponseClass } from '../../src/core/stats/classify-response.js';
import { RunRecorder } from '../../src/core/stats/run-recorder.js';
import {
  chooseTimelineResolutionSec,
  type TimelineOptions,
} from '../../src/core/stats/timeline.js';
import { makeProfile, makeScenario } from './make-profile.js';

export interface SoakScenario {
  name: string;
  ratePerSec: number;
  /** Median latency in ms; each request draws from a log-normal around it (σ = 0.25). */
  medianMs: number;
  /** Fraction of requests answered 503. */
  errorRate?: number;
}

export interface SoakOptions {
  scenarios: SoakScenario[];
  durationMs: number;
  seed: number;
  /** Default: what `chooseTimelineResolutionSec` picks for `durationMs` (auto). */
  timeline?: TimelineOptions;
  /** Latency factor at second `t` of the run (a regression, a leak); default 1. */
  slowdownAt?: (t: number) => number;
  /** Called once a second before its arrivals, after the recorder's tick (heap samples). */
  onSecond?: (t: number, recorder: RunRecorder) => void;
}

/** Log-normal factors drawn once: the hot loop then costs a table read per request. */
const TABLE_SIZE = 1 << 16;

/**
 * A long run as the engine records it, without a server or a clock: a real RunRecorder fed in
 * time order, second by second, with every scenario's arrivals of that second interleaved
 * (sent on time, released 20 µs late, answered after a seeded log-normal latency), and a tick
 * at each second as the engine's timer gives. Fast enough for a simulated day (about 2 µs a
 * request), and the timelines fold exactly as a real run's do.
 */
export function simulateSoak(options: SoakOptions): ResultsFileV1 {
  const random = createRandom(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const factors = Float64Array.from({ length: TABLE_SIZE }, () => Math.exp(0.25 * gaussian()));
  const timeline = options.timeline ?? {
    resolutionSec: chooseTimelineResolutionSec(undefined, options.durationMs),
  };
  const { scenarios } = options;
  const recorder = new RunRecorder(scenarios.length, 0, 0, false, timeline);
  const seconds = Math.ceil(options.durationMs / 1000);
  const sent = scenarios.map(() => 0);
  for (let t = 0; t < seconds; t++) {
    recorder.tick(t * 1000);
    options.onSecond?.(t, recorder);
    const slowdown = options.slowdownAt?.(t) ?? 1;
    // Arrivals due by the end of this second, per scenario (fractional rates keep their sum),
    // taken round-robin so the scenarios interleave as they would on the wire.
    const due = scenarios.map((s, i) => Math.floor((t + 1) * s.ratePerSec) - (sent[i] as number));
    const most = Math.max(...due);
    for (let k = 0; k < most; k++) {
      for (let i = 0; i < scenarios.length; i++) {
        if (k >= (due[i] as number)) continue;
        const s = scenarios[i] as SoakScenario;
        const n = sent[i] as number;
        sent[i] = n + 1;
        const intendedMs = (n * 1000) / s.ratePerSec;
        const draw = (random() * TABLE_SIZE) | 0;
        const latencyMs = s.medianMs * slowdown * (factors[draw] as number);
        const failed = s.errorRate !== undefined && random() < s.errorRate;
        recorder.onReleased(i, intendedMs, intendedMs + 0.02);
        recorder.onSent(i, intendedMs, intendedMs + 0.02);
        recorder.onResponse(
          i,
          intendedMs,
          intendedMs + 0.02,
          intendedMs + latencyMs,
          failed ? 503 : 200,
          failed ? ResponseClass.http5xx : ResponseClass.ok,
        );
      }
    }
  }
  const recording = recorder.finish(options.durationMs);
  const profile = makeProfile(
    'http://127.0.0.1:9',
    {
      executor: 'constant-arrival-rate',
      ratePerSec: scenarios.reduce((n, s) => n + s.ratePerSec, 0),
      durationMs: options.durationMs,
    },
    {},
    scenarios.map((s) => makeScenario({ name: s.name, path: `/${s.name}` })),
  );
  return buildResultsFile(profile, recording, {
    toolVersion: '0.0.0',
    startedAtEpochMs: Date.UTC(2026, 10, 22, 0, 0, options.seed % 60),
    status: 'completed',
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2, ci: true },
  });
}

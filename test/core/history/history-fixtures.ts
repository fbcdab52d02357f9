import { buildHistoryEntry, type EntryFacts } from '../../../src/core/history/build-entry.js';
import type { HistoryEntry } from '../../../src/core/history/types.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import { createRandom } from '../../../src/core/schedule/vu-schedule.js';
import type { Figures } from '../../../src/core/stats/figures.js';
import {
  createHistogram,
  encodeHistogram,
  recordMs,
  summarizeHistogram,
} from '../../../src/core/stats/histogram.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** "Now" in these tests: Monday 2027-03-01 12:00 UTC. */
export const NOW_MS = Date.parse('2027-03-01T12:00:00.000Z');

/** `count` log-normal latencies (ms) around `medianMs`, seeded. */
export function drawLatencies(seed: number, count: number, medianMs: number): number[] {
  const random = createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => medianMs * Math.exp(0.4 * gaussian()));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1e6) / 1e6 : 0;
}

export interface ScopeValues {
  /** Latencies of answered requests (ms): `failed` of them answered with a wrong status. */
  latenciesMs: number[];
  failed?: number;
  /** Requests without an answer (no latency). */
  errors?: number;
}

/** Figures as a run records them: the histogram really holds `latenciesMs`. */
export function figuresOf(scope: ScopeValues, durationMs: number): Figures {
  const histogram = createHistogram();
  for (const v of scope.latenciesMs) recordMs(histogram, v);
  const encoded = encodeHistogram(histogram);
  const latency = summarizeHistogram(histogram);
  histogram.destroy();
  const failed = scope.failed ?? 0;
  const errors = scope.errors ?? 0;
  const answered = scope.latenciesMs.length;
  const requests = answered + errors;
  const ok = answered - failed;
  const seconds = durationMs / 1000;
  return makeFigures({
    totals: { requests, ok, blocked: 0, failed, errors, dropped: 0, queued: 0, interrupted: 0 },
    throughput: { rps: round3(requests / seconds), okRps: round3(ok / seconds) },
    latencyMs: latency,
    serviceTimeMs: latency,
    errorRate: ratio(failed + errors, requests),
    blockRate: 0,
    dropRate: 0,
    histogram: encoded,
    histograms: { latency: encoded, serviceTime: encoded, sendLag: encodeHistogram(undefined) },
    statusCodes: { '200': ok, ...(failed > 0 ? { '503': failed } : {}) },
    errorKinds: errors > 0 ? { timeout: errors } : {},
    failureKinds: { http_5xx: failed, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
  });
}

/** A valid results file whose scenarios (and whole run) hold exactly the given values. */
export function resultFromValues(
  scenarios: Record<string, ScopeValues>,
  options: {
    startedAt: string;
    durationMs?: number;
    profile?: string;
    status?: ResultsFileV1['status'];
  },
): ResultsFileV1 {
  const durationMs = options.durationMs ?? 10_000;
  const all = Object.values(scenarios);
  const whole: ScopeValues = {
    latenciesMs: all.flatMap((s) => s.latenciesMs),
    failed: all.reduce((n, s) => n + (s.failed ?? 0), 0),
    errors: all.reduce((n, s) => n + (s.errors ?? 0), 0),
  };
  return makeResult({
    profile: { name: options.profile ?? 'shop' },
    startedAt: options.startedAt,
    durationMs,
    status: options.status ?? 'completed',
    ...figuresOf(whole, durationMs),
    scenarios: Object.entries(scenarios).map(([name, values]) => ({
      name,
      method: 'GET',
      path: `/${name}`,
      weight: 1,
      ...figuresOf(values, durationMs),
      timeline: [],
    })),
    environment: {
      node: 'v20',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      ci: true,
      gitSha: 'abc123',
      gitRef: 'refs/heads/main',
    },
  });
}

/** A plain two-scenario run of `seed`, started at `atMs`. */
export function sampleResult(seed: number, atMs: number, medianMs = 10): ResultsFileV1 {
  return resultFromValues(
    {
      list: { latenciesMs: drawLatencies(seed, 300, medianMs), failed: 3, errors: 2 },
      detail: { latenciesMs: drawLatencies(seed + 1000, 100, medianMs * 2) },
    },
    { startedAt: new Date(atMs).toISOString() },
  );
}

const FACTS: EntryFacts = { layer: 'scheduled', interval: 'hourly', verdict: 'pass' };
/** Three distinct runs, built once: makeEntries reuses them. */
let templates: ResultsFileV1[] | undefined;

/**
 * Entries of one run each, `atMs` apart as given, for compaction tests. Histograms are real but
 * reused (a few distinct runs), which is all merging needs; ids are the run numbers.
 */
export function makeEntries(
  times: readonly number[],
  facts: Partial<EntryFacts> = {},
  firstRunId = 1,
): HistoryEntry[] {
  templates ??= [0, 1, 2].map((i) => sampleResult(100 + i, 0, 10 + i));
  const made = templates;
  return times.map((atMs, index) => {
    const template = made[index % made.length] as ResultsFileV1;
    return buildHistoryEntry(
      { ...template, startedAt: new Date(atMs).toISOString() },
      { ...FACTS, runId: firstRunId + index, ...facts },
    );
  });
}

/** Every `stepMs` from `fromMs` (inclusive) to `toMs` (exclusive). */
export function everyStep(fromMs: number, toMs: number, stepMs: number): number[] {
  const times: number[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) times.push(t);
  return times;
}

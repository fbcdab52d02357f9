import type { ResultsFileV1 } from '../../src/core/result/types.js';
import type { Figures } from '../../src/core/stats/figures.js';

/** Figures with plausible values, for renderer tests that do not need a real run. */
export function makeFigures(overrides: Partial<Figures> = {}): Figures {
  return {
    totals: {
      requests: 1000,
      ok: 990,
      blocked: 0,
      failed: 10,
      errors: 0,
      dropped: 0,
      queued: 0,
      interrupted: 0,
    },
    throughput: { rps: 100, okRps: 99 },
    latencyMs: { min: 1, mean: 5, p50: 4, p90: 8, p95: 10, p99: 20, p999: 40, max: 50, stdev: 3 },
    serviceTimeMs: {
      min: 1,
      mean: 5,
      p50: 4,
      p90: 8,
      p95: 10,
      p99: 19,
      p999: 39,
      max: 49,
      stdev: 3,
    },
    errorRate: 0.01,
    blockRate: 0,
    dropRate: 0,
    histogram: '',
    histograms: { latency: '', serviceTime: '', sendLag: '' },
    statusCodes: { '200': 990, '503': 10 },
    errorKinds: {},
    failureKinds: { http_5xx: 10, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
    ...overrides,
  };
}

export function makeResult(overrides: Partial<ResultsFileV1> = {}): ResultsFileV1 {
  return {
    schemaVersion: 1,
    tool: { name: 'loadgate', version: '0.1.0' },
    profile: { name: 'shop' },
    target: 'http://127.0.0.1:8080',
    startedAt: '2026-11-22T10:00:00.000Z',
    durationMs: 10_000,
    status: 'completed',
    load: {
      executor: 'constant-arrival-rate',
      plannedRequests: 1000,
      peakRatePerSec: 100,
      connections: 16,
      maxInFlight: 16,
      onMaxInFlight: 'queue',
      warmupMs: 1000,
    },
    ...makeFigures(),
    scenarios: [
      { name: 'list', method: 'GET', path: '/list', weight: 3, ...makeFigures(), timeline: [] },
      {
        name: 'sqli | probe',
        category: 'security',
        method: 'GET',
        path: '/search',
        weight: 1,
        ...makeFigures({ blockRate: 1 }),
        timeline: [],
      },
    ],
    timeline: [],
    sendLagMs: { p50: 0.2, p99: 1, max: 3 },
    warmup: { durationMs: 1000, requests: 100, errors: 0 },
    environment: { node: 'v20.20.2', platform: 'linux', arch: 'x64', cpus: 2, ci: false },
    ...overrides,
  };
}

/**
 * A judged run for the Prometheus exporter's tests: two scenarios (one with a category that
 * blocks), transport errors and answer failures, a commit, thresholds met and broken, and label
 * values with `/` (profile, target) that the Pushgateway's path must carry intact.
 */
import type { Verdict } from '../../src/core/judge/types.js';
import type { RunMetricLabels } from '../../src/core/render/prometheus-run.js';
import type { ResultsFileV1 } from '../../src/core/result/types.js';
import { makeFigures, makeResult } from './make-result.js';
import { makeScenario, makeThreshold, makeVerdict } from './make-verdict.js';

const LIST = makeFigures({
  totals: {
    requests: 600,
    ok: 594,
    blocked: 0,
    failed: 4,
    errors: 2,
    dropped: 1,
    queued: 0,
    interrupted: 0,
  },
  throughput: { rps: 60, okRps: 59.4 },
  latencyMs: {
    min: 1,
    mean: 12.5,
    p50: 10,
    p90: 20,
    p95: 25,
    p99: 40,
    p999: 80,
    max: 95,
    stdev: 6,
  },
  errorKinds: { timeout: 2 },
  failureKinds: { http_5xx: 4, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
});

const POLICY = makeFigures({
  totals: {
    requests: 400,
    ok: 0,
    blocked: 399,
    failed: 1,
    errors: 0,
    dropped: 0,
    queued: 0,
    interrupted: 0,
  },
  throughput: { rps: 40, okRps: 0 },
  latencyMs: { min: 1, mean: 4, p50: 3.5, p90: 6, p95: 7.25, p99: 9, p999: 12, max: 15, stdev: 2 },
  blockRate: 0.9975,
  errorKinds: {},
  failureKinds: { http_5xx: 0, http_4xx: 0, unexpected_status: 1, body_mismatch: 0 },
});

export const RUN_RESULT: ResultsFileV1 = makeResult({
  profile: { name: 'shop/checkout' },
  target: 'http://127.0.0.1:8080/api/v1',
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 10_000,
  ...makeFigures({
    totals: {
      requests: 1000,
      ok: 594,
      blocked: 399,
      failed: 5,
      errors: 2,
      dropped: 1,
      queued: 0,
      interrupted: 0,
    },
    throughput: { rps: 100, okRps: 59.4 },
    latencyMs: {
      min: 1,
      mean: 9.1,
      p50: 6,
      p90: 18,
      p95: 22,
      p99: 38,
      p999: 80,
      max: 95,
      stdev: 6,
    },
    errorKinds: { timeout: 2 },
    failureKinds: { http_5xx: 4, http_4xx: 0, unexpected_status: 1, body_mismatch: 0 },
  }),
  scenarios: [
    { name: 'list', method: 'GET', path: '/list', weight: 3, ...LIST, timeline: [] },
    {
      name: 'policy/deny',
      category: 'policy',
      method: 'POST',
      path: '/chat',
      weight: 2,
      ...POLICY,
      timeline: [],
    },
  ],
  environment: {
    node: 'v20.20.2',
    platform: 'linux',
    arch: 'x64',
    cpus: 2,
    ci: true,
    gitSha: '0123456789abcdef0123456789abcdef01234567',
  },
});

/** RUN_RESULT with a journey over its scenario `list` (a hostile name too, for escaping). */
export const JOURNEY_RESULT: ResultsFileV1 = {
  ...RUN_RESULT,
  journeys: [
    {
      name: 'shopper',
      category: 'normal',
      weight: 3,
      steps: ['list'],
      ...makeFigures({
        totals: {
          requests: 50,
          ok: 44,
          blocked: 0,
          failed: 4,
          errors: 2,
          dropped: 3,
          queued: 0,
          interrupted: 0,
        },
        throughput: { rps: 5, okRps: 4.4 },
        latencyMs: {
          min: 100,
          mean: 450,
          p50: 400,
          p90: 700,
          p95: 800,
          p99: 1200,
          p999: 1500,
          max: 1600,
          stdev: 200,
        },
        statusCodes: {},
        errorKinds: { extract_failed: 2 },
        failureKinds: { http_5xx: 4, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
      }),
    },
    {
      name: 'idle "x"\n',
      weight: 1,
      steps: [],
      ...makeFigures({
        totals: {
          requests: 0,
          ok: 0,
          blocked: 0,
          failed: 0,
          errors: 0,
          dropped: 0,
          queued: 0,
          interrupted: 0,
        },
        statusCodes: {},
        failureKinds: { http_5xx: 0, http_4xx: 0, unexpected_status: 0, body_mismatch: 0 },
      }),
    },
  ],
};

const P95_RULE = { metric: 'p95' as const, failUnless: { op: '<' as const, value: 300 } };
const ERROR_RULE = {
  metric: 'errorRate' as const,
  scenario: 'list',
  warnUnless: { op: '<' as const, value: 0.005 },
  failUnless: { op: '<' as const, value: 0.05 },
};

export const RUN_VERDICT: Verdict = makeVerdict(
  [
    makeScenario('all', [], {
      thresholds: [makeThreshold({ ...P95_RULE, source: 'p95 < 300ms' }, 22, 'pass', 'p95 ok')],
    }),
    makeScenario('list', [], {
      thresholds: [
        makeThreshold({ ...ERROR_RULE, source: 'errorRate < 0.5%' }, 0.01, 'warn', 'errors'),
      ],
    }),
  ],
  { level: 'warn', hasBaseline: false },
);

export const RUN_LABELS: RunMetricLabels = {
  environment: 'staging',
  client: 'team-a',
  layer: 'scheduled',
  interval: 'daily',
};

import { z } from 'zod';

/**
 * What a reader of a version-1 results file relies on. Objects are not strict: later versions
 * of this tool may add fields, and an older reader must still accept them.
 */
const nonNegative = z.number().finite().nonnegative();
const fraction = z.number().finite().min(0).max(1);

const latencySummary = z.object({
  min: nonNegative,
  mean: nonNegative,
  p50: nonNegative,
  p90: nonNegative,
  p95: nonNegative,
  p99: nonNegative,
  p999: nonNegative,
  max: nonNegative,
  stdev: nonNegative,
});

const counts = z.record(z.string(), nonNegative);

const figures = {
  totals: z.object({
    requests: nonNegative,
    ok: nonNegative,
    blocked: nonNegative,
    failed: nonNegative,
    errors: nonNegative,
    dropped: nonNegative,
    queued: nonNegative,
    interrupted: nonNegative,
    redirects: nonNegative.optional(),
  }),
  throughput: z.object({ rps: nonNegative, okRps: nonNegative }),
  latencyMs: latencySummary,
  serviceTimeMs: latencySummary,
  errorRate: fraction,
  blockRate: fraction,
  dropRate: fraction,
  histogram: z.string(),
  histograms: z.object({ latency: z.string(), serviceTime: z.string(), sendLag: z.string() }),
  statusCodes: counts,
  errorKinds: counts,
  failureKinds: counts,
};

const timelinePoint = z.object({
  t: nonNegative,
  requests: nonNegative,
  sent: nonNegative,
  ok: nonNegative,
  blocked: nonNegative,
  failed: nonNegative,
  errors: nonNegative,
  dropped: nonNegative,
  p50: nonNegative,
  p95: nonNegative,
  p99: nonNegative,
  max: nonNegative,
  p90: nonNegative,
  mean: nonNegative,
  histogram: z.string(),
});

export const resultsFileV1Schema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  profile: z.object({ name: z.string() }),
  target: z.string(),
  startedAt: z.string(),
  durationMs: nonNegative,
  status: z.enum(['completed', 'interrupted', 'aborted']),
  abortReason: z.string().optional(),
  load: z.object({
    executor: z.string(),
    connections: nonNegative,
    maxInFlight: nonNegative,
    onMaxInFlight: z.enum(['queue', 'drop']),
    warmupMs: nonNegative,
  }),
  ...figures,
  scenarios: z.array(
    z.object({
      name: z.string(),
      category: z.string().optional(),
      method: z.string(),
      path: z.string(),
      weight: nonNegative,
      ...figures,
      timeline: z.array(timelinePoint),
    }),
  ),
  timeline: z.array(timelinePoint),
  sendLagMs: z.object({ p50: nonNegative, p99: nonNegative, max: nonNegative }),
  warmup: z.object({ durationMs: nonNegative, requests: nonNegative, errors: nonNegative }),
  environment: z.object({
    node: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpus: nonNegative,
    ci: z.boolean(),
  }),
});

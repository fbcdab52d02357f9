import { z } from 'zod';
import { type InputIssue, messageOf } from '../input/format-issues.js';
import { METRIC_LABEL_FORM, METRIC_LABEL_PATTERN } from '../input/metric-labels.js';
import { expecting } from '../input/schema-fields.js';
import { INTERVAL_FORM, INTERVAL_PATTERN, LAYER_FORM, LAYERS } from '../input/series-labels.js';
import { checkResultsContent } from './check-results-content.js';
import type { ResultsFileV1 } from './types.js';

export const SUPPORTED_SCHEMA_VERSION = 1;

export type ReadResults = { ok: true; result: ResultsFileV1 } | { ok: false; issues: InputIssue[] };

/**
 * Reads and validates a results file's text. Every way a file can be wrong (not JSON, not a
 * loadgate file, a newer schema, missing or mistyped fields, a histogram that does not decode,
 * figures that contradict each other, two scenarios of one name: see `checkResultsContent`)
 * comes back as issues under `label`, never as an exception, so a bad baseline gives a clear
 * message before any load is sent instead of a crash after it.
 * @param label how the file is named in messages, e.g. `--baseline baseline.json`.
 */
export function readResultsFile(text: string, label: string): ReadResults {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = messageOf(error);
    return fail(
      label,
      `is not valid JSON (${detail}); is it a loadgate results file, and was it written completely?`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(label, 'is not a loadgate results file (expected a JSON object)');
  }
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) {
    return fail(label, 'is not a loadgate results file (it has no schemaVersion)');
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fail(
      label,
      `has schemaVersion ${JSON.stringify(version)}; expected the number ${SUPPORTED_SCHEMA_VERSION}`,
    );
  }
  if (version > SUPPORTED_SCHEMA_VERSION) {
    return fail(
      label,
      `has schemaVersion ${version}, newer than this loadgate reads (${SUPPORTED_SCHEMA_VERSION}): upgrade loadgate`,
    );
  }
  if (version < SUPPORTED_SCHEMA_VERSION) {
    return fail(
      label,
      `has schemaVersion ${version}, which this loadgate no longer reads (expected ${SUPPORTED_SCHEMA_VERSION})`,
    );
  }
  const parsed = resultsFileV1Schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => ({
      path: `${label} ${issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')}`,
      message: issue.message,
    }));
    return { ok: false, issues };
  }
  const result = data as ResultsFileV1;
  const content = checkResultsContent(result);
  if (content.length > 0) {
    return {
      ok: false,
      issues: content.map((issue) => ({ path: `${label} ${issue.path}`, message: issue.message })),
    };
  }
  return { ok: true, result };
}

function fail(label: string, message: string): ReadResults {
  return { ok: false, issues: [{ path: label, message }] };
}

/**
 * What a reader of a version-1 results file relies on. Objects are not strict: later versions
 * of this tool may add fields, and an older reader must still accept them.
 */
const nonNegative = z.number().finite().nonnegative();
const EVENT_FORM = 'an event name like schedule or workflow_dispatch';
const RUN_URL_FORM = 'an http(s) URL of the workflow run';
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

const wholePositive = z
  .number({ error: expecting('a whole number from 1') })
  .int({ error: expecting('a whole number from 1') })
  .positive({ error: expecting('a whole number from 1') });

const timelinePoint = z.object({
  t: nonNegative,
  /** Absent in files written before soak timelines: 1. */
  widthSec: wholePositive.optional(),
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

const metricLabelValue = z
  .string({ error: expecting(METRIC_LABEL_FORM) })
  .regex(new RegExp(METRIC_LABEL_PATTERN), { error: expecting(METRIC_LABEL_FORM) });

/** Shown in reports and links: plain names and http(s) URLs only, nothing a renderer could
 * mistake for markup or a script link. */
const runLabels = z.object(
  {
    layer: z.enum(LAYERS, { error: expecting(LAYER_FORM) }).optional(),
    interval: z
      .string({ error: expecting(INTERVAL_FORM) })
      .regex(new RegExp(INTERVAL_PATTERN), { error: expecting(INTERVAL_FORM) })
      .optional(),
    event: z
      .string({ error: expecting(EVENT_FORM) })
      .regex(/^[a-z][a-z0-9_-]{0,63}$/, { error: expecting(EVENT_FORM) })
      .optional(),
    runId: wholePositive.optional(),
    runAttempt: wholePositive.optional(),
    runUrl: z
      .string({ error: expecting(RUN_URL_FORM) })
      .regex(/^https?:\/\/[^\s<>"]+$/, { error: expecting(RUN_URL_FORM) })
      .optional(),
    environment: metricLabelValue.optional(),
    client: metricLabelValue.optional(),
  },
  { error: expecting('a mapping of run labels') },
);

const categoryResult = z.object({
  name: z.string(),
  scenarios: z.array(z.string()),
  expectsBlocking: z.boolean(),
  requests: nonNegative,
  ok: nonNegative,
  blocked: nonNegative,
  failed: nonNegative,
  errors: nonNegative,
  dropped: nonNegative,
  rps: nonNegative,
  errorRate: fraction,
  blockRate: fraction,
  latencyMs: z.object({ p50: nonNegative, p95: nonNegative, p99: nonNegative }),
});

const journeyResult = z.object({
  name: z.string(),
  category: z.string().optional(),
  weight: nonNegative,
  steps: z.array(z.string(), { error: expecting('a list of step row names') }),
  ...figures,
});

const wholeCount = z
  .number({ error: expecting('a whole number from 0') })
  .int({ error: expecting('a whole number from 0') })
  .nonnegative({ error: expecting('a whole number from 0') });

const setupSummary = z.object(
  {
    perVu: z.boolean({ error: expecting('true or false') }),
    measured: z.boolean({ error: expecting('true or false') }),
    runs: wholeCount,
    failed: wholeCount,
    firstFailure: z.string({ error: expecting('the first failed log-in as text') }).optional(),
  },
  { error: expecting('a mapping with perVu, measured, runs and failed') },
);

const selection = z.object({
  categories: z.array(z.string()),
  scenarios: z.array(z.string()),
  leftOut: z.array(z.string()),
});

const PROFILE_HASH_FORM = 'a sha256 digest in hex (64 characters 0-9a-f)';

/** A shard's share (`--shard i/N`); `loadgate merge` checks the set of them. */
const shardInfo = z.object(
  {
    index: wholePositive,
    count: wholePositive,
    startAtEpochMs: nonNegative.optional(),
    startSkewMs: z
      .number({ error: expecting('milliseconds') })
      .finite()
      .optional(),
  },
  { error: expecting('a mapping with index and count') },
);

/** Written by `loadgate merge`: the skew guard of the verdict reads `maxStartSkewMs`. */
const mergeInfo = z.object(
  { shards: wholePositive, maxStartSkewMs: nonNegative.optional() },
  { error: expecting('a mapping with shards') },
);

export const resultsFileV1Schema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  profile: z.object({
    name: z.string(),
    hash: z
      .string({ error: expecting(PROFILE_HASH_FORM) })
      .regex(/^[0-9a-f]{64}$/, { error: expecting(PROFILE_HASH_FORM) })
      .optional(),
  }),
  shard: shardInfo.optional(),
  merged: mergeInfo.optional(),
  sideBySide: z
    .object(
      { side: z.enum(['target', 'baseline']), otherTarget: z.string() },
      { error: expecting('a mapping with side (target or baseline) and otherTarget') },
    )
    .optional(),
  target: z.string(),
  startedAt: z.string(),
  durationMs: nonNegative,
  status: z.enum(['completed', 'interrupted', 'aborted']),
  abortReason: z.string().optional(),
  warnings: z.array(z.string(), { error: expecting('a list of warning lines') }).optional(),
  run: runLabels.optional(),
  load: z.object({
    executor: z.string(),
    connections: nonNegative,
    maxInFlight: nonNegative,
    onMaxInFlight: z.enum(['queue', 'drop']),
    warmupMs: nonNegative,
    protocol: z.enum(['http1', 'http2']).optional(),
    maxConcurrentStreams: z.number().int().min(1).optional(),
    protocolsSeen: z.array(z.enum(['http1', 'http2'])).optional(),
  }),
  selection: selection.optional(),
  ...figures,
  scenarios: z.array(
    z.object({
      name: z.string(),
      category: z.string().optional(),
      method: z.string(),
      path: z.string(),
      weight: nonNegative,
      journey: z.string({ error: expecting("the name of the row's journey") }).optional(),
      setup: z.literal(true, { error: expecting('true (a measured setup request)') }).optional(),
      ...figures,
      timeline: z.array(timelinePoint),
    }),
  ),
  categories: z.array(categoryResult).optional(),
  journeys: z.array(journeyResult).optional(),
  setup: setupSummary.optional(),
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

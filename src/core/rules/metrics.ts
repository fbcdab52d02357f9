/**
 * The metric registry: for every `MetricName` its unit, which way is worse, its report label and
 * how its values are written. Rules, comparisons, reports and the editor schema all read
 * metrics through here (`metricInfo`), so a metric means the same thing everywhere. Besides the
 * fixed names, any latency percentile is a metric (`p97.5`): its value comes from the scope's
 * latency histogram (judge/read-metric.ts reads values; this file reads no figures).
 */
import { parseCount, parseDurationMs, parsePercent, parseRatePerSec } from '../input/units.js';

import type {
  Direction,
  FixedMetricName,
  JsonSchema,
  MetricName,
  MetricUnit,
  PercentileMetricName,
} from './types.js';

export interface MetricInfo {
  unit: MetricUnit;
  /** Which way is worse; `none` for blockRate, whose rules must say `<` or `>` themselves. */
  direction: Direction;
  /** How reports name it: `p95`, `error rate`, `throughput`, `p97.5`. */
  label: string;
  /** One line for the editor schema: what the value is, in which unit. */
  description: string;
  /** True for metrics that exist only for the whole run, never per scenario. */
  wholeRunOnly: boolean;
  /** For latency percentiles (min is 0, max is 100): the percentile, 0..100. */
  percentile?: number;
  /** True when the value is not in `Figures` but read from the latency histogram (any
   * percentile without a fixed name): the judge reads it through `RunExtras.percentilesMs`. */
  fromHistogram: boolean;
}

const LOWER: Direction = 'lower-is-better';

function define(
  unit: MetricUnit,
  direction: Direction,
  label: string,
  description: string,
  wholeRunOnly = false,
): MetricInfo {
  return { unit, direction, label, description, wholeRunOnly, fromHistogram: false };
}

function latency(label: string, description: string, percentile?: number): MetricInfo {
  const info = define('ms', LOWER, label, `${description} (ms)`);
  return percentile === undefined ? info : { ...info, percentile };
}

/** Every metric with a name of its own, in the order reports list them. */
export const METRICS: Readonly<Record<FixedMetricName, MetricInfo>> = {
  p50: latency('p50', 'Median latency from the intended send time', 50),
  p90: latency('p90', '90th percentile latency', 90),
  p95: latency('p95', '95th percentile latency', 95),
  p99: latency('p99', '99th percentile latency', 99),
  p999: latency('p99.9', '99.9th percentile latency', 99.9),
  max: latency('max', 'Slowest request (p100)', 100),
  mean: latency('mean', 'Mean latency'),
  min: latency('min', 'Fastest request (p0)', 0),
  errorRate: define(
    'fraction',
    LOWER,
    'error rate',
    'Share of requests failed or without an answer (0..1 or a percentage)',
  ),
  blockRate: define(
    'fraction',
    'none',
    'block rate',
    'Share of requests answered with an expected 4xx (a WAF or policy block); rules need < or >',
  ),
  dropRate: define(
    'fraction',
    LOWER,
    'drop rate',
    'Share of arrivals never sent (dropped or still queued at the end)',
  ),
  rps: define(
    'rps',
    'higher-is-better',
    'throughput',
    'Requests completed per second over the measured window',
  ),
  requests: define(
    'count',
    'higher-is-better',
    'requests',
    'Requests completed (k6 http_reqs count)',
  ),
  dropped: define('count', LOWER, 'dropped', 'Arrivals never sent (k6 dropped_iterations count)'),
  droppedRps: define(
    'rps',
    LOWER,
    'dropped/s',
    'Arrivals never sent, per second of the measured window (k6 dropped_iterations rate)',
  ),
  // The results file keeps send lag for the whole run only (`sendLagMs`).
  sendLagP99: define(
    'ms',
    LOWER,
    'send lag p99',
    "99th percentile of the generator's lag behind its schedule (ms)",
    true,
  ),
  // Only a result merged from shards that waited for one --start-at has it (`merged`).
  startSkew: define(
    'ms',
    LOWER,
    'start skew',
    "Largest gap between a shard's real start and the agreed --start-at, in a result merged by loadgate merge (ms)",
    true,
  ),
};

/** Metric names of their own, in registry order (percentiles like `p97.5` come on top). */
export const METRIC_NAMES = Object.keys(METRICS) as readonly FixedMetricName[];

/** Percentiles that have a name of their own. */
export const NAMED_PERCENTILES: ReadonlyMap<number, FixedMetricName> = new Map(
  METRIC_NAMES.flatMap((name) => {
    const q = METRICS[name].percentile;
    return q === undefined ? [] : [[q, name] as const];
  }),
);

/**
 * The metric of latency percentile `q` (0..100): its fixed name when it has one (`p95`, `p999`
 * for 99.9, `min` for 0, `max` for 100), else `p` and the number as JavaScript writes it
 * (`p97.5`). Equal numbers give one name however they were written (`97.50` → `p97.5`).
 * @throws RangeError when `q` is not a number from 0 to 100 (callers check first).
 */
export function percentileMetric(q: number): MetricName {
  if (!Number.isFinite(q) || q < 0 || q > 100) throw new RangeError(`no percentile ${q}`);
  return NAMED_PERCENTILES.get(q) ?? (`p${q}` as PercentileMetricName);
}

const percentileInfos = new Map<number, MetricInfo>();

function describePercentile(q: number): MetricInfo {
  let info = percentileInfos.get(q);
  if (info === undefined) {
    info = {
      ...define('ms', LOWER, `p${q}`, `Latency percentile ${q} (ms)`),
      percentile: q,
      fromHistogram: true,
    };
    percentileInfos.set(q, info);
  }
  return info;
}

/** The percentile a `p…` name spells, when it is the canonical spelling of one without a name. */
function readPercentileName(name: string): number | undefined {
  if (!name.startsWith('p') || name.length < 2) return undefined;
  const q = Number(name.slice(1));
  if (!Number.isFinite(q) || q < 0 || q > 100 || NAMED_PERCENTILES.has(q)) return undefined;
  return `p${q}` === name ? q : undefined;
}

/** What `name` is, or `undefined` when it names no metric (case-sensitive). */
export function lookupMetric(name: string): MetricInfo | undefined {
  if (Object.hasOwn(METRICS, name)) return METRICS[name as FixedMetricName];
  const q = readPercentileName(name);
  return q === undefined ? undefined : describePercentile(q);
}

/**
 * What a metric is: unit, direction, label. The one place that answers it for fixed
 * names and percentiles alike.
 * @throws Error for a string that is no `MetricName` (a bug: parsers only make valid names).
 */
export function metricInfo(metric: MetricName): MetricInfo {
  const info = lookupMetric(metric);
  if (info === undefined) throw new Error(`unknown metric ${JSON.stringify(metric)}`);
  return info;
}

/** True when `name` is a `MetricName` as spelt in rules (case-sensitive; `p97.5`, not `p97.50`). */
export function isMetricName(name: string): name is MetricName {
  return lookupMetric(name) !== undefined;
}

/**
 * A metric key as users write it in `thresholds` and `regressions`: a fixed name, or `p` and a
 * decimal percentile from 0 to 100 (`p97`, `p99.99`, `p0.5`). The one spelling of the fixed
 * names stays theirs: `p999` is p99.9, as it always was.
 */
export const PERCENTILE_KEY_RE = /^p(\d+(?:\.\d+)?)$/;

/** `PERCENTILE_KEY_RE` limited to 0..100, for the editor schema (JSON Schema has no ranges on keys). */
export const PERCENTILE_KEY_PATTERN = '^p0*(\\d{1,2}(\\.\\d+)?|100(\\.0+)?)$';

/** How a percentile key is written, for `expected …` messages. */
export const PERCENTILE_KEY_FORM = 'a percentile from p0 to p100 like p97.5';

/**
 * Reads a key of a rules section: the metric it names, a message when it looks like a
 * percentile but is none (`p101`), or `undefined` when it is no metric key at all.
 */
export function readMetricKey(
  key: string,
): { metric: MetricName } | { message: string } | undefined {
  if (Object.hasOwn(METRICS, key)) return { metric: key as FixedMetricName };
  const digits = PERCENTILE_KEY_RE.exec(key)?.[1];
  if (digits === undefined) {
    const lower = `p${key.slice(1)}`;
    return key.startsWith('P') && PERCENTILE_KEY_RE.test(lower)
      ? { message: `expected lower-case ${lower}, got ${JSON.stringify(key)}` }
      : undefined;
  }
  const q = Number(digits);
  if (q > 100) {
    return {
      message: `expected ${PERCENTILE_KEY_FORM} (p999 means p99.9), got ${JSON.stringify(key)}`,
    };
  }
  return { metric: percentileMetric(q) };
}

/**
 * Metrics in the order reports list them: registry order, each percentile without a name just
 * before the first named percentile above it (p97.5 between p95 and p99).
 */
export function orderMetrics(metrics: Iterable<MetricName>): MetricName[] {
  const rank = (metric: MetricName): number => {
    const index = METRIC_NAMES.indexOf(metric as FixedMetricName);
    if (index >= 0) return index;
    const q = metricInfo(metric).percentile ?? 100;
    const above = METRIC_NAMES.findIndex((name) => (METRICS[name].percentile ?? -1) > q);
    return (above < 0 ? METRIC_NAMES.length : above) - 0.5 + q / 1000;
  };
  return [...metrics].sort((a, b) => rank(a) - rank(b));
}

/** How a value in each unit may be written, for `expected …` messages. */
export const VALUE_FORMS: Readonly<Record<MetricUnit, string>> = {
  ms: 'a latency like 300ms, 1.5s or 300 (ms)',
  fraction: 'a percentage like 1% or a fraction from 0 to 1 like 0.01',
  rps: 'a rate like 100 or 100/s',
  count: 'a whole number like 0',
};

const PLAIN_NUMBER_RE = /^\d+(?:\.\d+)?$/;

/** `"0.01"` → 0.01: comparator strings (`>= 0.99`) and k6 expressions carry numbers as text. */
function readPlainNumber(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const text = input.trim();
  return PLAIN_NUMBER_RE.test(text) ? Number(text) : undefined;
}

function parseFraction(input: string | number): number | undefined {
  const plain = readPlainNumber(input);
  const fraction = plain ?? (typeof input === 'string' ? parsePercent(input) : undefined);
  // Rates cannot exceed 100 %; `errorRate: 5` is far more likely "5 %" than a rule that never fails.
  return fraction !== undefined && fraction <= 1 ? fraction : undefined;
}

/**
 * Reads a value written in `metric`'s unit, returning the base unit, or `undefined` when it is
 * malformed, negative or out of range:
 * - ms (latency, send lag): `300ms`, `1.5s`, `1m`; a bare number (`300`, `"300"`) means ms,
 *   as in k6's thresholds (profile durations refuse bare numbers: there the unit is ambiguous).
 * - fraction (rates): `1%`, `0.5 %`, or a number 0..1 (`0.01`, `"0.01"`); above 100 % is invalid.
 * - rps: `100`, `100/s`, `6000/m` (see `parseRatePerSec`).
 * - count: a whole number (`0`, `"3"`).
 */
export function parseMetricValue(metric: MetricName, input: string | number): number | undefined {
  switch (metricInfo(metric).unit) {
    case 'ms':
      return (
        readPlainNumber(input) ?? (typeof input === 'string' ? parseDurationMs(input) : undefined)
      );
    case 'fraction':
      return parseFraction(input);
    case 'rps':
      return parseRatePerSec(input);
    case 'count':
      return parseCount(input);
  }
}

/**
 * The metric keys of a rules section (or of one scenario's block), for the editor schema:
 * every fixed name as a property, so editors offer them, and percentiles by pattern, each a
 * reference to `#/$defs/<prefix>.<metric>` (`<prefix>.pN` for percentiles without a name; see
 * `metricJsonSchemaDefs`). `scope` `scenario` leaves out metrics of the whole run only.
 */
export function metricKeysJsonSchema(prefix: string, scope: 'run' | 'scenario'): JsonSchema {
  const names = METRIC_NAMES.filter((name) => scope === 'run' || !METRICS[name].wholeRunOnly);
  const ref = (name: string) => ({ $ref: `#/$defs/${prefix}.${name}` });
  return {
    properties: Object.fromEntries(names.map((name) => [name, ref(name)])),
    patternProperties: { [PERCENTILE_KEY_PATTERN]: ref('pN') },
  };
}

/** The `$defs` `metricKeysJsonSchema` refers to: `describe` of every metric, under `prefix`. */
export function metricJsonSchemaDefs(
  prefix: string,
  describe: (metric: MetricName) => JsonSchema,
): Record<string, JsonSchema> {
  const anyPercentile = {
    ...describe(percentileMetric(97.5)),
    description: 'Any latency percentile pN, 0 ≤ N ≤ 100, in ms (p97.5, p99.99, p0.1).',
  };
  return Object.fromEntries([
    ...METRIC_NAMES.map((name) => [`${prefix}.${name}`, describe(name)] as const),
    [`${prefix}.pN`, anyPercentile],
  ]);
}

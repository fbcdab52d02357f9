/**
 * The numbers behind the HTML report's charts: per-second (or per-window) series of both runs
 * on one x grid, the latency percentile distribution read from the stored histograms, and the
 * trend of a history series. Only numbers and labels made here go into the charts: no text from
 * a results or history file, so nothing user-supplied reaches the chart library.
 */
import type { HistoryEntry } from '../history/types.js';
import type { ResultsFileV1 } from '../result/types.js';
import type { TimelinePoint } from '../stats/figures.js';
import { decodeHistogram } from '../stats/histogram.js';
import { readWidthSec } from '../stats/timeline.js';

/** Points a series has at most, so a long run's report stays small. */
export const MAX_CHART_POINTS = 2_000;

/** How a chart's x values read: seconds into the run, a percentile (1 / (1 − q)), epoch s. */
export type ChartAxis = 'seconds' | 'percentile' | 'time';

export interface ChartSeries {
  label: string;
  /** A CSS colour. */
  color: string;
  /** Drawn dashed: the baseline's series. */
  dashed?: boolean;
  /** One per x; `null` where this series has no point. */
  values: (number | null)[];
}

/** One chart, in the aligned form uPlot draws: one x array, every series as long. */
export interface ChartSpec {
  /** The element id suffix (`chart-<id>`), made here: letters and dashes. */
  id: string;
  title: string;
  /** The y values' unit: `ms` axes are labelled as latencies. */
  unit: 'req/s' | 'ms' | 'errors/s' | '%';
  axis: ChartAxis;
  /** Ascending. */
  x: number[];
  series: ChartSeries[];
}

const CURRENT = '#1f6feb';
const BASELINE = '#8b949e';
const ERRORS = '#cf222e';
const DROPPED = '#bf8700';
const PERCENTILE_COLORS = { p50: '#2da44e', p95: '#1f6feb', p99: '#8250df' } as const;

/** One timeline point reduced to what the charts draw, per second of the time it covers. */
interface ChartPoint {
  /** Seconds into the run where the point's time ends up drawn: the middle of what it covers. */
  x: number;
  widthSec: number;
  requestsPerSec: number;
  errorsPerSec: number;
  droppedPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  /** Whether anything completed in it (latency is meaningless otherwise). */
  answered: boolean;
}

function toChartPoint(point: TimelinePoint): ChartPoint {
  const widthSec = Math.max(readWidthSec(point), Number.MIN_VALUE);
  return {
    x: point.t + widthSec / 2,
    widthSec,
    requestsPerSec: point.requests / widthSec,
    errorsPerSec: (point.failed + point.errors) / widthSec,
    droppedPerSec: point.dropped / widthSec,
    p50: point.p50,
    p95: point.p95,
    p99: point.p99,
    answered: point.requests > 0,
  };
}

/**
 * A timeline as at most `maxPoints` chart points. Longer ones are cut into consecutive groups
 * of equal count; a group's rates are its counts over the seconds it covers (exact), and its
 * latency percentiles the highest of its points', an upper envelope: downsampling may not hide
 * a spike. A soak's wide windows (`widthSec`) are drawn at their middle and weigh by their width.
 */
export function downsampleTimeline(
  timeline: readonly TimelinePoint[],
  maxPoints: number = MAX_CHART_POINTS,
): ChartPoint[] {
  const points = timeline.map(toChartPoint);
  if (points.length <= maxPoints) return points;
  const size = Math.ceil(points.length / Math.max(1, maxPoints));
  const groups: ChartPoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const group = points.slice(start, start + size);
    const first = timeline[start] as TimelinePoint;
    const widthSec = group.reduce((sum, p) => sum + p.widthSec, 0);
    const total = (read: (p: ChartPoint) => number) =>
      group.reduce((sum, p) => sum + read(p) * p.widthSec, 0) / widthSec;
    const answered = group.filter((p) => p.answered);
    const highest = (read: (p: ChartPoint) => number) =>
      answered.length === 0 ? 0 : Math.max(...answered.map(read));
    groups.push({
      x: first.t + widthSec / 2,
      widthSec,
      requestsPerSec: total((p) => p.requestsPerSec),
      errorsPerSec: total((p) => p.errorsPerSec),
      droppedPerSec: total((p) => p.droppedPerSec),
      p50: highest((p) => p.p50),
      p95: highest((p) => p.p95),
      p99: highest((p) => p.p99),
      answered: answered.length > 0,
    });
  }
  return groups;
}

/** Rounds a value for the page: 4 significant digits are more than a chart shows. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : 0;
}

/** Rounds an x (seconds into a run, up to days) to the millisecond: distinct points stay apart. */
function roundX(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** Series on their own x values, put on the union of them (sorted), `null` where one has none. */
function align(runs: readonly { x: readonly number[]; values: readonly (number | null)[] }[]): {
  x: number[];
  values: (number | null)[][];
} {
  const x = [...new Set(runs.flatMap((run) => run.x))].sort((a, b) => a - b);
  const index = new Map(x.map((value, i) => [value, i]));
  const values = runs.map((run) => {
    const aligned: (number | null)[] = new Array(x.length).fill(null);
    run.x.forEach((value, i) => {
      aligned[index.get(value) as number] = run.values[i] ?? null;
    });
    return aligned;
  });
  return { x, values };
}

interface RunSeries {
  label: string;
  color: string;
  dashed?: boolean;
  points: readonly ChartPoint[];
  read: (p: ChartPoint) => number | null;
}

function chartOf(
  head: Omit<ChartSpec, 'x' | 'series'>,
  series: readonly RunSeries[],
): ChartSpec | undefined {
  const present = series.filter((s) => s.points.length > 0);
  if (present.length === 0) return undefined;
  const { x, values } = align(
    present.map((s) => ({
      x: s.points.map((p) => roundX(p.x)),
      values: s.points.map((p) => {
        const value = s.read(p);
        return value === null ? null : round(value);
      }),
    })),
  );
  return {
    ...head,
    x,
    series: present.map((s, i) => ({
      label: s.label,
      color: s.color,
      ...(s.dashed ? { dashed: true } : {}),
      values: values[i] ?? [],
    })),
  };
}

/**
 * The time series of the run against its baseline: throughput (completed requests per second),
 * latency p50/p95/p99 of the requests completed in each second (gaps where none completed),
 * and errors (failed + no answer) and dropped arrivals per second. Each run is on its own
 * seconds-since-start axis, so both start at 0. Charts with no points at all are left out.
 */
export function buildTimelineCharts(
  current: ResultsFileV1,
  baseline?: ResultsFileV1,
  maxPoints: number = MAX_CHART_POINTS,
): ChartSpec[] {
  const now = downsampleTimeline(current.timeline, maxPoints);
  const base = baseline ? downsampleTimeline(baseline.timeline, maxPoints) : [];
  const latency = (read: (p: ChartPoint) => number) => (p: ChartPoint) =>
    p.answered ? read(p) : null;
  const hasDropped = [...now, ...base].some((p) => p.droppedPerSec > 0);
  const charts = [
    chartOf({ id: 'throughput', title: 'Throughput', unit: 'req/s', axis: 'seconds' }, [
      { label: 'current', color: CURRENT, points: now, read: (p) => p.requestsPerSec },
      {
        label: 'baseline',
        color: BASELINE,
        dashed: true,
        points: base,
        read: (p) => p.requestsPerSec,
      },
    ]),
    chartOf(
      { id: 'latency', title: 'Latency per second (p50, p95, p99)', unit: 'ms', axis: 'seconds' },
      (['p50', 'p95', 'p99'] as const).flatMap((key) => [
        {
          label: `current ${key}`,
          color: PERCENTILE_COLORS[key],
          points: now,
          read: latency((p) => p[key]),
        },
        {
          label: `baseline ${key}`,
          color: PERCENTILE_COLORS[key],
          dashed: true,
          points: base,
          read: latency((p) => p[key]),
        },
      ]),
    ),
    chartOf({ id: 'errors', title: 'Errors per second', unit: 'errors/s', axis: 'seconds' }, [
      { label: 'current errors', color: ERRORS, points: now, read: (p) => p.errorsPerSec },
      {
        label: 'baseline errors',
        color: BASELINE,
        dashed: true,
        points: base,
        read: (p) => p.errorsPerSec,
      },
      ...(hasDropped
        ? [
            {
              label: 'current dropped',
              color: DROPPED,
              points: now,
              read: (p: ChartPoint) => p.droppedPerSec,
            },
            {
              label: 'baseline dropped',
              color: DROPPED,
              dashed: true,
              points: base,
              read: (p: ChartPoint) => p.droppedPerSec,
            },
          ]
        : []),
    ]),
  ];
  return charts.filter((chart): chart is ChartSpec => chart !== undefined);
}

/** Scenarios the report charts at most, one chart each (the rest are counted, not drawn). */
export const MAX_SCENARIO_CHARTS = 12;
/** Points a scenario's chart has at most: a twelfth of the page's budget for the run's charts. */
export const MAX_SCENARIO_CHART_POINTS = 300;

/** One scenario's chart; `name` is for the page's heading (escaped there), never chart data. */
export interface ScenarioChart {
  name: string;
  chart: ChartSpec;
}

/**
 * One chart per scenario of its p95 latency per second (the upper envelope when downsampled,
 * as in {@link downsampleTimeline}), the baseline's same-named scenario dashed beside it. At
 * most `maxCharts` scenarios, taken in `order` (names; default the results file's order, names
 * not in the run ignored), only those with timeline points; `leftOut` counts the others that
 * had points. Empty for a run of fewer than two scenarios: its chart would repeat the whole
 * run's. Chart ids are `scenario-1`, `scenario-2` … and titles are made here, so no scenario
 * name reaches the chart library.
 */
export function buildScenarioCharts(
  current: ResultsFileV1,
  baseline?: ResultsFileV1,
  options: { order?: readonly string[]; maxCharts?: number; maxPoints?: number } = {},
): { charts: ScenarioChart[]; leftOut: number } {
  if (current.scenarios.length < 2) return { charts: [], leftOut: 0 };
  const maxCharts = options.maxCharts ?? MAX_SCENARIO_CHARTS;
  const maxPoints = options.maxPoints ?? MAX_SCENARIO_CHART_POINTS;
  const byName = new Map(current.scenarios.map((s) => [s.name, s]));
  const names = [...new Set(options.order ?? current.scenarios.map((s) => s.name))];
  const drawable = names.flatMap((name) => {
    const scenario = byName.get(name);
    return scenario && scenario.timeline.length > 0 ? [scenario] : [];
  });
  const p95 = (p: ChartPoint) => (p.answered ? p.p95 : null);
  const charts = drawable.slice(0, Math.max(0, maxCharts)).flatMap((scenario, i) => {
    const base = baseline?.scenarios.find((b) => b.name === scenario.name);
    const chart = chartOf(
      {
        id: `scenario-${i + 1}`,
        title: `Scenario ${i + 1}: p95 latency per second`,
        unit: 'ms',
        axis: 'seconds',
      },
      [
        {
          label: 'current p95',
          color: PERCENTILE_COLORS.p95,
          points: downsampleTimeline(scenario.timeline, maxPoints),
          read: p95,
        },
        {
          label: 'baseline p95',
          color: BASELINE,
          dashed: true,
          points: base ? downsampleTimeline(base.timeline, maxPoints) : [],
          read: p95,
        },
      ],
    );
    return chart ? [{ name: scenario.name, chart }] : [];
  });
  return { charts, leftOut: drawable.length - charts.length };
}

/** Steps per decade of 1 / (1 − q): 10 gives 90, 93.7, 95, 96, … % between 90 % and 99 %. */
const STEPS_PER_DECADE = 10;
/** The deepest percentile drawn: 99.9999 %. */
const MAX_DECADES = 6;

/**
 * A latency histogram's percentile distribution, HdrHistogram style: x = 1 / (1 − q) on a log
 * axis (1 = p0, 10 = p90, 100 = p99, 1000 = p99.9), y the latency in ms at q. Points go only as
 * deep as the histogram has values (1 / (1 − q) ≤ its count), then one point at the maximum at
 * the next step. Undefined for an empty or undecodable histogram.
 */
export function readPercentileDistribution(
  encoded: string,
): { x: number[]; ms: number[] } | undefined {
  let histogram: ReturnType<typeof decodeHistogram>;
  try {
    histogram = decodeHistogram(encoded);
  } catch {
    return undefined;
  }
  try {
    const count = histogram.totalCount;
    if (count === 0) return undefined;
    const x: number[] = [];
    const ms: number[] = [];
    for (let step = 0; step <= STEPS_PER_DECADE * MAX_DECADES; step++) {
      const at = round(10 ** (step / STEPS_PER_DECADE));
      if (at > count) {
        x.push(at);
        ms.push(round(histogram.getValueAtPercentile(100) / 1000));
        break;
      }
      x.push(at);
      ms.push(round(histogram.getValueAtPercentile(100 * (1 - 1 / at)) / 1000));
    }
    return { x, ms };
  } finally {
    histogram.destroy();
  }
}

/** Both runs' latency percentile distributions on one chart; undefined when neither has one. */
export function buildDistributionChart(
  current: ResultsFileV1,
  baseline?: ResultsFileV1,
): ChartSpec | undefined {
  const runs = [
    {
      label: 'current',
      color: CURRENT,
      dashed: false,
      dist: readPercentileDistribution(current.histogram),
    },
    {
      label: 'baseline',
      color: BASELINE,
      dashed: true,
      dist: baseline ? readPercentileDistribution(baseline.histogram) : undefined,
    },
  ].filter((run) => run.dist !== undefined);
  if (runs.length === 0) return undefined;
  const { x, values } = align(
    runs.map((run) => ({ x: run.dist?.x ?? [], values: run.dist?.ms ?? [] })),
  );
  return {
    id: 'distribution',
    title: 'Latency by percentile (whole run)',
    unit: 'ms',
    axis: 'percentile',
    x,
    series: runs.map((run, i) => ({
      label: run.label,
      color: run.color,
      ...(run.dashed ? { dashed: true } : {}),
      values: values[i] ?? [],
    })),
  };
}

/** Runs of a history series the trend charts show at most (the newest). */
export const MAX_TREND_POINTS = 500;

/**
 * The trend of a history series (oldest first): p50/p95/p99 by run, and throughput and error
 * rate by run, x = the run's start (epoch seconds). Entries whose time does not parse are left
 * out; runs at the same second keep the later one. Empty for fewer than two runs.
 */
export function buildTrendCharts(entries: readonly HistoryEntry[]): ChartSpec[] {
  const byTime = new Map<number, HistoryEntry>();
  for (const entry of entries.slice(-MAX_TREND_POINTS)) {
    const ms = Date.parse(entry.at);
    if (Number.isFinite(ms)) byTime.set(Math.round(ms / 1000), entry);
  }
  const x = [...byTime.keys()].sort((a, b) => a - b);
  if (x.length < 2) return [];
  const rows = x.map((at) => byTime.get(at) as HistoryEntry);
  const series = (label: string, color: string, read: (e: HistoryEntry) => number) => ({
    label,
    color,
    values: rows.map((e) => round(read(e))),
  });
  return [
    {
      id: 'trend-latency',
      title: 'Latency by run (history)',
      unit: 'ms',
      axis: 'time',
      x,
      series: [
        series('p50', PERCENTILE_COLORS.p50, (e) => e.overall.latencyMs.p50),
        series('p95', PERCENTILE_COLORS.p95, (e) => e.overall.latencyMs.p95),
        series('p99', PERCENTILE_COLORS.p99, (e) => e.overall.latencyMs.p99),
      ],
    },
    {
      id: 'trend-throughput',
      title: 'Throughput by run (history)',
      unit: 'req/s',
      axis: 'time',
      x,
      series: [series('throughput', CURRENT, (e) => e.overall.rps)],
    },
    {
      id: 'trend-errors',
      title: 'Error rate by run (history)',
      unit: '%',
      axis: 'time',
      x,
      series: [series('error rate', ERRORS, (e) => e.overall.errorRate * 100)],
    },
  ];
}

import { formatRunDuration } from '../input/format-units.js';
import type { TimelinePoint } from '../stats/figures.js';

/** Points per line at most: more would be unreadable in a comment-sized chart. */
export const MAX_CHART_POINTS = 60;

const CURRENT_COLOR = '#2563eb';
const BASELINE_COLOR = '#9ca3af';

/** Seconds of timeline covered: one past the last second recorded. */
function spanSeconds(timeline: readonly TimelinePoint[]): number {
  return timeline.reduce((span, p) => Math.max(span, Math.floor(p.t) + 1), 0);
}

/**
 * p95 per bucket of `bucketSeconds` over the first `seconds` of the timeline, taking the
 * highest p95 within each bucket so short spikes survive the downsampling.
 */
export function downsampleP95(
  timeline: readonly TimelinePoint[],
  seconds: number,
  bucketSeconds: number,
): number[] {
  const buckets = new Array<number>(Math.ceil(seconds / bucketSeconds)).fill(0);
  for (const point of timeline) {
    if (point.t < 0 || point.t >= seconds || !Number.isFinite(point.p95)) continue;
    const i = Math.floor(point.t / bucketSeconds);
    buckets[i] = Math.max(buckets[i] ?? 0, point.p95);
  }
  return buckets;
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: a y-axis top that reads well. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return Number((step * power).toPrecision(3));
}

function formatPoint(ms: number): string {
  return String(Number(ms.toPrecision(3)));
}

/**
 * The whole run's p95 latency per second as a Mermaid `xychart-beta` line chart (x: seconds,
 * y: ms), the baseline as a second line when given, with a line saying which is which (the
 * chart has no legend). Runs of different lengths are charted over the shorter one. Empty when
 * there are fewer than two seconds to draw.
 */
export function renderLatencyChart(
  current: readonly TimelinePoint[],
  baseline?: readonly TimelinePoint[],
): string[] {
  const currentSpan = spanSeconds(current);
  const baselineSpan = baseline ? spanSeconds(baseline) : currentSpan;
  const seconds = Math.min(currentSpan, baselineSpan);
  if (seconds < 2) return [];
  const bucketSeconds = Math.ceil(seconds / MAX_CHART_POINTS);
  const currentLine = downsampleP95(current, seconds, bucketSeconds);
  const baselineLine = baseline ? downsampleP95(baseline, seconds, bucketSeconds) : undefined;
  const top = niceCeiling(Math.max(...currentLine, ...(baselineLine ?? [])));
  const lastX = (currentLine.length - 1) * bucketSeconds;
  const palette = baselineLine ? `${BASELINE_COLOR}, ${CURRENT_COLOR}` : CURRENT_COLOR;
  const fence = [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    '  title "p95 latency per second"',
    `  x-axis "seconds" 0 --> ${lastX}`,
    `  y-axis "p95 (ms)" 0 --> ${top}`,
    ...(baselineLine ? [`  line [${baselineLine.map(formatPoint).join(', ')}]`] : []),
    `  line [${currentLine.map(formatPoint).join(', ')}]`,
    '```',
  ].join('\n');
  const bucket = bucketSeconds === 1 ? 'each second' : `the highest within each ${bucketSeconds} s`;
  const legend = baselineLine
    ? `Blue: this run's p95 latency; grey: the baseline's (${bucket}).`
    : `Blue: this run's p95 latency (${bucket}).`;
  const span =
    baseline && currentSpan !== baselineSpan
      ? ` The runs differ in length (this run ${formatRunDuration(currentSpan * 1000)}, the baseline ${formatRunDuration(baselineSpan * 1000)}); the chart covers the first ${formatRunDuration(seconds * 1000)} of both.`
      : '';
  return [fence, `${legend}${span}`];
}

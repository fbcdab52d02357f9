import { formatCount, formatPercent, formatSignedRelative, signOf } from '../input/format-units.js';
import type {
  ChangeStatus,
  MetricComparison,
  ScenarioComparison,
  Significance,
  ThresholdResult,
} from '../judge/types.js';
import { lookupMetric } from '../rules/metrics.js';
import { formatMetricDelta, formatMetricValue } from '../rules/rule-text.js';
import type { Level, MetricName, MetricUnit } from '../rules/types.js';
import { escapeText, renderTable } from './markdown-escape.js';

/** The name `compare` gives the whole run among the scenarios. */
export const WHOLE_RUN = 'all';

/** "5 earlier runs", "1 earlier run". */
function formatEarlierRuns(n: number): string {
  return `${formatCount(n)} earlier run${n === 1 ? '' : 's'}`;
}

/**
 * "95 % CI +0.8…+1.6 ms, p 0.003"; "p 0.003 across 5 earlier runs" (between-run test); or why
 * noise could not be judged.
 */
function describeSignificance(s: Significance, m: MetricComparison): string | undefined {
  if (s.method === 'insufficient-data') {
    return s.runs !== undefined
      ? `too few earlier runs to test noise (${formatCount(s.runs)})`
      : 'too few windows to test noise';
  }
  if (s.method === 'between-runs') {
    const p = s.pValue !== undefined ? `p ${formatPValue(s.pValue)} ` : '';
    return `${p}across ${formatEarlierRuns(s.runs ?? 0)}`;
  }
  const parts: string[] = [];
  if (s.low !== undefined && s.high !== undefined) {
    parts.push(`${formatPercent(s.confidence)} CI ${formatSignedRange(s.low, s.high, m.unit)}`);
  }
  if (s.pValue !== undefined) parts.push(`p ${formatPValue(s.pValue)}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** "+12.3 % (+1.2 ms) · 95 % CI +0.8…+1.6 ms, p 0.003"; "–" without a baseline. */
export function formatChangeCell(m: MetricComparison): string {
  if (m.baseline === undefined || m.delta === undefined) return '–';
  const absolute = formatSignedDelta(m.delta, m.unit);
  const change =
    m.relative === undefined ? absolute : `${formatSignedRelative(m.relative)} (${absolute})`;
  const confidence = m.significance && describeSignificance(m.significance, m);
  return confidence ? `${change} · ${confidence}` : change;
}

/** "❌ fail: p95 +10 % and +5 ms" (the deciding rule for anything worse than a pass); "— not gated"
 * for a metric no rule covers. */
export function formatStatusCell(m: MetricComparison): string {
  // A metric no rule covers is shown for context; a ✅ there would claim a check that never ran.
  if (m.rule === undefined && m.status === 'pass') return '— not gated';
  // A pull request's regression that did not fail on every re-measure: it warns.
  const label = m.unconfirmed ? UNCONFIRMED_WARN_LABEL : labelChangeStatus(m.status);
  const showRule =
    m.rule &&
    (m.status === 'warn' ||
      m.status === 'fail' ||
      m.status === 'noise' ||
      m.status === 'unconfirmed' ||
      m.status === 'accepted');
  return showRule ? `${label}: ${escapeText(m.rule ?? '')}` : label;
}

/**
 * A value and, when it was measured again, the re-measured ones in order: "12.5 ms → 10.1 ms",
 * "12.5 ms → 12.9 ms → 12.2 ms"; "–" for none.
 */
export function formatConfirmedValueCell(
  value: number | undefined,
  again: { value: number | undefined } | readonly { value: number | undefined }[] | undefined,
  unit: MetricUnit,
): string {
  const first = formatValueCell(value, unit);
  const later = again === undefined ? [] : 'value' in again ? [again] : again;
  return [first, ...later.map((a) => formatValueCell(a.value, unit))].join(' → ');
}

/** "Current → re-measured" when any row was measured again, else "Current". */
function currentHeader(confirmed: boolean): string {
  return confirmed ? 'Current → re-measured' : 'Current';
}

function renderMetricTable(metrics: readonly MetricComparison[]): string {
  const rows = metrics.map((m) => [
    labelMetric(m.metric),
    formatValueCell(m.baseline, m.unit),
    formatConfirmedValueCell(
      m.current,
      (m.confirmations ?? (m.confirmation ? [m.confirmation] : [])).map((c) => ({
        value: c.current,
      })),
      m.unit,
    ),
    formatChangeCell(m),
    formatStatusCell(m),
  ]);
  const confirmed = metrics.some((m) => m.confirmation !== undefined);
  return renderTable(['Metric', 'Baseline', currentHeader(confirmed), 'Change', 'Status'], rows, [
    'l',
    'r',
    'r',
    'l',
    'l',
  ]);
}

function renderThresholdTable(results: readonly ThresholdResult[]): string {
  const rows = results.map((r) => [
    escapeText(r.rule.source),
    formatConfirmedValueCell(
      r.value,
      r.confirmations ?? r.confirmation,
      unitOfMetric(r.rule.metric),
    ),
    formatThresholdStatus(r),
  ]);
  const value = results.some((r) => r.confirmation !== undefined) ? 'Value → re-measured' : 'Value';
  return renderTable(['Rule', value, 'Status'], rows, ['l', 'r', 'l']);
}

/** "✅ pass"; "❌ fail: p95 412 ms, needs <= 300 ms (critical)"; "🔁 unconfirmed (not gated): …". */
function formatThresholdStatus(r: ThresholdResult): string {
  if (r.unconfirmed) return `${labelChangeStatus('unconfirmed')}: ${escapeText(r.message)}`;
  if (r.accepted) return `${labelChangeStatus('accepted')}: ${escapeText(r.message)}`;
  return r.level === 'pass'
    ? labelLevel(r.level)
    : `${labelLevel(r.level)}: ${escapeText(r.message)}`;
}

/** "#### ❌ checkout · security", or "#### ✅ all scenarios (whole run)". */
export function renderScenarioHeading(s: ScenarioComparison): string {
  const name = s.name === WHOLE_RUN ? 'all scenarios (whole run)' : escapeText(s.name);
  const category = s.category ? ` · ${escapeText(s.category)}` : '';
  return `#### ${labelLevel(s.level)} — ${name}${category}`;
}

/**
 * One scenario's comparison as blocks: its heading, the metrics table
 * (`Metric | Baseline | Current | Change | Status`) and, when it has any, its threshold results
 * (`Rule | Value | Status`).
 */
export function renderScenarioTable(s: ScenarioComparison): string[] {
  const blocks = [renderScenarioHeading(s)];
  if (s.metrics.length > 0) blocks.push(renderMetricTable(s.metrics));
  if (s.thresholds.length > 0) blocks.push(renderThresholdTable(s.thresholds));
  if (s.metrics.length === 0 && s.thresholds.length === 0) blocks.push('No metrics compared.');
  return blocks;
}

/** Cells of the comparison tables: metric names, values, signed changes, p-values. */

/** How the registry names a metric for reports (`p99.9`, `error rate`); unknown: as given. */
export function labelMetric(metric: MetricName): string {
  return lookupMetric(metric)?.label ?? metric;
}

/** The unit a metric's values are in (`count` for an unknown name). */
export function unitOfMetric(metric: MetricName): MetricUnit {
  return lookupMetric(metric)?.unit ?? 'count';
}

/** A value in its unit, readable ("12.3 ms", "734 µs", "1.2 %", "1,235 req/s"); "–" if none. */
export function formatValueCell(value: number | undefined, unit: MetricUnit): string {
  return value === undefined ? '–' : formatMetricValue(unit, value);
}

/**
 * A difference in the metric's unit, signed: "+1.2 ms", "−800 µs", "+12 req/s", "+3".
 * Differences of fractions are percentage points ("+0.5 pp"), not percent of percent.
 */
export function formatSignedDelta(delta: number, unit: MetricUnit): string {
  if (unit !== 'fraction') return formatMetricDelta(unit, delta);
  if (!Number.isFinite(delta)) return '–';
  return `${signOf(delta)}${formatPercent(Math.abs(delta)).replace(/ %$/, ' pp')}`;
}

/** Divisor and suffix that show `ms` readably: µs below 1 ms, s from 1,000 ms. */
function latencyScale(ms: number): [number, string] {
  if (ms >= 1000) return [1000, 's'];
  return ms >= 1 ? [1, 'ms'] : [0.001, 'µs'];
}

/**
 * A range of signed differences, the unit once: "+0.8…+1.6 ms", "−300…+600 µs". Latency ends
 * share the unit that suits the larger one; other units are written in full.
 */
export function formatSignedRange(low: number, high: number, unit: MetricUnit): string {
  if (unit !== 'ms' || !Number.isFinite(low) || !Number.isFinite(high)) {
    return `${formatSignedDelta(low, unit)}…${formatSignedDelta(high, unit)}`;
  }
  const [divisor, suffix] = latencyScale(Math.max(Math.abs(low), Math.abs(high)));
  const end = (ms: number) =>
    `${signOf(ms)}${String(Number(Math.abs(ms / divisor).toPrecision(3)))}`;
  return `${end(low)}…${end(high)} ${suffix}`;
}

/** A p-value with two significant digits, bounded for display: "0.003", "0.21", "< 0.001". */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  if (p > 0.99) return '> 0.99';
  return String(Number(p.toPrecision(2)));
}

/**
 * Icons and words for levels and change statuses. The word always follows the icon: the report
 * must read the same to screen readers and in a plain-text email notification.
 */

const LEVEL_ICONS: Record<Level, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** A pull request's row that failed once but not on every re-measure (`unconfirmed: true`). */
const UNCONFIRMED_WARN_LABEL = '🔁 unconfirmed (warns)';

const CHANGE_LABELS: Record<ChangeStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  improved: '🟢 improved',
  noise: '〰️ within noise',
  unconfirmed: '🔁 unconfirmed (not gated)',
  accepted: '🏷️ accepted (warns)',
  'no-baseline': '➖ no baseline',
};

/** The icon of a verdict or scenario level: ✅, ⚠️ or ❌. */
export function iconOfLevel(level: Level): string {
  return LEVEL_ICONS[level] ?? '❔';
}

/** Icon and word: "❌ fail". */
export function labelLevel(level: Level): string {
  return `${iconOfLevel(level)} ${level}`;
}

/** Icon and words for one metric's change: "🟢 improved", "〰️ within noise", "➖ no baseline". */
export function labelChangeStatus(status: ChangeStatus): string {
  return CHANGE_LABELS[status] ?? status;
}

/** Statuses a reader should look at; a scenario with none of them has nothing notable. */
export function isNotableChange(status: ChangeStatus): boolean {
  return status !== 'pass' && status !== 'no-baseline';
}

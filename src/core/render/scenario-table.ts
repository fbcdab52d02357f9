import { formatPercent, formatSignedRelative } from '../input/format-units.js';
import type {
  MetricComparison,
  ScenarioComparison,
  Significance,
  ThresholdResult,
} from '../judge/types.js';
import { renderTable } from './markdown-blocks.js';
import { escapeText } from './markdown-escape.js';
import {
  formatPValue,
  formatSignedDelta,
  formatSignedRange,
  formatValueCell,
  labelMetric,
  unitOfMetric,
} from './metric-cells.js';
import { labelChangeStatus, labelLevel } from './status-labels.js';

/** The name `compare` gives the whole run among the scenarios. */
export const WHOLE_RUN = 'all';

/** "95 % CI +0.8…+1.6 ms, p 0.003", or why noise could not be judged. */
function describeSignificance(s: Significance, m: MetricComparison): string | undefined {
  if (s.method === 'insufficient-data') return 'too few windows to test noise';
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
  const label = labelChangeStatus(m.status);
  const showRule = m.rule && (m.status === 'warn' || m.status === 'fail' || m.status === 'noise');
  return showRule ? `${label}: ${escapeText(m.rule ?? '')}` : label;
}

function renderMetricTable(metrics: readonly MetricComparison[]): string {
  const rows = metrics.map((m) => [
    labelMetric(m.metric),
    formatValueCell(m.baseline, m.unit),
    formatValueCell(m.current, m.unit),
    formatChangeCell(m),
    formatStatusCell(m),
  ]);
  return renderTable(['Metric', 'Baseline', 'Current', 'Change', 'Status'], rows, [
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
    formatValueCell(r.value, unitOfMetric(r.rule.metric)),
    r.level === 'pass' ? labelLevel(r.level) : `${labelLevel(r.level)}: ${escapeText(r.message)}`,
  ]);
  return renderTable(['Rule', 'Value', 'Status'], rows, ['l', 'r', 'l']);
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

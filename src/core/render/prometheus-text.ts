/**
 * Prometheus text exposition, format 0.0.4: what the Pushgateway accepts (it has no OpenMetrics
 * parser) and what node_exporter's textfile collector and any scraper read. Pure: families in,
 * text out. Threats handled here: a label value with quotes, backslashes or line breaks cannot
 * break out of its sample line; a name that is not a valid metric or label name is refused by
 * a thrown error (names come from this code, never from users: a throw is a bug, not input).
 */

/** `counter` values only go up; `gauge` ones go either way; `summary` carries quantile samples
 * plus `_sum` and `_count`. */
export type MetricType = 'counter' | 'gauge' | 'summary' | 'untyped';

/** One sample line: the family's name, or the family's name plus a suffix (`_sum`, `_count`). */
export interface MetricSample {
  /** Appended to the family's name: `_sum`, `_count`; empty for the family's own samples. */
  suffix?: '' | '_sum' | '_count' | '_total' | '_bucket';
  /** Label names to values, in the order written. Values are any text (escaped here). */
  labels: Readonly<Record<string, string>>;
  /** Non-finite values are written as Prometheus spells them (`NaN`, `+Inf`, `-Inf`). */
  value: number;
}

export interface MetricFamily {
  /** `loadgate_http_requests_total`: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  name: string;
  /** One line; backslashes and line breaks are escaped. */
  help: string;
  type: MetricType;
  samples: readonly MetricSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Names starting with `__` are reserved for Prometheus itself. */
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The text format's escaping of a label value: backslash, double quote, line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Go's strconv writes it for Prometheus: integers plainly, `NaN`, `±Inf`. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * Renders families as one exposition document: for each family its `# HELP` and `# TYPE` lines
 * once, then its samples, contiguous (the format requires a family's lines together). No
 * timestamps: the Pushgateway rejects pushed samples that carry them. Families with no samples
 * are left out. Ends with a line feed, as the format requires.
 * @throws Error for an invalid metric or label name, or a name given twice.
 */
export function renderExposition(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    if (seen.has(family.name)) throw new Error(`metric family ${family.name} given twice`);
    seen.add(family.name);
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels).map(([name, value]) => {
        if (!LABEL_NAME.test(name)) throw new Error(`invalid label name ${name}`);
        return `${name}="${escapeLabelValue(value)}"`;
      });
      const labelText = labels.length > 0 ? `{${labels.join(',')}}` : '';
      lines.push(
        `${family.name}${sample.suffix ?? ''}${labelText} ${formatSampleValue(sample.value)}`,
      );
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

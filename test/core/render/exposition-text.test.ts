import { describe, expect, it } from 'vitest';
import {
  escapeLabelValue,
  formatSampleValue,
  type MetricFamily,
  renderExposition,
} from '../../../src/core/render/prometheus-text.js';

const latency: MetricFamily = {
  name: 'loadgate_http_request_duration_seconds',
  help: 'Latency from the intended send time.',
  type: 'summary',
  samples: [
    { labels: { profile: 'shop', quantile: '0.5' }, value: 0.0042 },
    { labels: { profile: 'shop', quantile: '0.99' }, value: 0.031 },
    { suffix: '_sum', labels: { profile: 'shop' }, value: 5.25 },
    { suffix: '_count', labels: { profile: 'shop' }, value: 1000 },
  ],
};

describe('renderExposition (text format 0.0.4)', () => {
  it('writes HELP and TYPE once per family, its samples together, and ends with a line feed', () => {
    const requests: MetricFamily = {
      name: 'loadgate_http_requests_total',
      help: 'Completed requests by outcome.',
      type: 'counter',
      samples: [
        { labels: { profile: 'shop', outcome: 'ok' }, value: 990 },
        { labels: { profile: 'shop', outcome: 'error' }, value: 10 },
      ],
    };
    expect(renderExposition([latency, requests])).toBe(
      [
        '# HELP loadgate_http_request_duration_seconds Latency from the intended send time.',
        '# TYPE loadgate_http_request_duration_seconds summary',
        'loadgate_http_request_duration_seconds{profile="shop",quantile="0.5"} 0.0042',
        'loadgate_http_request_duration_seconds{profile="shop",quantile="0.99"} 0.031',
        'loadgate_http_request_duration_seconds_sum{profile="shop"} 5.25',
        'loadgate_http_request_duration_seconds_count{profile="shop"} 1000',
        '# HELP loadgate_http_requests_total Completed requests by outcome.',
        '# TYPE loadgate_http_requests_total counter',
        'loadgate_http_requests_total{profile="shop",outcome="ok"} 990',
        'loadgate_http_requests_total{profile="shop",outcome="error"} 10',
        '',
      ].join('\n'),
    );
  });

  it('keeps hostile label values inside their quotes: backslash, quote and line breaks escaped', () => {
    const text = renderExposition([
      {
        name: 'loadgate_run_info',
        help: 'Facts\nof the run \\ escaped.',
        type: 'gauge',
        samples: [{ labels: { target: 'http://x/"}\nevil 1\n\\' }, value: 1 }],
      },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('# HELP loadgate_run_info Facts\\nof the run \\\\ escaped.');
    expect(lines[2]).toBe('loadgate_run_info{target="http://x/\\"}\\nevil 1\\n\\\\"} 1');
  });

  it('spells non-finite values as Prometheus does, and -0 as 0', () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-7, 12].map(
        formatSampleValue,
      ),
    ).toEqual(['NaN', '+Inf', '-Inf', '0', '1e-7', '12']);
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('leaves out families without samples, and renders nothing at all as an empty document', () => {
    const empty: MetricFamily = { name: 'loadgate_x', help: 'x', type: 'gauge', samples: [] };
    expect(renderExposition([empty])).toBe('');
    expect(renderExposition([empty, latency])).not.toContain('loadgate_x');
  });

  it('refuses invalid or reserved names and a family given twice: those are bugs, not input', () => {
    const bad = (name: string) => ({ ...latency, name });
    expect(() => renderExposition([bad('9starts_with_digit')])).toThrow(/invalid metric name/);
    expect(() => renderExposition([bad('has-dash')])).toThrow(/invalid metric name/);
    const reservedLabel = { ...latency, samples: [{ labels: { __name__: 'x' }, value: 1 }] };
    expect(() => renderExposition([reservedLabel])).toThrow(/invalid label name __name__/);
    expect(() => renderExposition([latency, latency])).toThrow(/given twice/);
  });
});

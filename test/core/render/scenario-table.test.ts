import { describe, expect, it } from 'vitest';
import { formatSignedRelative } from '../../../src/core/input/format-units.js';
import {
  buildScenarioSections,
  selectSections,
} from '../../../src/core/render/scenario-sections.js';
import {
  formatChangeCell,
  formatPValue,
  formatSignedDelta,
  formatSignedRange,
  formatStatusCell,
  renderScenarioTable,
} from '../../../src/core/render/scenario-table.js';
import {
  makeMetric,
  makeScenario,
  makeSignificance,
  makeThreshold,
} from '../../helpers/make-verdict.js';

describe('metric cells', () => {
  it('signs changes and keeps units readable', () => {
    expect(formatSignedDelta(1.2, 'ms')).toBe('+1.2 ms');
    expect(formatSignedDelta(-0.8, 'ms')).toBe('−800 µs');
    expect(formatSignedDelta(0.005, 'fraction')).toBe('+0.5 pp');
    expect(formatSignedDelta(-12, 'rps')).toBe('−12 req/s');
    expect(formatSignedRelative(0.123)).toBe('+12.3 %');
    expect(formatSignedRelative(0)).toBe('±0 %');
  });

  it('writes the unit of a range once when both ends share it', () => {
    expect(formatSignedRange(0.8 + 1, 1.6 + 1, 'ms')).toBe('+1.8…+2.6 ms');
    expect(formatSignedRange(-0.3, 1.6, 'ms')).toBe('−0.3…+1.6 ms');
    expect(formatSignedRange(-0.3, 0.6, 'ms')).toBe('−300…+600 µs');
    expect(formatSignedRange(900, 1534, 'ms')).toBe('+0.9…+1.53 s');
    expect(formatSignedRange(0, 0.01, 'fraction')).toBe('±0 pp…+1 pp');
  });

  it('bounds p-values for display', () => {
    expect(formatPValue(0.0031)).toBe('0.0031');
    expect(formatPValue(0.2134)).toBe('0.21');
    expect(formatPValue(0.0002)).toBe('< 0.001');
    expect(formatPValue(0.9991)).toBe('> 0.99');
  });
});

describe('change and status cells', () => {
  it('states relative and absolute change with the confidence statement', () => {
    const m = makeMetric('p95', 10, 11.23, { significance: makeSignificance() });
    expect(formatChangeCell(m)).toBe('+12.3 % (+1.23 ms) · 95 % CI +0.8…+1.6 ms, p 0.003');
  });

  it('says when there were too few windows to judge noise', () => {
    const m = makeMetric('p95', 10, 11, {
      significance: {
        method: 'insufficient-data',
        confidence: 0.95,
        baselineWindows: 2,
        currentWindows: 3,
      },
    });
    expect(formatChangeCell(m)).toBe('+10 % (+1 ms) · too few windows to test noise');
  });

  it('shows only the absolute change from a zero baseline, and a dash without one', () => {
    expect(formatChangeCell(makeMetric('dropped', 0, 5))).toBe('+5');
    expect(formatChangeCell(makeMetric('p95', undefined, 5))).toBe('–');
  });

  it('names the deciding rule of a warn, fail or noise, escaped', () => {
    expect(
      formatStatusCell(makeMetric('p95', 10, 13, { status: 'fail', rule: 'p95 | +20 %' })),
    ).toBe('❌ fail: p95 \\| +20 %');
    expect(formatStatusCell(makeMetric('p95', 10, 8, { status: 'improved', rule: 'x' }))).toBe(
      '🟢 improved',
    );
    expect(formatStatusCell(makeMetric('p95', undefined, 8))).toBe('➖ no baseline');
  });
});

describe('scenario sections', () => {
  const quiet = (i: number) => makeScenario(`s${i}`, [makeMetric('p95', 10, 10)]);
  const loud = makeScenario('loud', [makeMetric('p95', 10, 20, { status: 'fail', rule: 'r' })]);

  it('tables every scenario when there are ten or fewer', () => {
    const { sections, collapsedLine } = buildScenarioSections([quiet(1), loud, quiet(2)]);
    expect(sections.map((s) => s.name)).toEqual(['s1', 'loud', 's2']);
    expect(collapsedLine).toBeUndefined();
  });

  it('collapses quiet passes into one line past ten, the whole run first', () => {
    const scenarios = [
      ...Array.from({ length: 11 }, (_, i) => quiet(i + 1)),
      loud,
      makeScenario('all', []),
    ];
    const { sections, collapsedLine } = buildScenarioSections(scenarios);
    expect(sections.map((s) => s.name)).toEqual(['all', 'loud']);
    expect(collapsedLine).toBe(
      '✅ 11 more scenarios passed with no notable change: s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11.',
    );
  });

  it('never collapses a scenario with an unconfirmed breach', () => {
    const rule = {
      metric: 'p95' as const,
      failUnless: { op: '<=' as const, value: 5 },
      source: 'p95 <= 5ms',
    };
    const threshold = {
      ...makeThreshold(rule, 9, 'pass', 'p95 9 ms; met on re-measuring'),
      unconfirmed: true as const,
    };
    const scenarios = [
      ...Array.from({ length: 11 }, (_, i) => quiet(i + 1)),
      makeScenario('flaky', [makeMetric('p95', 10, 13, { status: 'unconfirmed', rule: 'r' })]),
      makeScenario('slow', [], { thresholds: [threshold] }),
    ];
    const { sections } = buildScenarioSections(scenarios);
    expect(sections.map((s) => s.name)).toEqual(['flaky', 'slow']);
  });

  it('keeps the whole run and the worst scenarios when tables must go, in their order', () => {
    const { sections } = buildScenarioSections([quiet(1), loud, makeScenario('all', []), quiet(2)]);
    expect(selectSections(sections, 2).map((s) => s.name)).toEqual(['all', 'loud']);
  });
});

describe('percentiles without a name of their own', () => {
  it('are labelled pN and shown in ms, in the comparison and threshold tables', () => {
    const rule = {
      metric: 'p97.5' as const,
      failUnless: { op: '<' as const, value: 400 },
      source: 'http_req_duration p(97.5)<400',
    };
    const blocks = renderScenarioTable(
      makeScenario('all', [makeMetric('p97.5', 300, 412.5, { unit: 'ms' })], {
        thresholds: [
          makeThreshold(rule, 412.5, 'fail', 'p97.5 412.5 ms, needs < 400 ms (critical)'),
        ],
      }),
    ).join('\n');
    expect(blocks).toMatch(/^\| p97\.5 +\| +300 ms \| +413 ms \|/m);
    expect(blocks).toContain('| http\\_req\\_duration p(97.5)&lt;400 | 413 ms | ❌ fail: p97.5');
  });
});

describe('between-run significance and confirmation', () => {
  it('says across how many earlier runs noise was judged, or that they were too few', () => {
    const across = makeMetric('p95', 10, 12.5, {
      significance: {
        method: 'between-runs',
        pValue: 0.004,
        shift: 2.5,
        confidence: 0.95,
        baselineWindows: 0,
        currentWindows: 0,
        runs: 5,
      },
    });
    expect(formatChangeCell(across)).toBe('+25 % (+2.5 ms) · p 0.004 across 5 earlier runs');
    const few = makeMetric('p95', 10, 12.5, {
      significance: {
        method: 'insufficient-data',
        confidence: 0.95,
        baselineWindows: 0,
        currentWindows: 0,
        runs: 2,
      },
    });
    expect(formatChangeCell(few)).toBe('+25 % (+2.5 ms) · too few earlier runs to test noise (2)');
  });

  it('marks an unconfirmed breach as not gated, naming its rule escaped', () => {
    const m = makeMetric('p95', 10, 13, { status: 'unconfirmed', rule: 'p95 | +20 %' });
    expect(formatStatusCell(m)).toBe('🔁 unconfirmed (not gated): p95 \\| +20 %');
  });

  it('marks a pull request’s unconfirmed regression as a warning, naming its rule', () => {
    const m = makeMetric('p95', 10, 13, { status: 'warn', unconfirmed: true, rule: 'p95 +20 %' });
    expect(formatStatusCell(m)).toBe('🔁 unconfirmed (warns): p95 +20 %');
  });

  it('shows every re-measured value in order when there were several', () => {
    const table = renderScenarioTable(
      makeScenario('all', [
        makeMetric('p95', 10, 13, {
          status: 'fail',
          rule: 'p95 +20 %',
          confirmation: { current: 12.8, status: 'fail' },
          confirmations: [
            { current: 13.4, status: 'fail' },
            { current: 12.8, status: 'fail' },
          ],
        }),
      ]),
    )[1];
    expect(table).toMatch(/^\| p95 +\| 10 ms +\| 13 ms → 13\.4 ms → 12\.8 ms \|/m);
  });

  it('shows the first and the re-measured value, and says so in the header', () => {
    const table = renderScenarioTable(
      makeScenario('all', [
        makeMetric('p95', 10, 13, {
          status: 'unconfirmed',
          rule: 'p95 +20 %',
          confirmation: { current: 10.2, status: 'pass' },
        }),
        makeMetric('p99', 20, 21),
      ]),
    )[1];
    expect(table).toMatch(
      /^\| Metric \| Baseline \| Current → re-measured \| Change \| Status \|$/m,
    );
    expect(table).toMatch(/^\| p95 +\| 10 ms +\| 13 ms → 10\.2 ms \|/m);
    expect(table).toMatch(/^\| p99 +\| 20 ms +\| 21 ms \|/m);
  });

  it('shows an unconfirmed threshold with both values and its message, escaped', () => {
    const rule = {
      metric: 'p95' as const,
      failUnless: { op: '<=' as const, value: 300 },
      source: 'p95 <= 300ms | x',
    };
    const blocks = renderScenarioTable(
      makeScenario('all', [], {
        thresholds: [
          {
            ...makeThreshold(
              rule,
              412,
              'pass',
              'p95 412 ms, needs <= 300 ms (critical); met on re-measuring (280 ms)',
            ),
            unconfirmed: true,
            confirmation: { value: 280, level: 'pass' },
          },
        ],
      }),
    ).join('\n');
    expect(blocks).toContain('| Rule | Value → re-measured | Status |');
    expect(blocks).toContain(
      '| p95 &lt;= 300ms \\| x | 412 ms → 280 ms | 🔁 unconfirmed (not gated): p95 412 ms, needs &lt;= 300 ms (critical); met on re-measuring (280 ms) |',
    );
  });
});

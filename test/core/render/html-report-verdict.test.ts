import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Verdict, VerdictAcceptance } from '../../../src/core/judge/types.js';
import { escapeHtml } from '../../../src/core/render/html-escape.js';
import { renderHtmlReport } from '../../../src/core/render/html-report.js';
import {
  readMetricOutcome,
  readThresholdOutcome,
} from '../../../src/core/render/html-report-verdict.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import {
  makeMetric,
  makeScenario,
  makeThreshold,
  makeVerdict,
} from '../../helpers/make-verdict.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const HOSTILE = '</td><img src=x onerror=alert(1)>';
const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');
const current: ResultsFileV1 = simulateRun({
  scenarios: [
    { name: 'orders', ratePerSec: 20, medianMs: 20 },
    { name: HOSTILE, ratePerSec: 10, medianMs: 5 },
  ],
  durationMs: 3_000,
  seed: 11,
});

function render(verdict: Verdict): string {
  return renderHtmlReport({ current, verdict }, { sha256Base64 });
}

/** The `<section id="…">` element's markup. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  if (start < 0) throw new Error(`no section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

/** The comparison table's row of `scope` and `metric` (its label, as the table shows it). */
function comparisonRow(html: string, scope: string, metric: string): string {
  const rows = sectionOf(html, 'comparisons').split('<tr').slice(1);
  const row = rows.find((r) => r.includes(`<td>${scope}</td><td>${metric}</td>`));
  if (!row) throw new Error(`no row ${scope} ${metric}`);
  return row;
}

/** The re-measure lines of a row, as text. */
function remeasuresOf(row: string): string[] {
  return [...row.matchAll(/<li class="status-[a-z-]+" data-remeasure="\d+">([^<]*)<\/li>/g)].map(
    (m) => m[1] ?? '',
  );
}

const P95_RULE = { metric: 'p95' as const, source: 'p95 < 30ms' };

/** A schedule's verdict after `confirm: 3`: orders' p95 failed, held twice, then passed once
 * (unconfirmed); the hostile scenario's p99 failed and held on every re-measure. */
function confirmedVerdict(): Verdict {
  return makeVerdict(
    [
      makeScenario('orders', [
        makeMetric('p95', 20, 31, {
          status: 'unconfirmed',
          rule: 'p95: +10 %',
          confirmation: { current: 21, status: 'pass' },
          confirmations: [
            { current: 32, status: 'fail' },
            { current: 29.5, status: 'warn' },
            { current: 21, status: 'pass' },
          ],
        }),
      ]),
      makeScenario(HOSTILE, [
        makeMetric('p99', 10, 25, {
          status: 'fail',
          rule: 'p99: +20 %',
          confirmation: { current: 26, status: 'fail' },
          confirmations: [
            { current: 24, status: 'fail' },
            { current: 26, status: 'fail' },
          ],
        }),
        makeMetric('p50', 5, 5.1, {
          rule: 'p50: +50 %',
          confirmation: { current: 5, status: 'pass' },
        }),
      ]),
    ],
    {
      level: 'fail',
      confirmation: {
        confirmed: 1,
        unconfirmed: 1,
        remeasures: 3,
        remeasuredMs: 34_000,
        firstLevel: 'fail',
      },
    },
  );
}

describe('the HTML report: re-measures', () => {
  it('lists every re-measured value of a row in order, each with its own status, not only the last', () => {
    const html = render(confirmedVerdict());
    const orders = comparisonRow(html, 'orders', 'p95');
    expect(remeasuresOf(orders)).toEqual([
      're-measure 1: 32 ms · ❌ fail',
      're-measure 2: 29.5 ms · ⚠️ warn',
      're-measure 3: 21 ms · ✅ pass',
    ]);
    expect(orders).toContain('🔁 breach unconfirmed on re-measuring');
    expect(orders).toContain('🔁 unconfirmed (not gated)');
    expect(orders).toContain('data-value="31"');

    const hostile = comparisonRow(html, escapeHtml(HOSTILE), 'p99');
    expect(remeasuresOf(hostile)).toEqual([
      're-measure 1: 24 ms · ❌ fail',
      're-measure 2: 26 ms · ❌ fail',
    ]);
    expect(hostile).toContain('🔁 breach confirmed on re-measuring');

    // A row that was no breach: re-measured, nothing to confirm.
    const p50 = comparisonRow(html, escapeHtml(HOSTILE), 'p50');
    expect(remeasuresOf(p50)).toEqual(['re-measure 1: 5 ms · ✅ pass']);
    expect(p50).not.toContain('breach');
  });

  it("a pull request's regression that did not fail on every re-measure reads unconfirmed (warns)", () => {
    const verdict = makeVerdict([
      makeScenario('orders', [
        makeMetric('p95', 20, 31, {
          status: 'warn',
          unconfirmed: true,
          rule: 'p95: +10 %',
          confirmation: { current: 22, status: 'pass' },
        }),
      ]),
    ]);
    const html = render(verdict);
    const row = comparisonRow(html, 'orders', 'p95');
    expect(row).toMatch(/^ class="status-unconfirmed"/);
    expect(row).toContain('🔁 unconfirmed (warns)');
    expect(row).toContain('🔁 breach unconfirmed on re-measuring');
    expect(remeasuresOf(row)).toEqual(['re-measure 1: 22 ms · ✅ pass']);
    // The scenario table's p95 cell says the same.
    expect(sectionOf(html, 'scenarios')).toContain('🔁 unconfirmed (warns)');
  });

  it('lists every re-measure of a threshold with its level, and whether the breach held', () => {
    const verdict = makeVerdict([
      makeScenario('orders', [], {
        thresholds: [
          {
            ...makeThreshold(P95_RULE, 31, 'pass', 'p95 31 ms > 30 ms; met on re-measuring'),
            unconfirmed: true,
            confirmation: { value: 25, level: 'pass' },
            confirmations: [
              { value: 33, level: 'fail' },
              { value: 25, level: 'pass' },
            ],
          },
          {
            ...makeThreshold({ metric: 'p99', source: 'p99 < 40ms' }, 45, 'fail', 'p99 45 ms'),
            confirmation: { value: 44, level: 'fail' },
          },
        ],
      }),
    ]);
    const rows = sectionOf(render(verdict), 'thresholds').split('<tr').slice(2);
    expect(remeasuresOf(rows[0] ?? '')).toEqual([
      're-measure 1: 33 ms · ❌ fail',
      're-measure 2: 25 ms · ✅ pass',
    ]);
    expect(rows[0]).toContain('🔁 breach unconfirmed on re-measuring');
    expect(remeasuresOf(rows[1] ?? '')).toEqual(['re-measure 1: 44 ms · ❌ fail']);
    expect(rows[1]).toContain('🔁 breach confirmed on re-measuring');
  });

  it('reads the outcome of a row: confirmed, unconfirmed, merely re-measured, or not re-measured', () => {
    const again = { current: 1, status: 'fail' as const };
    expect(readMetricOutcome(makeMetric('p95', 1, 2, { status: 'fail' }))).toBeUndefined();
    expect(
      readMetricOutcome(makeMetric('p95', 1, 2, { status: 'fail', confirmation: again })),
    ).toBe('confirmed');
    expect(
      readMetricOutcome(makeMetric('p95', 1, 2, { status: 'accepted', confirmation: again })),
    ).toBe('confirmed');
    expect(
      readMetricOutcome(makeMetric('p95', 1, 2, { status: 'unconfirmed', confirmation: again })),
    ).toBe('unconfirmed');
    expect(
      readMetricOutcome(
        makeMetric('p95', 1, 2, { status: 'warn', unconfirmed: true, confirmation: again }),
      ),
    ).toBe('unconfirmed');
    expect(
      readMetricOutcome(makeMetric('p95', 1, 2, { status: 'improved', confirmation: again })),
    ).toBe('re-measured');
    const threshold = makeThreshold(P95_RULE, 31, 'fail', 'p95 31 ms');
    expect(readThresholdOutcome(threshold)).toBeUndefined();
    expect(readThresholdOutcome({ ...threshold, confirmation: { value: 32, level: 'fail' } })).toBe(
      'confirmed',
    );
  });
});

describe('the HTML report: under the verdict', () => {
  it('states the re-measures made, the time they took and what they confirmed', () => {
    const verdict = confirmedVerdict();
    const section = sectionOf(render(verdict), 'verdict');
    expect(section).toContain(
      '<p class="confirmation">🔁 re-measured 3× (34.0 s): 1 breach confirmed, 1 unconfirmed (not gated).</p>',
    );
    // The first measurement's level is said only when it differs.
    const milder = sectionOf(
      render({
        ...verdict,
        level: 'warn',
        confirmation: {
          confirmed: 0,
          unconfirmed: 1,
          remeasures: 1,
          remeasuredMs: 8_100,
          maxRemeasures: 3,
          mode: 'regressions',
          firstLevel: 'fail',
        },
      }),
      'verdict',
    );
    expect(milder).toContain(
      '🔁 re-measured 1× of up to 3 (8.1 s): 1 regression unconfirmed (a warning, not a failure). On the first measurement alone the verdict was ❌ fail.',
    );
    expect(sectionOf(render({ ...verdict, confirmation: undefined }), 'verdict')).not.toContain(
      'class="confirmation"',
    );
  });

  it('names the side-by-side baseline target (escaped) and the windows paired', () => {
    const verdict = makeVerdict([], {
      sideBySide: { baselineTarget: `https://main.example.com/?q="${HOSTILE}`, pairedWindows: 58 },
    });
    const section = sectionOf(render(verdict), 'verdict');
    expect(section).toContain(
      `Measured side by side against <code>https://main.example.com/?q=&quot;${escapeHtml(HOSTILE)}</code> (paired over 58 windows): the baseline is the other target of the same run, and each change is the median over the paired windows.`,
    );
    expect(section).not.toContain('<img');
  });

  it('shows what the accept label accepted, who labelled, the rows and what was refused', () => {
    const acceptance: VerdictAcceptance = {
      label: 'loadgate:accept-regression',
      state: 'accepted',
      by: `oct<b>cat`,
      acceptedSha: 'abc1234def',
      accepted: [
        {
          scope: HOSTILE,
          metric: 'p95',
          unit: 'ms',
          kind: 'regression',
          rule: 'p95: +10 %',
          value: 31,
          acceptedValue: 30,
          keptUpTo: 33,
        },
      ],
      lapsed: [
        {
          scope: 'all',
          metric: 'p99',
          unit: 'ms',
          kind: 'threshold',
          rule: 'p99 < 40ms',
          value: 60,
          acceptedValue: 41,
          keptUpTo: 45,
        },
      ],
      refused: [`error rate SLO ${HOSTILE} cannot be accepted`],
      gateLevel: 'pass',
    };
    const verdict = makeVerdict([], { level: 'warn', acceptance });
    const section = sectionOf(render(verdict), 'verdict');
    expect(section).toContain('<h2>Verdict: ✅ accepted (warn, not gating)</h2>');
    expect(section).toContain(
      '✅ 1 row accepted by @oct&lt;b&gt;cat (label loadgate:accept-regression) on commit abc1234; 1 lapsed',
    );
    const rows = section.split('<tr').slice(2);
    expect(rows[0]).toContain(`<td>${escapeHtml(HOSTILE)}</td><td>p95</td><td>regression</td>`);
    expect(rows[0]).toContain(
      '<td class="num">31 ms</td><td class="num">30 ms</td><td class="num">≤ 33 ms</td>',
    );
    expect(rows[1]).toContain('<td>whole run</td><td>p99 &lt; 40ms</td><td>SLO</td>');
    expect(rows[1]).toContain('❌ lapsed: beyond its band');
    expect(section).toContain(`<li>error rate SLO ${escapeHtml(HOSTILE)} cannot be accepted</li>`);
    expect(section).not.toMatch(/<(img|b)[\s>]/);
    // A label that does not count says why.
    const ignored = sectionOf(
      render(
        makeVerdict([], {
          acceptance: {
            ...acceptance,
            state: 'ignored',
            accepted: [],
            lapsed: [],
            refused: [],
            reason: 'loadgate:accept-regression was applied by a user without write access',
            gateLevel: 'fail',
          },
        }),
      ),
      'verdict',
    );
    expect(ignored).toContain(
      '🏷️ loadgate:accept-regression was applied by a user without write access',
    );
  });
});

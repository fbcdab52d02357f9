import { describe, expect, it } from 'vitest';
import { collectRunWarnings, describeFailedLogins } from '../../../src/core/judge/run-warnings.js';
import {
  describeSetupRun,
  describeSteps,
  formatJourneyOk,
  MAX_JOURNEY_ROWS,
  renderJourneySection,
} from '../../../src/core/render/journey-section.js';
import { renderRunSummary } from '../../../src/core/render/run-summary-text.js';
import type { JourneyResult } from '../../../src/core/result/types.js';
import { makeFigures, makeResult } from '../../helpers/make-result.js';

function journey(name: string, steps: string[], overrides: Partial<JourneyResult> = {}) {
  return {
    name,
    weight: 1,
    steps: steps.map((s) => `${name}/${s}`),
    ...makeFigures({
      totals: {
        requests: 200,
        ok: 190,
        blocked: 0,
        failed: 6,
        errors: 4,
        dropped: 0,
        queued: 0,
        interrupted: 0,
      },
      latencyMs: {
        min: 100,
        mean: 900,
        p50: 850,
        p90: 1400,
        p95: 1600,
        p99: 2300,
        p999: 2900,
        max: 3000,
        stdev: 300,
      },
    }),
    ...overrides,
  };
}

const SHOPPER = journey('shopper', ['list', 'add to cart', 'checkout']);

describe('describeSteps', () => {
  it('lists the steps without the journey prefix, in order', () => {
    expect(describeSteps(SHOPPER)).toBe('list → add to cart → checkout');
  });

  it('lists the first 8 of a longer journey and counts them all', () => {
    const long = journey(
      'crawl',
      Array.from({ length: 12 }, (_, i) => `p${i + 1}`),
    );
    expect(describeSteps(long)).toBe('p1 → p2 → p3 → p4 → p5 → p6 → p7 → p8 → … (12 steps)');
  });
});

describe('describeSetupRun', () => {
  it.each([
    [{ perVu: false, measured: false, runs: 1, failed: 0 }, 'once, before the load · not measured'],
    [
      { perVu: false, measured: true, runs: 1, failed: 0 },
      'once, before the load · measured (rows setup/…)',
    ],
    [
      { perVu: false, measured: false, runs: 0, failed: 1 },
      'once, before the load: failed · not measured',
    ],
    [
      { perVu: true, measured: false, runs: 40, failed: 2 },
      'per virtual user · 40 log-ins, 2 failed (retried) · not measured',
    ],
    [
      { perVu: true, measured: true, runs: 1, failed: 0 },
      'per virtual user · 1 log-in · measured (rows setup/…)',
    ],
  ])('%j → %s', (setup, text) => {
    expect(describeSetupRun(setup)).toBe(text);
  });
});

describe('renderJourneySection', () => {
  it('tables each journey, escaped, with a legend and the setup line', () => {
    const hostile = journey('a|b @team <x>', ['one']);
    const blocks = renderJourneySection([SHOPPER, hostile], {
      perVu: true,
      measured: false,
      runs: 40,
      failed: 2,
    });
    expect(blocks).toEqual([
      '#### Journeys',
      [
        '| Journey | Journeys | OK | p50 | p95 | p99 | Steps |',
        '| :- | -: | -: | -: | -: | -: | :- |',
        '| shopper | 200 | 95 % | 850 ms | 1.6 s | 2.3 s | list → add to cart → checkout |',
        '| a\\|b @\u200Bteam &lt;x&gt; | 200 | 95 % | 850 ms | 1.6 s | 2.3 s | one |',
      ].join('\n'),
      "_Journeys that ended; OK: every step passed; duration from each journey's intended start to its last answer, think time included. Each step is also a scenario below._",
      '**Setup:** per virtual user · 40 log-ins, 2 failed (retried) · not measured.',
    ]);
  });

  it('shows – for a journey that never ended, and nothing without journeys or setup', () => {
    const none = journey('idle', ['x'], {
      totals: { ...SHOPPER.totals, requests: 0, ok: 0, failed: 0, errors: 0 },
    });
    expect(formatJourneyOk(none)).toBe('–');
    expect(renderJourneySection([none], undefined)[1]).toContain(
      '| idle | 0 | – | – | – | – | x |',
    );
    expect(renderJourneySection(undefined, undefined)).toEqual([]);
    expect(renderJourneySection([], { perVu: false, measured: false, runs: 1, failed: 0 })).toEqual(
      ['**Setup:** once, before the load · not measured.'],
    );
  });

  it(`tables at most ${MAX_JOURNEY_ROWS} journeys and counts the rest`, () => {
    const many = Array.from({ length: MAX_JOURNEY_ROWS + 3 }, (_, i) => journey(`j${i}`, ['s']));
    const blocks = renderJourneySection(many, undefined);
    expect(blocks[1]?.split('\n')).toHaveLength(MAX_JOURNEY_ROWS + 2);
    expect(blocks[2]).toMatch(/ 3 more journeys are in the results file\._$/);
  });
});

describe('renderRunSummary with journeys and setup', () => {
  it('prints a journeys table and the setup line after the scenarios', () => {
    const text = renderRunSummary(
      makeResult({
        journeys: [SHOPPER],
        setup: { perVu: false, measured: false, runs: 1, failed: 0 },
      }),
    );
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('journey '));
    expect(lines.slice(header, header + 3)).toEqual([
      'journey  journeys    ok     p50    p95    p99  steps',
      '───────  ────────  ────  ──────  ─────  ─────  ─────────────────────────────',
      'shopper       200  95 %  850 ms  1.6 s  2.3 s  list → add to cart → checkout',
    ]);
    expect(lines).toContain('setup: once, before the load · not measured');
  });

  it('prints neither without them', () => {
    const text = renderRunSummary(makeResult());
    expect(text).not.toMatch(/^journey |^setup:/m);
  });
});

describe('collectRunWarnings: setup and engine warnings', () => {
  it('warns when per-VU log-ins failed, and not for a clean setup', () => {
    const failed = makeResult({ setup: { perVu: true, measured: false, runs: 40, failed: 2 } });
    expect(collectRunWarnings(failed)).toContain(
      '2 setup log-ins (per virtual user) failed and were retried; 40 succeeded.',
    );
    const one = makeResult({ setup: { perVu: true, measured: false, runs: 9, failed: 1 } });
    expect(collectRunWarnings(one)).toContain(
      '1 setup log-in (per virtual user) failed and was retried; 9 succeeded.',
    );
    const clean = makeResult({ setup: { perVu: true, measured: false, runs: 40, failed: 0 } });
    expect(collectRunWarnings(clean)).toEqual([]);
  });

  it('quotes the first failed log-in the results kept, inert, in the same one warning', () => {
    const result = makeResult({
      setup: {
        perVu: true,
        measured: false,
        runs: 40,
        failed: 2,
        firstFailure: 'setup request "login" (POST /auth/token) answered 401\n::error::x',
      },
    });
    expect(collectRunWarnings(result)).toEqual([
      '2 setup log-ins (per virtual user) failed and were retried; 40 succeeded. The first: setup request "login" (POST /auth/token) answered 401 ::error::x',
    ]);
  });

  it('words failed log-ins from the counts alone: an engine line of the same kind does not hide it', () => {
    // Results of one run of several threads or shards: the counts are the run's, whatever a
    // line in warnings says.
    const result = makeResult({
      setup: { perVu: true, measured: false, runs: 40, failed: 2 },
      warnings: ['setup.perVu: 1 log-in failed and was tried again after 1 s; the first: …401'],
    });
    expect(collectRunWarnings(result)).toContain(
      '2 setup log-ins (per virtual user) failed and were retried; 40 succeeded.',
    );
  });

  it('says nothing of log-ins for a once setup, whatever its counts', () => {
    const once = makeResult({
      setup: { perVu: false, measured: false, runs: 0, failed: 1, firstFailure: 'x' },
    });
    expect(describeFailedLogins(once.setup as NonNullable<typeof once.setup>)).toBeUndefined();
    expect(collectRunWarnings(once)).toEqual([]);
  });

  it("lists the engine's warnings, made inert for terminals", () => {
    const result = makeResult({ warnings: ['data.users wrapped\n::error::x'] });
    expect(collectRunWarnings(result)).toEqual(['data.users wrapped ::error::x']);
  });

  it('says why a data-stopped run was aborted, in its own words', () => {
    const reason = 'data.users: all 1000 unique rows were used (onExhausted: stop)';
    const result = makeResult({ status: 'aborted', abortReason: reason });
    expect(collectRunWarnings(result)[0]).toBe(`The run was aborted: ${reason}.`);
  });
});

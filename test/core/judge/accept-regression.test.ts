import { describe, expect, it } from 'vitest';
import {
  findAcceptanceRecord,
  formatAcceptanceLine,
} from '../../../src/core/judge/accept-record.js';
import {
  type AcceptInput,
  acceptRegressions,
  findLatestLabelEvent,
  hasWriteAccess,
  type LabelEvent,
  type WriterCheck,
} from '../../../src/core/judge/accept-regression.js';
import { buildVerdict } from '../../../src/core/judge/build-verdict.js';
import type { AcceptanceRecord, Verdict } from '../../../src/core/judge/types.js';
import { renderReport } from '../../../src/core/render/report.js';
import type { ResultsFileV1 } from '../../../src/core/result/types.js';
import type { Rules } from '../../../src/core/rules/types.js';
import { simulateRun } from '../../helpers/synthetic-run.js';

const LABEL = 'loadgate:accept-regression';
const HEAD = 'b'.repeat(40);
const WRITER: WriterCheck = { kind: 'permission', permission: 'write', roleName: 'write' };
const READER: WriterCheck = { kind: 'permission', permission: 'read', roleName: 'read' };

/** p50 warns past +10 %, fails past +20 % (floor 1 ms); optionally an SLO on p95. */
function rulesWith(p95CriticalMs?: number): Rules {
  return {
    thresholds:
      p95CriticalMs === undefined
        ? []
        : [
            {
              metric: 'p95',
              failUnless: { op: '<=', value: p95CriticalMs },
              source: `p95: { critical: ${p95CriticalMs}ms }`,
            },
          ],
    regressions: [
      {
        metric: 'p50',
        warnRelative: 0.1,
        failRelative: 0.2,
        floor: 1,
        source: 'p50: { warn: 10%, fail: 20%, floor: 1ms }',
      },
      {
        metric: 'p50',
        scenario: 'list',
        failRelative: 0.2,
        floor: 1,
        source: 'list p50: { fail: 20%, floor: 1ms }',
      },
    ],
    settings: { reportImprovements: false, confidence: 0.95 },
    defaulted: false,
  };
}

const baseline = simulateRun({
  scenarios: [{ name: 'list', ratePerSec: 100, medianMs: 10 }],
  durationMs: 10_000,
  seed: 1,
});

function measure(medianMs: number, status?: ResultsFileV1['status']): ResultsFileV1 {
  return simulateRun({
    scenarios: [{ name: 'list', ratePerSec: 100, medianMs }],
    durationMs: 10_000,
    seed: 2,
    ...(status ? { status } : {}),
  });
}

/** Epoch ms the results stopped measuring. */
function endOf(current: ResultsFileV1): number {
  return Date.parse(current.startedAt) + current.durationMs;
}

function labelEvent(
  id: number,
  atMs: number,
  options: { action?: LabelEvent['action']; actor?: string; label?: string } = {},
): LabelEvent {
  return {
    id,
    action: options.action ?? 'labeled',
    label: options.label ?? LABEL,
    actor: options.actor ?? 'octocat',
    createdAt: new Date(atMs).toISOString(),
  };
}

function judge(current: ResultsFileV1, rules: Rules): Verdict {
  return buildVerdict({ current, baseline, rules });
}

function accept(
  current: ResultsFileV1,
  rules: Rules,
  rest: Partial<AcceptInput> & Pick<AcceptInput, 'events'>,
): Verdict {
  return acceptRegressions({
    verdict: judge(current, rules),
    current,
    rules,
    label: LABEL,
    scope: 'regressions',
    writer: WRITER,
    headSha: HEAD,
    ...rest,
  });
}

function p50Of(verdict: Verdict, scope = 'all') {
  const row = verdict.scenarios
    .find((s) => s.name === scope)
    ?.metrics.find((m) => m.metric === 'p50');
  if (!row) throw new Error(`no p50 row in ${scope}`);
  return row;
}

describe('acceptRegressions', () => {
  const slower = measure(15);
  const rules = rulesWith();

  it('a writer’s label applied after the run accepts every regression row: warn, not fail', () => {
    const before = judge(slower, rules);
    expect(before.level).toBe('fail');
    expect(p50Of(before).status).toBe('fail');

    const verdict = accept(slower, rules, { events: [labelEvent(7, endOf(slower) + 60_000)] });

    expect(verdict.level).toBe('warn');
    expect(verdict.acceptance?.gateLevel).toBe('pass');
    expect(verdict.acceptance?.state).toBe('accepted');
    expect(p50Of(verdict).status).toBe('accepted');
    expect(p50Of(verdict, 'list').status).toBe('accepted');
    expect(verdict.scenarios.every((s) => s.level !== 'fail')).toBe(true);
    const value = p50Of(before).current;
    expect(verdict.acceptance?.accepted).toContainEqual({
      scope: 'all',
      metric: 'p50',
      unit: 'ms',
      kind: 'regression',
      rule: 'p50: { warn: 10%, fail: 20%, floor: 1ms }',
      value,
      acceptedValue: value,
      // The rule's smallest limit (10 %), as the floor (1 ms) is smaller.
      keptUpTo: expect.closeTo(value * 1.1, 9),
    });
    expect(verdict.reasons).toEqual([
      expect.stringMatching(
        /^Accepted with the label loadgate:accept-regression by @octocat: p50 /,
      ),
      expect.stringMatching(/^Accepted with the label .* by @octocat: list: p50 /),
    ]);
    expect(verdict.acceptance?.record).toEqual({
      label: LABEL,
      eventId: 7,
      by: 'octocat',
      at: new Date(endOf(slower) + 60_000).toISOString(),
      sha: HEAD,
      rows: [
        { scope: 'all', metric: 'p50', kind: 'regression', rule: expect.any(String), value },
        {
          scope: 'list',
          metric: 'p50',
          kind: 'regression',
          rule: expect.any(String),
          value: p50Of(before, 'list').current,
        },
      ],
    });
  });

  it('the report says accepted, by whom, with the values, and carries the hidden record', () => {
    const verdict = accept(slower, rules, { events: [labelEvent(7, endOf(slower) + 1)] });
    const { markdown } = renderReport({
      verdict,
      current: slower,
      baseline,
      marker: 'loadgate-shop',
    });

    expect(markdown).toContain('### ✅ loadgate: accepted — ');
    expect(markdown).toContain(
      `✅ accepted: 2 regressions accepted by @\u200Boctocat (\`${LABEL}\`) on commit bbbbbbb.`,
    );
    expect(markdown).toMatch(
      /\| whole run · p50 +\| regression \| +[\d.]+ ms \| +[\d.]+ ms \| +≤ [\d.]+ ms \| 🏷️ accepted \(warns\) \|/,
    );
    expect(markdown).toContain('🏷️ accepted (warns): p50');
    const found = findAcceptanceRecord([markdown], 'loadgate-shop');
    expect(found.record).toEqual(verdict.acceptance?.record);
  });

  it('a label applied by someone with read access is ignored, with the reason, and still fails', () => {
    const verdict = accept(slower, rules, {
      events: [labelEvent(7, endOf(slower) + 1, { actor: 'drive-by' })],
      writer: READER,
    });

    expect(verdict.level).toBe('fail');
    expect(p50Of(verdict).status).toBe('fail');
    expect(verdict.acceptance).toMatchObject({ state: 'ignored', by: 'drive-by', accepted: [] });
    expect(verdict.acceptance?.record).toBeUndefined();
    expect(verdict.reasons.at(-1)).toBe(
      'The label loadgate:accept-regression applied by @drive-by does not count: @drive-by has read access; only people with write access can accept a regression.',
    );
    const { markdown } = renderReport({ verdict, current: slower, baseline, marker: 'k' });
    expect(markdown).toContain('### ❌ loadgate: fail');
    expect(markdown).not.toContain('loadgate:accepted:');
  });

  it.each<[string, WriterCheck | undefined, string]>([
    [
      'not a collaborator',
      { kind: 'not-collaborator' },
      '@x is not a collaborator of the repository',
    ],
    [
      'a failed lookup',
      { kind: 'failed', reason: '403 Resource not accessible by integration' },
      'the permission of @x could not be checked (403 Resource not accessible by integration)',
    ],
    ['no answer', undefined, 'whether @x may write was not checked'],
    [
      'triage',
      { kind: 'permission', permission: 'read', roleName: 'triage' },
      '@x has read (role triage) access',
    ],
  ])('%s does not count', (_name, writer, why) => {
    const verdict = acceptRegressions({
      verdict: judge(slower, rules),
      current: slower,
      rules,
      label: LABEL,
      scope: 'regressions',
      events: [labelEvent(7, endOf(slower) + 1, { actor: 'x' })],
      ...(writer ? { writer } : {}),
      headSha: HEAD,
    });
    expect(verdict.level).toBe('fail');
    expect(verdict.acceptance?.reason).toContain(why);
  });

  it('an SLO breach is not accepted under accept-scope: regressions; it is under all', () => {
    const withSlo = rulesWith(12);
    const events = [labelEvent(7, endOf(slower) + 1)];
    const regressionsOnly = accept(slower, withSlo, { events });

    expect(regressionsOnly.level).toBe('fail');
    expect(regressionsOnly.acceptance?.gateLevel).toBe('fail');
    expect(p50Of(regressionsOnly).status).toBe('accepted');
    expect(regressionsOnly.scenarios[0]?.thresholds[0]?.level).toBe('fail');
    expect(regressionsOnly.acceptance?.refused).toEqual([
      expect.stringMatching(
        /^p95 [\d.]+ ms, needs <= 12 ms \(critical\): an absolute threshold \(SLO\) cannot be accepted with accept-scope: regressions/,
      ),
    ]);
    expect(regressionsOnly.reasons[0]).toMatch(/^p95 [\d.]+ ms, needs <= 12 ms \(critical\)$/);
    expect(
      renderReport({ verdict: regressionsOnly, current: slower, baseline }).markdown,
    ).toContain('### ❌ loadgate: fail');

    const all = accept(slower, withSlo, { events, scope: 'all' });
    expect(all.level).toBe('warn');
    expect(all.acceptance?.gateLevel).toBe('pass');
    expect(all.scenarios[0]?.thresholds[0]).toMatchObject({ level: 'warn', accepted: true });
    expect(renderReport({ verdict: all, current: slower, baseline }).markdown).toContain(
      '✅ accepted: 2 regressions and 1 threshold (SLO) accepted by @\u200Boctocat',
    );
    expect(all.acceptance?.accepted.map((r) => r.kind)).toEqual([
      'regression',
      'threshold',
      'regression',
    ]);
    expect(all.acceptance?.record?.rows).toContainEqual(
      expect.objectContaining({ kind: 'threshold', rule: 'p95: { critical: 12ms }' }),
    );
  });

  it('a label applied before the results were measured does not accept them', () => {
    // GitHub stamps events to the second: one stamped in the second the run ended counts.
    expect(accept(slower, rules, { events: [labelEvent(7, endOf(slower) - 999)] }).level).toBe(
      'warn',
    );
    const verdict = accept(slower, rules, { events: [labelEvent(7, endOf(slower) - 1001)] });

    expect(verdict.level).toBe('fail');
    expect(verdict.acceptance?.state).toBe('ignored');
    expect(verdict.acceptance?.reason).toMatch(
      /before these results of bbbbbbb were measured: it accepts only results that could be seen; remove and apply it again/,
    );
  });

  it('never accepts a run that did not complete', () => {
    const cut = measure(15, 'interrupted');
    const verdict = accept(cut, rules, { events: [labelEvent(7, endOf(cut) + 1)] });

    expect(p50Of(verdict).status).toBe('accepted');
    expect(verdict.level).toBe('fail');
    expect(verdict.acceptance?.gateLevel).toBe('fail');
    expect(verdict.reasons[0]).toMatch(/^The run was interrupted/);
  });

  describe('on a new commit', () => {
    const accepted = accept(slower, rules, { events: [labelEvent(7, endOf(slower) + 1)] });
    const record = accepted.acceptance?.record as AcceptanceRecord;
    const next = measure(15.4);
    const nextHead = 'c'.repeat(40);
    const events = [labelEvent(7, endOf(slower) + 1)];

    /** The record with its rows' values set so this run's p50 is `ratio` times them. */
    function recordAt(ratio: number): AcceptanceRecord {
      const verdict = judge(next, rules);
      return {
        ...record,
        rows: record.rows.map((row) => ({
          ...row,
          value: p50Of(verdict, row.scope).current / ratio,
        })),
      };
    }

    it('keeps a row within its accepted value plus the noise band accepted', () => {
      const stored = recordAt(1.05);
      const verdict = accept(next, rules, { events, stored, headSha: nextHead });

      expect(verdict.level).toBe('warn');
      expect(p50Of(verdict).status).toBe('accepted');
      // The record is the acceptance's, unchanged: values stay those accepted on the first commit.
      expect(verdict.acceptance?.record).toEqual(stored);
      expect(verdict.acceptance?.acceptedSha).toBe(HEAD);
      expect(verdict.reasons[0]).toMatch(
        /^Accepted with the label .* by @octocat: p50 [\d.]+ ms, within the accepted [\d.]+ ms plus its noise band \(up to [\d.]+ ms\)\.$/,
      );
    });

    it('says the acceptance was carried even when the new commit measures the very value accepted', () => {
      // Latencies fall in histogram buckets: two commits can read the same p50 exactly.
      const stored = recordAt(1);
      const verdict = accept(next, rules, { events, stored, headSha: nextHead });

      expect(p50Of(verdict).status).toBe('accepted');
      expect(verdict.acceptance?.accepted[0]?.carried).toBe(true);
      expect(verdict.reasons[0]).toMatch(/, within the accepted [\d.]+ ms plus its noise band/);
    });

    it('fails again, saying the acceptance lapsed, once a row is beyond its band', () => {
      const stored = recordAt(1.3);
      const verdict = accept(next, rules, { events, stored, headSha: nextHead });

      expect(verdict.level).toBe('fail');
      expect(verdict.acceptance?.gateLevel).toBe('fail');
      expect(p50Of(verdict).status).toBe('fail');
      expect(verdict.acceptance?.lapsed).toHaveLength(2);
      expect(verdict.reasons[0]).toMatch(
        /^Acceptance lapsed: p50 [\d.]+ ms is beyond the accepted [\d.]+ ms on bbbbbbb plus its noise band \(up to [\d.]+ ms\); remove and apply the label loadgate:accept-regression again to accept the new value\.$/,
      );
      const { markdown } = renderReport({ verdict, current: next, baseline, marker: 'k' });
      expect(markdown).toContain('❌ lapsed: beyond its band');
      expect(markdown).toContain('### ❌ loadgate: fail');
    });

    it('refuses a row that breached only after the acceptance', () => {
      const stored = {
        ...recordAt(1.05),
        rows: recordAt(1.05).rows.filter((r) => r.scope === 'all'),
      };
      const verdict = accept(next, rules, { events, stored, headSha: nextHead });

      expect(verdict.level).toBe('fail');
      expect(p50Of(verdict).status).toBe('accepted');
      expect(p50Of(verdict, 'list').status).toBe('fail');
      expect(verdict.acceptance?.refused).toEqual([
        expect.stringMatching(
          /^list: p50 [\d.]+ ms \(\+[\d.]+ % vs baseline\): breached only after the acceptance of bbbbbbb/,
        ),
      ]);
    });

    it('a new application of the label accepts the new values afresh', () => {
      const again = [
        ...events,
        labelEvent(8, endOf(next) + 1, { action: 'unlabeled' }),
        labelEvent(9, endOf(next) + 2),
      ];
      const verdict = accept(next, rules, {
        events: again,
        stored: recordAt(1.3),
        headSha: nextHead,
      });

      expect(verdict.level).toBe('warn');
      expect(verdict.acceptance?.record).toMatchObject({ eventId: 9, sha: nextHead });
    });

    it('removing the label withdraws the acceptance: the rows fail again', () => {
      const removed = [
        ...events,
        labelEvent(8, endOf(next) + 5, { action: 'unlabeled', actor: 'lead' }),
      ];
      const verdict = accept(next, rules, {
        events: removed,
        stored: recordAt(1.05),
        headSha: nextHead,
      });

      expect(verdict.level).toBe('fail');
      expect(p50Of(verdict).status).toBe('fail');
      expect(verdict.acceptance).toMatchObject({ state: 'withdrawn', by: 'lead' });
      expect(verdict.acceptance?.record).toBeUndefined();
      expect(verdict.reasons.at(-1)).toBe(
        'The label loadgate:accept-regression was removed by @lead: the regressions it accepted gate again.',
      );
    });
  });

  it('without any event of the label, the verdict is returned as it was', () => {
    const verdict = judge(slower, rules);
    const other = [labelEvent(3, endOf(slower) + 1, { label: 'bug' })];
    expect(
      acceptRegressions({
        verdict,
        current: slower,
        rules,
        label: LABEL,
        scope: 'regressions',
        events: other,
        writer: WRITER,
        headSha: HEAD,
      }),
    ).toBe(verdict);
  });
});

describe('findLatestLabelEvent and hasWriteAccess', () => {
  it('takes the latest event of the label, names compared case-insensitively', () => {
    const events = [
      labelEvent(1, 1000),
      labelEvent(2, 3000, { action: 'unlabeled' }),
      labelEvent(4, 5000, { label: 'Loadgate:Accept-Regression' }),
      labelEvent(3, 9000, { label: 'bug' }),
    ];
    expect(findLatestLabelEvent(events, LABEL)?.id).toBe(4);
    expect(findLatestLabelEvent(events.slice(0, 2), LABEL)?.action).toBe('unlabeled');
    expect(findLatestLabelEvent([], LABEL)).toBeUndefined();
  });

  it.each<[WriterCheck, boolean]>([
    [{ kind: 'permission', permission: 'admin' }, true],
    [{ kind: 'permission', permission: 'write', roleName: 'maintain' }, true],
    [{ kind: 'permission', permission: 'read', roleName: 'write' }, true],
    [{ kind: 'permission', permission: 'read', roleName: 'triage' }, false],
    [{ kind: 'permission', permission: 'none' }, false],
    [{ kind: 'not-collaborator' }, false],
    [{ kind: 'failed', reason: 'x' }, false],
  ])('%j → %s', (check, expected) => {
    expect(hasWriteAccess(check)).toBe(expected);
  });
});

describe('the acceptance record in the comment', () => {
  const record: AcceptanceRecord = {
    label: LABEL,
    eventId: 42,
    by: 'octo-cat',
    at: '2026-11-22T12:01:00.000Z',
    sha: HEAD,
    rows: [
      {
        scope: 'check --> out',
        metric: 'p97.5',
        kind: 'regression',
        rule: 'p97.5 +10 %',
        value: 1e-7,
      },
    ],
  };

  it('round-trips through one hidden line that no name can break out of', () => {
    const line = formatAcceptanceLine('loadgate-shop', record);
    expect(line).toMatch(/^<!-- loadgate:accepted:loadgate-shop [A-Za-z0-9_-]+ -->$/);
    const body = `<!-- loadgate:loadgate-shop -->\n### report\n${line}\n`;
    expect(findAcceptanceRecord(['unrelated', body], 'loadgate-shop')).toEqual({
      record,
      notes: [],
    });
    expect(findAcceptanceRecord([body], 'loadgate-other').record).toBeUndefined();
  });

  it('trusts nothing it cannot validate: edited, truncated or foreign lines read as none', () => {
    const line = formatAcceptanceLine('k', record);
    const encode = (value: unknown) =>
      `<!-- loadgate:accepted:k ${btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')} -->`;
    const tampered = [
      line.replace(/(accepted:k )[A-Za-z0-9_-]{12}/, '$1AAAAAAAAAAAA'),
      `${line.slice(0, 60)} -->`,
      encode({ v: 1, ...record, eventId: -1 }),
      encode({ v: 1, ...record, rows: [{ ...record.rows[0], metric: 'p95; rm' }] }),
      encode({ v: 2, ...record }),
      encode({ v: 1, ...record, extra: true }),
    ];
    for (const body of tampered) {
      const found = findAcceptanceRecord([body], 'k');
      expect(found.record).toBeUndefined();
      expect(found.notes).toEqual([
        expect.stringContaining('ignoring an unreadable acceptance record for k'),
      ]);
    }
    expect(findAcceptanceRecord([encode({ v: 1, ...record })], 'k').record).toEqual(record);
  });
});

import type { Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/core/history/types.js';
import {
  decideIssueAction,
  type ExistingIssue,
  type IssueAction,
  type IssueDecisionInput,
  type IssueRun,
  type IssueState,
  issueKeyOf,
  issueMarkerOf,
  MAX_ISSUE_BODY_CHARS,
  REGRESSION_LABEL,
  readIssueState,
  reasonKeyOf,
  renderIssueStateLine,
} from '../../../src/core/notify/regression-issue.js';
import type { Level } from '../../../src/core/rules/types.js';
import { commitOf, DAY_MS, HOUR_MS, makeEntry, SERIES_START_MS } from './history-fixtures.js';

const ZWSP = '\u200B';
const KEY = issueKeyOf({
  workflowFile: '.github/workflows/nightly.yml',
  profile: 'shop',
  heartbeat: false,
});
const MARKER = issueMarkerOf(KEY);
const REPO = 'https://github.com/acme/shop';
const SLOW_REASON =
  'p95 latency +150 % (+150 ms) vs baseline: over the +20 % fail limit (floor 5 ms), 95 % confident (p < 0.001)';

interface RunSpec {
  level: Level;
  confirmed?: boolean;
  p95?: number;
  errorRate?: number;
  reasons?: string[];
  profile?: string;
  layer?: HistoryEntry['layer'];
}

/**
 * A series of scheduled runs against one in-memory issue: each run is appended to the history,
 * decided on, and the decision applied as the shell would (create, update, comment, close).
 */
class Series {
  readonly history: HistoryEntry[] = [];
  issues: (ExistingIssue & { title: string; comments: string[] })[] = [];
  closeAfter = 2;
  private n = 0;

  /** The newest issue, as the gateway's find returns it. */
  get issue() {
    return this.issues.at(-1);
  }

  run(spec: RunSpec, nowMs?: number): IssueAction {
    const n = this.n++;
    const breaching = spec.level !== 'pass';
    const entry = makeEntry(n, {
      p95: spec.p95 ?? (breaching ? 250 : 100),
      errorRate: spec.errorRate ?? 0,
      verdict: spec.level,
      ...(spec.profile ? { profile: spec.profile } : {}),
      ...(spec.layer ? { layer: spec.layer } : {}),
      ...(breaching ? { breach: spec.confirmed === false ? 'unconfirmed' : 'confirmed' } : {}),
    });
    this.history.push(entry);
    const run: IssueRun = {
      level: spec.level,
      confirmedBreach: breaching && spec.confirmed !== false,
      reasons: spec.reasons ?? (breaching ? [SLOW_REASON] : ['No regression beyond its limits.']),
      entry,
    };
    const existing = this.issue;
    const action = decideIssueAction({
      ...(existing
        ? {
            existing: {
              number: existing.number,
              state: existing.state,
              ...(existing.closedAt ? { closedAt: existing.closedAt } : {}),
              body: existing.body,
            },
          }
        : {}),
      run,
      history: this.history,
      closeAfter: this.closeAfter,
      nowMs: nowMs ?? Date.parse(entry.at) + 60_000,
      repoUrl: REPO,
      issueKey: KEY,
    });
    const at = new Date(nowMs ?? Date.parse(entry.at) + 60_000).toISOString();
    if (action.kind === 'open') {
      this.issues.push({
        number: this.issues.length + 1,
        state: 'open',
        title: action.title,
        body: action.body,
        comments: [],
      });
    } else if (action.kind === 'update' && existing) {
      existing.body = action.body;
      if (action.comment) existing.comments.push(action.comment);
      if (action.state === 'closed') {
        existing.state = 'closed';
        existing.closedAt = at;
      } else if (action.state === 'open') {
        existing.state = 'open';
        delete existing.closedAt;
      }
    }
    return action;
  }

  state(): IssueState | undefined {
    return this.issue ? readIssueState(this.issue.body) : undefined;
  }
}

function parse(md: string): Root {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

function walk(node: Root | RootContent): (Root | RootContent)[] {
  return [node, ...('children' in node ? (node.children as RootContent[]).flatMap(walk) : [])];
}

describe('the regression issue over a series of scheduled runs', () => {
  it('opens on the confirmed slowdown, updates quietly, counts passes, then comments and closes', () => {
    const s = new Series();
    expect(s.run({ level: 'pass' })).toEqual({
      kind: 'none',
      why: 'the run passed and no regression issue is open',
    });
    expect(s.run({ level: 'pass' }).kind).toBe('none');

    const opened = s.run({ level: 'fail', p95: 250 });
    expect(opened.kind).toBe('open');
    expect(s.issues).toHaveLength(1);
    expect(s.issue?.title).toBe('loadgate: shop regressed (scheduled/hourly)');
    expect(s.issue?.body).toContain(MARKER);
    expect(s.state()).toMatchObject({
      level: 'fail',
      since: s.history[2]?.at,
      firstBad: { commit: commitOf(2), at: s.history[2]?.at },
      lastGood: { commit: commitOf(1), at: s.history[1]?.at },
      passes: 0,
      badRuns: 1,
      noted: { p95Ms: 250, errorRate: 0 },
    });
    expect(s.issue?.body).toContain(
      `[\`0000001...0000002\`](${REPO}/compare/${commitOf(1)}...${commitOf(2)})`,
    );

    const still = s.run({ level: 'fail', p95: 260 });
    expect(still).toMatchObject({ kind: 'update' });
    expect(still).not.toHaveProperty('comment');
    expect(still).not.toHaveProperty('state');
    expect(s.state()).toMatchObject({ passes: 0, badRuns: 2, level: 'fail' });
    expect(s.issue?.body).toContain(
      `[\`0000001...0000003\`](${REPO}/compare/${commitOf(1)}...${commitOf(3)})`,
    );

    const firstPass = s.run({ level: 'pass', p95: 101 });
    expect(firstPass).toMatchObject({ kind: 'update' });
    expect(firstPass).not.toHaveProperty('comment');
    expect(s.state()).toMatchObject({ passes: 1, recoveredAt: { commit: commitOf(4) } });
    expect(s.issue?.body).toContain('✅ passing: 1 of 2 runs in a row needed to close');

    const secondPass = s.run({ level: 'pass', p95: 99 });
    expect(secondPass).toMatchObject({ kind: 'update', state: 'closed' });
    expect(s.issue?.state).toBe('closed');
    expect(s.issue?.comments).toHaveLength(1);
    const recovery = s.issue?.comments[0] ?? '';
    expect(recovery).toContain('✅ **Recovered**: 2 passing runs in a row, the first at');
    expect(recovery).toContain(`[\`0000004\`](https://github.com/acme/shop/actions/runs/1004)`);
    expect(recovery).toContain('| p95 | 260 ms | 99 ms |');
    expect(recovery).toContain('| p50 | 130 ms | 49.5 ms |');
    expect(s.issues).toHaveLength(1);
    expect(s.run({ level: 'pass' }).kind).toBe('none');
  });

  it('opens nothing for a breach that was not confirmed', () => {
    const s = new Series();
    s.run({ level: 'pass' });
    expect(s.run({ level: 'fail', confirmed: false })).toEqual({
      kind: 'none',
      why: 'the breach was not confirmed, so no issue is opened for it',
    });
    expect(s.issues).toHaveLength(0);
  });

  it('counts an unconfirmed breach while open as neither a pass nor a fail', () => {
    const s = new Series();
    s.run({ level: 'pass' });
    s.run({ level: 'fail' });
    s.run({ level: 'pass' });
    expect(s.state()?.passes).toBe(1);
    const action = s.run({ level: 'fail', confirmed: false, p95: 900 });
    expect(action).toEqual({ kind: 'update', body: expect.any(String) });
    expect(s.state()).toMatchObject({ passes: 1, badRuns: 1, level: 'fail' });
    expect(s.issue?.body).toContain('breach not confirmed: counted as neither');
    expect(s.run({ level: 'pass' })).toMatchObject({ state: 'closed' });
  });

  it('takes the first bad run from the streak the confirming run ends (confirm off)', () => {
    const s = new Series();
    s.run({ level: 'pass' });
    s.run({ level: 'fail', confirmed: false });
    s.run({ level: 'fail' });
    expect(s.state()).toMatchObject({
      firstBad: { commit: commitOf(1) },
      lastGood: { commit: commitOf(0) },
      since: s.history[1]?.at,
      badRuns: 2,
    });
  });

  it('reopens an issue closed 5 days ago, and opens a new one when it was closed 20 days ago', () => {
    const s = new Series();
    s.run({ level: 'fail' });
    s.run({ level: 'pass' });
    s.run({ level: 'pass' });
    expect(s.issue?.state).toBe('closed');
    const closedAt = Date.parse(s.issue?.closedAt ?? '');

    const reopened = s.run({ level: 'fail' }, closedAt + 5 * DAY_MS);
    expect(reopened).toMatchObject({ kind: 'update', state: 'open' });
    expect(s.issues).toHaveLength(1);
    expect(s.issue?.comments.at(-1)).toMatch(
      /^🔁 \*\*Regressed again\*\* 5 days after it was closed: ❌ fail at /,
    );
    expect(s.state()).toMatchObject({ passes: 0, firstBad: { commit: commitOf(3) } });

    s.run({ level: 'pass' });
    s.run({ level: 'pass' });
    const closedAgain = Date.parse(s.issue?.closedAt ?? '');
    const fresh = s.run({ level: 'fail' }, closedAgain + 20 * DAY_MS);
    expect(fresh.kind).toBe('open');
    expect(s.issues).toHaveLength(2);
    expect(s.issues[0]?.state).toBe('closed');
    expect(s.issue?.state).toBe('open');
  });

  it('reads a closed issue with no closing time as closed long ago', () => {
    const action = decide({
      existing: { number: 1, state: 'closed', body: 'x' },
      level: 'fail',
    });
    expect(action.kind).toBe('open');
  });

  it('comments when fail eases to warn, and when warn worsens to fail', () => {
    const s = new Series();
    s.run({ level: 'fail' });
    const eased = s.run({ level: 'warn' });
    expect(eased).toMatchObject({ kind: 'update' });
    expect(s.issue?.comments.at(-1)).toMatch(/^⚠️ \*\*Eased from fail to warn\*\* at /);
    expect(s.state()).toMatchObject({ level: 'warn', since: s.history[1]?.at });
    s.run({ level: 'warn' });
    expect(s.issue?.comments).toHaveLength(1);
    s.run({ level: 'fail' });
    expect(s.issue?.comments.at(-1)).toMatch(/^❌ \*\*Worsened from warn to fail\*\* at /);
    expect(s.issue?.comments).toHaveLength(2);
  });

  it('comments when a fail gets worse: a new reason, p95 up ≥ 20 %, error rate up ≥ 5 points', () => {
    const s = new Series();
    s.run({ level: 'fail', p95: 250 });
    s.run({ level: 'fail', p95: 290 });
    expect(s.issue?.comments).toHaveLength(0);
    s.run({ level: 'fail', p95: 300 });
    expect(s.issue?.comments.at(-1)).toMatch(/^❌ \*\*Got worse\*\* at .*: p95 250 ms → 300 ms\./);
    s.run({ level: 'fail', p95: 340 });
    expect(s.issue?.comments).toHaveLength(1);
    s.run({
      level: 'fail',
      p95: 300,
      reasons: [
        SLOW_REASON.replace('150', '170'),
        'checkout: error rate +900 % (+4.5 %) vs baseline: over the +50 % fail limit',
      ],
    });
    expect(s.issue?.comments).toHaveLength(2);
    expect(s.issue?.comments.at(-1)).toContain('1 new reason');
    s.run({ level: 'fail', p95: 300, reasons: [SLOW_REASON], errorRate: 0.06 });
    expect(s.issue?.comments.at(-1)).toContain('error rate 0 % → 6 %');
    expect(s.issue?.comments).toHaveLength(3);
  });

  it('keys a reason by what it is about, not by its figures', () => {
    expect(reasonKeyOf(SLOW_REASON)).toBe('p95 latency');
    expect(reasonKeyOf(SLOW_REASON.replace('+150 %', '+31.5 %').replace('< 0.001', '0.012'))).toBe(
      'p95 latency',
    );
    expect(reasonKeyOf('checkout v2: error rate up from 0 (+2 %) vs baseline')).toBe(
      'checkout v2: error rate',
    );
    expect(reasonKeyOf('12 3')).toBe('# #');
  });
});

describe('the state line', () => {
  const STATE: IssueState = {
    v: 1,
    level: 'fail',
    since: '2026-11-30T02:05:00.000Z',
    firstBad: { commit: commitOf(2), at: '2026-11-30T02:05:00.000Z' },
    passes: 0,
    badRuns: 1,
    lastReasons: ['a --> b <img> & --!> c\u2028d'],
    worst: { p50Ms: 1, p95Ms: 2, p99Ms: 3, errorRate: 0 },
    noted: { p95Ms: 2, errorRate: 0, reasonKeys: ['a --? b'] },
  };

  it('round-trips through a body, and no stored text can close the comment', () => {
    const line = renderIssueStateLine(STATE);
    expect(line.indexOf('>')).toBe(line.length - 1);
    expect(line).not.toContain('<img');
    expect(readIssueState(`# title\n\n${line}\n`)).toEqual(STATE);
    const html = walk(parse(`text\n\n${line}\n`)).filter((n) => n.type === 'html');
    expect(html.map((n) => (n as { value: string }).value)).toEqual([line]);
  });

  it.each([
    ['no state line', 'someone rewrote the body'],
    ['garbled JSON', '<!-- loadgate:state {"v":1,"level": -->'],
    ['the wrong shape', '<!-- loadgate:state {"v":1,"level":"meh"} -->'],
    ['a negative count', renderIssueStateLine({ ...STATE, passes: -1 })],
  ])('reads %s as no state', (_name, body) => {
    expect(readIssueState(body)).toBeUndefined();
  });

  it('rebuilds a garbled state from the history and carries on', () => {
    const s = new Series();
    s.run({ level: 'pass' });
    s.run({ level: 'fail' });
    s.run({ level: 'pass' });
    const issue = s.issue;
    if (!issue) throw new Error('no issue');
    issue.body = `${MARKER}\n<!-- loadgate:state {"v":1,"level":"fail","passes":"x -->\nedited by hand`;
    const action = s.run({ level: 'pass' });
    expect(action).toMatchObject({ kind: 'update', state: 'closed' });
    expect(s.state()).toMatchObject({ passes: 2, firstBad: { commit: commitOf(1) } });

    const t = new Series();
    t.run({ level: 'fail' });
    const edited = t.issue;
    if (!edited) throw new Error('no issue');
    edited.body = 'all gone';
    expect(t.run({ level: 'fail' })).toEqual({ kind: 'update', body: expect.any(String) });
    expect(t.state()).toMatchObject({
      level: 'fail',
      passes: 0,
      firstBad: { commit: commitOf(0) },
    });
    expect(t.state()?.badRuns).toBe(2);

    const alone = decideIssueAction({
      existing: { number: 7, state: 'open', body: 'edited, and the history expired meanwhile' },
      run: { level: 'fail', confirmedBreach: true, reasons: [SLOW_REASON], entry: makeEntry(9) },
      history: [makeEntry(9)],
      closeAfter: 2,
      nowMs: SERIES_START_MS + 10 * HOUR_MS,
      repoUrl: REPO,
      issueKey: KEY,
    });
    if (alone.kind !== 'update') throw new Error(alone.kind);
    expect(alone).not.toHaveProperty('comment');
    expect(readIssueState(alone.body)).toMatchObject({
      badRuns: 1,
      firstBad: { commit: commitOf(9) },
      passes: 0,
    });
  });
});

function decide(spec: {
  existing?: ExistingIssue;
  level: Level;
  reasons?: string[];
  profile?: string;
  layer?: HistoryEntry['layer'];
}): IssueAction {
  const entries = [
    makeEntry(0, spec.profile ? { profile: spec.profile } : {}),
    makeEntry(1, {
      verdict: spec.level,
      breach: 'confirmed',
      p95: 250,
      ...(spec.profile ? { profile: spec.profile } : {}),
      ...(spec.layer ? { layer: spec.layer } : {}),
    }),
  ];
  const input: IssueDecisionInput = {
    ...(spec.existing ? { existing: spec.existing } : {}),
    run: {
      level: spec.level,
      confirmedBreach: true,
      reasons: spec.reasons ?? [SLOW_REASON],
      entry: entries[1] as HistoryEntry,
    },
    history: entries,
    closeAfter: 2,
    nowMs: SERIES_START_MS + 2 * HOUR_MS,
    repoUrl: REPO,
    issueKey: KEY,
  };
  return decideIssueAction(input);
}

describe('the issue body', () => {
  it('stays under 65,536 characters with 1,000 long hostile reasons, marker and state intact', () => {
    const reasons = Array.from(
      { length: 1000 },
      (_, i) => `scenario ${i} <&>|\`@x ${'<&>'.repeat(2000)}`,
    );
    const action = decide({ level: 'fail', reasons, profile: '<&>'.repeat(500) });
    if (action.kind !== 'open') throw new Error(action.kind);
    expect(action.body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
    expect(action.body).toContain(MARKER);
    expect(readIssueState(action.body)?.lastReasons).toHaveLength(10);
    expect(action.body).toMatch(/… and [\d,]+ more/);
    expect(action.body).toContain('### 📈 Trend');
    const comment = decide({
      existing: {
        number: 1,
        state: 'closed',
        closedAt: new Date(SERIES_START_MS).toISOString(),
        body: '',
      },
      level: 'fail',
      reasons,
    });
    if (comment.kind !== 'update') throw new Error(comment.kind);
    expect(comment.comment?.length ?? 0).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
    expect(comment.body.length).toBeLessThanOrEqual(MAX_ISSUE_BODY_CHARS);
  });

  it('makes a hostile profile name inert in the title, the body and its trend table', () => {
    const hostile = '<img src=x onerror=alert(1)> @acme/devs `tick` --> #12 \u001b[31m\u202e|';
    const action = decide({ level: 'fail', profile: hostile, reasons: [`${hostile} p95 up`] });
    if (action.kind !== 'open') throw new Error(action.kind);
    expect(action.title).toBe(
      'loadgate: <img src=x onerror=alert(1)> @acme/devs `tick` --> #12 ␛[31m| regressed (scheduled/hourly)',
    );
    const { body } = action;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none leak is the point
    const leak = /<img|@acme|#12|\u001b|\u202e/.exec(body);
    expect(leak && body.slice(leak.index - 80, leak.index + 40)).toBeNull();
    expect(body).toContain(`@${ZWSP}acme`);
    const tree = parse(body);
    const html = walk(tree)
      .filter((n) => n.type === 'html')
      .map((n) => (n as { value: string }).value);
    expect(html).toHaveLength(2);
    expect(html[0]).toBe(MARKER);
    expect(html[1]).toMatch(/^<!-- loadgate:state \{[^>]*\} -->$/);
    expect(
      walk(tree).some(
        (n) => n.type === 'image' || (n.type === 'inlineCode' && n.value.includes('tick')),
      ),
    ).toBe(false);
    const tables = walk(tree).filter((n) => n.type === 'table') as {
      children: { children: unknown[] }[];
    }[];
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      const width = table.children[0]?.children.length;
      expect(table.children.every((row) => row.children.length === width)).toBe(true);
    }
    const state = readIssueState(body);
    expect(state?.lastReasons[0]).toContain('<img');
  });

  it('says a heartbeat target is down, under a key of its own', () => {
    const action = decide({ level: 'fail', layer: 'heartbeat' });
    expect(action).toMatchObject({ kind: 'open', title: 'loadgate: shop is down' });
    expect(
      issueKeyOf({
        workflowFile: '.github/workflows/nightly.yml',
        profile: 'shop',
        heartbeat: true,
      }),
    ).toBe('nightly.yml:shop:heartbeat');
  });
});

describe('issue keys and markers', () => {
  it('are stable slugs that keep differently written profiles apart', () => {
    expect(KEY).toBe('nightly.yml:shop:regression');
    expect(MARKER).toBe('<!-- loadgate:issue key=nightly.yml:shop:regression -->');
    expect(REGRESSION_LABEL).toBe('loadgate-regression');
    const a = issueKeyOf({
      workflowFile: 'acme/shop/.github/workflows/n.yml@refs/heads/main',
      profile: 'Shop API',
      heartbeat: false,
    });
    const b = issueKeyOf({
      workflowFile: '.github/workflows/n.yml',
      profile: 'Shop-API',
      heartbeat: false,
    });
    expect(a).toMatch(/^n\.yml:Shop-API-[0-9a-f]{8}:regression$/);
    expect(b).toBe('n.yml:Shop-API:regression');
    expect(a).toBe(
      issueKeyOf({
        workflowFile: '.github/workflows/n.yml',
        profile: 'Shop API',
        heartbeat: false,
      }),
    );
    const hostile = issueKeyOf({
      workflowFile: 'x',
      profile: `--> <b>${'x'.repeat(500)}`,
      heartbeat: false,
    });
    expect(hostile.length).toBeLessThanOrEqual(150);
    expect(issueMarkerOf(hostile)).toMatch(/^<!-- loadgate:issue key=[A-Za-z0-9._:-]+ -->$/);
  });
});

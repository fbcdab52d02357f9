/**
 * The regression issue: one per (workflow, profile, heartbeat or not), opened when a scheduled
 * run's breach is confirmed, rewritten while the regression lasts, closed after `close-after`
 * passing runs in a row, reopened when it recurs soon after. Pure: what to do and the text;
 * the shell finds the issue (label + hidden marker) and carries the action out.
 *
 * What the issue remembers between runs lives in its own body, in a hidden state line
 * (`<!-- loadgate:state {json} -->`); a body whose state line was edited away or garbled is
 * rebuilt from the history, never an error.
 *
 * State rules (one run at a time; "breach" = level warn/fail with `confirmedBreach`):
 * - No open issue: a breach opens one, or reopens the newest closed one when it was closed at
 *   most `reopenWithinDays` (default 14) ago (comment "regressed again"); anything else does
 *   nothing.
 * - Open issue, breach: the body is rewritten and `passes` goes back to 0. A comment is added
 *   only when the state changes: the level changed (fail → warn eased, warn → fail worsened),
 *   or, at the same level, it got worse than when the issue last spoke (opened or commented):
 *   a reason about a scope and metric not named then, the whole-run p95 at least 20 % higher,
 *   or the whole-run error rate at least 5 percentage points higher.
 * - Open issue, pass (level `pass`): `passes` + 1 and the body is rewritten; at `closeAfter`
 *   passes the issue gets a recovery comment (p50/p95/p99 and error rate now vs at the worst,
 *   the commit that recovered) and is closed.
 * - Open issue, a breach that was not confirmed (or a warn that is no breach): neither a pass
 *   nor a fail: `passes` and the level stay, the body shows the run, no comment.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../history/types.js';
import { formatCount, formatLatencyMs, formatPercent } from '../input/format-units.js';
import { toTerminalText } from '../input/terminal-text.js';
import {
  escapeText,
  joinBlocks,
  measureBlocks,
  renderBulletList,
  renderRemark,
  renderTable,
  sanitizeCommentKey,
  truncateText,
} from '../render/markdown-escape.js';
import { iconOfLevel } from '../render/scenario-table.js';
import {
  formatUtcMinute,
  isCommitId,
  isLinkableUrl,
  renderCommit,
  renderTrendSection,
} from '../render/trend-section.js';
import type { Level } from '../rules/types.js';

/** The label every regression issue carries; the issue is found by it plus its marker. */
export const REGRESSION_LABEL = 'loadgate-regression';
/** Passing runs in a row after which the issue closes, unless `close-after` says otherwise. */
export const DEFAULT_CLOSE_AFTER = 2;
/** A closed issue is reopened (not duplicated) when the regression recurs within this many days. */
export const DEFAULT_REOPEN_WITHIN_DAYS = 14;
/** GitHub's limit for an issue body or comment, in characters. */
export const MAX_ISSUE_BODY_CHARS = 65_536;
/** Same level, but the whole-run p95 this many times what it was when the issue last spoke. */
export const WORSE_P95_RATIO = 1.2;
/** Same level, but the whole-run error rate this much higher (a fraction: 0.05 = 5 points). */
export const WORSE_ERROR_RATE_RISE = 0.05;
/** Runs the issue's trend shows. */
export const ISSUE_TREND_ROWS = 20;

const DAY_MS = 86_400_000;
const MAX_BODY_REASONS = 20;
const MAX_REASON_CHARS = 400;
const MAX_COMMENT_REASONS = 10;
const MAX_STATE_REASONS = 10;
const MAX_STATE_REASON_CHARS = 200;
const MAX_REASON_KEYS = 20;
const MAX_REASON_KEY_CHARS = 120;
const MAX_SLUG_CHARS = 60;
const STATE_PREFIX = '<!-- loadgate:state ';
const STATE_LINE = /<!-- loadgate:state (\{[^\n]*?\}) -->/g;

/** A run the issue points at. `runUrl` is kept only when it is a plain https URL. */
export interface IssueRunRef {
  commit?: string;
  runUrl?: string;
  /** ISO time the run started. */
  at: string;
}

/** Whole-run figures: milliseconds, and the error rate as a 0..1 fraction. */
export interface IssueFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
}

/** What the issue remembers between runs (the hidden state line of its body). */
export interface IssueState {
  v: 1;
  /** The level of the latest confirmed breach. */
  level: 'warn' | 'fail';
  /** ISO: when that level began (the first bad run's time when the issue opened). */
  since: string;
  /** The first run of the unbroken streak of breaching runs (confirmed or not) that opened it. */
  firstBad: IssueRunRef;
  /** The newest run before that streak that neither breached nor failed (a merged entry: its
   * last run's commit and time). */
  lastGood?: IssueRunRef;
  /** Passing runs in a row since the latest breach. */
  passes: number;
  /** The first of those passing runs: the commit that recovered. */
  recoveredAt?: IssueRunRef;
  /** Breaching runs: the streak that opened the issue, then each confirmed breach. */
  badRuns: number;
  /** Reasons of the latest confirmed breach (at most 10, each cut to 200 characters). */
  lastReasons: string[];
  /** The highest of each figure over the breaching runs (each its own maximum). */
  worst: IssueFigures;
  /** What the issue last said (opened or commented), to tell "worse" from "still bad". */
  noted: { p95Ms: number; errorRate: number; reasonKeys: string[] };
}

export interface IssueKeyInput {
  /** The workflow file (`.github/workflows/nightly.yml`, or a workflow ref `…@refs/heads/main`). */
  workflowFile: string;
  profile: string;
  /** Heartbeat runs (the target is down) keep an issue of their own. */
  heartbeat: boolean;
}

export interface ExistingIssue {
  number: number;
  state: 'open' | 'closed';
  /** ISO time it was closed. */
  closedAt?: string;
  body: string;
}

export interface IssueRun {
  level: Level;
  /** The run breached and the breach held (re-measured, or the previous run breached too). */
  confirmedBreach: boolean;
  /** The verdict's reasons, worst first (plain text; escaped here). */
  reasons: readonly string[];
  /** This run's history entry. */
  entry: HistoryEntry;
  /** Link to the run; default `entry.runUrl`. */
  runUrl?: string;
}

export interface IssueDecisionInput {
  /** The issue found by label and marker (the newest, open or closed), if any. */
  existing?: ExistingIssue;
  run: IssueRun;
  /** The series, oldest first, this run included. */
  history: readonly HistoryEntry[];
  /** Passing runs in a row that close the issue; below 1 reads as 1. */
  closeAfter: number;
  /** Wall-clock now, epoch ms (to age a closed issue). */
  nowMs: number;
  /** Days after closing within which a recurrence reopens the issue (default 14). */
  reopenWithinDays?: number;
  /** The repository's web URL, e.g. `https://github.com/acme/shop`, for compare links. */
  repoUrl: string;
  /** The issue's key ({@link issueKeyOf}): the body carries its marker, which the issue is
   * found by next time. */
  issueKey: string;
}

export type IssueAction =
  | { kind: 'none'; why: string }
  | { kind: 'open'; title: string; body: string }
  | { kind: 'update'; body: string; comment?: string; state?: 'open' | 'closed' };

/**
 * The issue's stable key: `<workflow file name>:<profile>:<regression|heartbeat>`, each part a
 * slug of letters, digits and `._-` (at most 60 characters). A part that had to change to become
 * a slug gets an 8-hex hash of the original, so `Shop API` and `shop-api` never share an issue.
 * Only the file name of the workflow counts (workflows all live in `.github/workflows/`); a
 * `@ref` suffix is dropped. At most 150 characters.
 */
export function issueKeyOf(input: IssueKeyInput): string {
  const file = input.workflowFile.replace(/@.*$/, '').split('/').at(-1) || 'workflow';
  const kind = input.heartbeat ? 'heartbeat' : 'regression';
  return `${slugPart(file)}:${slugPart(input.profile || 'profile')}:${kind}`;
}

/** `<!-- loadgate:issue key=… -->`: the hidden line the issue is found by. */
export function issueMarkerOf(key: string): string {
  return `<!-- loadgate:issue key=${sanitizeCommentKey(key)} -->`;
}

/**
 * The issue title: `loadgate: <profile> regressed (<layer>/<interval>)`, or for a heartbeat
 * `loadgate: <profile> is down`. Titles are plain text: names are kept on one line, control and
 * bidi characters neutralized, the profile cut to 100 characters.
 */
export function renderIssueTitle(entry: HistoryEntry): string {
  const profile = plainText(entry.profile, 100);
  if (entry.layer === 'heartbeat') return `loadgate: ${profile} is down`;
  return `loadgate: ${profile} regressed (${plainText(entry.layer, 20)}/${plainText(entry.interval, 40)})`;
}

/**
 * The state line of an issue body, or undefined when it is missing, garbled or not a state
 * (tolerant of any hand edit; the last state line counts when there are several).
 */
export function readIssueState(body: string): IssueState | undefined {
  const matches = [...body.matchAll(STATE_LINE)];
  const json = matches.at(-1)?.[1];
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = STATE_SCHEMA.safeParse(value);
  return parsed.success ? (parsed.data as IssueState) : undefined;
}

/**
 * `<!-- loadgate:state {json} -->` on one line, ASCII only: `<`, `>`, `&`, `@`, `#` and every
 * character outside printable ASCII are written as `\u003c`-style JSON escapes, so no stored
 * text can close the comment, open markup, ping anyone or reorder the line.
 */
export function renderIssueStateLine(state: IssueState): string {
  const json = JSON.stringify(state).replace(
    /[^\x20-\x7e]|[<>&@#]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${STATE_PREFIX}${json} -->`;
}

/**
 * What a reason is about, for telling a new reason from an old one whose figures moved: its
 * text up to its first free-standing number (`checkout: p95 latency` from `checkout: p95
 * latency +32.1 % (+12.3 ms) vs baseline: …`), or the whole text with numbers as `#` when that
 * prefix is too short. At most 120 characters, no `<>&`.
 */
export function reasonKeyOf(reason: string): string {
  const normalized = toTerminalText(reason)
    .replace(/[<>&]/g, '?')
    .replace(/(?<![\p{L}\p{N}_.])[+\-−±]?\d[\d,.]*/gu, '#')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = normalized.indexOf('#');
  const prefix = (cut >= 0 ? normalized.slice(0, cut) : normalized)
    .trim()
    .replace(/\s+up from$/, '');
  return truncateText(prefix.length >= 3 ? prefix : normalized, MAX_REASON_KEY_CHARS);
}

/**
 * What to do with the regression issue after a run (see the state rules at the top of this
 * file). Pure and total: a garbled body, an unparsable `closedAt` (read as long ago) or a
 * history without this run's entry are all handled.
 */
export function decideIssueAction(input: IssueDecisionInput): IssueAction {
  const { run, existing } = input;
  const kind = runKindOf(run);
  const closeAfter = Number.isFinite(input.closeAfter)
    ? Math.max(1, Math.floor(input.closeAfter))
    : DEFAULT_CLOSE_AFTER;
  const prior = withoutEntry(input.history, run.entry.id);
  const context: BodyContext = { input, closeAfter };
  if (existing?.state !== 'open') {
    if (kind !== 'breach') {
      return {
        kind: 'none',
        why:
          kind === 'pass'
            ? 'the run passed and no regression issue is open'
            : 'the breach was not confirmed, so no issue is opened for it',
      };
    }
    const state = openingState(run, prior);
    const body = renderIssueBody(context, state, 'open');
    const closedDays = daysSince(existing?.closedAt, input.nowMs);
    const reopenWithin = input.reopenWithinDays ?? DEFAULT_REOPEN_WITHIN_DAYS;
    if (existing && closedDays !== undefined && closedDays <= reopenWithin) {
      return {
        kind: 'update',
        body,
        state: 'open',
        comment: renderChangeComment(context, 'again', state, closedDays),
      };
    }
    return { kind: 'open', title: renderIssueTitle(run.entry), body };
  }
  const previous = readIssueState(existing.body) ?? reconstructState(prior, run);
  if (kind === 'pass') {
    const passes = previous.passes + 1;
    const state: IssueState = {
      ...previous,
      passes,
      recoveredAt: previous.passes === 0 ? refOf(run) : (previous.recoveredAt ?? refOf(run)),
    };
    if (passes >= closeAfter) {
      return {
        kind: 'update',
        body: renderIssueBody(context, state, 'closed'),
        comment: renderRecoveryComment(context, state),
        state: 'closed',
      };
    }
    return { kind: 'update', body: renderIssueBody(context, state, 'open') };
  }
  if (kind === 'unconfirmed') {
    return { kind: 'update', body: renderIssueBody(context, previous, 'open') };
  }
  const level = run.level === 'warn' ? 'warn' : 'fail';
  const change = changeOf(previous, run, level);
  const figures = figuresOf(run.entry);
  const { recoveredAt: _recovered, ...rest } = previous;
  const state: IssueState = {
    ...rest,
    level,
    since: level === previous.level ? previous.since : run.entry.at.slice(0, 64),
    passes: 0,
    badRuns: previous.badRuns + 1,
    lastReasons: storedReasons(run.reasons),
    worst: maxFigures(previous.worst, figures),
    noted:
      change === undefined
        ? previous.noted
        : {
            p95Ms: figures.p95Ms,
            errorRate: figures.errorRate,
            reasonKeys: unionKeys(reasonKeysOf(run.reasons), previous.noted.reasonKeys),
          },
  };
  const body = renderIssueBody(context, state, 'open');
  if (change === undefined) return { kind: 'update', body };
  return {
    kind: 'update',
    body,
    comment: renderChangeComment(context, change, state, undefined, previous),
  };
}

// ── state ─────────────────────────────────────────────────────────────────────────────────

type RunKind = 'breach' | 'unconfirmed' | 'pass';
type Change = 'eased' | 'worsened' | 'worse' | 'again';
type Standing = 'good' | 'bad' | 'neutral';

interface BodyContext {
  input: IssueDecisionInput;
  closeAfter: number;
}

const ISO_TEXT = z.string().max(64);
const FIGURE = z.number().finite().nonnegative();
const RUN_REF = z.object({
  commit: z.string().max(64).optional(),
  runUrl: z.string().max(300).optional(),
  at: ISO_TEXT,
});
const STATE_SCHEMA = z.object({
  v: z.literal(1),
  level: z.enum(['warn', 'fail']),
  since: ISO_TEXT,
  firstBad: RUN_REF,
  lastGood: RUN_REF.optional(),
  passes: z.number().int().nonnegative(),
  recoveredAt: RUN_REF.optional(),
  badRuns: z.number().int().nonnegative(),
  lastReasons: z.array(z.string().max(MAX_STATE_REASON_CHARS)).max(MAX_STATE_REASONS),
  worst: z.object({ p50Ms: FIGURE, p95Ms: FIGURE, p99Ms: FIGURE, errorRate: FIGURE }),
  noted: z.object({
    p95Ms: FIGURE,
    errorRate: FIGURE,
    reasonKeys: z.array(z.string().max(MAX_REASON_KEY_CHARS)).max(MAX_REASON_KEYS),
  }),
});

function runKindOf(run: IssueRun): RunKind {
  if (run.level === 'pass') return 'pass';
  return run.confirmedBreach ? 'breach' : 'unconfirmed';
}

/** A history entry as the issue sees it: a breach or failure, a doubtful breach, or fine. */
function standingOf(entry: HistoryEntry): Standing {
  if (entry.breach === 'confirmed') return 'bad';
  if (entry.breach === 'unconfirmed') return 'neutral';
  return entry.status !== 'completed' || entry.verdict === 'fail' ? 'bad' : 'good';
}

function withoutEntry(history: readonly HistoryEntry[], id: string): HistoryEntry[] {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i]?.id === id) return [...history.slice(0, i), ...history.slice(i + 1)];
  }
  return [...history];
}

function refOf(run: IssueRun): IssueRunRef {
  return entryRef(run.entry, run.runUrl ?? run.entry.runUrl);
}

function entryRef(entry: HistoryEntry, runUrl = entry.runUrl): IssueRunRef {
  return {
    ...(entry.commit ? { commit: entry.commit.slice(0, 64) } : {}),
    ...(isLinkableUrl(runUrl) ? { runUrl } : {}),
    at: entry.at.slice(0, 64),
  };
}

function goodRef(entry: HistoryEntry): IssueRunRef {
  return { ...entryRef(entry), at: (entry.until ?? entry.at).slice(0, 64) };
}

function figuresOf(entry: HistoryEntry): IssueFigures {
  const { latencyMs, errorRate } = entry.overall;
  return {
    p50Ms: finiteOrZero(latencyMs.p50),
    p95Ms: finiteOrZero(latencyMs.p95),
    p99Ms: finiteOrZero(latencyMs.p99),
    errorRate: finiteOrZero(errorRate),
  };
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function maxFigures(a: IssueFigures, b: IssueFigures): IssueFigures {
  return {
    p50Ms: Math.max(a.p50Ms, b.p50Ms),
    p95Ms: Math.max(a.p95Ms, b.p95Ms),
    p99Ms: Math.max(a.p99Ms, b.p99Ms),
    errorRate: Math.max(a.errorRate, b.errorRate),
  };
}

function storedReasons(reasons: readonly string[]): string[] {
  return reasons
    .slice(0, MAX_STATE_REASONS)
    .map((r) => truncateText(toTerminalText(r), MAX_STATE_REASON_CHARS));
}

/** Keys of the first 20 reasons: the only ones ever compared, so a long list stays quiet. */
function reasonKeysOf(reasons: readonly string[]): string[] {
  return [...new Set(reasons.slice(0, MAX_REASON_KEYS).map(reasonKeyOf))];
}

/** Current keys first, then the older ones, at most 20. */
function unionKeys(current: readonly string[], older: readonly string[]): string[] {
  return [...new Set([...current, ...older])].slice(0, MAX_REASON_KEYS);
}

/** The state of a freshly opened (or reopened) issue: the breaching streak this run ends. */
function openingState(run: IssueRun, prior: readonly HistoryEntry[]): IssueState {
  let start = prior.length;
  while (start > 0 && standingOf(prior[start - 1] as HistoryEntry) !== 'good') start -= 1;
  const streak = prior.slice(start);
  const lastGood = start > 0 ? prior[start - 1] : undefined;
  const first = streak[0];
  const figures = figuresOf(run.entry);
  const level = run.level === 'warn' ? 'warn' : 'fail';
  return {
    v: 1,
    level,
    since: (first ?? run.entry).at.slice(0, 64),
    firstBad: first ? entryRef(first) : refOf(run),
    ...(lastGood ? { lastGood: goodRef(lastGood) } : {}),
    passes: 0,
    badRuns: streak.reduce((sum, e) => sum + runsOf(e), 1),
    lastReasons: storedReasons(run.reasons),
    worst: streak.map(figuresOf).reduce(maxFigures, figures),
    noted: {
      p95Ms: figures.p95Ms,
      errorRate: figures.errorRate,
      reasonKeys: reasonKeysOf(run.reasons),
    },
  };
}

/**
 * An open issue whose state line is gone (edited away): rebuilt from the history before this
 * run. What it last said is unknown, so it is taken to be this run's figures and reasons (no
 * "worse" comment from a rebuilt state; a level change still speaks).
 */
function reconstructState(prior: readonly HistoryEntry[], run: IssueRun): IssueState {
  let end = prior.length;
  let passes = 0;
  let recovered: HistoryEntry | undefined;
  while (end > 0 && standingOf(prior[end - 1] as HistoryEntry) !== 'bad') {
    const entry = prior[end - 1] as HistoryEntry;
    if (standingOf(entry) === 'good') {
      passes += 1;
      recovered = entry;
    }
    end -= 1;
  }
  const beforeRecovery = prior.slice(0, end);
  const lastBad = beforeRecovery.at(-1);
  if (lastBad === undefined) {
    const fresh = openingState(run, []);
    return {
      ...fresh,
      ...(run.level === 'pass' ? { level: 'fail' as const } : {}),
      badRuns: 0,
      passes,
      ...(recovered ? { recoveredAt: entryRef(recovered) } : {}),
    };
  }
  const fromStreak = openingState(
    { ...run, entry: lastBad, level: lastBad.verdict === 'warn' ? 'warn' : 'fail' },
    beforeRecovery.slice(0, -1),
  );
  const figures = figuresOf(run.entry);
  return {
    ...fromStreak,
    lastReasons: run.level === 'pass' ? [] : storedReasons(run.reasons),
    passes,
    ...(recovered ? { recoveredAt: entryRef(recovered) } : {}),
    noted: {
      p95Ms: figures.p95Ms,
      errorRate: figures.errorRate,
      reasonKeys: reasonKeysOf(run.reasons),
    },
  };
}

function runsOf(entry: HistoryEntry): number {
  return Number.isFinite(entry.runs) && entry.runs >= 1 ? Math.floor(entry.runs) : 1;
}

/** How a confirmed breach differs from what the open issue last said, if it does. */
function changeOf(previous: IssueState, run: IssueRun, level: 'warn' | 'fail'): Change | undefined {
  if (level !== previous.level) return level === 'fail' ? 'worsened' : 'eased';
  const figures = figuresOf(run.entry);
  const known = new Set(previous.noted.reasonKeys);
  if (reasonKeysOf(run.reasons).some((key) => !known.has(key))) return 'worse';
  if (previous.noted.p95Ms > 0 && figures.p95Ms >= previous.noted.p95Ms * WORSE_P95_RATIO) {
    return 'worse';
  }
  if (figures.errorRate >= previous.noted.errorRate + WORSE_ERROR_RATE_RISE) return 'worse';
  return undefined;
}

function daysSince(iso: string | undefined, nowMs: number): number | undefined {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  if (!Number.isFinite(ms) || !Number.isFinite(nowMs)) return undefined;
  return Math.max(0, (nowMs - ms) / DAY_MS);
}

// ── text ──────────────────────────────────────────────────────────────────────────────────

/** One line of plain text (titles): no controls, no bidi, cut to `max` code points. */
function plainText(text: string, max: number): string {
  return truncateText(toTerminalText(String(text)), max);
}

function slugPart(raw: string): string {
  const slug = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_CHARS);
  return slug === raw ? slug : `${slug || 'x'}-${hashText(raw)}`;
}

/** FNV-1a over UTF-16 code units, as 8 hex digits: stable across runs and platforms. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function serverOf(repoUrl: string): string | undefined {
  return isLinkableUrl(repoUrl) ? /^https:\/\/[^/]+/.exec(repoUrl)?.[0] : undefined;
}

/** `[`abc1234`](run)` or `` `abc1234` ``, then ` at 2026-11-30 13:05 UTC`. */
function describeRun(
  ref: { commit?: string; runUrl?: string; at: string },
  server?: string,
): string {
  const commit = renderCommit(ref.commit);
  const linked =
    commit !== '–' && isLinkableUrl(ref.runUrl, server)
      ? `[${commit}](${ref.runUrl})`
      : isLinkableUrl(ref.runUrl, server)
        ? `[run](${ref.runUrl})`
        : commit === '–'
          ? 'a run'
          : commit;
  return `${linked} at ${formatUtcMinute(ref.at)} UTC`;
}

function compareLink(repoUrl: string, from?: string, to?: string): string | undefined {
  if (!isLinkableUrl(repoUrl) || !isCommitId(from) || !isCommitId(to)) return undefined;
  if (from.toLowerCase() === to.toLowerCase()) return undefined;
  const base = repoUrl.replace(/\/+$/, '');
  const text = `${from.slice(0, 7).toLowerCase()}...${to.slice(0, 7).toLowerCase()}`;
  return `[\`${text}\`](${base}/compare/${from}...${to})`;
}

function renderReasonList(reasons: readonly string[], max: number, roomChars: number): string {
  const items: string[] = [];
  let used = 0;
  for (const reason of reasons.slice(0, max)) {
    const item = `- ${escapeText(reason, MAX_REASON_CHARS)}`;
    if (used + item.length + 1 > roomChars - 80) break;
    items.push(item.slice(2));
    used += item.length + 1;
  }
  const rest = reasons.length - items.length;
  if (rest > 0) items.push(`… and ${formatCount(rest)} more (see the run's report)`);
  return renderBulletList(items);
}

function levelWord(level: Level): string {
  return `${iconOfLevel(level)} ${level}`;
}

function renderIssueBody(
  context: BodyContext,
  state: IssueState,
  status: 'open' | 'closed',
): string {
  const { input, closeAfter } = context;
  const { run, repoUrl } = input;
  const server = serverOf(repoUrl);
  const latest = refOf(run);
  const heartbeat = run.entry.layer === 'heartbeat';
  const recovering = state.passes > 0;
  const icon = status === 'closed' || recovering ? '✅' : iconOfLevel(state.level);
  const heading = `## ${icon} ${escapeText(renderIssueTitle(run.entry), 300)}`;
  const about = heartbeat
    ? `The ${escapeText(run.entry.profile, 100)} heartbeat failed, confirmed.`
    : `A confirmed regression of ${escapeText(run.entry.profile, 100)} in its ${escapeText(run.entry.layer, 20)}/${escapeText(run.entry.interval, 40)} runs.`;
  const intro =
    `${about} loadgate rewrites this description after every run, comments only when the state ` +
    `changes, and closes the issue after ${formatCount(closeAfter)} passing run${closeAfter === 1 ? '' : 's'} in a row.`;
  const levelSince = `${levelWord(state.level)} since ${formatUtcMinute(state.since)} UTC`;
  const statusText =
    status === 'closed'
      ? `✅ recovered: ${formatCount(state.passes)} passing runs in a row (was ${levelWord(state.level)})`
      : recovering
        ? `✅ passing: ${formatCount(state.passes)} of ${formatCount(closeAfter)} runs in a row needed to close (was ${levelSince})`
        : levelSince;
  const rows: string[][] = [
    ['Breaching runs', formatCount(state.badRuns)],
    ['First bad run', describeRun(state.firstBad, server)],
    ['Last good run', state.lastGood ? describeRun(state.lastGood, server) : 'none in the history'],
  ];
  const entered = compareLink(repoUrl, state.lastGood?.commit, state.firstBad.commit);
  if (entered) rows.push(['Regression entered in', entered]);
  const since = compareLink(repoUrl, state.lastGood?.commit, latest.commit);
  if (since && since !== entered) rows.push(['Commits since the last good run', since]);
  const latestNote =
    runKindOf(run) === 'unconfirmed' ? ' (breach not confirmed: counted as neither)' : '';
  rows.push(['Latest run', `${describeRun(latest, server)}: ${levelWord(run.level)}${latestNote}`]);
  const now = figuresOf(run.entry);
  rows.push([
    'p50 / p95 / p99 now (at the worst)',
    `${formatLatencyMs(now.p50Ms)} / ${formatLatencyMs(now.p95Ms)} / ${formatLatencyMs(now.p99Ms)} (${formatLatencyMs(state.worst.p50Ms)} / ${formatLatencyMs(state.worst.p95Ms)} / ${formatLatencyMs(state.worst.p99Ms)})`,
  ]);
  rows.push([
    'Error rate now (at the worst)',
    `${formatPercent(now.errorRate)} (${formatPercent(state.worst.errorRate)})`,
  ]);
  const table = renderTable(['Status', statusText], rows, ['l', 'l']);
  const required = [
    heading,
    intro,
    table,
    issueMarkerOf(input.issueKey),
    renderIssueStateLine(state),
  ];
  const reasonsNow = runKindOf(run) === 'breach';
  const reasons = reasonsNow ? run.reasons : state.lastReasons;
  const reasonsHeading = reasonsNow ? '### Reasons' : '### Reasons at the latest confirmed breach';
  let trend = renderTrendSection(input.history.slice(-ISSUE_TREND_ROWS), {
    title: 'Trend',
    ...(server ? { serverUrl: server } : {}),
  });
  for (const rows of [10, 5]) {
    if (measureBlocks([...required, trend]) <= MAX_ISSUE_BODY_CHARS - 2_000) break;
    trend = renderTrendSection(input.history.slice(-rows), {
      title: 'Trend',
      ...(server ? { serverUrl: server } : {}),
    });
  }
  const optional: string[] = [];
  if (measureBlocks([...required, trend]) <= MAX_ISSUE_BODY_CHARS - 2_000) {
    optional.push(trend.trimEnd());
  } else {
    optional.push(renderRemark('The trend was left out to stay within the size limit.'));
  }
  if (reasons.length > 0) {
    const room =
      MAX_ISSUE_BODY_CHARS - measureBlocks([...required, ...optional, reasonsHeading]) - 8;
    optional.unshift(reasonsHeading, renderReasonList(reasons, MAX_BODY_REASONS, room));
  }
  const [head, introBlock, tableBlock, marker, stateLine] = required;
  return joinBlocks([
    head as string,
    introBlock as string,
    tableBlock as string,
    ...optional,
    marker as string,
    stateLine as string,
  ]);
}

function renderChangeComment(
  context: BodyContext,
  change: Change,
  state: IssueState,
  closedDays?: number,
  previous?: IssueState,
): string {
  const { run, repoUrl } = context.input;
  const server = serverOf(repoUrl);
  const at = describeRun(refOf(run), server);
  const figures = figuresOf(run.entry);
  let head: string;
  if (change === 'again') {
    const days =
      closedDays === undefined
        ? ''
        : ` ${formatCount(Math.floor(closedDays))} day${Math.floor(closedDays) === 1 ? '' : 's'} after it was closed`;
    head = `🔁 **Regressed again**${days}: ${levelWord(state.level)} at ${at}.`;
  } else if (change === 'eased') {
    head = `⚠️ **Eased from fail to warn** at ${at}.`;
  } else if (change === 'worsened') {
    head = `❌ **Worsened from warn to fail** at ${at}.`;
  } else {
    const parts: string[] = [];
    if (previous) {
      const known = new Set(previous.noted.reasonKeys);
      const fresh = run.reasons.slice(0, MAX_REASON_KEYS).filter((r) => !known.has(reasonKeyOf(r)));
      if (fresh.length > 0)
        parts.push(`${formatCount(fresh.length)} new reason${fresh.length === 1 ? '' : 's'}`);
      if (previous.noted.p95Ms > 0 && figures.p95Ms >= previous.noted.p95Ms * WORSE_P95_RATIO) {
        parts.push(
          `p95 ${formatLatencyMs(previous.noted.p95Ms)} → ${formatLatencyMs(figures.p95Ms)}`,
        );
      }
      if (figures.errorRate >= previous.noted.errorRate + WORSE_ERROR_RATE_RISE) {
        parts.push(
          `error rate ${formatPercent(previous.noted.errorRate)} → ${formatPercent(figures.errorRate)}`,
        );
      }
    }
    head = `${iconOfLevel(state.level)} **Got worse** at ${at}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
  }
  const blocks = [head];
  if (run.reasons.length > 0) {
    blocks.push(renderReasonList(run.reasons, MAX_COMMENT_REASONS, MAX_ISSUE_BODY_CHARS - 4_000));
  }
  return joinBlocks(blocks);
}

function renderRecoveryComment(context: BodyContext, state: IssueState): string {
  const { run, repoUrl } = context.input;
  const server = serverOf(repoUrl);
  const now = figuresOf(run.entry);
  const recovered = state.recoveredAt ?? refOf(run);
  const head =
    `✅ **Recovered**: ${formatCount(state.passes)} passing run${state.passes === 1 ? '' : 's'} in a row, ` +
    `the first at ${describeRun(recovered, server)}. Closing; a recurrence within ` +
    `${formatCount(context.input.reopenWithinDays ?? DEFAULT_REOPEN_WITHIN_DAYS)} days reopens this issue.`;
  const table = renderTable(
    ['Whole run', 'At the worst', 'Now'],
    [
      ['p50', formatLatencyMs(state.worst.p50Ms), formatLatencyMs(now.p50Ms)],
      ['p95', formatLatencyMs(state.worst.p95Ms), formatLatencyMs(now.p95Ms)],
      ['p99', formatLatencyMs(state.worst.p99Ms), formatLatencyMs(now.p99Ms)],
      ['Error rate', formatPercent(state.worst.errorRate), formatPercent(now.errorRate)],
    ],
    ['l', 'r', 'r'],
  );
  return joinBlocks([head, table]);
}

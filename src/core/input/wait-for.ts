/**
 * Waiting for a target to be ready before any load (`--wait-for PATH`, action input `wait-for`):
 * reading the flags or inputs, the backoff between tries, the decision after each answer
 * (ready / keep waiting / give up) and the wording of every line the wait prints. The shell
 * (readiness-probe.ts) sends the requests and sleeps; everything it decides comes from here, with
 * time and randomness passed in.
 */
import type { InputIssue } from './format-issues.js';
import { describeValue } from './issue-text.js';
import { formatDurationMs, parseDurationMs } from './units.js';
import { readWaitHeaders, type WaitHeader } from './wait-headers.js';

/** What `--wait-for` asks for, validated. */
export interface WaitForSettings {
  /** Path (and query) polled, relative to the base URL's own path; starts with `/`. */
  path: string;
  /** Statuses that count as ready, in the order given (default `[200]`). */
  statuses: number[];
  /** How long to wait in all (ms) before giving up; default 10 min. */
  timeoutMs: number;
  /** When set, an answer counts only if the first `BODY_READ_LIMIT_BYTES` of its body contain
   * this text (the head commit's SHA, say: a stale preview answers 200 too). */
  bodyIncludes?: string;
  /** Matching answers needed in a row (K); one flapping answer is not ready. */
  inRow: number;
  /** `--wait-for-header` (input `wait-for-headers`): sent with every try, over the profile's
   * own headers of the same name. Values are secrets. Absent when none were given. */
  headers?: WaitHeader[];
}

/** K: answers in a row that must match before the target counts as ready. */
export const READY_IN_ROW = 3;
/** Default of `--wait-timeout`: previews of most hosts build within it. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;
/** `--wait-timeout` bounds: at least a second, at most the 6 h a GitHub job may run. */
export const WAIT_TIMEOUT_RANGE = { minMs: 1000, maxMs: 6 * 3_600_000 } as const;
/** At most this much of a body is read for `--wait-for-body` (1 MiB); the rest is dropped. */
export const BODY_READ_LIMIT_BYTES = 1024 * 1024;
/** `--wait-for-body` text: at most this many characters. */
const MAX_BODY_TEXT_CHARS = 1000;
/** Progress lines while waiting come at most this often (ms). */
export const PROGRESS_INTERVAL_MS = 10_000;
/** One try may take at most this long (ms), and never less than `MIN_TRY_TIMEOUT_MS`. */
export const TRY_TIMEOUT_MS = 10_000;
const MIN_TRY_TIMEOUT_MS = 1000;

/** The raw text of the four flags (or inputs); absent when not given. */
export interface WaitForText {
  path?: string;
  status?: string;
  timeout?: string;
  body?: string;
  /** Each `Name: value` header, in the order given. */
  headers?: readonly string[];
}

/** How issues name each flag or input. */
export interface WaitForLabels {
  path: string;
  status: string;
  timeout: string;
  body: string;
  headers: string;
}

export const CLI_WAIT_FOR_LABELS: WaitForLabels = {
  path: '--wait-for',
  status: '--wait-for-status',
  timeout: '--wait-timeout',
  body: '--wait-for-body',
  headers: '--wait-for-header',
};

export const ACTION_WAIT_FOR_LABELS: WaitForLabels = {
  path: 'input wait-for',
  status: 'input wait-for-status',
  timeout: 'input wait-timeout',
  body: 'input wait-for-body',
  headers: 'input wait-for-headers',
};

const PATH_FORM = 'a path on the target starting with /, like /healthz';
const STATUS_FORM = 'an HTTP status from 100 to 599, or several separated by commas, like 200,204';

/**
 * Reads the wait flags: every problem at once, each at its label. `value` is undefined when no
 * wait was asked for (no path); the others without a path are issues, since they would
 * silently do nothing. Headers are read by `readWaitHeaders`. The path must start with `/` (a full URL is refused: the wait polls the
 * target that is load-tested, never another host) and hold no spaces or control characters.
 */
export function readWaitFor(
  text: WaitForText,
  labels: WaitForLabels,
): { ok: true; value?: WaitForSettings } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const path = text.path === undefined ? undefined : checkPath(text.path);
  if (path?.ok === false) issues.push({ path: labels.path, message: path.message });
  if (text.path === undefined) {
    for (const key of ['status', 'timeout', 'body', 'headers'] as const) {
      if (text[key] !== undefined) {
        issues.push({
          path: labels[key],
          message: `applies to the wait for the target: add ${labels.path} PATH (like /healthz)`,
        });
      }
    }
  }
  const statuses = text.status === undefined ? undefined : checkStatuses(text.status);
  if (statuses?.ok === false) issues.push({ path: labels.status, message: statuses.message });
  const timeout = text.timeout === undefined ? undefined : checkWaitTimeout(text.timeout);
  if (timeout?.ok === false) issues.push({ path: labels.timeout, message: timeout.message });
  const body = text.body;
  if (body !== undefined && (body.trim() === '' || body.length > MAX_BODY_TEXT_CHARS)) {
    issues.push({
      path: labels.body,
      message: `expected the text the ready answer's body contains (1 to ${MAX_BODY_TEXT_CHARS} characters, like the commit SHA), got ${describeValue(body)}`,
    });
  }
  const headers =
    text.headers === undefined || text.headers.length === 0
      ? undefined
      : readWaitHeaders(text.headers, labels.headers);
  if (headers?.ok === false) issues.push(...headers.issues);
  if (issues.length > 0) return { ok: false, issues };
  if (!path?.ok) return { ok: true };
  return {
    ok: true,
    value: {
      path: path.value,
      statuses: statuses?.ok ? statuses.value : [200],
      timeoutMs: timeout?.ok ? timeout.value : DEFAULT_WAIT_TIMEOUT_MS,
      ...(body === undefined ? {} : { bodyIncludes: body }),
      inRow: READY_IN_ROW,
      ...(headers?.ok ? { headers: headers.value } : {}),
    },
  };
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function checkPath(text: string): Checked<string> {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return {
      ok: false,
      message: `expected ${PATH_FORM}, got the URL ${describeValue(trimmed)}: the path is polled on the target (--target or the profile's baseUrl)`,
    };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (!trimmed.startsWith('/') || /[\s\u0000-\u001f\u007f#]/.test(trimmed)) {
    return { ok: false, message: `expected ${PATH_FORM}, got ${describeValue(text)}` };
  }
  return { ok: true, value: trimmed };
}

function checkStatuses(text: string): Checked<number[]> {
  const parts = text.split(',').map((part) => part.trim());
  const statuses = parts.map((part) => (/^\d{3}$/.test(part) ? Number(part) : Number.NaN));
  if (statuses.every((s) => s >= 100 && s <= 599))
    return { ok: true, value: [...new Set(statuses)] };
  return { ok: false, message: `expected ${STATUS_FORM}, got ${describeValue(text)}` };
}

function checkWaitTimeout(text: string): Checked<number> {
  const ms = parseDurationMs(text);
  const { minMs, maxMs } = WAIT_TIMEOUT_RANGE;
  if (ms !== undefined && ms >= minMs && ms <= maxMs) return { ok: true, value: ms };
  const unitHint = /^\s*\d+(\.\d+)?\s*$/.test(text) ? ` (add a unit: "${text.trim()}s")` : '';
  return {
    ok: false,
    message: `expected a duration from ${formatDurationMs(minMs)} to ${formatDurationMs(maxMs)} like 30s or 10m, got ${describeValue(text)}${unitHint}`,
  };
}

/**
 * The URL polled: the base URL's origin and path prefix, then `path` (`http://h/app` and
 * `/healthz` → `http://h/app/healthz`). The base URL's own query is dropped, as for scenarios.
 */
export function readinessUrl(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${path}`;
}

// --- Backoff -------------------------------------------------------------------------------

/** Delays between tries (ms). After a miss the delay doubles from `initialDelayMs` up to
 * `maxDelayMs`; after a match the next try comes `confirmDelayMs` later, to count K in a row
 * quickly. Each delay is spread by ± `jitter` (a fraction) so many jobs do not poll in step. */
export interface BackoffPlan {
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  confirmDelayMs: number;
  jitter: number;
}

/** 1 s → 2 s → 4 s → 8 s → 15 s → 15 s …, ± 20 %; 1 s between matching answers. */
export const DEFAULT_BACKOFF: BackoffPlan = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 15_000,
  confirmDelayMs: 1000,
  jitter: 0.2,
};

/**
 * The delay (ms) before the next try. `missesInRow` is how many answers in a row did not match
 * (0: the last one matched). `random` is in [0, 1) (0.5: no spread). Never above `maxDelayMs`.
 */
export function nextDelayMs(plan: BackoffPlan, missesInRow: number, random: number): number {
  const base =
    missesInRow <= 0
      ? plan.confirmDelayMs
      : Math.min(plan.maxDelayMs, plan.initialDelayMs * plan.factor ** (missesInRow - 1));
  const spread = 1 - plan.jitter + 2 * plan.jitter * Math.min(Math.max(random, 0), 1);
  return Math.round(Math.min(plan.maxDelayMs, base * spread));
}

/** How long (ms, whole) one try may take: `TRY_TIMEOUT_MS`, less when the wait is nearly over,
 * but never under a second (a try at the deadline still gets a real chance). */
export function tryTimeoutMs(settings: WaitForSettings, elapsedMs: number): number {
  const remainingMs = settings.timeoutMs - elapsedMs;
  return Math.max(MIN_TRY_TIMEOUT_MS, Math.min(TRY_TIMEOUT_MS, Math.round(remainingMs)));
}

// --- Decisions -----------------------------------------------------------------------------

/** One try's result, as the shell saw it. */
export type ReadinessAnswer =
  /** `bodyMatched`: whether the body held `bodyIncludes` (absent when not asked, or when the
   * status did not match and the body was not read). */
  | { kind: 'answered'; status: number; bodyMatched?: boolean }
  /** No HTTP answer: `reason` is one line, like `connection refused` or `timed out after 10 s`. */
  | { kind: 'failed'; reason: string };

/** What the wait has seen so far. */
export interface WaitProgress {
  tries: number;
  /** Matching answers in a row, up to now. */
  matchesInRow: number;
  /** Answers in a row that did not match. */
  missesInRow: number;
  /** 401 or 403 answers in a row (when those are not the expected status). */
  protectedInRow: number;
  last?: ReadinessAnswer;
}

export const WAIT_STARTED: WaitProgress = {
  tries: 0,
  matchesInRow: 0,
  missesInRow: 0,
  protectedInRow: 0,
};

export type WaitDecision =
  | { kind: 'ready'; progress: WaitProgress; message: string }
  /** `delayMs`: whole milliseconds until the next try. */
  | { kind: 'wait'; progress: WaitProgress; delayMs: number }
  | { kind: 'give-up'; progress: WaitProgress; message: string };

/**
 * Folds one answer into the wait and decides: ready after `inRow` matching answers in a row;
 * give up when the time is spent (`elapsedMs`, since the wait started, at the answer) or after
 * `inRow` answers in a row of 401/403 (deployed but protected: waiting will not change it);
 * else wait `delayMs` (backoff with `random` in [0, 1), never past the deadline, so the last
 * try lands on it). Messages name `path` as given, and what is waited for as `subject`
 * (default `target`; `baseline target http://…` for the other side of `--baseline-target`).
 */
export function decideAfterAnswer(
  settings: WaitForSettings,
  before: WaitProgress,
  answer: ReadinessAnswer,
  at: { elapsedMs: number; random: number; plan?: BackoffPlan; subject?: string },
): WaitDecision {
  const subject = at.subject ?? 'target';
  const matched = answerMatches(settings, answer);
  const protectedAnswer =
    answer.kind === 'answered' && !matched && (answer.status === 401 || answer.status === 403);
  const progress: WaitProgress = {
    tries: before.tries + 1,
    matchesInRow: matched ? before.matchesInRow + 1 : 0,
    missesInRow: matched ? 0 : before.missesInRow + 1,
    protectedInRow: protectedAnswer ? before.protectedInRow + 1 : 0,
    last: answer,
  };
  const took = formatSeconds(at.elapsedMs);
  if (progress.matchesInRow >= settings.inRow && answer.kind === 'answered') {
    const times = settings.inRow === 1 ? 'once' : `${settings.inRow} times in a row`;
    return {
      kind: 'ready',
      progress,
      message: `${subject} ready: GET ${settings.path} ${describeAnswer(settings, answer)} ${times} (${progress.tries} ${progress.tries === 1 ? 'try' : 'tries'}, ${took})`,
    };
  }
  if (progress.protectedInRow >= settings.inRow && answer.kind === 'answered') {
    return {
      kind: 'give-up',
      progress,
      message: `${subject} deployed but protected: GET ${settings.path} answered ${answer.status} ${settings.inRow} times in a row (${progress.tries} tries, ${took}); let the readiness path through without credentials, or send the host's bypass header (${settings.headers === undefined ? 'with --wait-for-header, input wait-for-headers' : 'check the value of the one sent'})`,
    };
  }
  const remainingMs = settings.timeoutMs - at.elapsedMs;
  if (remainingMs <= 0) {
    return { kind: 'give-up', progress, message: describeNotReady(settings, progress, subject) };
  }
  const delayMs = Math.min(
    Math.ceil(remainingMs),
    nextDelayMs(at.plan ?? DEFAULT_BACKOFF, progress.missesInRow, at.random),
  );
  return { kind: 'wait', progress, delayMs };
}

function answerMatches(settings: WaitForSettings, answer: ReadinessAnswer): boolean {
  if (answer.kind !== 'answered' || !settings.statuses.includes(answer.status)) return false;
  return settings.bodyIncludes === undefined || answer.bodyMatched === true;
}

/**
 * `target not ready after 10m: GET /healthz answered 503 (last of 41 tries)`, with the reason
 * of the last try: a status (and "deployed but protected" for 401/403), `connection refused`,
 * `timed out after 10 s`, or a right status whose body lacks the text ("stale preview?").
 * `subject` names what was waited for (default `target`).
 */
export function describeNotReady(
  settings: WaitForSettings,
  progress: WaitProgress,
  subject = 'target',
): string {
  const last = progress.last;
  const what =
    last === undefined
      ? 'was never tried'
      : last.kind === 'failed'
        ? `: ${last.reason}`
        : describeAnswer(settings, last);
  const streak =
    progress.matchesInRow > 0
      ? `, only ${progress.matchesInRow} of the ${settings.inRow} in a row needed`
      : '';
  const tries = progress.tries === 1 ? 'its only try' : `last of ${progress.tries} tries`;
  const joiner = what.startsWith(':') ? '' : ' ';
  return `${subject} not ready after ${formatDurationMs(settings.timeoutMs)}: GET ${settings.path}${joiner}${what}${streak} (${tries})`;
}

/** An answer in words: `answered 503`, `answered 401 (deployed but protected)`, `answers 200
 * but its body does not contain abc123: stale preview?`, `answered 200`. */
function describeAnswer(
  settings: WaitForSettings,
  answer: Extract<ReadinessAnswer, { kind: 'answered' }>,
): string {
  const { status } = answer;
  if (
    settings.bodyIncludes !== undefined &&
    settings.statuses.includes(status) &&
    answer.bodyMatched === false
  ) {
    return `answers ${status} but its body does not contain ${settings.bodyIncludes}: stale preview?`;
  }
  if ((status === 401 || status === 403) && !settings.statuses.includes(status)) {
    return `answered ${status} (deployed but protected)`;
  }
  return `answered ${status}`;
}

/** `waiting for http://h/healthz to answer 200 3 times in a row (up to 10m)`, and the body
 * text when one is asked for. `url` must be safe to print (masked). */
export function describeWaitStart(settings: WaitForSettings, url: string): string {
  const statuses = settings.statuses.join(' or ');
  const body =
    settings.bodyIncludes === undefined ? '' : ` with a body containing ${settings.bodyIncludes}`;
  return `waiting for ${url} to answer ${statuses}${body} ${settings.inRow} times in a row (up to ${formatDurationMs(settings.timeoutMs)})`;
}

/** `waiting for http://h/healthz: 503 (try 4, 12 s so far)`. */
export function describeWaitProgress(
  settings: WaitForSettings,
  url: string,
  progress: WaitProgress,
  elapsedMs: number,
): string {
  const last = progress.last;
  const what =
    last === undefined
      ? 'not tried yet'
      : last.kind === 'failed'
        ? last.reason
        : last.bodyMatched === false && settings.statuses.includes(last.status)
          ? `${last.status} without ${settings.bodyIncludes ?? ''} in the body`
          : progress.matchesInRow > 0
            ? `${last.status} (${progress.matchesInRow} of ${settings.inRow} in a row)`
            : (last.status === 401 || last.status === 403) &&
                !settings.statuses.includes(last.status)
              ? `${last.status} (deployed but protected?)`
              : String(last.status);
  return `waiting for ${url}: ${what} (try ${progress.tries}, ${formatSeconds(elapsedMs)} so far)`;
}

/** Whether a progress line is due: the first after `PROGRESS_INTERVAL_MS` since the last line
 * (the start line counts). */
export function isProgressDue(lastLineMs: number, nowMs: number): boolean {
  return nowMs - lastLineMs >= PROGRESS_INTERVAL_MS;
}

/** `12 s`, `2m05s`. */
function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

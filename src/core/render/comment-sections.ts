/**
 * The sections of one pull-request comment shared by several loadgate jobs (action input
 * `comment-key`). Each job owns one section, keyed by its artifact-name and stamped with the
 * workflow run (id and attempt) that wrote it, between hidden markers:
 *
 *     <!-- loadgate:section key=loadgate-api run=4211.1 level=pass title=api -->
 *     …the job's report…
 *     <!-- /loadgate:section -->
 *
 * Everything here is text in, text out: parsing a comment body, replacing one section (never
 * with an older run's), merging what several readers saw, and finding sections a concurrent
 * writer lost. The markers are the only state: GitHub keeps nothing else for us.
 */
import type { Level } from '../rules/types.js';
import { sanitizeCommentKey } from './markdown-escape.js';

/** The workflow run that wrote a section: GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT. */
export interface RunStamp {
  /** Run ids grow over time across a repository, so a larger one is a later run. */
  runId: number;
  /** 1 for the first attempt; a re-run of the same run counts up. */
  attempt: number;
}

/** One job's part of the shared comment. */
export interface CommentSection {
  /** The job's own key (its artifact-name): letters, digits, `.`, `_`, `-`. */
  key: string;
  /** The profile's name as the headline shows it (escaped when rendered; any text). */
  title: string;
  level: Level;
  run: RunStamp;
  /** The job's report in markdown, without its per-profile comment marker. */
  body: string;
}

const LEVELS: readonly Level[] = ['pass', 'warn', 'fail'];
const START = /^<!-- loadgate:section ([^<>]*) -->$/;
/** Closes a section. Report text cannot produce it: every `<` of user text is an entity. */
export const SECTION_END = '<!-- /loadgate:section -->';
/** Prefix of the line before a section's body that headline links jump to. */
const ANCHOR_LINE = /^<a id="[A-Za-z0-9._-]*"><\/a>$/;

/**
 * Orders run stamps: negative when `a` is older than `b`, 0 when the same run and attempt.
 */
export function compareRunStamps(a: RunStamp, b: RunStamp): number {
  return a.runId === b.runId ? a.attempt - b.attempt : a.runId - b.runId;
}

/** `4211.2`: run id and attempt, as the marker holds them. */
export function formatRunStamp(stamp: RunStamp): string {
  return `${stamp.runId}.${stamp.attempt}`;
}

function parseRunStamp(text: string | undefined): RunStamp | undefined {
  const m = /^(\d{1,16})\.(\d{1,6})$/.exec(text ?? '');
  return m ? { runId: Number(m[1]), attempt: Number(m[2]) } : undefined;
}

/**
 * A title safe inside an HTML comment: percent-encoded, `-` too, so no `--` or `-->` can end
 * the comment early, and no space can split the attributes.
 */
function encodeTitle(title: string): string {
  return encodeURIComponent(title).replace(/-/g, '%2D');
}

function decodeTitle(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The id of the anchor before a section, unique on the pull-request page per group and key. */
export function sectionAnchorId(groupKey: string, key: string): string {
  return normalizeSectionKey(`loadgate-${groupKey}-${key}`);
}

/**
 * A section key as the marker holds it: letters, digits, `.`, `_`, `-` (others become `-`),
 * at most 200 characters. Keys are compared after this, so a key reads back as it was written.
 */
export function normalizeSectionKey(key: string): string {
  return sanitizeCommentKey(key).replace(/[:/]/g, '-') || '-';
}

/** The hidden line that opens a section. */
export function renderSectionStart(section: CommentSection): string {
  return (
    `<!-- loadgate:section key=${normalizeSectionKey(section.key)} run=${formatRunStamp(section.run)} ` +
    `level=${section.level} title=${encodeTitle(section.title)} -->`
  );
}

/** The section as one markdown block: start marker, anchor, body, end marker. */
export function renderSectionBlock(groupKey: string, section: CommentSection): string {
  const anchor = `<a id="${sectionAnchorId(groupKey, section.key)}"></a>`;
  return `${renderSectionStart(section)}\n${anchor}\n\n${section.body.trim()}\n\n${SECTION_END}`;
}

function parseSectionStart(line: string): Omit<CommentSection, 'body'> | undefined {
  const attributes = START.exec(line)?.[1];
  if (attributes === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const pair of attributes.trim().split(/\s+/)) {
    const at = pair.indexOf('=');
    if (at > 0) fields.set(pair.slice(0, at), pair.slice(at + 1));
  }
  const key = fields.get('key');
  const run = parseRunStamp(fields.get('run'));
  const level = LEVELS.find((l) => l === fields.get('level'));
  const title = decodeTitle(fields.get('title') ?? '');
  if (!key || !/^[A-Za-z0-9._-]{1,200}$/.test(key) || !run || !level || title === undefined) {
    return undefined;
  }
  return { key, title, level, run };
}

/** A parsed shared comment: its sections in body order, and how many were unreadable. */
export interface ParsedSections {
  sections: CommentSection[];
  /** Section markers that could not be read (bad attributes, no end): left out. */
  unreadable: number;
}

/**
 * The sections of a comment body, in the order they appear. A section whose start marker is
 * malformed or that never ends is counted in `unreadable` and left out; a key seen twice keeps
 * its newest run (see {@link mergeSections}).
 */
export function parseSections(body: string): ParsedSections {
  const lines = body.split(/\r?\n/);
  const found: CommentSection[] = [];
  let unreadable = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line.startsWith('<!-- loadgate:section ')) continue;
    const head = parseSectionStart(line);
    const end = lines.findIndex((l, j) => j > i && l.trim() === SECTION_END);
    if (!head || end < 0) {
      unreadable += 1;
      continue;
    }
    const inner = lines.slice(i + 1, end);
    if (ANCHOR_LINE.test((inner[0] ?? '').trim())) inner.shift();
    found.push({ ...head, body: inner.join('\n').trim() });
    i = end;
  }
  return { sections: mergeSections([found]), unreadable };
}

/** Why a section was not put in: the comment holds the same key from a later run. */
export type UpsertOutcome =
  | { ok: true; sections: CommentSection[] }
  | { ok: false; reason: 'stale'; current: CommentSection };

/**
 * Puts `incoming` in place of the section with its key (or adds it), unless that section was
 * written by a later run (a larger run id, or the same run's later attempt): an older run
 * finishing late must not overwrite a newer one's report. The same run and attempt may
 * rewrite its own section (a retried write). The other sections are kept as they are.
 */
export function upsertSection(
  sections: readonly CommentSection[],
  incoming: CommentSection,
): UpsertOutcome {
  const current = sections.find((s) => s.key === incoming.key);
  if (current && compareRunStamps(current.run, incoming.run) > 0) {
    return { ok: false, reason: 'stale', current };
  }
  return current
    ? { ok: true, sections: sections.map((s) => (s === current ? incoming : s)) }
    : { ok: true, sections: [...sections, incoming] };
}

/**
 * One list from several (the comment and any duplicates of it): per key, the section of the
 * latest run; on the same stamp, the one from the earlier list. Keys keep first-seen order.
 */
export function mergeSections(lists: readonly (readonly CommentSection[])[]): CommentSection[] {
  const byKey = new Map<string, CommentSection>();
  for (const list of lists) {
    for (const section of list) {
      const kept = byKey.get(section.key);
      if (!kept || compareRunStamps(section.run, kept.run) > 0) byKey.set(section.key, section);
    }
  }
  return [...byKey.values()];
}

/**
 * Sections ordered as the comment shows them: by profile name (case-insensitive, then exact,
 * by UTF-16 code units so every runner orders alike), then by key.
 */
export function orderSections(sections: readonly CommentSection[]): CommentSection[] {
  const by = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sections].sort(
    (a, b) =>
      by(a.title.toLowerCase(), b.title.toLowerCase()) || by(a.title, b.title) || by(a.key, b.key),
  );
}

/**
 * The sections of `expected` that `actual` no longer holds at their run or a later one: what a
 * concurrent writer, working from an older read, erased. Empty when nothing was lost.
 */
export function findLostSections(
  expected: readonly CommentSection[],
  actual: readonly CommentSection[],
): CommentSection[] {
  return expected.filter((want) => {
    const have = actual.find((s) => s.key === want.key);
    return !have || compareRunStamps(have.run, want.run) < 0;
  });
}

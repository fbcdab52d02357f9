/**
 * The acceptance record as it travels between runs of one pull request: one hidden line of the
 * sticky comment, `<!-- loadgate:accepted:<key> <base64url JSON> -->`. The comment is editable
 * by people with write access, so the app reads only comments its own account wrote, and this
 * reader trusts nothing it cannot validate: anything malformed reads as "no record".
 */
import { z } from 'zod';
import { isMetricName } from '../rules/metrics.js';
import type { AcceptanceRecord } from './types.js';

/** Rows kept at most: more breached rows than this are not a regression a person accepts. */
export const MAX_RECORD_ROWS = 200;
/** The encoded record's longest accepted form, in characters. */
const MAX_ENCODED_CHARS = 65_536;
const RECORD_VERSION = 1;
const KEY_FORM = /^[A-Za-z0-9._-]{1,200}$/;
const LINE_PREFIX = '<!-- loadgate:accepted:';

const text = (max: number) => z.string().min(1).max(max);
const finite = z.number().refine((n) => Number.isFinite(n), { error: 'expected a finite number' });
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const recordSchema = z.strictObject({
  v: z.literal(RECORD_VERSION),
  label: text(100),
  eventId: z.number().int().positive(),
  by: text(100),
  at: z.string().refine((s) => ISO_TIME_RE.test(s) && !Number.isNaN(Date.parse(s))),
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i),
  rows: z
    .array(
      z.strictObject({
        scope: text(500),
        metric: z.string().refine(isMetricName),
        kind: z.enum(['regression', 'threshold']),
        rule: text(500),
        value: finite,
      }),
    )
    .max(MAX_RECORD_ROWS),
});

/** Base64url of the UTF-8 bytes (no padding): safe inside an HTML comment and a markdown line. */
function encodeBase64Url(textValue: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(textValue)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64Url(encoded: string): string | undefined {
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The hidden line carrying `record` for the comment of `key` (the action's artifact-name).
 * @throws never; a key outside `[A-Za-z0-9._-]{1,200}` is refused by the action's inputs first.
 */
export function formatAcceptanceLine(key: string, record: AcceptanceRecord): string {
  const { label, eventId, by, at, sha, rows } = record;
  const json = JSON.stringify({ v: RECORD_VERSION, label, eventId, by, at, sha, rows });
  return `${LINE_PREFIX}${key} ${encodeBase64Url(json)} -->`;
}

/**
 * The record for `key` in the first of `bodies` (newest comment first) that carries a valid
 * one. A line that does not decode or validate is skipped with a note (the comment was edited,
 * or written by another version), never trusted in part.
 * @returns the record, if any, and notes for the log.
 */
export function findAcceptanceRecord(
  bodies: readonly string[],
  key: string,
): { record?: AcceptanceRecord; notes: string[] } {
  const notes: string[] = [];
  if (!KEY_FORM.test(key)) return { notes };
  const prefix = `${LINE_PREFIX}${key} `;
  for (const body of bodies) {
    for (const rawLine of body.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (!line.startsWith(prefix) || !line.endsWith(' -->')) continue;
      const encoded = line.slice(prefix.length, -' -->'.length);
      const parsed = parseEncoded(encoded);
      if (parsed) return { record: parsed, notes };
      notes.push(
        `ignoring an unreadable acceptance record for ${key} in the pull-request comment (edited, or written by another loadgate version)`,
      );
    }
  }
  return { notes };
}

function parseEncoded(encoded: string): AcceptanceRecord | undefined {
  if (encoded.length === 0 || encoded.length > MAX_ENCODED_CHARS) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  const json = decodeBase64Url(encoded);
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const checked = recordSchema.safeParse(value);
  if (!checked.success) return undefined;
  const { v: _version, ...record } = checked.data;
  return {
    ...record,
    rows: record.rows.map((row) => ({
      ...row,
      metric: row.metric as AcceptanceRecord['rows'][number]['metric'],
    })),
  };
}

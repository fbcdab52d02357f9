/** Think time: the pause a virtual user takes after each response (closed model only). */
import { describeValue } from '../input/issue-text.js';
import { type Checked, checkDuration, PAUSE_DURATION } from '../input/value-checks.js';

/** How think times are described in messages. */
export const THINK_TIME_FORM = 'a think time like 500ms, "1s..3s" or { min: 1s, max: 3s }';

/** Pause range in milliseconds; equal bounds mean a fixed pause. */
export interface ThinkTimeMs {
  minMs: number;
  maxMs: number;
}

/** Accepts the range when `minMs` ≤ `maxMs`; `shown` is what the user wrote, for the message. */
export function orderThinkTime(minMs: number, maxMs: number, shown: unknown): Checked<ThinkTimeMs> {
  return minMs <= maxMs
    ? { ok: true, value: { minMs, maxMs } }
    : {
        ok: false,
        message: `expected the minimum not above the maximum, got ${describeValue(shown)}`,
      };
}

function checkBounds(min: unknown, max: unknown, shown: unknown): Checked<ThinkTimeMs> {
  const minMs = checkDuration(min, PAUSE_DURATION);
  if (!minMs.ok) return minMs;
  const maxMs = checkDuration(max, PAUSE_DURATION);
  if (!maxMs.ok) return maxMs;
  return orderThinkTime(minMs.value, maxMs.value, shown);
}

/**
 * Reads `"500ms"` (fixed), `"1s..3s"` (uniform range), 0, or `{ min, max }`; other bare numbers
 * are refused like every duration without a unit.
 * Each bound is a duration from 0s to 24h, and min ≤ max.
 */
export function readThinkTime(value: unknown): Checked<ThinkTimeMs> {
  if (typeof value === 'number') return checkBounds(value, value, value);
  if (typeof value === 'string') {
    const [min, max, extra] = value.split('..');
    if (extra === undefined && max !== undefined) return checkBounds(min, max, value);
    if (max === undefined) return checkBounds(value, value, value);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { min, max } = value as { min?: unknown; max?: unknown };
    return checkBounds(min, max, value);
  }
  return { ok: false, message: `expected ${THINK_TIME_FORM}, got ${describeValue(value)}` };
}

/**
 * Range-checked readers for the values a profile and the override flags share, so `load.rate`
 * and `--rate` accept the same input and say the same thing when it is wrong.
 */
import { describeValue } from './issue-text.js';
import { formatDurationMs, parseCount, parseDurationMs, parseRatePerSec } from './units.js';

/** A value read successfully, or the message saying why not (`expected …, got …`). */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** How each kind of value is described in messages. */
export const DURATION_FORM = 'a duration like 500ms, 30s or 1m30s';
export const RATE_FORM = 'a rate like 100, 100/s or 6000/m';
export const URL_FORM = 'an http(s) URL like http://localhost:8080';

/** Accepted ranges; outside them a value is an issue, not a silent clamp. */
export const LIMITS = {
  maxRatePerSec: 1_000_000,
  maxDurationMs: 24 * 3_600_000,
  vus: { min: 1, max: 100_000 },
  connections: { min: 1, max: 10_000 },
  maxInFlight: { min: 1, max: 1_000_000 },
  timeoutMs: { min: 1, max: 600_000 },
} as const;

/** Inclusive bounds, except that `minMs: 0` without `allowZero` means "more than 0". */
export interface DurationRange {
  minMs: number;
  maxMs: number;
  allowZero: boolean;
}

/** Run lengths: more than 0, at most 24h. */
export const RUN_DURATION: DurationRange = {
  minMs: 0,
  maxMs: LIMITS.maxDurationMs,
  allowZero: false,
};
/** Warm-up, graceful stop, think time: 0 allowed, at most 24h. */
export const PAUSE_DURATION: DurationRange = {
  minMs: 0,
  maxMs: LIMITS.maxDurationMs,
  allowZero: true,
};
/** Request timeouts: 1ms to 10m. */
export const TIMEOUT_DURATION: DurationRange = {
  minMs: LIMITS.timeoutMs.min,
  maxMs: LIMITS.timeoutMs.max,
  allowZero: false,
};

function isStringOrNumber(input: unknown): input is string | number {
  return typeof input === 'string' || typeof input === 'number';
}

/** Reads a duration (see `parseDurationMs`) and checks it against `range`. */
export function checkDuration(input: unknown, range: DurationRange): Checked<number> {
  const ms = isStringOrNumber(input) ? parseDurationMs(input) : undefined;
  if (ms === undefined) {
    // A bare number (`duration: 30`, `--duration 30`) is refused the same way in files and flags:
    // k6 reads it as milliseconds, loadgate used to read seconds. Say how to write it.
    const bare =
      typeof input === 'number' && Number.isFinite(input) && input > 0
        ? String(input)
        : typeof input === 'string' && /^\d+(\.\d+)?$/.test(input.trim())
          ? input.trim()
          : undefined;
    const unitHint = bare === undefined ? '' : ` (add a unit: "${bare}s")`;
    return {
      ok: false,
      message: `expected ${DURATION_FORM}, got ${describeValue(input)}${unitHint}`,
    };
  }
  const zeroExcluded = range.minMs === 0 && !range.allowZero;
  const aboveMin = zeroExcluded ? ms > 0 : ms >= range.minMs;
  if (aboveMin && ms <= range.maxMs) return { ok: true, value: ms };
  const span = zeroExcluded
    ? `greater than 0s and at most ${formatDurationMs(range.maxMs)}`
    : `from ${formatDurationMs(range.minMs)} to ${formatDurationMs(range.maxMs)}`;
  return {
    ok: false,
    message: `expected a duration ${span}, got ${describeValue(input)}`,
  };
}

/** Reads a rate (see `parseRatePerSec`), > 0 unless `allowZero`, at most 1,000,000/s. */
export function checkRate(input: unknown, allowZero: boolean): Checked<number> {
  const perSec = isStringOrNumber(input) ? parseRatePerSec(input) : undefined;
  if (perSec === undefined)
    return { ok: false, message: `expected ${RATE_FORM}, got ${describeValue(input)}` };
  if ((allowZero || perSec > 0) && perSec <= LIMITS.maxRatePerSec)
    return { ok: true, value: perSec };
  const lower = allowZero ? 'from 0/s' : 'greater than 0/s and';
  return {
    ok: false,
    message: `expected a rate ${lower} at most ${LIMITS.maxRatePerSec}/s, got ${describeValue(input)}`,
  };
}

/** Reads a whole number in `[min, max]`; `what` names the unit, e.g. `virtual users`. */
export function checkCount(
  input: unknown,
  what: string,
  min: number,
  max: number,
): Checked<number> {
  const count = isStringOrNumber(input) ? parseCount(input) : undefined;
  if (count !== undefined && count >= min && count <= max) return { ok: true, value: count };
  return {
    ok: false,
    message: `expected a whole number of ${what} from ${min} to ${max}, got ${describeValue(input)}`,
  };
}

/** Reads a duration the schema has already accepted; throws only on a programming error. */
export function readValidatedMs(value: string | number): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new Error(`unreachable: duration ${String(value)} passed validation`);
  return ms;
}

/** Reads a rate the schema has already accepted; throws only on a programming error. */
export function readValidatedRate(value: string | number): number {
  const perSec = parseRatePerSec(value);
  if (perSec === undefined) throw new Error(`unreachable: rate ${String(value)} passed validation`);
  return perSec;
}

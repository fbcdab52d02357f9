/**
 * Parsers for the units users write in profiles and flags. They only recognise the notation and
 * return `undefined` for anything else; range checks belong to the caller, which knows the field.
 */

const DURATION_RE =
  /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;
const DURATION_UNIT_MS = [3_600_000, 60_000, 1_000, 1] as const;
const RATE_RE = /^(\d+(?:\.\d+)?)(?:\/(s|m|h))?$/;
const RATE_DIVISOR = { s: 1, m: 60, h: 3_600 } as const;
const PERCENT_RE = /^(\d+(?:\.\d+)?)\s*%$/;

/** JSON Schema `pattern` for duration strings, so editors flag `30 secs` and `30` as the parser
 * would; `0` alone needs no unit. */
export const DURATION_PATTERN =
  '^(0|(?=\\d)(\\d+(\\.\\d+)?h)?(\\d+(\\.\\d+)?m(?!s))?(\\d+(\\.\\d+)?s)?(\\d+(\\.\\d+)?ms)?)$';
/** JSON Schema `pattern` for rate strings. */
export const RATE_PATTERN = '^\\d+(\\.\\d+)?(/(s|m|h))?$';

/** Float arithmetic turns 1.1s into 1100.0000000000002ms; a microsecond is finer than any timer. */
function roundToMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Parses a duration into milliseconds.
 * Strings need units, largest first: `500ms`, `30s`, `1m30s`, `2h`, `1h2m3s`, `1.5s`; surrounding
 * whitespace is ignored. A bare number (YAML `timeout: 5`, `--duration 30`) gives `undefined`:
 * k6 reads it as milliseconds and older loadgate read it as seconds, so it is ambiguous. The one
 * exception is zero (`0`, `"0"`), which means the same in every unit. Negatives, NaN and
 * Infinity give `undefined`; `0s` gives 0.
 */
export function parseDurationMs(input: string | number): number | undefined {
  if (typeof input === 'number') return input === 0 ? 0 : undefined;
  const text = input.trim();
  if (text === '0') return 0;
  const match = DURATION_RE.exec(text);
  if (text === '' || match === null) return undefined;
  let totalMs = 0;
  DURATION_UNIT_MS.forEach((unitMs, index) => {
    const amount = match[index + 1];
    if (amount !== undefined) totalMs += Number(amount) * unitMs;
  });
  return roundToMicros(totalMs);
}

/**
 * Formats milliseconds the way `parseDurationMs` reads them: 90000 → `1m30s`, 500 → `500ms`,
 * 1500 → `1s500ms`, 0 → `0s`. Sub-millisecond parts are kept (`0.5ms`); negatives get a `-`.
 */
export function formatDurationMs(ms: number): string {
  if (ms < 0) return `-${formatDurationMs(-ms)}`;
  if (ms === 0) return '0s';
  let restMs = roundToMicros(ms);
  let text = '';
  for (const [unitMs, unit] of [
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ] as const) {
    const amount = Math.floor(restMs / unitMs);
    if (amount > 0) text += `${amount}${unit}`;
    restMs = roundToMicros(restMs - amount * unitMs);
  }
  return restMs > 0 ? `${text}${restMs}ms` : text;
}

/**
 * Parses a request rate into requests per second. A JS number is per second; strings are
 * `100`, `100/s`, `6000/m` (= 100/s) or `3600/h` (= 1/s). Negative or malformed input gives
 * `undefined`; 0 is returned as 0 (a ramp may start or end there).
 */
export function parseRatePerSec(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? input : undefined;
  }
  const match = RATE_RE.exec(input.trim());
  if (match === null) return undefined;
  const unit = (match[2] ?? 's') as keyof typeof RATE_DIVISOR;
  return Number(match[1]) / RATE_DIVISOR[unit];
}

/**
 * Parses a percentage into a fraction: `"1%"` → 0.01, `"0.5 %"` → 0.005; a JS number is already a
 * fraction (0.01 → 0.01). Bare numeric strings (`"1"`) are ambiguous (1% or 100%?) and give
 * `undefined`, as do negatives. No upper bound: a regression limit may exceed 100%.
 */
export function parsePercent(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? input : undefined;
  }
  const match = PERCENT_RE.exec(input.trim());
  if (match === null) return undefined;
  // Rounded so that "1.1%" is 0.011, not 0.011000000000000001.
  return Math.round(Number(match[1]) * 1e10) / 1e12;
}

/**
 * Parses a whole count (VUs, connections): a non-negative safe integer, or a string of digits
 * (flags arrive as strings). Anything else, including `"1.5"` and `"10k"`, gives `undefined`.
 */
export function parseCount(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  }
  const text = input.trim();
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

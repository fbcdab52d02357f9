/**
 * Human units for reports. Three significant digits everywhere: the histograms hold three, and
 * more digits would only suggest a precision the run does not have.
 */

/** 0.734 → "734 µs", 12.34 → "12.3 ms", 1534 → "1.53 s". Negative or NaN gives "–". */
export function formatLatencyMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${toSignificant(ms * 1000)} µs`;
  if (ms < 1000) return `${toSignificant(ms)} ms`;
  return `${toSignificant(ms / 1000)} s`;
}

/** 1234.5 → "1,235 req/s", 12.34 → "12.3 req/s". */
export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '–';
  return `${perSec >= 100 ? formatCount(Math.round(perSec)) : toSignificant(perSec)} req/s`;
}

/** A 0..1 fraction as a percentage: 0 → "0 %", 0.0123 → "1.23 %", 0.00004 → "0.004 %". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  if (fraction === 0) return '0 %';
  return `${toSignificant(fraction * 100)} %`;
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Names a list shows before counting the rest: a profile may have thousands. */
const NAMES_LISTED = 20;

/**
 * `a, b, c`, or the first 20 and `and 17 more`; `show` renders each listed name (e.g. quoted).
 * Empty for no names.
 */
export function listNames(
  names: readonly string[],
  show: (name: string) => string = (name) => name,
): string {
  const listed = names.slice(0, NAMES_LISTED).map(show).join(', ');
  const more = names.length - NAMES_LISTED;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/** Seconds for run lengths: 9998 → "10.0 s", 95000 → "1m35s". */
export function formatRunDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}

/** Three significant digits, no exponent, trailing zeros kept only before the point. */
function toSignificant(value: number): string {
  if (value >= 1000) return formatCount(value);
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return String(Number(value.toFixed(digits)));
}

/** The sign a signed figure starts with: "+", "−" (U+2212) or "±" for zero. */
export function signOf(value: number): string {
  return value > 0 ? '+' : value < 0 ? '−' : '±';
}

/** A relative change, signed: 0.123 → "+12.3 %". */
export function formatSignedRelative(relative: number): string {
  if (!Number.isFinite(relative)) return '–';
  return `${signOf(relative)}${formatPercent(Math.abs(relative))}`;
}

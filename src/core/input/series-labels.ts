/**
 * The labels that keep scheduled runs apart: a run's `layer` (what kind of run it is) and
 * `interval` (how often it runs). Profiles, action inputs, CLI flags, results files and the
 * history all read them, so they are checked here, once, with one wording.
 */
import { describeValue } from './issue-text.js';
import type { Checked } from './value-checks.js';

/** The kinds of runs users schedule; each keeps its own series. The canonical list. */
export const LAYERS = ['heartbeat', 'scheduled', 'manual', 'pull-request', 'release'] as const;
export type Layer = (typeof LAYERS)[number];

/** Named intervals; any other short slug (`every-15m`, `push`) is allowed too. */
export const NAMED_INTERVALS = ['hourly', 'daily', 'weekly'] as const;

/** A free interval: lowercase letters, digits and `-`, starting with a letter or digit, ≤ 40. */
export const INTERVAL_PATTERN = '^[a-z0-9][a-z0-9-]{0,39}$';
const INTERVAL_RE = new RegExp(INTERVAL_PATTERN);

/** How a layer and an interval are described in messages (`expected …, got …`). */
export const LAYER_FORM = `one of ${LAYERS.join(', ')}`;
export const INTERVAL_FORM =
  'hourly, daily, weekly, or a slug of lowercase letters, digits and "-" (up to 40 characters, like every-15m)';

/** Whether `value` is one of `LAYERS` (exactly: no case folding). */
export function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

/** Reads a layer: exactly one of `LAYERS`. */
export function checkLayer(value: unknown): Checked<Layer> {
  return isLayer(value)
    ? { ok: true, value }
    : { ok: false, message: `expected ${LAYER_FORM}, got ${describeValue(value)}` };
}

/** Reads an interval: a named one or a slug matching `INTERVAL_PATTERN` (named ones match too). */
export function checkInterval(value: unknown): Checked<string> {
  return typeof value === 'string' && INTERVAL_RE.test(value)
    ? { ok: true, value }
    : { ok: false, message: `expected ${INTERVAL_FORM}, got ${describeValue(value)}` };
}

/** Inclusive bounds and default of a count of runs. */
export interface RunCountBounds {
  default: number;
  min: number;
  max: number;
}

/** How many runs each setting takes: the rolling baseline's K (action input `baseline-runs`,
 * flag `--baseline-runs`), the trend table's rows (`trend-runs`), `history show --last`. */
export const RUN_COUNTS = {
  baselineRuns: { default: 5, min: 1, max: 50 },
  trendRuns: { default: 20, min: 1, max: 200 },
  historyShow: { default: 30, min: 1, max: 10_000 },
} as const satisfies Record<string, RunCountBounds>;

/** Reads a count of runs written as digits (`5`; not `5.0`, `1e1` or `0x5`) within `bounds`. */
export function checkRunCount(text: string, bounds: RunCountBounds): Checked<number> {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return value >= bounds.min && value <= bounds.max
    ? { ok: true, value }
    : {
        ok: false,
        message: `expected a whole number of runs from ${bounds.min} to ${bounds.max}, got ${describeValue(text)}`,
      };
}

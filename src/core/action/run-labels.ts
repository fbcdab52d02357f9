/**
 * Which series a run belongs to: its `layer` and `interval`, from what the user said (input or
 * flag, then the profile) or else from the event that started it. Hourly and weekly schedules of
 * one profile thereby keep separate histories and baselines.
 */
import type { Layer } from '../input/series-labels.js';

/** Everything the labels may come from; the given and profile values are already validated. */
export interface RunLabelSources {
  /** GITHUB_EVENT_NAME; `''` outside Actions (a CLI run), read like `workflow_dispatch`. */
  eventName: string;
  /** The cron of the schedule that fired, on `schedule` events. */
  scheduleCron?: string;
  /** Action input or CLI flag: wins over everything. */
  givenLayer?: Layer;
  givenInterval?: string;
  /** The profile's `layer` and `interval`. */
  profileLayer?: Layer;
  profileInterval?: string;
  /** The profile's `load.preset`: a `heartbeat` profile run on a schedule or by hand is a
   * heartbeat, so its failures take the heartbeat issue rather than the regression one. */
  profilePreset?: string;
}

export interface ResolvedRunLabels {
  layer: Layer;
  /** `hourly`, `daily`, `weekly`, or a slug (`push`, `manual`, `free`, `cron-…`). */
  interval: string;
}

/** The interval of runs whose event says nothing about how often they come. */
export const FREE_INTERVAL = 'free';

/**
 * The layer an event implies: `schedule` and `push` → scheduled (pushes to the baseline branch
 * are the classic baseline refresh), `workflow_dispatch` and no event (a CLI run) → manual,
 * `pull_request*` and `merge_group` → pull-request, `release` → release; any other → manual.
 */
export function layerFromEvent(eventName: string): Layer {
  if (eventName === 'schedule' || eventName === 'push') return 'scheduled';
  if (eventName.startsWith('pull_request') || eventName === 'merge_group') return 'pull-request';
  if (eventName === 'release') return 'release';
  return 'manual';
}

/**
 * The interval an event implies: `schedule` → from its cron (`intervalFromCron`; `free` when
 * the payload carries none), `push` → `push`, `workflow_dispatch` and no event → `manual`,
 * anything else → `free`.
 */
export function intervalFromEvent(eventName: string, scheduleCron?: string): string {
  if (eventName === 'schedule')
    return scheduleCron === undefined || scheduleCron.trim() === ''
      ? FREE_INTERVAL
      : intervalFromCron(scheduleCron);
  if (eventName === 'push') return 'push';
  if (eventName === 'workflow_dispatch' || eventName === '') return 'manual';
  return FREE_INTERVAL;
}

const MAX_SLUG_LENGTH = 40;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** A single whole number in `[0, max]` (no lists, ranges or steps). */
function isSingle(field: string, max: number): boolean {
  return /^\d{1,2}$/.test(field) && Number(field) <= max;
}

/** One day of the week: 0–7 (0 and 7 are Sunday) or a three-letter name. */
function isSingleDay(field: string): boolean {
  return isSingle(field, 7) || DAY_NAMES.includes(field.toLowerCase());
}

/**
 * Names a five-field cron by how often it fires: `M * * * *` → `hourly`, `M H * * *` → `daily`,
 * `M H * * D` → `weekly` (M, H and D single values; D 0–7 or `mon`…). Anything else (steps,
 * lists, ranges, a day of the month, malformed text) → `cron-` and a slug of its fields, `*` as
 * `x` (`*\/15 * * * *` → `cron-x-15-x-x-x-x`, `0 9 * * 1-5` → `cron-0-9-x-x-1-5`), cut to 40
 * characters, so distinct schedules keep distinct series.
 */
export function intervalFromCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  if (fields.length === 5) {
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [
      string,
      string,
      string,
      string,
      string,
    ];
    if (isSingle(minute, 59) && dayOfMonth === '*' && month === '*') {
      if (hour === '*' && dayOfWeek === '*') return 'hourly';
      if (isSingle(hour, 23) && dayOfWeek === '*') return 'daily';
      if (isSingle(hour, 23) && isSingleDay(dayOfWeek)) return 'weekly';
    }
  }
  const slug = fields
    .map((field) =>
      field
        .toLowerCase()
        .replaceAll('*', 'x')
        .replace(/[^a-z0-9]+/g, '-'),
    )
    .join('-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return `cron-${slug}`.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '');
}

/**
 * The run's layer and interval, each on its own: the given value (input or flag) wins, then the
 * profile's, then what the event implies (`layerFromEvent`, `intervalFromEvent`; a profile with
 * the heartbeat preset is a `heartbeat` where the event would make it scheduled or manual).
 */
export function resolveRunLabels(sources: RunLabelSources): ResolvedRunLabels {
  const fromEvent = layerFromEvent(sources.eventName);
  const derivedLayer =
    sources.profilePreset === 'heartbeat' && (fromEvent === 'scheduled' || fromEvent === 'manual')
      ? 'heartbeat'
      : fromEvent;
  return {
    layer: sources.givenLayer ?? sources.profileLayer ?? derivedLayer,
    interval:
      sources.givenInterval ??
      sources.profileInterval ??
      intervalFromEvent(sources.eventName, sources.scheduleCron),
  };
}

/** The `confirm` input: the re-measures (0..5; `true` is 1, `false` 0), or `auto`. */
export type ConfirmSetting = number | 'auto';

/**
 * How many times what broke the gate is re-measured before it counts (see the `confirm`
 * input). `auto` is 1 for a run judged against a stored baseline without a history (a pull
 * request: its regressions at fail) and for a `schedule` event's run, and 0 for the other runs
 * that keep a history (a push to the baseline branch, a manual run): their breach counts when
 * the series' previous run breached too.
 */
export function resolveConfirm(
  setting: ConfirmSetting,
  eventName: string,
  keepsHistory: boolean,
): number {
  if (setting !== 'auto') return setting;
  return !keepsHistory || eventName === 'schedule' ? 1 : 0;
}

/**
 * Raw schema of `load`: one strict branch per executor, plus a preset branch, told apart by
 * `executor` (absent for presets), so each branch lists only the keys that mean something there.
 */
import { z } from 'zod';
import { describeValue, expectedMessage } from '../input/issue-text.js';
import {
  countField,
  durationField,
  expecting,
  isRecord,
  rateField,
  refineWith,
  strictSection,
} from '../input/schema-fields.js';
import { parseRatePerSec } from '../input/units.js';
import {
  type Checked,
  checkDuration,
  LIMITS,
  PAUSE_DURATION,
  RUN_DURATION,
} from '../input/value-checks.js';
import { PRESET_DESCRIPTIONS } from './presets.js';
import type { ExecutorName, PresetName } from './types.js';

/** Think time: the pause a virtual user takes after each response (closed model only). */
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

/** `load.timelineResolution` values and their widths in seconds (`auto`: none). */
const TIMELINE_RESOLUTIONS = { auto: undefined, '1s': 1, '10s': 10, '1m': 60, '5m': 300 };
export const TIMELINE_RESOLUTION_NAMES = [
  'auto',
  '1s',
  '10s',
  '1m',
  '5m',
] as const satisfies readonly (keyof typeof TIMELINE_RESOLUTIONS)[];

/** Seconds of a `load.timelineResolution` value; undefined for `auto` (or none written). */
export function readTimelineResolutionSec(
  name: (typeof TIMELINE_RESOLUTION_NAMES)[number] | undefined,
): number | undefined {
  return name === undefined ? undefined : TIMELINE_RESOLUTIONS[name];
}

// Fields of `load` shared by several branches: connection settings, stages, think time.
/** Settings every executor and preset accepts. */
export const commonLoadFields = {
  connections: countField(
    'connections',
    LIMITS.connections.min,
    LIMITS.connections.max,
    'TCP connections opened before measuring. Default: peak VUs (VU executors), else 64.',
  ).optional(),
  maxInFlight: countField(
    'requests',
    LIMITS.maxInFlight.min,
    LIMITS.maxInFlight.max,
    'Requests in flight at once. Default: connections.',
  ).optional(),
  onMaxInFlight: z
    .enum(['queue', 'drop'], { error: expecting('queue or drop') })
    .meta({
      description: 'At maxInFlight: wait for a slot (queue) or drop the arrival.',
      default: 'queue',
    })
    .optional(),
  warmup: durationField(
    PAUSE_DURATION,
    'Unmeasured phase before the plan; 0s disables it.',
    '1s',
  ).optional(),
  gracefulStop: durationField(
    PAUSE_DURATION,
    'Time in-flight requests may still finish after the plan. Default: timeout.',
  ).optional(),
  timelineResolution: z
    .enum(TIMELINE_RESOLUTION_NAMES, {
      error: expecting(`one of ${TIMELINE_RESOLUTION_NAMES.join(', ')}`),
    })
    .meta({
      description:
        'Timeline points between the first and the last 10 minutes of a run: one a second (1s), or windows of 10s, 1m or 5m merged exactly. auto: 1s for runs up to 30 minutes, 10s up to 3 hours, 1m up to 12 hours, 5m beyond.',
      default: 'auto',
    })
    .optional(),
};

/** Ramps are pointless if nothing ever runs: at least one stage target must be above 0. */
function checkSomeTargetPositive(stages: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  // A missing or mistyped list is reported by the array schema itself.
  if (!Array.isArray(stages)) return;
  if (stages.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'expected at least one stage, got an empty list' });
    return;
  }
  const targets = stages.map((stage) => {
    const target: unknown = isRecord(stage) ? stage.target : undefined;
    return typeof target === 'number' || typeof target === 'string'
      ? parseRatePerSec(target)
      : undefined;
  });
  if (targets.every((target) => target === 0)) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected at least one stage with a target above 0, got all 0',
    });
  }
}

/** `stages: [{ duration, target }]`; `target` is a rate or a VU count depending on `target`. */
export function stagesField<Target extends z.ZodType>(target: Target, unit: string) {
  const stage = strictSection(
    { duration: durationField(RUN_DURATION, 'Time to move linearly to target.'), target },
    'a stage mapping with duration and target',
  );
  return z
    .array(stage, { error: expecting('a list of stages, each { duration, target }') })
    .superRefine(checkSomeTargetPositive, { when: () => true })
    .meta({ description: `Legs of the ramp; each moves linearly to its target ${unit}.` });
}

/** Bad `min`/`max` values are reported at those keys; only their order is checked here. */
function checkThinkTime(value: unknown): Checked<unknown> {
  if (!isRecord(value)) return readThinkTime(value);
  const minMs = checkDuration(value.min, PAUSE_DURATION);
  const maxMs = checkDuration(value.max, PAUSE_DURATION);
  return minMs.ok && maxMs.ok
    ? orderThinkTime(minMs.value, maxMs.value, value)
    : { ok: true, value };
}

const thinkTimeRange = strictSection(
  {
    min: durationField(PAUSE_DURATION, 'Shortest pause.'),
    max: durationField(PAUSE_DURATION, 'Longest pause.'),
  },
  'a mapping with min and max',
);

/** `thinkTime`: `"500ms"`, `"1s..3s"`, 0, or `{ min, max }` (bare numbers other than 0 need a unit). */
export const thinkTimeField = z
  .union([z.string(), z.number().meta({ const: 0 }), thinkTimeRange], {
    error: expecting(THINK_TIME_FORM),
  })
  .superRefine(refineWith(checkThinkTime))
  .meta({
    description: 'VU executors: pause after each response, uniform in [min, max]; default 0.',
    examples: ['500ms', '1s..3s', { min: '1s', max: '3s' }],
  });

/** Executors in the order messages list them. */
export const EXECUTOR_NAMES = [
  'constant-arrival-rate',
  'ramping-arrival-rate',
  'constant-vus',
  'ramping-vus',
] as const satisfies readonly ExecutorName[];
/** Presets in the order messages list them. */
export const PRESET_NAMES = [
  'smoke',
  'load',
  'stress',
  'spike',
  'soak',
  'heartbeat',
] as const satisfies readonly PresetName[];

const MISPLACED_KEY_HINTS: Record<string, string> = {
  rate: 'used by constant-arrival-rate and presets',
  duration: 'used by constant executors and presets',
  startRate: 'used by ramping-arrival-rate',
  stages: 'used by ramping executors',
  vus: 'used by constant-vus',
  startVus: 'used by ramping-vus',
  thinkTime: 'only for constant-vus and ramping-vus: arrival-rate load does not wait for answers',
  preset: 'a preset replaces executor: keep one of them',
};

const durationOfRun = (description: string) => durationField(RUN_DURATION, description);
const vusField = (description: string, min: number) =>
  countField('virtual users', min, LIMITS.vus.max, description);
const sectionOptions = { hints: MISPLACED_KEY_HINTS };

const constantArrivalRate = strictSection(
  {
    executor: z.literal('constant-arrival-rate').meta({ description: 'Open model, fixed rate.' }),
    rate: rateField(false, 'Requests started per second, whatever the target does.'),
    duration: durationOfRun('How long to keep the rate.'),
    ...commonLoadFields,
  },
  'a load mapping',
  sectionOptions,
);

const rampingArrivalRate = strictSection(
  {
    executor: z.literal('ramping-arrival-rate').meta({ description: 'Open model, rate ramps.' }),
    startRate: rateField(true, 'Rate before the first stage; default 0.').optional(),
    stages: stagesField(rateField(true, 'Rate to reach.'), 'rate'),
    ...commonLoadFields,
  },
  'a load mapping',
  sectionOptions,
);

const constantVus = strictSection(
  {
    executor: z.literal('constant-vus').meta({ description: 'Closed model, fixed users.' }),
    vus: vusField('Virtual users, each waiting for its answer before the next request.', 1),
    duration: durationOfRun('How long the users run.'),
    thinkTime: thinkTimeField.optional(),
    ...commonLoadFields,
  },
  'a load mapping',
  sectionOptions,
);

const rampingVus = strictSection(
  {
    executor: z.literal('ramping-vus').meta({ description: 'Closed model, users ramp.' }),
    startVus: vusField('Users before the first stage; default 0.', 0).optional(),
    stages: stagesField(vusField('Users to reach.', 0), 'number of users'),
    thinkTime: thinkTimeField.optional(),
    ...commonLoadFields,
  },
  'a load mapping',
  sectionOptions,
);

function describePresets(): string {
  return PRESET_NAMES.map((name) => `${name}: ${PRESET_DESCRIPTIONS[name]}.`).join(' ');
}

const PRESET_OR_EXECUTOR = `executor (one of ${EXECUTOR_NAMES.join(', ')}) or preset (one of ${PRESET_NAMES.join(', ')})`;

const presetLoad = strictSection(
  {
    // Absent by definition; declared so the union can route on `executor` being missing.
    executor: z.undefined().optional(),
    preset: z
      .enum(PRESET_NAMES, {
        error: (issue) =>
          issue.input === undefined
            ? `required: expected ${PRESET_OR_EXECUTOR}`
            : expectedMessage(`one of ${PRESET_NAMES.join(', ')}`, issue.input),
      })
      .meta({ description: `Ready-made shape, R = rate, D = duration. ${describePresets()}` }),
    rate: rateField(false, 'R, the base rate the preset is built on.').optional(),
    duration: durationOfRun('D, the hold time of the preset.').optional(),
    ...commonLoadFields,
  },
  'a load mapping',
  { ...sectionOptions, hiddenKeys: ['executor'] },
);

function describeLoadIssue(issue: z.core.$ZodRawIssue): string {
  if (issue.code === 'invalid_union' && isRecord(issue.input)) {
    return expectedMessage(
      `one of ${EXECUTOR_NAMES.join(', ')} (or remove executor and set preset)`,
      issue.input.executor,
    );
  }
  return expectedMessage(`a load mapping with ${PRESET_OR_EXECUTOR}`, issue.input);
}

/** Raw `load`: routed on `executor`; a missing executor selects the preset branch. */
export const loadSchema = z
  .discriminatedUnion(
    'executor',
    [constantArrivalRate, rampingArrivalRate, constantVus, rampingVus, presetLoad],
    { error: describeLoadIssue },
  )
  .meta({
    description: 'How much load, with which shape: an executor with its settings, or a preset.',
  });

/** `load` as written, after validation (units not yet converted). */
export type RawLoad = z.output<typeof loadSchema>;

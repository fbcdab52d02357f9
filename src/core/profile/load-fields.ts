/** Fields of `load` shared by several branches: connection settings, stages, think time. */
import { z } from 'zod';
import {
  countField,
  durationField,
  expecting,
  isRecord,
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
import { orderThinkTime, readThinkTime, THINK_TIME_FORM } from './think-time.js';

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

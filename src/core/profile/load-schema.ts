/**
 * Raw schema of `load`: one strict branch per executor, plus a preset branch, told apart by
 * `executor` (absent for presets), so each branch lists only the keys that mean something there.
 */
import { z } from 'zod';
import { expectedMessage } from '../input/issue-text.js';
import {
  countField,
  durationField,
  isRecord,
  rateField,
  strictSection,
} from '../input/schema-fields.js';
import { LIMITS, RUN_DURATION } from '../input/value-checks.js';
import { commonLoadFields, stagesField, thinkTimeField } from './load-fields.js';
import { PRESET_DESCRIPTIONS } from './presets.js';
import type { ExecutorName, PresetName } from './types.js';

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

/**
 * Raw schema of a scenario entry: one request of the mix (`path`, as always) or a journey
 * (`steps`: requests one virtual user or one arrival runs in order, each with its own think time,
 * failure handling and extracted values).
 */
import { z } from 'zod';
import {
  expecting,
  isRecord,
  nonEmptyList,
  positiveNumberField,
  strictSection,
  textField,
} from '../input/schema-fields.js';
import { thinkTimeField } from './load-schema.js';
import { checkRequestBody, extractField, REQUEST_KEYS, requestFields } from './scenario-schema.js';

/** Keys of a step that belong to the journey, and keys of a plain scenario that need steps. */
const STEP_KEY_HINTS: Record<string, string> = {
  weight: "a journey's steps share its weight: set weight on the journey",
  category: "a journey's steps share its category: set category on the journey",
};

const SCENARIO_KEY_HINTS: Record<string, string> = {
  extract:
    'only on a step of a journey: write the requests as steps: [...] to use a value in a later one',
  think:
    "only on a step of a journey; a plain scenario's pause is load.thinkTime (constant-vus, ramping-vus)",
  continueOnFailure: 'only on a step of a journey (steps: [...])',
};

/** One step: a request with its name, plus the pause after it and what it passes on. */
export const stepSchema = strictSection(
  {
    name: textField(
      'a step name',
      'Unique within the journey; the step is reported as the row "<journey>/<step>".',
    ),
    ...requestFields,
    think: thinkTimeField
      .meta({
        description:
          'Pause after this step, before the next one, uniform in [min, max] (500ms, "1s..3s", { min, max }); default 0. After the last step, load.thinkTime applies as for any iteration.',
        examples: ['500ms', '1s..3s', { min: '1s', max: '3s' }],
      })
      .optional(),
    continueOnFailure: z
      .boolean({ error: expecting('true or false') })
      .meta({
        description:
          'Go on with the next step when this one fails (wrong answer, transport error, extract_failed); default false: the journey ends there, counted as failed.',
        default: false,
      })
      .optional(),
    extract: extractField.optional(),
  },
  'a step mapping with name and path',
  { hints: STEP_KEY_HINTS },
)
  .superRefine(checkRequestBody, { when: () => true })
  .meta({ description: 'One request of a journey, run after the steps before it.' });

const stepsField = nonEmptyList(stepSchema, 'step', 'a list of steps').meta({
  description:
    'A journey: these requests run in order, by one virtual user (closed model) or per arrival (open model). Leave out path, method, headers, body and expect: each step has its own.',
  minItems: 1,
});

/**
 * Rules that span fields: a scenario is either one request (`path`) or a journey (`steps`),
 * never both; a journey leaves every request field to its steps.
 */
function checkScenarioEntry(scenario: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(scenario)) return;
  if (scenario.steps === undefined) {
    if (scenario.path === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message:
          'required: expected a path starting with "/" (one request), or steps: [...] (a journey)',
      });
    }
    checkRequestBody(scenario, ctx);
    return;
  }
  for (const key of REQUEST_KEYS) {
    if (scenario[key] === undefined) continue;
    const message =
      key === 'path'
        ? 'expected either steps (a journey) or path (one request), got both'
        : `expected no ${key} on a journey: each step sets its own (steps[].${key})`;
    ctx.addIssue({ code: 'custom', path: [key], message });
  }
}

/** Raw scenario entry: one request of the mix, or a journey of steps. */
export const scenarioSchema = strictSection(
  {
    name: textField('a scenario name', 'Unique name shown in reports.'),
    weight: positiveNumberField(
      'Relative share of the mix (a journey counts once, whatever its steps).',
      1,
    ).optional(),
    method: requestFields.method,
    path: requestFields.path.optional(),
    headers: requestFields.headers,
    json: requestFields.json,
    body: requestFields.body,
    category: textField('a category name', 'Free tag: normal, security, policy, llm, …').optional(),
    timeout: requestFields.timeout,
    maxRedirects: requestFields.maxRedirects,
    expect: requestFields.expect,
    steps: stepsField.optional(),
  },
  'a scenario mapping with name and path (or steps, for a journey)',
  { hints: SCENARIO_KEY_HINTS },
)
  .superRefine(checkScenarioEntry, { when: () => true })
  .meta({
    description: 'One request of the mix (path), or a journey of requests run in order (steps).',
    oneOf: [{ required: ['path'] }, { required: ['steps'] }],
  });

/** A scenario entry as written, after validation. */
export type RawScenarioEntry = z.output<typeof scenarioSchema>;
/** A journey step as written, after validation. */
export type RawStep = z.output<typeof stepSchema>;

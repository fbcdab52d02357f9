/**
 * Raw schema of `setup`: requests run before the clock starts (log in once, or once per virtual
 * user), whose extracted values every later request may use as `${setup.NAME}`.
 */
import { z } from 'zod';
import { describeValue } from '../input/issue-text.js';
import {
  expecting,
  isRecord,
  nonEmptyList,
  strictSection,
  textField,
} from '../input/schema-fields.js';
import { checkRequestBody, extractField, requestFields } from './scenario-schema.js';

const SETUP_REQUEST_KEY_HINTS: Record<string, string> = {
  weight: 'setup requests run once before the load, not in the mix',
  category: 'setup requests run once before the load, not in the mix',
  think: 'setup requests run one after the other, without pauses',
  continueOnFailure: 'a failing setup request stops the run before any load (exit 3)',
};

/** One setup request: a request with its name and what it extracts. */
export const setupRequestSchema = strictSection(
  {
    name: textField(
      'a setup request name',
      'Unique among the setup requests; with measure: true its row is "setup/<name>".',
    ),
    ...requestFields,
    extract: extractField.optional(),
  },
  'a setup request mapping with name and path',
  { hints: SETUP_REQUEST_KEY_HINTS },
)
  .superRefine(checkRequestBody, { when: () => true })
  .meta({ description: `A request run before the load; its extract values are \${setup.NAME}.` });

/** Reports a repeated setup request name at the repeat. */
function checkUniqueRequestNames(requests: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!Array.isArray(requests)) return;
  const firstIndexByName = new Map<string, number>();
  requests.forEach((request, index) => {
    const name = isRecord(request) ? request.name : undefined;
    if (typeof name !== 'string') return;
    const firstIndex = firstIndexByName.get(name);
    if (firstIndex === undefined) firstIndexByName.set(name, index);
    else {
      const message = `expected a unique name, got ${describeValue(name)} again (first at setup.requests[${firstIndex}])`;
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message });
    }
  });
}

/** `setup:` as written. */
export const setupSchema = strictSection(
  {
    perVu: z
      .boolean({ error: expecting('true or false') })
      .meta({
        description:
          "true: each virtual user runs the setup as it starts (Locust's on_start), so each has its own values; closed model only (constant-vus, ramping-vus). Default false: once before the load.",
        default: false,
      })
      .optional(),
    measure: z
      .boolean({ error: expecting('true or false') })
      .meta({
        description:
          'true: setup requests are reported as their own rows "setup/<name>". Default false: outside every figure.',
        default: false,
      })
      .optional(),
    requests: nonEmptyList(setupRequestSchema, 'setup request', 'a list of setup requests')
      .superRefine(checkUniqueRequestNames, { when: () => true })
      .meta({
        description:
          'Run in order before the clock starts; a request may use values extracted by the ones before it. A failing one stops the run (exit 3) before any load.',
        minItems: 1,
      }),
  },
  'a setup mapping with requests',
).meta({
  description: `Requests run before the load (e.g. log in once); their extracted values are \${setup.NAME} in every request, masked as secrets.`,
});

/** `setup:` as written, after validation. */
export type RawSetup = z.output<typeof setupSchema>;

/**
 * The raw profile: exactly what a user writes, before defaults, units and `${VAR}`s are resolved.
 * Used to validate input and to generate `schema/loadgate-profile.schema.json` for editors, so
 * every field carries a description.
 */
import { z } from 'zod';
import { describeValue } from '../input/issue-text.js';
import {
  checkMetricLabelValue,
  METRIC_LABEL_FORM,
  METRIC_LABEL_PATTERN,
} from '../input/metric-labels.js';
import {
  durationField,
  expecting,
  isRecord,
  nonEmptyList,
  refineWith,
  strictSection,
  textField,
} from '../input/schema-fields.js';
import {
  checkInterval,
  INTERVAL_FORM,
  INTERVAL_PATTERN,
  LAYER_FORM,
  LAYERS,
} from '../input/series-labels.js';
import { TIMEOUT_DURATION, URL_FORM } from '../input/value-checks.js';
import { dataSchema } from './data-schema.js';
import { scenarioSchema } from './journey-schema.js';
import { loadSchema } from './load-schema.js';
import { headersSchema, maxRedirectsField } from './scenario-schema.js';
import { setupSchema } from './setup-schema.js';
import { maxConcurrentStreamsField, protocolField, tlsSchema } from './tls-schema.js';
import { checkBaseUrl } from './url-secrets.js';

/** A URL with `${VAR}`s can only be checked once they are substituted, in `normalizeProfile`. */
function checkBaseUrlTemplate(value: string) {
  return value.includes(`\${`) ? { ok: true as const, value } : checkBaseUrl(value);
}

function checkSeed(value: number) {
  return Number.isSafeInteger(value)
    ? { ok: true as const, value }
    : { ok: false as const, message: `expected a whole number, got ${describeValue(value)}` };
}

/** `environment` / `client`: an optional label value of the exported metrics. */
function metricLabelField(description: string, examples: string[]) {
  return z
    .string({ error: expecting(METRIC_LABEL_FORM) })
    .superRefine(refineWith(checkMetricLabelValue))
    .meta({ description, pattern: METRIC_LABEL_PATTERN, examples })
    .optional();
}

/** Reports every repeated name at the repeat, so reports never merge two scenarios. */
function checkUniqueNames(scenarios: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!Array.isArray(scenarios)) return;
  const firstIndexByName = new Map<string, number>();
  scenarios.forEach((scenario, index) => {
    const name = isRecord(scenario) ? scenario.name : undefined;
    if (typeof name !== 'string') return;
    const firstIndex = firstIndexByName.get(name);
    if (firstIndex === undefined) firstIndexByName.set(name, index);
    else {
      const message = `expected a unique name, got ${describeValue(name)} again (first at scenarios[${firstIndex}])`;
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message });
    }
  });
}

const scenariosSchema = nonEmptyList(scenarioSchema, 'scenario', 'a list of scenarios')
  .superRefine(checkUniqueNames, { when: () => true })
  .meta({
    description:
      'The request mix: each run draws scenarios (one request, or a journey of steps) by weight.',
    minItems: 1,
  });

/** The whole raw profile: strict at every level, so a misspelt key is an error. */
export const rawProfileSchema = strictSection(
  {
    name: textField('a profile name', 'Name of the profile, shown in reports.'),
    baseUrl: z
      .string({ error: expecting(URL_FORM) })
      .superRefine(refineWith(checkBaseUrlTemplate))
      .meta({
        description: `Origin (and optional base path) of the target; \${VAR} allowed.`,
        examples: ['http://127.0.0.1:8080', `\${BASE_URL}`],
      }),
    protocol: protocolField.optional(),
    maxConcurrentStreams: maxConcurrentStreamsField.optional(),
    tls: tlsSchema.optional(),
    headers: headersSchema.optional(),
    timeout: durationField(TIMEOUT_DURATION, 'Default per-request timeout.', '10s').optional(),
    maxRedirects: maxRedirectsField(
      'Redirects a request follows, like browsers and k6 (0 disables: a 3xx is then the answer).',
      'profile',
    ).optional(),
    seed: z
      .number({ error: expecting('a whole number') })
      .superRefine(refineWith(checkSeed))
      .meta({
        description: 'Seed of the weighted draw, for a reproducible mix.',
        type: 'integer',
        default: 1,
      })
      .optional(),
    data: dataSchema.optional(),
    setup: setupSchema.optional(),
    scenarios: scenariosSchema,
    load: loadSchema,
    // Read by the rule parsers (core/rules), which also give these sections' JSON Schema.
    thresholds: z
      .unknown()
      .meta({
        description:
          'Absolute pass/fail limits: loadgate metrics (p95: 300ms, or { target, critical, abortOnFail, abortGrace }), any percentile (p97.5), per-scenario blocks, and k6 thresholds pasted as they are.',
      })
      .optional(),
    regressions: z
      .unknown()
      .meta({
        description:
          'Allowed change against a baseline per metric (p95: { warn: 10%, fail: 20%, floor: 2ms }), per-scenario blocks, and the comparison settings.',
      })
      .optional(),
    layer: z
      .enum(LAYERS, { error: expecting(LAYER_FORM) })
      .meta({
        description:
          'Kind of run, kept as its own series in the history (default: from the event: schedule and push → scheduled, workflow_dispatch → manual, pull requests → pull-request, release → release; with the heartbeat preset, heartbeat instead of scheduled or manual). The action input and --layer win over it.',
      })
      .optional(),
    interval: z
      .string({ error: expecting(INTERVAL_FORM) })
      .superRefine(refineWith(checkInterval))
      .meta({
        description:
          "How often this profile runs (hourly, daily, weekly, or any short slug), so series of one profile are kept apart (default: from the schedule's cron, push on pushes, manual on workflow_dispatch, else free). The action input and --interval win over it.",
        pattern: INTERVAL_PATTERN,
        examples: ['hourly', 'daily', 'weekly', 'every-15m'],
      })
      .optional(),
    environment: metricLabelField(
      'Environment the target runs in, the `environment` label of the exported Prometheus metrics (--environment and the action input win over it).',
      ['staging', 'prod-eu'],
    ),
    client: metricLabelField(
      'Client or tenant this run stands for, the `client` label of the exported Prometheus metrics (--client and the action input win over it).',
      ['web', 'team-a'],
    ),
  },
  'a profile mapping with name, baseUrl, scenarios and load',
).meta({
  title: 'loadgate profile',
  description: 'An HTTP load test: target, request mix, load shape and pass/fail rules.',
});

/** A profile as written, after validation: same shape as the input, nothing converted. */
export type RawProfile = z.output<typeof rawProfileSchema>;
/** One scenario entry as written, after validation: one request (`path`) or a journey (`steps`). */
export type RawScenario = RawProfile['scenarios'][number];

/** Raw schema of one scenario (a request in the mix) and of header maps. */
import { z } from 'zod';
import { describeValue } from './issue-text.js';
import {
  durationField,
  expecting,
  isRecord,
  positiveNumberField,
  refineWith,
  strictSection,
  textField,
} from './schema-fields.js';
import { expectSchema } from './status-schema.js';
import type { HttpMethod } from './types.js';
import { TIMEOUT_DURATION } from './value-checks.js';

/** Methods a scenario may use, upper-case as normalized. */
export const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] as const satisfies readonly HttpMethod[];

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PATH_FORM = 'a path starting with "/" (URL-encode spaces as %20)';

/** Header name → value; values may use `${VAR}`. Names are matched case-insensitively later. */
export const headersSchema = z
  .record(z.string(), z.string({ error: expecting('a header value (quote numbers in YAML)') }), {
    error: expecting('a mapping of header names to values'),
  })
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME_RE.test(name)) {
        const message = `expected a header name of letters, digits and - _ . (no spaces), got ${describeValue(name)}`;
        ctx.addIssue({ code: 'custom', path: [name], message, input: name });
      } else if (/[\r\n]/.test(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'expected a header value on one line',
        });
      }
    }
  })
  .meta({
    description: `Request headers, name → value; \${VAR} is replaced from the environment.`,
    examples: [{ authorization: `Bearer \${API_TOKEN}` }],
  });

const methodField = z
  .string({ error: expecting(`one of ${HTTP_METHODS.join(', ')}`) })
  .superRefine(
    refineWith((value: string) =>
      (HTTP_METHODS as readonly string[]).includes(value.toUpperCase())
        ? { ok: true, value }
        : {
            ok: false,
            message: `expected one of ${HTTP_METHODS.join(', ')}, got ${describeValue(value)}`,
          },
    ),
  )
  .meta({
    description: 'HTTP method, case-insensitive.',
    enum: [...HTTP_METHODS, ...HTTP_METHODS.map((method) => method.toLowerCase())],
    default: 'GET',
  });

const pathField = z
  .string({ error: expecting(PATH_FORM) })
  .superRefine(
    refineWith((value: string) =>
      value.startsWith('/') && !/[\s\p{Cc}]/u.test(value)
        ? { ok: true, value }
        : { ok: false, message: `expected ${PATH_FORM}, got ${describeValue(value)}` },
    ),
  )
  .meta({
    description: `Path and query appended to baseUrl; \${VAR} is replaced from the environment.`,
    pattern: '^/\\S*$',
    examples: ['/api/products?limit=10'],
  });

/** Body rules that span fields. Runs even when other fields failed, so all problems show at once. */
function checkScenarioBody(scenario: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(scenario)) return;
  const hasJson = scenario.json !== undefined;
  const hasBody = scenario.body !== undefined;
  if (hasJson && hasBody) {
    ctx.addIssue({
      code: 'custom',
      path: ['body'],
      message: 'expected either json or body, got both',
    });
  }
  const method = typeof scenario.method === 'string' ? scenario.method.toUpperCase() : 'GET';
  if ((method === 'GET' || method === 'HEAD') && (hasJson || hasBody)) {
    ctx.addIssue({
      code: 'custom',
      path: [hasJson ? 'json' : 'body'],
      message: `expected no body on a ${method} request (use POST, PUT or PATCH to send one)`,
    });
  }
}

/** Raw scenario; body rules that span fields are checked even when other fields fail. */
export const scenarioSchema = strictSection(
  {
    name: textField('a scenario name', 'Unique name shown in reports.'),
    weight: positiveNumberField('Relative share of requests in the mix.', 1).optional(),
    method: methodField.optional(),
    path: pathField,
    headers: headersSchema.optional(),
    json: z
      .unknown()
      .meta({ description: 'JSON body; sent with content-type application/json unless set.' })
      .optional(),
    body: z
      .string({ error: expecting('text (use json: for a structured body)') })
      .meta({ description: `Raw text body; \${VAR} is replaced from the environment.` })
      .optional(),
    category: textField('a category name', 'Free tag: normal, security, policy, llm, …').optional(),
    timeout: durationField(TIMEOUT_DURATION, 'Per-request timeout for this scenario.').optional(),
    expect: expectSchema.optional(),
  },
  'a scenario mapping with name and path',
)
  .superRefine(checkScenarioBody, { when: () => true })
  .meta({ description: 'One request of the mix.' });

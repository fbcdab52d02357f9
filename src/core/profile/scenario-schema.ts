/**
 * Raw schema of one request (the fields a plain scenario, a journey step and a setup request
 * share), of header maps and of `extract`. The scenario entry itself is in journey-schema.ts.
 */
import { z } from 'zod';
import { describeValue } from '../input/issue-text.js';
import {
  countField,
  durationField,
  expecting,
  isRecord,
  refineWith,
} from '../input/schema-fields.js';
import { TIMEOUT_DURATION } from '../input/value-checks.js';
import { EXTRACT_NAME_RE, parseExtractSpec } from './extract-spec.js';
import {
  checkConnectionOptions,
  describeUnsettableHeader,
  describeWrittenBadCharacter,
  HEADER_VALUE_FORM,
  maskValueReferences,
} from './request-text-checks.js';
import { expectSchema } from './status-schema.js';
import type { HttpMethod } from './types.js';

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

/** Redirect hops a request may follow: the default (browsers and k6 use 10) and the range. */
export const MAX_REDIRECTS = { default: 10, min: 0, max: 50 } as const;

/** `maxRedirects`, at the profile level (default 10) and per scenario (the scenario's wins). */
export function maxRedirectsField(description: string, level: 'profile' | 'scenario') {
  const field = countField('redirects', MAX_REDIRECTS.min, MAX_REDIRECTS.max, description);
  return level === 'profile' ? field.meta({ default: MAX_REDIRECTS.default }) : field;
}

const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PATH_FORM = 'a path starting with "/" (URL-encode spaces as %20)';

/**
 * A header as written, by undici's rules (see request-text-checks.ts): a token name, not one
 * undici refuses or loadgate sets, and a value it can send. What `${VAR}`s bring in is checked
 * after substitution.
 */
function checkWrittenHeader(name: string, value: string): string | undefined {
  if (!HEADER_NAME_RE.test(name)) {
    return `expected a header name of letters, digits and - _ . (no spaces), got ${describeValue(name)}`;
  }
  const unsettable = describeUnsettableHeader(name);
  if (unsettable !== undefined) return `cannot be set: ${unsettable}`;
  const bad = describeWrittenBadCharacter('header', maskValueReferences('header', value));
  if (bad !== undefined)
    return `expected a header value on one line, of ${HEADER_VALUE_FORM}, ${bad}`;
  return name.toLowerCase() === 'connection' && !value.includes(`\${`)
    ? checkConnectionOptions(value)
    : undefined;
}

/** Header name → value; values may use `${VAR}`. Names are matched case-insensitively later. */
export const headersSchema = z
  .record(z.string(), z.string({ error: expecting('a header value (quote numbers in YAML)') }), {
    error: expecting('a mapping of header names to values'),
  })
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      const message = checkWrittenHeader(name, value);
      if (message !== undefined) ctx.addIssue({ code: 'custom', path: [name], message });
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
    refineWith((value: string) => {
      // `${random.pick(a, b)}` is fine: per-request values are percent-encoded when sent.
      const sent = maskValueReferences('path', value);
      if (!value.startsWith('/') || /[\s\p{Cc}]/u.test(sent)) {
        return { ok: false, message: `expected ${PATH_FORM}, got ${describeValue(value)}` };
      }
      // Other characters undici would refuse or send as raw bytes (é, ’): say which and how.
      const bad = describeWrittenBadCharacter('path', sent);
      return bad === undefined
        ? { ok: true, value }
        : { ok: false, message: `expected ${PATH_FORM} in printable ASCII, ${bad}` };
    }),
  )
  .meta({
    description: `Path and query appended to baseUrl, in printable ASCII (percent-encode the rest); \${VAR} is replaced from the environment.`,
    // Spaces may appear inside a per-request value (`${random.pick(a, b)}`), never outside.
    pattern: '^/(?:[\\x21-\\x7e]|\\$\\{[^}]*\\})*$',
    examples: ['/api/products?limit=10'],
  });

/**
 * Body rules that span fields, for any request (scenario, step, setup request). Runs even when
 * other fields failed, so all problems show at once.
 */
export function checkRequestBody(request: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(request)) return;
  const hasJson = request.json !== undefined;
  const hasBody = request.body !== undefined;
  if (hasJson && hasBody) {
    ctx.addIssue({
      code: 'custom',
      path: ['body'],
      message: 'expected either json or body, got both',
    });
  }
  const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
  if ((method === 'GET' || method === 'HEAD') && (hasJson || hasBody)) {
    ctx.addIssue({
      code: 'custom',
      path: [hasJson ? 'json' : 'body'],
      message: `expected no body on a ${method} request (use POST, PUT or PATCH to send one)`,
    });
  }
}

/**
 * The fields of one request, shared by plain scenarios, journey steps and setup requests (each
 * adds its name and its own fields). `path` is required; a scenario entry makes it optional,
 * since a journey has `steps` instead.
 */
export const requestFields = {
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
  timeout: durationField(TIMEOUT_DURATION, 'Per-request timeout for this request.').optional(),
  maxRedirects: maxRedirectsField(
    'Redirects this request follows (0 disables). Default: the profile-level maxRedirects.',
    'scenario',
  ).optional(),
  expect: expectSchema.optional(),
};

/** The keys of `requestFields`: what a journey leaves to its steps. */
export const REQUEST_KEYS = Object.keys(requestFields) as (keyof typeof requestFields)[];

const EXTRACT_FORM = 'an extract spec like json.$.id, header.location or regex.id=(\\d+)';

/**
 * `extract: { NAME: 'json.$.a.b' | 'header.x' | 'regex.<pattern>' }` on a journey step or a
 * setup request: each name must be usable as `${vars.NAME}` / `${setup.NAME}`; each spec is
 * read by `parseExtractSpec` (extract-spec.ts), which also says what is wrong with it.
 */
export const extractField = z
  .record(
    z.string().meta({ pattern: EXTRACT_NAME_RE.source }),
    z.string({ error: expecting(EXTRACT_FORM) }),
    {
      error: expecting('a mapping of names to extract specs (json.…, header.… or regex.…)'),
    },
  )
  .superRefine((specs, ctx) => {
    for (const [name, written] of Object.entries(specs)) {
      if (!EXTRACT_NAME_RE.test(name)) {
        const message = `expected a name of letters, digits and _ not starting with a digit, got ${describeValue(name)}`;
        ctx.addIssue({ code: 'custom', path: [name], message });
        continue;
      }
      const parsed = parseExtractSpec(name, written);
      if ('message' in parsed)
        ctx.addIssue({ code: 'custom', path: [name], message: parsed.message });
    }
  })
  .meta({
    description:
      'Values taken from the response for later requests, name → where: json.$.path (keys and [index]), header.<name>, or regex.<pattern> (first group, else the whole match). A missing value fails the request as extract_failed.',
    examples: [
      { cartId: 'json.$.cart.id', location: 'header.location', csrf: 'regex.csrf=(\\w+)' },
    ],
  });

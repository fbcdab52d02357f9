/**
 * Building blocks of the raw-profile schema. Each field validates in one place (a refinement that
 * calls the shared checks in `value-checks.ts`) so a bad value gets exactly one message, and
 * carries JSON Schema metadata (`description`, `pattern`, bounds) for editors.
 */
import { z } from 'zod';
import { describeValue, expectedMessage } from './issue-text.js';
import { DURATION_PATTERN, RATE_PATTERN } from './units.js';
import { describeUnknownKeys } from './unknown-keys.js';
import {
  type Checked,
  checkCount,
  checkDuration,
  checkRate,
  DURATION_FORM,
  type DurationRange,
  LIMITS,
  RATE_FORM,
} from './value-checks.js';

type RawIssue = z.core.$ZodRawIssue;

/** Error map for a schema whose own type check failed: `expected <what>, got <value>`. */
export function expecting(what: string): (issue: RawIssue) => string {
  return (issue) => expectedMessage(what, issue.input);
}

/** A mapping (not null, not a list): what YAML and JSON objects become. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a shared check into a refinement that reports its message at the field itself. */
export function refineWith<T>(check: (value: T) => Checked<unknown>) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    const result = check(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, input: value });
  };
}

/**
 * A list that must hold at least one item: an empty one is `expected at least one <what>, got an
 * empty list` (say `minItems: 1` in the caller's `.meta`, which replaces earlier metadata).
 * @param what one item, as the message names it (`scenario`, `step`).
 * @param form what a wrong type is told to be (`a list of scenarios`).
 */
export function nonEmptyList<Item extends z.ZodType>(item: Item, what: string, form: string) {
  return z
    .array(item, { error: expecting(form) })
    .superRefine(
      refineWith((list: unknown[]) =>
        list.length === 0
          ? { ok: false, message: `expected at least one ${what}, got an empty list` }
          : { ok: true, value: list },
      ),
    );
}

/**
 * A strict object: unknown keys are errors naming the allowed keys (minus `hiddenKeys`, which
 * exist only to steer a discriminated union), so typos never pass silently.
 */
export function strictSection<Shape extends z.core.$ZodLooseShape>(
  shape: Shape,
  what: string,
  options: { hints?: Record<string, string>; hiddenKeys?: readonly string[] } = {},
) {
  const allowed = Object.keys(shape).filter((key) => !options.hiddenKeys?.includes(key));
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? describeUnknownKeys(issue.keys, allowed, options.hints)
        : expectedMessage(what, issue.input),
  });
}

/** A non-empty string (surrounding whitespace does not count). */
export function textField(what: string, description: string) {
  return z
    .string({ error: expecting(what) })
    .superRefine(
      refineWith((value: string) =>
        value.trim() === ''
          ? { ok: false, message: `expected ${what}, got an empty string` }
          : { ok: true, value },
      ),
    )
    .meta({ description, minLength: 1 });
}

/** Why a duration needs a unit, for editors: the one rule of `parseDurationMs`. */
export const DURATION_UNIT_NOTE =
  'Write a unit (500ms, 30s, 1m30s): a bare number is refused because k6 reads it as milliseconds; only 0 may be bare.';

/**
 * `500ms`, `30s`, `1m30s`, or 0; bounds from `range`. Other numbers are accepted by the type
 * check only so that the refinement can answer `add a unit: "30s"` instead of a type error.
 */
export function durationField(range: DurationRange, description: string, defaultText?: string) {
  return z
    .union([z.string().meta({ pattern: DURATION_PATTERN }), z.number().meta({ const: 0 })], {
      error: expecting(DURATION_FORM),
    })
    .superRefine(refineWith((value: string | number) => checkDuration(value, range)))
    .meta({
      description: `${description} ${DURATION_UNIT_NOTE}`,
      examples: ['500ms', '30s', '1m30s'],
      ...(defaultText === undefined ? {} : { default: defaultText }),
    });
}

/** `100`, `100/s`, `6000/m`, `3600/h`, or a number per second. */
export function rateField(allowZero: boolean, description: string) {
  return z
    .union(
      [
        z.string().meta({ pattern: RATE_PATTERN }),
        z.number().meta({ minimum: 0, maximum: LIMITS.maxRatePerSec }),
      ],
      { error: expecting(RATE_FORM) },
    )
    .superRefine(refineWith((value: string | number) => checkRate(value, allowZero)))
    .meta({ description, examples: [100, '100/s', '6000/m'] });
}

/** A whole number in `[min, max]`; `what` is the plural unit (`virtual users`). */
export function countField(what: string, min: number, max: number, description: string) {
  return z
    .number({ error: expecting(`a whole number of ${what}`) })
    .superRefine(refineWith((value: number) => checkCount(value, what, min, max)))
    .meta({ description, type: 'integer', minimum: min, maximum: max });
}

/** A finite number greater than 0 (scenario weights). */
export function positiveNumberField(description: string, defaultValue: number) {
  const what = 'a number greater than 0';
  return z
    .number({ error: expecting(what) })
    .superRefine(
      refineWith((value: number) =>
        Number.isFinite(value) && value > 0
          ? { ok: true, value }
          : { ok: false, message: `expected ${what}, got ${describeValue(value)}` },
      ),
    )
    .meta({ description, exclusiveMinimum: 0, default: defaultValue });
}

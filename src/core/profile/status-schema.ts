/** Raw schema of `expect` and the expansion of status specs (`200`, `"2xx"`, lists) to codes. */
import { z } from 'zod';
import { describeValue } from '../input/issue-text.js';
import { expecting, refineWith, strictSection, textField } from '../input/schema-fields.js';
import type { Checked } from '../input/value-checks.js';

const STATUS_FORM = 'a status code from 100 to 599 or a class like "2xx"';
const CLASS_RE = /^([1-5])xx$/i;
const CODE_RE = /^\d{3}$/;

/** `status` as written: a code, a class (`"2xx"`) or a list of them. */
export type RawStatusSpec = number | string | Array<number | string>;

/** Codes a single item stands for: `404` → [404], `"2xx"` → 200..299; `undefined` if invalid. */
export function expandStatusItem(item: number | string): number[] | undefined {
  const text = String(item).trim();
  const classMatch = CLASS_RE.exec(text);
  if (typeof item === 'string' && classMatch !== null) {
    const first = Number(classMatch[1]) * 100;
    return Array.from({ length: 100 }, (_, offset) => first + offset);
  }
  const code = Number(text);
  return CODE_RE.test(text) && code >= 100 && code <= 599 ? [code] : undefined;
}

/** Sorted, de-duplicated codes of a whole spec (validated beforehand by the schema). */
export function expandStatusSpec(spec: RawStatusSpec): number[] {
  const items = Array.isArray(spec) ? spec : [spec];
  const codes = new Set(items.flatMap((item) => expandStatusItem(item) ?? []));
  return [...codes].sort((a, b) => a - b);
}

function checkStatusItem(item: number | string): Checked<number[]> {
  const codes = expandStatusItem(item);
  return codes === undefined
    ? { ok: false, message: `expected ${STATUS_FORM}, got ${describeValue(item)}` }
    : { ok: true, value: codes };
}

const statusItemSchema = z
  .union(
    [
      z.number().meta({ minimum: 100, maximum: 599 }),
      z.string().meta({ pattern: '^[1-5][xX][xX]$|^[1-5]\\d\\d$' }),
    ],
    {
      error: expecting(STATUS_FORM),
    },
  )
  .superRefine(refineWith(checkStatusItem));

const statusListSchema = z
  .array(statusItemSchema)
  .superRefine(
    refineWith((list: unknown[]) =>
      list.length === 0
        ? { ok: false, message: `expected at least one status, got ${describeValue(list)}` }
        : { ok: true, value: list },
    ),
  );

/** Raw `expect`: accepted status codes and a body substring. */
export const expectSchema = strictSection(
  {
    status: z
      .union([statusItemSchema, statusListSchema], {
        error: expecting(`${STATUS_FORM}, or a list of them`),
      })
      .meta({
        description: 'Accepted status codes; default 200..399. A 4xx match counts as blocked.',
        examples: [200, [200, 201], '2xx', ['2xx', 404]],
      })
      .optional(),
    body: textField(
      'text the body must contain',
      'Substring the response body must contain.',
    ).optional(),
  },
  'a mapping with status and/or body',
).meta({ description: 'What counts as a correct answer.' });

/**
 * The editor schema (`schema/loadgate-profile.schema.json`), generated from `rawProfileSchema`
 * and, for `thresholds` and `regressions`, from the rule parsers' own descriptions of what they
 * read (metric registry, accepted keys, k6 grammar), so validation and editor help cannot
 * drift apart.
 */
import { z } from 'zod';
import { regressionsJsonSchema } from '../rules/parse-regressions.js';
import { thresholdsJsonSchema } from '../rules/parse-thresholds.js';
import { rawProfileSchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of the raw profile. The only zod type without a JSON Schema
 * equivalent is the `executor` that presets must leave out; it becomes "never allowed". The
 * rules sections are `unknown` to zod (the rule parsers read them, with their own messages);
 * their schemas come from those parsers.
 */
export function buildProfileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(rawProfileSchema, {
    target: 'draft-2020-12',
    unrepresentable: ({ zodSchema }) =>
      zodSchema._zod.def.type === 'undefined' ? { not: {} } : 'throw',
  });
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const thresholds = thresholdsJsonSchema();
  const regressions = regressionsJsonSchema();
  properties.thresholds = { ...properties.thresholds, ...thresholds.schema };
  properties.regressions = { ...properties.regressions, ...regressions.schema };
  return { ...schema, $defs: { ...schema.$defs, ...thresholds.defs, ...regressions.defs } };
}

/** The file's exact text: 2-space indented with a trailing newline, stable across runs. */
export function renderProfileJsonSchema(): string {
  return `${JSON.stringify(buildProfileJsonSchema(), null, 2)}\n`;
}

/**
 * The editor schema (`schema/loadgate-profile.schema.json`), generated from `rawProfileSchema`
 * so validation and editor help cannot drift apart.
 */
import { z } from 'zod';
import { rawProfileSchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of the raw profile. The only zod type without a JSON Schema
 * equivalent is the `executor` that presets must leave out; it becomes "never allowed".
 */
export function buildProfileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(rawProfileSchema, {
    target: 'draft-2020-12',
    unrepresentable: ({ zodSchema }) =>
      zodSchema._zod.def.type === 'undefined' ? { not: {} } : 'throw',
  });
}

/** The file's exact text: 2-space indented with a trailing newline, stable across runs. */
export function renderProfileJsonSchema(): string {
  return `${JSON.stringify(buildProfileJsonSchema(), null, 2)}\n`;
}

/**
 * `npm run schema`: regenerates schema/loadgate-profile.schema.json from the profile schema.
 * A test fails when the committed file is stale, so run this after changing the schema.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderProfileJsonSchema } from '../src/core/profile/json-schema.js';

const outputPath = fileURLToPath(
  new URL('../schema/loadgate-profile.schema.json', import.meta.url),
);
writeFileSync(outputPath, renderProfileJsonSchema());
console.log(`wrote ${outputPath}`);

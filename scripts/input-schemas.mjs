#!/usr/bin/env node
// Writes the JSON Schemas of the files people edit (JSON Schema draft-07, which editors' YAML
// language servers read) from the same zod schemas pullcheck validates them with
// (src/rubric/schema.ts, src/config/schema.ts, src/questionnaire/answers.ts), so an editor and pullcheck accept the same keys,
// types and value sets. Rules a JSON Schema cannot say (thresholds in order, unique ids, metric
// parameters) stay in pullcheck, reported with file:line. Run after `npm run build`:
// `npm run docs:metrics` writes them with the docs; test/inputs/schemas.test.ts fails when a
// committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { zod } = await import(`${root}dist/inputs/zod.js`);
const { rubricSchema } = await import(`${root}dist/rubric/schema.js`);
const { configSchema } = await import(`${root}dist/config/schema.js`);
const { answersSchema } = await import(`${root}dist/questionnaire/answers.js`);
const { METRICS } = await import(`${root}dist/metrics/index.js`);

/** The JSON Schema text of a zod schema: what a file may hold as written (io: input). */
function jsonSchema(schema, title) {
  const json = zod().toJSONSchema(schema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify({ ...json, title }, null, 2)}\n`;
}

/** File name under schemas/ → its text. */
export function inputSchemas() {
  return {
    'rubric.schema.json': jsonSchema(rubricSchema(METRICS), 'pullcheck rubric'),
    'config.schema.json': jsonSchema(configSchema(), 'pullcheck.config.yaml'),
    'answers.schema.json': jsonSchema(answersSchema(), 'pullcheck survey answers'),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(inputSchemas())) {
    writeFileSync(`${root}schemas/${name}`, text);
    process.stderr.write(`wrote schemas/${name}\n`);
  }
}

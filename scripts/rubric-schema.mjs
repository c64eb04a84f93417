#!/usr/bin/env node
// Writes schemas/rubric.schema.json (JSON Schema draft-07, which editors' YAML language servers
// read): the shape of a rubric, built with zod from the validator's own field lists and value
// sets (src/rubric/validate.ts, types.ts, gate.ts, motions.ts), so the editor and
// `pullcheck rubric validate` accept the same keys. The validator still checks what a schema
// cannot say (thresholds in order, ids unique, choices banded, metric parameters); its messages
// carry file:line. Run after `npm run build`: `npm run docs:metrics` writes it with the docs;
// test/rubric/schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('..', import.meta.url));
const v = await import(`${root}dist/rubric/validate.js`);
const t = await import(`${root}dist/rubric/types.js`);
const { GATE_KEYS, LIMITS } = await import(`${root}dist/rubric/gate.js`);
const { MOTION_NAMES } = await import(`${root}dist/core/motions.js`);
const { METRICS } = await import(`${root}dist/metrics/index.js`);

/** A strict object from a field list: every field described, the required ones required, no others. */
function object(fields, shape, description) {
  for (const key of [...fields.required, ...fields.optional]) if (!(key in shape)) throw new Error(`no schema for field ${key}`);
  const entries = Object.entries(shape).map(([key, schema]) => [key, fields.required.includes(key) ? schema : schema.optional()]);
  return z.strictObject(Object.fromEntries(entries)).describe(description);
}

const kebab = z.string().regex(v.KEBAB).describe('kebab-case id');
const text = z.string().min(1);
const weight = z.number().min(0).describe('0 = shown, not scored');
const motion = z.string().regex(new RegExp(`^(${MOTION_NAMES.join('|')})(\\|(${MOTION_NAMES.join('|')}))*$`)).describe(`a motion, or alternatives joined by |: ${MOTION_NAMES.join(', ')}`);
const limits = Object.fromEntries(Object.entries(LIMITS).map(([key, l]) => [key, z.number().min(l.min).max(l.max).describe(l.what)]));
const gate = z.union([
  z.enum(t.GATE_LEVELS),
  object({ required: [], optional: GATE_KEYS }, { level: z.enum(t.GATE_LEVELS), ...limits }, 'the CI gate of this check (docs/ci.md)'),
]);
const choice = object(v.CHOICE_FIELDS, { label: text, value: z.number() }, 'an answer and its value in the check\'s unit');
const question = object(
  v.QUESTION_FIELDS,
  { text, help: text, kind: z.enum(t.QUESTION_KINDS), default: z.number(), choices: z.array(choice).min(2), unit: text, finding: text },
  'what `pullcheck survey` asks for this check (docs/survey.md)',
);
const threshold = object(v.THRESHOLD_FIELDS, { better: z.enum(t.BETTER_VALUES), pass: z.number(), fail: z.number() }, 'pass = the good boundary, fail = the bad one');
const check = object(
  v.CHECK_FIELDS,
  {
    id: kebab,
    metric: z.enum(METRICS.map((m) => m.id)).describe('a metric of pullcheck (docs/metrics.md)'),
    weight,
    threshold,
    basis: z.enum(t.BASIS_VALUES),
    title: text.describe('the good state'),
    failureTitle: text.describe('the bad state'),
    recommendation: text,
    params: z.record(z.string(), z.unknown()).describe("the metric's parameters to override (docs/metrics.md)"),
    source: text.describe('required when basis is sourced or anchored'),
    description: text,
    format: z.enum(t.FORMAT_VALUES),
    question,
    gate,
    presumes: z.array(motion),
  },
  'a check: a metric, its thresholds and what to do',
);
const category = object(
  v.CATEGORY_FIELDS,
  { id: kebab, title: text, weight, checks: z.array(check).min(1), item: text.describe(`a checklist item (${t.CHECKLIST_ITEMS.join(', ')}) or any label`), description: text },
  'a category of checks',
);
const rubric = object(
  v.RUBRIC_FIELDS,
  {
    id: kebab,
    name: text,
    version: z.number().int().min(1),
    categories: z.array(category).min(1),
    description: text,
    verdicts: object(v.VERDICT_FIELDS, { productDriven: z.number().min(0).max(100), salesDriven: z.number().min(0).max(100) }, 'score bands of the verdict'),
    coverageFloor: z.number().min(0).max(1).describe("below this share of the rubric's weight with data, no single score"),
  },
  'A pullcheck rubric (docs/rubric.md)',
);

export function rubricSchema() {
  const schema = z.toJSONSchema(rubric, { target: 'draft-7' });
  return `${JSON.stringify({ ...schema, title: 'pullcheck rubric' }, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${root}schemas/rubric.schema.json`, rubricSchema());
  process.stderr.write('wrote schemas/rubric.schema.json\n');
}

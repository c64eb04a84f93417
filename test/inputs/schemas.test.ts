/**
 * The JSON Schemas for editors (schemas/*.schema.json, issue 16): generated from the loaders'
 * zod schemas and up to date, accepting every rubric pullcheck writes, and flagging what
 * `pullcheck rubric validate` flags about keys, types and value sets, as an editor's YAML
 * language server would (ajv, draft-07).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS } from '../../src/metrics/index.js';
import { parseConfig } from '../../src/config/load.js';
import { serializeAnswers, validateAnswers } from '../../src/questionnaire/answers.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { initRubric } from '../../src/rubric/init.js';
import { PROFILE_IDS } from '../../src/rubric/profiles.js';
import { parseRubric, validateRubric } from '../../src/rubric/load.js';

const schema = JSON.parse(readFileSync('schemas/rubric.schema.json', 'utf8'));
const check = new Ajv({ allErrors: true, strict: false }).compile(schema);
const defaultText = readFileSync('rubrics/default.yaml', 'utf8');

describe('schemas/rubric.schema.json', () => {
  it('is up to date with the loader\'s zod schemas (npm run docs:metrics)', async () => {
    // @ts-expect-error: a plain JS script without types
    const { inputSchemas } = await import('../../scripts/input-schemas.mjs');
    for (const [name, text] of Object.entries(inputSchemas() as Record<string, string>)) expect(text, name).toBe(readFileSync(`schemas/${name}`, 'utf8'));
  });

  it('accepts the default rubric and every profile rubric init writes', () => {
    expect(check(parse(defaultText)), JSON.stringify(check.errors)).toBe(true);
    for (const profile of PROFILE_IDS) expect(check(parse(initRubric(defaultText, profile, METRICS).text)), profile).toBe(true);
  });

  const mutations: Array<[string, string, string]> = [
    ['an unknown key in a check', 'recommendation:', 'recomendation:'],
    ['an unknown top-level key', 'coverageFloor: 0.5', 'coverageFlor: 0.5'],
    ['an unknown key in a threshold', 'threshold: { better: lower, pass: 0.6, fail: 0.8 }', 'threshold: { better: lower, good: 0.6, fail: 0.8 }'],
    ['a basis outside its set', 'basis: anchored', 'basis: guessed'],
    ['a metric pullcheck does not have', 'metric: unused-feature-share', 'metric: unused-feature-shares'],
    ['a weight that is text', 'weight: 2', 'weight: two'],
    ['a question kind outside its set', 'kind: choice', 'kind: slider'],
  ];
  it.each(mutations)('flags %s, as rubric validate does', (_what, from, to) => {
    expect(defaultText).toContain(from);
    const text = defaultText.replace(from, to);
    expect(check(parse(text))).toBe(false);
    expect(validateRubric(text, 'r.yaml', METRICS).issues.length).toBeGreaterThan(0);
  });
});

describe('schemas/config.schema.json', () => {
  const configSchema = JSON.parse(readFileSync('schemas/config.schema.json', 'utf8'));
  const checkConfig = new Ajv({ allErrors: true, strict: false }).compile(configSchema);
  const configs = [
    'fixtures/vendors/custom-config/pullcheck.config.yaml',
    'fixtures/sanity/config-column/pullcheck.config.yaml',
    'fixtures/billing/ravenstack-usage/pullcheck.config.yaml',
    'fixtures/derive/features/pullcheck.config.yaml',
    'fixtures/derive/staff/pullcheck.config.yaml',
  ];

  it('accepts the config files of the fixtures, as pullcheck does', () => {
    for (const file of configs) {
      const text = readFileSync(file, 'utf8');
      expect(checkConfig(parse(text) ?? {}), `${file}: ${JSON.stringify(checkConfig.errors)}`).toBe(true);
      expect(parseConfig(text, file).issues, file).toEqual([]);
    }
  });

  it.each([
    ['an unknown top-level key', 'salesSource: [Outbound]\n'],
    ['an unknown file setting', 'files:\n  "a.csv": { tabel: deals }\n'],
    ['a table pullcheck does not have', 'files:\n  "a.csv": { table: deal }\n'],
    ['a motion that is not true/false', 'motions: { trial: "no" }\n'],
    ['an unknown motion', 'motions: { freetier: false }\n'],
  ])('flags %s, as pullcheck does', (_what, text) => {
    expect(checkConfig(parse(text))).toBe(false);
    expect(parseConfig(text, 'c.yaml').issues.length).toBeGreaterThan(0);
  });
});

describe('schemas/answers.schema.json', () => {
  const checkAnswers = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('schemas/answers.schema.json', 'utf8')));
  const rubric = parseRubric(defaultText, 'rubrics/default.yaml', METRICS);

  it('accepts an answers file pullcheck writes', () => {
    const values = new Map<string, number | null>(surveyItems(rubric).map((item, i) => [item.check.id, i % 3 === 0 ? null : item.check.question.default]));
    const text = serializeAnswers({ date: '2026-06-30', rubric: 'default', values }, rubric);
    expect(checkAnswers(parse(text)), JSON.stringify(checkAnswers.errors)).toBe(true);
    expect(validateAnswers(text, 'a.yaml', rubric).issues).toEqual([]);
  });

  it.each([
    ['an unknown top-level key', 'version: 1\ndate: 2026-06-30\nanwsers: {}\n'],
    ['a percentage written as text', 'version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 40%\n'],
    ['another format version', 'version: 2\ndate: 2026-06-30\nanswers: {}\n'],
  ])('flags %s, as pullcheck does', (_what, text) => {
    expect(checkAnswers(parse(text))).toBe(false);
    expect(validateAnswers(text, 'a.yaml', rubric).issues.length).toBeGreaterThan(0);
  });
});

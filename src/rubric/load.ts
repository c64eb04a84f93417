/**
 * Load a rubric file: read → parse → validate with the rubric schema (schema.ts), all through
 * src/inputs/read-input.ts → Rubric, or an InputError listing every issue as
 * `file:line: path: message`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { invalidInput, parseInput, readInputFile, sortedIssues, validateInput, type InputIssue, type InputKind, type ParsedInput } from '../inputs/read-input.js';
import { FIELD_SYNONYMS, rubricSchema, type RubricData } from './schema.js';
import { DEFAULT_COVERAGE_FLOOR, DEFAULT_VERDICTS, type Rubric, type RubricCategory, type RubricCheck, type RubricMetricInfo, type RubricQuestion } from './types.js';

export const RUBRIC_INPUT: InputKind = {
  noun: 'rubric',
  code: 'RUBRIC',
  hints: {
    unreadable: 'Check the --rubric path and the file, or leave --rubric out to use the default rubric.',
    invalid: 'The rubric format is described in docs/rubric.md; rubrics/default.yaml is a working example to copy.',
  },
};

export interface RubricValidation {
  /** The normalised rubric, or null when there is any issue. */
  rubric: Rubric | null;
  /** All issues found, ordered by line. */
  issues: InputIssue[];
}

export function rubricHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** Validate rubric text. Never throws on user mistakes: returns the rubric or every issue. */
export function validateRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): RubricValidation {
  const parsed = parseInput(text, RUBRIC_INPUT);
  if (!parsed.fatal && (parsed.data === null || parsed.data === '')) {
    parsed.addAt('EMPTY_RUBRIC', [], 'the rubric is empty; start from rubrics/default.yaml');
    return { rubric: null, issues: sortedIssues(parsed.issues) };
  }
  const data = validateInput(parsed, rubricSchema(metrics, (path) => parsed.lineOf(path)), { synonyms: FIELD_SYNONYMS });
  const rubric = data === null || parsed.issues.length > 0 ? null : toRubric(data, parsed, metrics, file, text);
  return { rubric, issues: sortedIssues(parsed.issues) };
}

/** Parse and validate rubric text. Throws InputError (RUBRIC_INVALID) listing all issues. */
export function parseRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric {
  const { rubric, issues } = validateRubric(text, file, metrics);
  if (rubric === null || issues.length > 0) throw invalidInput(file, RUBRIC_INPUT, issues);
  return rubric;
}

/** Read, parse and validate a rubric file. Throws InputError (RUBRIC_UNREADABLE or RUBRIC_INVALID). */
export function loadRubric(file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric {
  const text = readInputFile(file, RUBRIC_INPUT);
  return prebuiltRubric(text, file, metrics) ?? parseRubric(text, file, metrics);
}

/** The rubric as pullcheck uses it: defaults filled in, params merged, each part's line. */
function toRubric(data: RubricData, parsed: ParsedInput, metrics: ReadonlyArray<RubricMetricInfo>, file: string, text: string): Rubric {
  const categories = data.categories.map((c, i): RubricCategory => {
    const at = ['categories', i];
    const checks = c.checks.map((k, j): RubricCheck => {
      const path = [...at, 'checks', j];
      const overrides = { ...(k.params ?? {}) };
      const check: RubricCheck = {
        id: k.id,
        category: c.id,
        metric: k.metric,
        paramOverrides: overrides,
        params: { ...metrics.find((m) => m.id === k.metric)!.defaultParams, ...overrides },
        weight: k.weight,
        threshold: k.threshold,
        basis: k.basis,
        title: k.title,
        failureTitle: k.failureTitle,
        recommendation: k.recommendation,
        line: parsed.lineOf(path),
      };
      if (k.source !== undefined) check.source = k.source;
      if (k.description !== undefined) check.description = k.description;
      if (k.format) check.format = k.format;
      if (k.question) {
        const q = k.question;
        const question: RubricQuestion = { text: q.text, help: q.help, kind: q.kind, choices: q.choices ?? [], default: q.default, line: parsed.lineOf([...path, 'question'], { value: true }) };
        if (q.unit !== undefined) question.unit = q.unit;
        if (q.finding !== undefined) question.finding = q.finding;
        check.question = question;
      }
      if (k.gate) check.gate = k.gate;
      if (k.presumes && k.presumes.length) check.presumes = k.presumes;
      return check;
    });
    const category: RubricCategory = { id: c.id, title: c.title, weight: c.weight, checks, line: parsed.lineOf(at) };
    if (c.item !== undefined) category.item = c.item;
    if (c.description !== undefined) category.description = c.description;
    return category;
  });
  const rubric: Rubric = {
    id: data.id,
    name: data.name,
    version: data.version,
    verdicts: data.verdicts ?? { ...DEFAULT_VERDICTS },
    coverageFloor: data.coverageFloor ?? DEFAULT_COVERAGE_FLOOR,
    categories,
    file,
    hash: rubricHash(text),
  };
  if (data.description !== undefined) rubric.description = data.description;
  return rubric;
}

/**
 * The default rubric is validated at build time (`scripts/prebuild-rubric.mjs` writes
 * dist/rubric/default-rubric.json), so no run parses it or loads the yaml library at start-up
 * (docs/performance.md). The stored result is used only for the same text, file
 * name, metrics and validation code, so an edited rubric, or code rebuilt without the prebuild,
 * is validated as usual.
 */
const PREBUILT = new URL('./default-rubric.json', import.meta.url);

/** What a stored validation result depends on. */
export function prebuiltKey(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): string {
  const hash = createHash('sha256').update(JSON.stringify([text, file, metrics.map((m) => [m.id, m.defaultParams])]));
  for (const code of ['./load.js', './schema.js', './types.js', '../inputs/read-input.js', '../inputs/hints.js']) {
    try {
      hash.update(readFileSync(new URL(code, import.meta.url)));
    } catch {
      // Running from the TypeScript sources: there is no built file and no prebuilt rubric.
    }
  }
  return hash.digest('hex');
}

function prebuiltRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): Rubric | null {
  let stored: { key?: unknown; rubric?: Rubric };
  try {
    stored = JSON.parse(readFileSync(PREBUILT, 'utf8')) as { key?: unknown; rubric?: Rubric };
  } catch {
    return null;
  }
  return stored.key === prebuiltKey(text, file, metrics) && stored.rubric !== undefined ? stored.rubric : null;
}

/** Absolute path of the bundled rubrics/default.yaml (works from src/ and from dist/). */
export function defaultRubricPath(): string {
  return fileURLToPath(new URL('../../rubrics/default.yaml', import.meta.url));
}

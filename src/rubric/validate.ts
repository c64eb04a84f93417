/**
 * Rubric validation: YAML (with line numbers) → schema → normalise → cross-field rules.
 * Never throws on user mistakes: every problem becomes a RubricIssue with a path and a line,
 * and all of them are collected. load.ts turns a non-empty issue list into a RubricError.
 */
import { createHash } from 'node:crypto';
import { isAlias, isMap, isScalar, isSeq, newLineCounter, parseDocument, type Document, type Node, type YAMLMap } from '../core/yaml.js';
import {
  BASIS_VALUES,
  BETTER_VALUES,
  DEFAULT_VERDICTS,
  DEFAULT_COVERAGE_FLOOR,
  FORMAT_VALUES,
  QUESTION_KINDS,
  type Better,
  type CheckFormat,
  type QuestionChoice,
  type QuestionKind,
  type Rubric,
  type RubricCategory,
  type RubricCheck,
  type RubricIssue,
  type RubricIssueCode,
  type RubricMetricInfo,
  type RubricQuestion,
  type Threshold,
  type ThresholdBasis,
  type Verdicts,
} from './types.js';
import { parseCheckGate } from './gate.js';
import { MOTION_NAMES, type Motion, type Presumes } from '../core/motions.js';
import type { CheckGate } from './types.js';

export interface RubricValidation {
  /** The normalised rubric, or null when there is any issue. */
  rubric: Rubric | null;
  /** All issues found, ordered by line. */
  issues: RubricIssue[];
}

export const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

// The fields of each mapping of a rubric: what this validator accepts, and what the JSON Schema
// for editors (schemas/rubric.schema.json, scripts/rubric-schema.mjs) is built from.

export const RUBRIC_FIELDS = { required: ['id', 'name', 'version', 'categories'], optional: ['description', 'verdicts', 'coverageFloor'] };
export const VERDICT_FIELDS = { required: ['productDriven', 'salesDriven'], optional: [] };
export const CATEGORY_FIELDS = { required: ['id', 'title', 'weight', 'checks'], optional: ['item', 'description'] };
export const CHECK_FIELDS = {
  required: ['id', 'metric', 'weight', 'threshold', 'basis', 'title', 'failureTitle', 'recommendation'],
  optional: ['params', 'source', 'description', 'format', 'question', 'gate', 'presumes'],
};
export const QUESTION_FIELDS = { required: ['text', 'help', 'kind', 'default'], optional: ['choices', 'unit', 'finding'] };
export const CHOICE_FIELDS = { required: ['label', 'value'], optional: [] };
export const THRESHOLD_FIELDS = { required: ['better', 'pass', 'fail'], optional: [] };

/** Names people reach for that are not close in spelling to the field they mean. */
const FIELD_SYNONYMS: Record<string, string> = {
  remediation: 'recommendation',
  fix: 'recommendation',
  advice: 'recommendation',
  action: 'recommendation',
  parameters: 'params',
  options: 'params',
  audits: 'checks',
  metrics: 'checks',
  checklist: 'item',
  direction: 'better',
  good: 'pass',
  bad: 'fail',
  thresholds: 'threshold',
};

export function rubricHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

export function validateRubric(text: string, file: string, metrics: ReadonlyArray<RubricMetricInfo>): RubricValidation {
  return new Validator(text, file, metrics).run();
}

// ---------------------------------------------------------------------------------------------

interface Field {
  key: string;
  /** The value node (aliases resolved); null when the value is empty (`key:`). */
  node: Node | null;
  /** Line of the key. */
  line: number | null;
}

type Fields = Map<string, Field>;

class Validator {
  private readonly issues: RubricIssue[] = [];
  private readonly lc = newLineCounter();
  /** First occurrence of each id, for DUPLICATE_ID (collected even when the entry has other issues). */
  private readonly seenIds = { category: new Map<string, string>(), check: new Map<string, string>() };
  private doc!: Document.Parsed;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly metrics: ReadonlyArray<RubricMetricInfo>,
  ) {}

  run(): RubricValidation {
    const rubric = this.parse();
    const issues = sortIssues(this.issues);
    return { rubric: issues.length === 0 ? rubric : null, issues };
  }

  private add(code: RubricIssueCode, path: string, line: number | null, message: string): void {
    if (this.issues.some((i) => i.code === code && i.path === path && i.line === line && i.message === message)) return;
    this.issues.push({ code, path, line, message });
  }

  private lineAt(offset: number): number | null {
    const { line } = this.lc.linePos(offset);
    return line > 0 ? line : 1;
  }

  private lineOf(node: Node | null | undefined): number | null {
    const start = node?.range?.[0];
    return start === undefined ? null : this.lineAt(start);
  }

  // --- YAML --------------------------------------------------------------------------------

  private parse(): Rubric | null {
    const text = this.text.charCodeAt(0) === 0xfeff ? this.text.slice(1) : this.text;
    this.doc = parseDocument(text, { lineCounter: this.lc, prettyErrors: false, uniqueKeys: true });
    let fatal = false;
    for (const error of this.doc.errors) {
      let line = error.linePos?.[0]?.line ?? this.lineAt(error.pos[0]);
      let message = firstLine(error.message);
      const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
      if (error.code === 'MISSING_CHAR' && quote) {
        // The parser reports the end of the file; the opening quote is where the mistake is.
        const open = text.lastIndexOf(quote, error.pos[0] - 1);
        if (open >= 0) {
          line = this.lineAt(open);
          message = `missing closing ${quote} quote for the value that starts here`;
        }
      }
      if (error.code === 'DUPLICATE_KEY') {
        const key = /^[\s-]*["']?([^"':#]+?)["']?\s*:/.exec(lineText(text, error.pos[0]))?.[1];
        this.add('DUPLICATE_KEY', '', line, `${key ? `'${key}'` : 'a key'} appears twice in the same mapping; keep one`);
      } else {
        fatal = true;
        this.add('YAML_SYNTAX', '', line, `YAML syntax error: ${message}`);
      }
    }
    // The document is unreliable after a syntax error; schema issues would only add noise.
    if (fatal) return null;

    const root = this.deref(this.doc.contents as Node | null);
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
      this.add('EMPTY_RUBRIC', '', 1, 'the rubric is empty; start from rubrics/default.yaml');
      return null;
    }
    return this.rubric(root);
  }

  private deref(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as Node | undefined;
      if (target === undefined) this.add('YAML_SYNTAX', '', this.lineOf(node), `alias *${node.source} has no anchor &${node.source} before it`);
      return target ?? null;
    }
    return node;
  }

  /** Reads a mapping: reports WRONG_TYPE, UNKNOWN_FIELD and MISSING_FIELD; returns its fields or null. */
  private fields(
    node: Node,
    path: string,
    spec: { required: string[]; optional: string[] },
    what: string,
  ): Fields | null {
    if (!isMap(node)) {
      this.add('WRONG_TYPE', path, this.lineOf(node), `${what} must be a mapping (key: value lines), got ${describe(node)}`);
      return null;
    }
    const known = [...spec.required, ...spec.optional];
    const out: Fields = new Map();
    const misspelt = new Set<string>();
    for (const pair of (node as YAMLMap<unknown, unknown>).items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      const line = this.lineOf(keyNode);
      if (typeof key !== 'string') {
        this.add('WRONG_TYPE', path, line, `keys must be plain names, got ${describe(keyNode)}`);
        continue;
      }
      const fieldPath = join(path, key);
      if (!known.includes(key)) {
        const guess = FIELD_SYNONYMS[key] ?? nearest(key, known);
        if (guess) misspelt.add(guess);
        this.add(
          'UNKNOWN_FIELD',
          fieldPath,
          line,
          guess && known.includes(guess)
            ? `unknown field '${key}'; did you mean '${guess}'?`
            : `unknown field '${key}'; allowed: ${known.join(', ')}`,
        );
        continue;
      }
      out.set(key, { key, node: this.emptyToNull(this.deref(pair.value as Node | null)), line });
    }
    const mapLine = this.lineOf(node);
    for (const key of spec.required) {
      const field = out.get(key);
      if (!field) {
        // `threshhold:` was already reported as "did you mean 'threshold'?"; one issue per mistake.
        if (!misspelt.has(key)) this.add('MISSING_FIELD', join(path, key), mapLine, `missing required field '${key}'`);
      }
      else if (field.node === null) this.add('MISSING_FIELD', join(path, key), field.line, `'${key}' is empty`);
    }
    return out;
  }

  /** A null scalar (`key:` or `key: null`) counts as absent. */
  private emptyToNull(node: Node | null): Node | null {
    if (node && isScalar(node) && node.value === null) return null;
    return node;
  }

  // --- typed field readers -------------------------------------------------------------------

  /** Text field, trimmed. A blank optional field counts as absent; a blank required one is MISSING_FIELD. */
  private str(fields: Fields, key: string, path: string, required = true): string | undefined {
    const field = fields.get(key);
    if (!field || field.node === null) return undefined;
    const p = join(path, key);
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value !== 'string') {
      this.add('WRONG_TYPE', p, field.line, `must be text, got ${describe(field.node)}`);
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed === '') {
      if (required) this.add('MISSING_FIELD', p, field.line, `'${key}' is empty`);
      return undefined;
    }
    return trimmed;
  }

  private num(fields: Fields, key: string, path: string): number | undefined {
    const field = fields.get(key);
    if (!field || field.node === null) return undefined;
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      this.add('WRONG_TYPE', join(path, key), field.line, `must be a finite number, got ${value}`);
      return undefined;
    }
    if (typeof value !== 'number') {
      const hint = typeof value === 'string' && /^\s*-?[\d.]+\s*%\s*$/.test(value) ? '; write percentages as fractions, e.g. 0.6 for 60%' : '';
      this.add('WRONG_TYPE', join(path, key), field.line, `must be a number, got ${describe(field.node)}${hint}`);
      return undefined;
    }
    return value;
  }

  private id(fields: Fields, path: string, what: string): string | undefined {
    const id = this.str(fields, 'id', path);
    if (id !== undefined && !KEBAB.test(id)) {
      const suggestion = kebab(id);
      this.add(
        'BAD_ID',
        join(path, 'id'),
        fields.get('id')?.line ?? null,
        `${what} id '${id}' must be kebab-case (lower-case letters, digits, single hyphens)` +
          (suggestion && KEBAB.test(suggestion) ? `, e.g. '${suggestion}'` : ''),
      );
    }
    return id;
  }

  private weight(fields: Fields, path: string): number | undefined {
    const weight = this.num(fields, 'weight', path);
    if (weight !== undefined && weight < 0) {
      this.add('BAD_WEIGHT', join(path, 'weight'), fields.get('weight')?.line ?? null, `must be 0 or more (0 = shown, not scored), got ${weight}`);
      return undefined;
    }
    return weight;
  }

  private oneOf<T extends string>(fields: Fields, key: string, path: string, allowed: readonly T[], required = true): T | undefined {
    const value = this.str(fields, key, path, required);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const guess = nearest(value, allowed);
    this.add(
      'BAD_VALUE',
      join(path, key),
      fields.get(key)?.line ?? null,
      `must be one of ${allowed.join(' | ')}, got '${value}'` + (guess ? `; did you mean '${guess}'?` : ''),
    );
    return undefined;
  }

  // --- schema + normalise --------------------------------------------------------------------

  private rubric(root: Node): Rubric | null {
    const fields = this.fields(root, '', RUBRIC_FIELDS, 'the rubric');
    if (!fields) return null;

    const id = this.id(fields, '', 'rubric');
    const name = this.str(fields, 'name', '');
    const description = this.str(fields, 'description', '', false);
    const version = this.num(fields, 'version', '');
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) {
      this.add('BAD_VALUE', 'version', fields.get('version')?.line ?? null, `must be a whole number of 1 or more, got ${version}`);
    }
    const verdicts = this.verdicts(fields.get('verdicts'));
    const coverageFloor = this.coverageFloor(fields);
    const categories = this.categories(fields.get('categories'));

    if (categories) this.crossRules(categories);

    if (id === undefined || name === undefined || version === undefined || !verdicts || coverageFloor === undefined || !categories) return null;
    const rubric: Rubric = { id, name, version, verdicts, coverageFloor, categories, file: this.file, hash: rubricHash(this.text) };
    if (description !== undefined) rubric.description = description;
    return rubric;
  }

  /** A share of the rubric's weight, 0..1 (a fraction, like ratios elsewhere in the rubric). */
  private coverageFloor(fields: Fields): number | undefined {
    const field = fields.get('coverageFloor');
    if (!field || field.node === null) return DEFAULT_COVERAGE_FLOOR;
    const value = this.num(fields, 'coverageFloor', '');
    if (value === undefined) return undefined;
    if (value < 0 || value > 1) {
      const hint = value > 1 && value <= 100 ? `; write it as a fraction, e.g. ${value / 100} for ${value}%` : '';
      this.add('BAD_VALUE', 'coverageFloor', field.line, `must be a share of the rubric's weight between 0 and 1, got ${value}${hint}`);
      return undefined;
    }
    return value;
  }

  private verdicts(field: Field | undefined): Verdicts | null {
    if (!field || field.node === null) return { ...DEFAULT_VERDICTS };
    const fields = this.fields(field.node, 'verdicts', VERDICT_FIELDS, 'verdicts');
    if (!fields) return null;
    const out: Partial<Verdicts> = {};
    for (const key of ['productDriven', 'salesDriven'] as const) {
      const value = this.num(fields, key, 'verdicts');
      if (value === undefined) continue;
      if (value < 0 || value > 100) {
        this.add('BAD_VALUE', `verdicts.${key}`, fields.get(key)?.line ?? null, `must be a score between 0 and 100, got ${value}`);
        continue;
      }
      out[key] = value;
    }
    if (out.productDriven === undefined || out.salesDriven === undefined) return null;
    if (out.salesDriven > out.productDriven) {
      this.add(
        'BAD_VERDICTS',
        'verdicts.salesDriven',
        fields.get('salesDriven')?.line ?? null,
        `must not be above productDriven (${out.productDriven}); scores below salesDriven are sales-driven, at or above productDriven product-driven`,
      );
      return null;
    }
    return { productDriven: out.productDriven, salesDriven: out.salesDriven };
  }

  private categories(field: Field | undefined): RubricCategory[] | null {
    if (!field || field.node === null) return null;
    if (!isSeq(field.node)) {
      this.add('WRONG_TYPE', 'categories', field.line, `must be a list of categories (lines starting with '- '), got ${describe(field.node)}`);
      return null;
    }
    if (field.node.items.length === 0) {
      this.add('EMPTY_RUBRIC', 'categories', field.line, 'the rubric has no categories');
      return null;
    }
    const out: RubricCategory[] = [];
    let ok = true;
    field.node.items.forEach((item, i) => {
      const category = this.category(this.emptyToNull(this.deref(item as Node | null)), `categories[${i}]`, field.line);
      if (category) out.push(category);
      else ok = false;
    });
    return ok ? out : null;
  }

  private category(node: Node | null, path: string, parentLine: number | null): RubricCategory | null {
    if (node === null) {
      this.add('WRONG_TYPE', path, parentLine, 'empty list entry; expected a category');
      return null;
    }
    const fields = this.fields(node, path, CATEGORY_FIELDS, 'a category');
    if (!fields) return null;
    const id = this.id(fields, path, 'category');
    this.unique('category', id, path, fields);
    const title = this.str(fields, 'title', path);
    const item = this.str(fields, 'item', path, false);
    const description = this.str(fields, 'description', path, false);
    const weight = this.weight(fields, path);
    const checks = this.checks(fields.get('checks'), path, id ?? '');
    if (id === undefined || title === undefined || weight === undefined || checks === null) return null;
    const category: RubricCategory = { id, title, weight, checks, line: this.lineOf(node) };
    if (item !== undefined) category.item = item;
    if (description !== undefined) category.description = description;
    return category;
  }

  private checks(field: Field | undefined, categoryPath: string, categoryId: string): RubricCheck[] | null {
    if (!field || field.node === null) return null;
    const path = join(categoryPath, 'checks');
    if (!isSeq(field.node)) {
      this.add('WRONG_TYPE', path, field.line, `must be a list of checks (lines starting with '- '), got ${describe(field.node)}`);
      return null;
    }
    if (field.node.items.length === 0) {
      this.add('EMPTY_CATEGORY', path, field.line, 'the category has no checks; add one or remove the category');
      return null;
    }
    const out: RubricCheck[] = [];
    let ok = true;
    field.node.items.forEach((item, i) => {
      const check = this.check(this.emptyToNull(this.deref(item as Node | null)), `${path}[${i}]`, categoryId, field.line);
      if (check) out.push(check);
      else ok = false;
    });
    return ok ? out : null;
  }

  private check(node: Node | null, path: string, categoryId: string, parentLine: number | null): RubricCheck | null {
    if (node === null) {
      this.add('WRONG_TYPE', path, parentLine, 'empty list entry; expected a check');
      return null;
    }
    const fields = this.fields(node, path, CHECK_FIELDS, 'a check');
    if (!fields) return null;
    const before = this.issues.length;
    const line = this.lineOf(node);
    const id = this.id(fields, path, 'check');
    this.unique('check', id, path, fields);
    const metricId = this.str(fields, 'metric', path);
    const weight = this.weight(fields, path);
    const basis = this.oneOf<ThresholdBasis>(fields, 'basis', path, BASIS_VALUES);
    const source = this.str(fields, 'source', path, false);
    const title = this.str(fields, 'title', path);
    const failureTitle = this.str(fields, 'failureTitle', path);
    const description = this.str(fields, 'description', path, false);
    const recommendation = this.str(fields, 'recommendation', path);
    const format = this.oneOf<CheckFormat>(fields, 'format', path, FORMAT_VALUES, false);
    const threshold = this.threshold(fields.get('threshold'), join(path, 'threshold'), format);
    const question = this.question(fields.get('question'), join(path, 'question'), format);
    const gate = this.gate(fields.get('gate'), join(path, 'gate'));
    const presumes = this.presumes(fields.get('presumes'), join(path, 'presumes'));

    // metric must exist; params must match its defaultParams
    let metric: RubricMetricInfo | undefined;
    if (metricId !== undefined) {
      metric = this.metrics.find((m) => m.id === metricId);
      if (!metric) {
        const known = this.metrics.map((m) => m.id);
        const guess = nearest(metricId, known);
        this.add(
          'UNKNOWN_METRIC',
          join(path, 'metric'),
          fields.get('metric')?.line ?? null,
          `unknown metric '${metricId}'` +
            (guess ? `; did you mean '${guess}'?` : known.length === 0 ? '; no metrics are registered' : `; known metrics: ${known.join(', ')}`),
        );
      }
    }
    const overrides = this.params(fields.get('params'), join(path, 'params'), metric);

    // cross-field: sourced/anchored thresholds need a source
    if ((basis === 'sourced' || basis === 'anchored') && source === undefined && !this.hasBadValue(fields, 'source')) {
      this.add(
        'MISSING_SOURCE',
        join(path, 'source'),
        fields.get('source')?.line ?? fields.get('basis')?.line ?? line,
        `basis '${basis}' needs a source (where the threshold comes from); otherwise use basis: judgement`,
      );
    }

    if (
      this.issues.length > before || id === undefined || metricId === undefined || metric === undefined ||
      weight === undefined || basis === undefined || title === undefined || failureTitle === undefined ||
      recommendation === undefined || threshold === null || overrides === null
    ) {
      return null;
    }
    const check: RubricCheck = {
      id,
      category: categoryId,
      metric: metricId,
      paramOverrides: overrides,
      params: { ...metric.defaultParams, ...overrides },
      weight,
      threshold,
      basis,
      title,
      failureTitle,
      recommendation,
      line,
    };
    if (source !== undefined) check.source = source;
    if (description !== undefined) check.description = description;
    if (format !== undefined) check.format = format;
    if (question) check.question = question;
    if (gate) check.gate = gate;
    if (presumes && presumes.length) check.presumes = presumes;
    return check;
  }

  /** The motions a check presumes (src/core/motions.ts): a list of names, `a|b` for alternatives. undefined = none. */
  private presumes(field: Field | undefined, path: string): Presumes | undefined {
    if (!field || field.node === null) return undefined;
    const items = isSeq(field.node) ? field.node.items : [field.node];
    const out: Presumes = [];
    items.forEach((item, i) => {
      const node = item as Node | null;
      const value = isScalar(node) ? node.value : undefined;
      const line = this.lineOf(node) ?? field.line;
      if (typeof value !== 'string' || value.trim() === '') {
        this.add('WRONG_TYPE', `${path}[${i}]`, line, `must be a motion name (${MOTION_NAMES.join(', ')}), or alternatives such as freeTier|trial`);
        return;
      }
      const alternatives: Motion[] = [];
      for (const name of value.split('|').map((m) => m.trim())) {
        if ((MOTION_NAMES as string[]).includes(name)) alternatives.push(name as Motion);
        else {
          const guess = nearest(name, MOTION_NAMES);
          this.add('BAD_VALUE', `${path}[${i}]`, line, `unknown motion '${name}'; motions: ${MOTION_NAMES.join(', ')}` + (guess ? `; did you mean '${guess}'?` : ''));
        }
      }
      if (alternatives.length) out.push(alternatives);
    });
    return out;
  }

  /** The optional survey question (docs/survey.md). undefined = none; null = invalid (issues added). */
  /** The optional CI gate (docs/ci.md); parsing lives in gate.ts. undefined = none; null = invalid. */
  private gate(field: Field | undefined, path: string): CheckGate | undefined | null {
    if (!field || field.node === null) return undefined;
    return parseCheckGate(field.node, path, field.line, {
      add: (code, p, line, message) => this.add(code, p, line, message),
      lineOf: (node) => this.lineOf(node),
      nearest,
    });
  }

  private question(field: Field | undefined, path: string, format: CheckFormat | undefined): RubricQuestion | undefined | null {
    if (!field || field.node === null) return undefined;
    const fields = this.fields(field.node, path, QUESTION_FIELDS, 'a question');
    if (!fields) return null;
    const before = this.issues.length;
    const text = this.str(fields, 'text', path);
    const help = this.str(fields, 'help', path);
    const kind = this.oneOf<QuestionKind>(fields, 'kind', path, QUESTION_KINDS);
    const unit = this.str(fields, 'unit', path, false);
    const finding = this.str(fields, 'finding', path, false);
    const byDefault = this.num(fields, 'default', path);
    if (finding !== undefined && !finding.includes('{value}')) {
      this.add('BAD_VALUE', join(path, 'finding'), fields.get('finding')?.line ?? null, "must contain {value} where the measured value goes");
    }
    const choicesField = fields.get('choices');
    let choices: QuestionChoice[] | null = [];
    if (kind === 'choice') {
      if (choicesField && choicesField.node !== null) choices = this.choices(choicesField, join(path, 'choices'), format);
      else if (!this.issues.some((i) => i.code === 'UNKNOWN_FIELD' && i.path.startsWith(`${path}.`) && i.message.includes("'choices'"))) {
        this.add('MISSING_FIELD', join(path, 'choices'), choicesField?.line ?? this.lineOf(field.node), "a choice question needs 'choices': a list of { label, value }");
      }
    } else if (kind === 'number' && choicesField && choicesField.node !== null) {
      this.add('BAD_CHOICES', join(path, 'choices'), choicesField.line, "a number question takes no choices; use kind: choice, or remove 'choices'");
    }
    if (byDefault !== undefined) {
      const line = fields.get('default')?.line ?? null;
      if (kind === 'choice' && choices && choices.length > 0 && !choices.some((c) => sameValue(c.value, byDefault))) {
        this.add('BAD_DEFAULT', join(path, 'default'), line, `must be one of the choice values: ${choices.map((c) => c.value).join(', ')}; got ${byDefault}`);
      } else if (kind === 'number') {
        const problem = answerValueProblem(byDefault, format);
        if (problem) this.add('BAD_DEFAULT', join(path, 'default'), line, problem);
      }
    }
    if (this.issues.length > before || text === undefined || help === undefined || kind === undefined || byDefault === undefined || choices === null) {
      return null;
    }
    const question: RubricQuestion = { text, help, kind, choices, default: byDefault, line: this.lineOf(field.node) };
    if (unit !== undefined) question.unit = unit;
    if (finding !== undefined) question.finding = finding;
    return question;
  }

  private choices(field: Field, path: string, format: CheckFormat | undefined): QuestionChoice[] | null {
    if (!isSeq(field.node)) {
      this.add('WRONG_TYPE', path, field.line, `must be a list of choices ('- { label: ..., value: ... }' lines), got ${describe(field.node)}`);
      return null;
    }
    if (field.node.items.length < 2) {
      this.add('BAD_CHOICES', path, field.line, `a choice question needs at least two choices, got ${field.node.items.length}`);
      return null;
    }
    const out: QuestionChoice[] = [];
    let ok = true;
    field.node.items.forEach((item, i) => {
      const p = `${path}[${i}]`;
      const node = this.emptyToNull(this.deref(item as Node | null));
      if (node === null) {
        this.add('WRONG_TYPE', p, field.line, 'empty list entry; expected a choice { label, value }');
        ok = false;
        return;
      }
      const fields = this.fields(node, p, CHOICE_FIELDS, 'a choice');
      if (!fields) {
        ok = false;
        return;
      }
      const label = this.str(fields, 'label', p);
      const value = this.num(fields, 'value', p);
      if (label === undefined || value === undefined) {
        ok = false;
        return;
      }
      const line = fields.get('value')?.line ?? null;
      const problem = answerValueProblem(value, format);
      if (problem) {
        this.add('BAD_VALUE', join(p, 'value'), line, problem);
        ok = false;
      } else if (out.some((c) => sameValue(c.value, value))) {
        this.add('BAD_CHOICES', join(p, 'value'), line, `value ${value} is used by another choice; each choice needs its own value`);
        ok = false;
      } else if (out.some((c) => c.label === label)) {
        this.add('BAD_CHOICES', join(p, 'label'), fields.get('label')?.line ?? null, `label '${label}' is used by another choice`);
        ok = false;
      }
      out.push({ label, value });
    });
    return ok ? out : null;
  }

  /** True when the field is present with a non-empty value (its own issue was already reported). */
  private hasBadValue(fields: Fields, key: string): boolean {
    const node = fields.get(key)?.node;
    return node !== null && node !== undefined && !(isScalar(node) && typeof node.value === 'string' && node.value.trim() === '');
  }

  private threshold(field: Field | undefined, path: string, format: CheckFormat | undefined): Threshold | null {
    if (!field || field.node === null) return null;
    const fields = this.fields(field.node, path, THRESHOLD_FIELDS, 'threshold');
    if (!fields) return null;
    const better = this.oneOf<Better>(fields, 'better', path, BETTER_VALUES);
    const pass = this.num(fields, 'pass', path);
    const fail = this.num(fields, 'fail', path);
    if (better === undefined || pass === undefined || fail === undefined) return null;
    let ok = true;
    if (better === 'lower' && !(pass < fail)) {
      this.add('BAD_THRESHOLD', join(path, 'pass'), fields.get('pass')?.line ?? null, 'must be below fail (better: lower)');
      ok = false;
    } else if (better === 'higher' && !(pass > fail)) {
      this.add('BAD_THRESHOLD', join(path, 'pass'), fields.get('pass')?.line ?? null, 'must be above fail (better: higher)');
      ok = false;
    }
    if (format === 'percent') {
      // Fractions, not percentages: 0.6 = 60%. Up to 2 (200%) is allowed for ratios such as NRR.
      for (const key of ['pass', 'fail'] as const) {
        const value = key === 'pass' ? pass : fail;
        if (value < 0 || value > 2) {
          this.add(
            'BAD_THRESHOLD',
            join(path, key),
            fields.get(key)?.line ?? null,
            `${value} looks like a percentage; with format: percent write fractions, e.g. ${value / 100} for ${value}%`,
          );
          ok = false;
        }
      }
    }
    return ok ? { better, pass, fail } : null;
  }

  private params(field: Field | undefined, path: string, metric: RubricMetricInfo | undefined): Record<string, unknown> | null {
    if (!field || field.node === null) return {};
    if (!isMap(field.node)) {
      this.add('WRONG_TYPE', path, field.line, `params must be a mapping (name: value), got ${describe(field.node)}`);
      return null;
    }
    const out: Record<string, unknown> = {};
    let ok = true;
    const known = metric ? Object.keys(metric.defaultParams) : [];
    for (const pair of field.node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? keyNode.value : undefined;
      const line = this.lineOf(keyNode);
      if (typeof key !== 'string') {
        this.add('WRONG_TYPE', path, line, `param names must be plain names, got ${describe(keyNode)}`);
        ok = false;
        continue;
      }
      const p = join(path, key);
      const valueNode = this.deref(pair.value as Node | null);
      const value = valueNode === null ? null : isScalar(valueNode) ? valueNode.value : valueNode.toJSON();
      if (!metric) continue; // unknown metric already reported; its params cannot be checked
      if (!Object.prototype.hasOwnProperty.call(metric.defaultParams, key)) {
        const guess = nearest(key, known);
        this.add(
          'UNKNOWN_PARAM',
          p,
          line,
          `metric '${metric.id}' has no param '${key}'` +
            (guess ? `; did you mean '${guess}'?` : known.length ? `; its params: ${known.join(', ')}` : '; it takes no params'),
        );
        ok = false;
        continue;
      }
      const expected = metric.defaultParams[key];
      const problem = paramTypeProblem(value, expected);
      if (problem) {
        this.add('WRONG_TYPE', p, line, problem);
        ok = false;
        continue;
      }
      out[key] = value;
    }
    return ok ? out : null;
  }

  // --- cross-field rules over the whole rubric --------------------------------------------

  private unique(kind: 'category' | 'check', id: string | undefined, path: string, fields: Fields): void {
    if (id === undefined) return;
    const seen = this.seenIds[kind];
    const line = fields.get('id')?.line ?? null;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, `${path}${line === null ? '' : `, line ${line}`}`);
      return;
    }
    this.add(
      'DUPLICATE_ID',
      join(path, 'id'),
      line,
      `duplicate ${kind} id '${id}' (first at ${first})` + (kind === 'check' ? '; check ids are unique across the rubric' : ''),
    );
  }

  /** Rules over the whole (otherwise valid) rubric. */
  private crossRules(categories: RubricCategory[]): void {
    const scored = categories.some((c) => c.weight > 0 && c.checks.some((k) => k.weight > 0));
    if (!scored) {
      this.add('EMPTY_RUBRIC', 'categories', categories[0]?.line ?? null, 'nothing is scored: give at least one category and one of its checks a weight above 0');
    }
  }
}

// ---------------------------------------------------------------------------------------------

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

/** Answers are values in the metric's unit: never negative, and fractions for percentages. */
export function answerValueProblem(value: number, format: CheckFormat | undefined): string | null {
  if (value < 0) return `must be 0 or more, got ${value}`;
  if (format === 'percent' && value > 2) return `${value} looks like a percentage; with format: percent write fractions, e.g. ${value / 100} for ${value}%`;
  return null;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** The source line containing `offset`. */
function lineText(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? undefined : end);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

function sortIssues(issues: RubricIssue[]): RubricIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) || a.i - b.i)
    .map(({ issue }) => issue);
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `text '${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `${v}`;
    return typeof v;
  }
  return 'an unexpected value';
}

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'list' | 'mapping';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'mapping';
}

const KIND_TEXT: Record<Kind, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  null: 'null',
  list: 'a list',
  mapping: 'a mapping',
};

/** Params take the JS type of the metric's default; a null default accepts number, text, true/false or null. */
function paramTypeProblem(value: unknown, expected: unknown): string | null {
  const got = kindOf(value);
  if (got === 'number' && !Number.isFinite(value as number)) return 'must be a finite number';
  const want = kindOf(expected);
  if (want === 'null') {
    return got === 'list' || got === 'mapping' ? `must be a number, text, true/false or null, got ${KIND_TEXT[got]}` : null;
  }
  if (got === want) return null;
  return `must be ${KIND_TEXT[want]} like the default (${JSON.stringify(expected)}), got ${KIND_TEXT[got]}`;
}

function kebab(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The closest candidate by edit distance (case-insensitive), if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(w.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

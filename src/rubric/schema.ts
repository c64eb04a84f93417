/**
 * The rubric's schema (docs/rubric.md), in zod: what `pullcheck rubric validate` and every run
 * check, and what the JSON Schema for editors (schemas/rubric.schema.json, written by
 * scripts/input-schemas.mjs) is generated from. Rules a JSON Schema cannot say (thresholds in
 * order, ids unique, choices banded, metric parameters) are refinements here, reported like the
 * rest with file:line by src/inputs/read-input.ts.
 */
import { describeValue, didYouMean, nearest } from '../inputs/hints.js';
import { issue, pathText, says } from '../inputs/read-input.js';
import { zod, type z } from '../inputs/zod.js';
import { MOTION_NAMES, type Motion, type Presumes } from '../core/motions.js';
import {
  BASIS_VALUES,
  BETTER_VALUES,
  CHECKLIST_ITEMS,
  FORMAT_VALUES,
  GATE_LEVELS,
  QUESTION_KINDS,
  type CheckFormat,
  type CheckGate,
  type RubricMetricInfo,
} from './types.js';

export const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Names people reach for that are not close in spelling to the field they mean. */
export const FIELD_SYNONYMS: Readonly<Record<string, string>> = {
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

/** The limits a check's CI gate may set (docs/ci.md). */
export const GATE_LIMITS = {
  minScore: { min: 0, max: 100, what: 'a score between 0 and 100' },
  maxDrop: { min: 0, max: 100, what: 'points between 0 and 100' },
  maxDropPct: { min: 0, max: 100, what: 'a percentage between 0 and 100' },
} as const;

/** Answers are values in the metric's unit: never negative, and fractions for percentages. */
export function answerValueProblem(value: number, format: CheckFormat | undefined): string | null {
  if (value < 0) return `must be 0 or more, got ${value}`;
  if (format === 'percent' && value > 2) return `${value} looks like a percentage; with format: percent write fractions, e.g. ${value / 100} for ${value}%`;
  return null;
}

/** Where an id was first seen, for DUPLICATE_ID messages: the line of a path, when known. */
export type LineOf = (path: readonly PropertyKey[]) => number | null;

/**
 * The rubric schema for a registry of metrics. Its output is the rubric as written (optional
 * fields absent when blank); src/rubric/load.ts adds defaults, lines and merged params.
 */
export function rubricSchema(metrics: ReadonlyArray<RubricMetricInfo>, lineOf: LineOf = () => null) {
  const z = zod();
  const mapping = <S extends z.core.$ZodLooseShape>(what: string, shape: S) =>
    z.strictObject(shape, {
      error: (i) =>
        i.code !== 'invalid_type' || i.input === undefined ? undefined : i.input === null ? `[WRONG_TYPE] empty list entry; expected ${what}` : `[WRONG_TYPE] ${what} must be a mapping (key: value lines), got ${describeValue(i.input)}`,
    });
  const list = <S extends z.ZodType>(element: S, what: string) =>
    z.array(element, says('WRONG_TYPE', (i) => `must be a list of ${what} (lines starting with '- '), got ${describeValue(i.input)}`, 'invalid_type'));
  /** Required text: trimmed, blank = "'key' is empty" (and no other issue for it). */
  const text = () => z.string().trim().min(1);
  /** Optional text: blank or null = absent. */
  const optionalText = () => z.string().trim().nullish().transform((v) => (v ? v : undefined));
  const kebabId = (what: string) =>
    text().regex(
      KEBAB,
      says('BAD_ID', (i) => {
        const suggestion = kebab(String(i.input));
        return `${what} id '${String(i.input)}' must be kebab-case (lower-case letters, digits, single hyphens)` + (KEBAB.test(suggestion) ? `, e.g. '${suggestion}'` : '');
      }),
    ).describe('kebab-case id');
  const weight = () => z.number().min(0, says('BAD_WEIGHT', (i) => `must be 0 or more (0 = shown, not scored), got ${String(i.input)}`)).describe('0 = shown, not scored');
  const score = () => {
    const message = says('BAD_VALUE', (i) => `must be a score between 0 and 100, got ${String(i.input)}`);
    return z.number().min(0, message).max(100, message);
  };

  const threshold = mapping('threshold', {
    better: z.enum(BETTER_VALUES),
    pass: z.number(),
    fail: z.number(),
  })
    .superRefine((t, ctx) => {
      if (t.better === 'lower' && !(t.pass < t.fail)) ctx.addIssue(issue('BAD_THRESHOLD', ['pass'], 'must be below fail (better: lower)'));
      if (t.better === 'higher' && !(t.pass > t.fail)) ctx.addIssue(issue('BAD_THRESHOLD', ['pass'], 'must be above fail (better: higher)'));
    })
    .describe('pass = the good boundary, fail = the bad one');

  const choice = mapping('a choice', { label: text(), value: z.number() }).describe("an answer and its value in the check's unit");
  const question = mapping('a question', {
    text: text(),
    help: text(),
    kind: z.enum(QUESTION_KINDS),
    default: z.number(),
    choices: list(choice, "choices ('- { label: ..., value: ... }' lines)").nullish(),
    unit: optionalText(),
    finding: optionalText(),
  })
    // Runs on whatever parsed, like the check's rules: every mistake of a question at once.
    .superRefine((q, ctx) => questionRules(q as Record<string, unknown>, (i) => ctx.addIssue(i)), { when: (p) => isRecord(p.value) })
    .describe('what `pullcheck survey` asks for this check (docs/survey.md)');

  const level = z.enum(GATE_LEVELS, {
    error: (i) => (i.input === undefined ? `[MISSING_FIELD] missing required field 'level' (${GATE_LEVELS.join(' | ')})` : undefined),
  });
  const limit = (l: (typeof GATE_LIMITS)[keyof typeof GATE_LIMITS]) => {
    const range = says('BAD_VALUE', (i) => `must be ${l.what}, got ${String(i.input)}`);
    return z.number(says('WRONG_TYPE', `must be a number (${l.what})`, 'invalid_type')).min(l.min, range).max(l.max, range).optional().describe(l.what);
  };
  const gate = z
    .union(
      [
        level,
        // YAML 1.1 habits: `off` may arrive as false.
        z.literal(false),
        mapping('a gate', {
          level,
          minScore: limit(GATE_LIMITS.minScore),
          maxDrop: limit(GATE_LIMITS.maxDrop),
          maxDropPct: limit(GATE_LIMITS.maxDropPct),
        }),
      ],
      says('WRONG_TYPE', `must be a level (${GATE_LEVELS.join(' | ')}) or a mapping like { level: error, maxDrop: 10 }`, 'invalid_union'),
    )
    .transform((g): CheckGate => (g === false ? { level: 'off' } : typeof g === 'string' ? { level: g } : g))
    .describe('the CI gate of this check (docs/ci.md)');

  const names = `(${MOTION_NAMES.join('|')})`;
  const motion = z
    .string(says('WRONG_TYPE', `must be a motion name (${MOTION_NAMES.join(', ')}), or alternatives such as freeTier|trial`, 'invalid_type'))
    .regex(
      new RegExp(`^\\s*${names}(\\s*\\|\\s*${names})*\\s*$`),
      says('BAD_VALUE', (i) => {
        const unknown = String(i.input).split('|').map((m) => m.trim()).filter((m) => !(MOTION_NAMES as readonly string[]).includes(m));
        const name = unknown[0] ?? String(i.input);
        return `unknown motion '${name}'; motions: ${MOTION_NAMES.join(', ')}${didYouMean(name, MOTION_NAMES)}`;
      }),
    )
    .transform((s) => s.split('|').map((m) => m.trim() as Motion))
    .describe(`a motion, or alternatives joined by |: ${MOTION_NAMES.join(', ')}`);
  const presumes = z
    .union([motion, z.array(motion)])
    .transform((p): Presumes => (p.length > 0 && typeof p[0] === 'string' ? [p as Motion[]] : (p as Motion[][])));

  const metricIds = metrics.map((m) => m.id);
  const unknownMetric = says('UNKNOWN_METRIC', (i) => {
    const id = String(i.input);
    return `unknown metric '${id}'` + (nearest(id, metricIds) ? didYouMean(id, metricIds) : metricIds.length === 0 ? '; no metrics are registered' : `; known metrics: ${metricIds.join(', ')}`);
  });
  const metric = (metricIds.length > 0 ? z.enum(metricIds as [string, ...string[]], unknownMetric) : text().refine(() => false, unknownMetric)).describe('a metric of pullcheck (docs/metrics.md)');

  const check = mapping('a check', {
    id: kebabId('check'),
    metric,
    weight: weight(),
    threshold,
    basis: z.enum(BASIS_VALUES),
    title: text().describe('the good state'),
    failureTitle: text().describe('the bad state'),
    recommendation: text(),
    params: z.record(z.string(), z.unknown(), says('WRONG_TYPE', (i) => `params must be a mapping (name: value), got ${describeValue(i.input)}`, 'invalid_type')).nullish().describe("the metric's parameters to override (docs/metrics.md)"),
    source: optionalText().describe('required when basis is sourced or anchored'),
    description: optionalText(),
    format: z.enum(FORMAT_VALUES).nullish(),
    question: question.nullish(),
    gate: gate.nullish(),
    presumes: presumes.nullish(),
  })
    // Runs on whatever parsed, so a check with one mistake still gets its other rules checked.
    .superRefine((raw, ctx) => checkRules(raw as Record<string, unknown>, metrics, (i) => ctx.addIssue(i)), { when: (p) => isRecord(p.value) })
    .describe('a check: a metric, its thresholds and what to do');

  const category = mapping('a category', {
    id: kebabId('category'),
    title: text(),
    weight: weight(),
    checks: list(check, 'checks').min(1, says('EMPTY_CATEGORY', 'the category has no checks; add one or remove the category')),
    item: optionalText().describe(`a checklist item (${CHECKLIST_ITEMS.join(', ')}) or any label`),
    description: optionalText(),
  }).describe('a category of checks');

  const verdicts = mapping('verdicts', { productDriven: score(), salesDriven: score() })
    .superRefine((v, ctx) => {
      if (v.salesDriven > v.productDriven) {
        ctx.addIssue(issue('BAD_VERDICTS', ['salesDriven'], `must not be above productDriven (${v.productDriven}); scores below salesDriven are sales-driven, at or above productDriven product-driven`));
      }
    })
    .describe('score bands of the verdict');

  const version = says('BAD_VALUE', (i) => `must be a whole number of 1 or more, got ${String(i.input)}`);
  const floor = says('BAD_VALUE', (i) => {
    const value = Number(i.input);
    const hint = value > 1 && value <= 100 ? `; write it as a fraction, e.g. ${value / 100} for ${value}%` : '';
    return `must be a share of the rubric's weight between 0 and 1, got ${value}${hint}`;
  });
  return mapping('the rubric', {
    id: kebabId('rubric'),
    name: text(),
    version: z.number().multipleOf(1, version).min(1, version),
    categories: list(category, 'categories').min(1, says('EMPTY_RUBRIC', 'the rubric has no categories')),
    description: optionalText(),
    verdicts: verdicts.nullish(),
    coverageFloor: z.number().min(0, floor).max(1, floor).nullish().describe("below this share of the rubric's weight with data, no single score"),
  })
    .superRefine((raw, ctx) => uniqueIds(raw as Record<string, unknown>, lineOf, (i) => ctx.addIssue(i)), { when: (p) => isRecord(p.value) })
    .superRefine(
      (r, ctx) => {
        if (!r.categories.some((c) => c.weight > 0 && c.checks.some((k) => k.weight > 0))) {
          ctx.addIssue(issue('EMPTY_RUBRIC', ['categories'], 'nothing is scored: give at least one category and one of its checks a weight above 0'));
        }
      },
      { when: (p) => p.issues.length === 0 },
    )
    .describe('A pullcheck rubric (docs/rubric.md)');
}

export type RubricData = z.output<ReturnType<typeof rubricSchema>>;

type Add = (issue: z.core.$ZodRawIssue) => void;

/** A check's rules across its fields: the metric's params, the source a basis needs, values in the check's format. */
function checkRules(check: Record<string, unknown>, metrics: ReadonlyArray<RubricMetricInfo>, add: Add): void {
  const metric = metrics.find((m) => m.id === check.metric);
  if (metric && isRecord(check.params)) {
    const known = Object.keys(metric.defaultParams);
    for (const [key, value] of Object.entries(check.params)) {
      if (!Object.prototype.hasOwnProperty.call(metric.defaultParams, key)) {
        const hint = nearest(key, known) ? didYouMean(key, known) : known.length ? `; its params: ${known.join(', ')}` : '; it takes no params';
        add(issue('UNKNOWN_PARAM', ['params', key], `metric '${metric.id}' has no param '${key}'${hint}`));
        continue;
      }
      const problem = paramTypeProblem(value, metric.defaultParams[key]);
      if (problem) add(issue('WRONG_TYPE', ['params', key], problem));
    }
  }
  const source = check.source;
  if ((check.basis === 'sourced' || check.basis === 'anchored') && (source === undefined || source === null || (typeof source === 'string' && source.trim() === ''))) {
    add(issue('MISSING_SOURCE', ['source'], `basis '${check.basis}' needs a source (where the threshold comes from); otherwise use basis: judgement`, Object.prototype.hasOwnProperty.call(check, 'source') ? ['source'] : ['basis']));
  }
  const format = (FORMAT_VALUES as readonly unknown[]).includes(check.format) ? (check.format as CheckFormat) : undefined;
  const threshold = check.threshold;
  if (format === 'percent' && isRecord(threshold)) {
    // Fractions, not percentages: 0.6 = 60%. Up to 2 (200%) is allowed for ratios such as NRR.
    for (const key of ['pass', 'fail'] as const) {
      const value = threshold[key];
      if (typeof value === 'number' && (value < 0 || value > 2)) {
        add(issue('BAD_THRESHOLD', ['threshold', key], `${value} looks like a percentage; with format: percent write fractions, e.g. ${value / 100} for ${value}%`));
      }
    }
  }
  const question = check.question;
  if (!isRecord(question)) return;
  if (Array.isArray(question.choices) && question.kind === 'choice') {
    question.choices.forEach((c, i) => {
      const problem = isRecord(c) && typeof c.value === 'number' ? answerValueProblem(c.value, format) : null;
      if (problem) add(issue('BAD_VALUE', ['question', 'choices', i, 'value'], problem));
    });
  }
  if (question.kind === 'number' && typeof question.default === 'number') {
    const problem = answerValueProblem(question.default, format);
    if (problem) add(issue('BAD_DEFAULT', ['question', 'default'], problem));
  }
}

/** A question's rules across its fields: {value} in the finding, choices that fit the kind, a default among them. */
function questionRules(q: Record<string, unknown>, add: Add): void {
  if (typeof q.finding === 'string' && !q.finding.includes('{value}')) add(issue('BAD_VALUE', ['finding'], 'must contain {value} where the measured value goes'));
  const given = q.choices !== undefined && q.choices !== null;
  if (q.kind === 'number') {
    if (given) add(issue('BAD_CHOICES', ['choices'], "a number question takes no choices; use kind: choice, or remove 'choices'"));
    return;
  }
  if (q.kind !== 'choice') return;
  if (!given) return add(issue('MISSING_FIELD', ['choices'], "a choice question needs 'choices': a list of { label, value }"));
  if (!Array.isArray(q.choices)) return;
  if (q.choices.length < 2) return add(issue('BAD_CHOICES', ['choices'], `a choice question needs at least two choices, got ${q.choices.length}`));
  const choices = q.choices.filter((c): c is { label: string; value: number } => isRecord(c) && typeof c.label === 'string' && typeof c.value === 'number');
  if (choices.length < q.choices.length) return;
  choices.forEach((c, i) => {
    if (choices.slice(0, i).some((d) => sameValue(d.value, c.value))) {
      add(issue('BAD_CHOICES', ['choices', i, 'value'], `value ${c.value} is used by another choice; each choice needs its own value`));
    } else if (choices.slice(0, i).some((d) => d.label === c.label)) {
      add(issue('BAD_CHOICES', ['choices', i, 'label'], `label '${c.label}' is used by another choice`));
    }
  });
  if (typeof q.default === 'number' && !choices.some((c) => sameValue(c.value, q.default as number))) {
    add(issue('BAD_DEFAULT', ['default'], `must be one of the choice values: ${choices.map((c) => c.value).join(', ')}; got ${q.default}`));
  }
}

/** Category ids are unique, and check ids across the rubric; checked on whatever parsed. */
function uniqueIds(rubric: Record<string, unknown>, lineOf: LineOf, add: Add): void {
  const seen = { category: new Map<string, string>(), check: new Map<string, string>() };
  const note = (kind: 'category' | 'check', id: unknown, path: PropertyKey[]) => {
    if (typeof id !== 'string' || id.trim() === '') return;
    const first = seen[kind].get(id.trim());
    if (first === undefined) {
      const line = lineOf([...path, 'id']);
      seen[kind].set(id.trim(), `${pathText(path)}${line === null ? '' : `, line ${line}`}`);
      return;
    }
    const what = `duplicate ${kind} id '${id.trim()}' (first at ${first})` + (kind === 'check' ? '; check ids are unique across the rubric' : '');
    add(issue('DUPLICATE_ID', [...path, 'id'], what));
  };
  if (!Array.isArray(rubric.categories)) return;
  rubric.categories.forEach((category, i) => {
    if (!isRecord(category)) return;
    note('category', category.id, ['categories', i]);
    if (!Array.isArray(category.checks)) return;
    category.checks.forEach((check, j) => {
      if (isRecord(check)) note('check', check.id, ['categories', i, 'checks', j]);
    });
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
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

const KIND_TEXT: Record<Kind, string> = { number: 'a number', string: 'text', boolean: 'true or false', null: 'null', list: 'a list', mapping: 'a mapping' };

/** Params take the JS type of the metric's default; a null default accepts number, text, true/false or null. */
function paramTypeProblem(value: unknown, expected: unknown): string | null {
  const got = kindOf(value);
  if (got === 'number' && !Number.isFinite(value as number)) return 'must be a finite number';
  const want = kindOf(expected);
  if (want === 'null') return got === 'list' || got === 'mapping' ? `must be a number, text, true/false or null, got ${KIND_TEXT[got]}` : null;
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

/**
 * The rubric: which checks run, on which metric, with which thresholds and weights.
 * A rubric is data (rubrics/default.yaml); src/rubric/load.ts parses and validates it.
 * See docs/rubric.md for the file format.
 */
import type { Presumes } from '../core/motions.js';
import type { Better, CheckFormat, CheckGate, GateLevel, Threshold, ThresholdBasis } from '../report/contract/rubric.js';

export type { Better, CheckFormat, CheckGate, GateLevel, Threshold, ThresholdBasis } from '../report/contract/rubric.js';

/** The checklist items of METRICS.md. A category may also use any other short label. */
export const CHECKLIST_ITEMS = ['CA', 'RC', 'PM', 'SN', 'FO', 'PULL', 'PUSH'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

// The value lists the loader accepts; their types are the report contract's (report/contract/rubric.ts).
export const BETTER_VALUES = ['higher', 'lower'] as const satisfies readonly Better[];
export const BASIS_VALUES = ['sourced', 'anchored', 'judgement'] as const satisfies readonly ThresholdBasis[];
export const FORMAT_VALUES = ['percent', 'days', 'number', 'multiple'] as const satisfies readonly CheckFormat[];

/** Score bands for the overall verdict: score >= productDriven → product-driven, < salesDriven → sales-driven. */
export interface Verdicts {
  productDriven: number;
  salesDriven: number;
}

export const DEFAULT_VERDICTS: Readonly<Verdicts> = Object.freeze({ productDriven: 70, salesDriven: 40 });

/**
 * Below this share of the rubric's weight with data (0..1), the report gives no single score:
 * it shows the range the score could take, gives no verdict, and a CI gate fails. A few checks
 * cannot say what kind of company this is.
 */
export const DEFAULT_COVERAGE_FLOOR = 0.5;

export const QUESTION_KINDS = ['choice', 'number'] as const;
/** How a question is answered: pick one of its choices, or type a number. */
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** One answer choice; `value` is in the metric's unit (0.4 = 40%), so the check's thresholds apply. */
export interface QuestionChoice {
  label: string;
  value: number;
}

/**
 * The survey question for a check (`pullcheck survey`, docs/survey.md). The answer is a value
 * in the metric's unit, scored with the check's thresholds like a measured value.
 */
export interface RubricQuestion {
  /** The question, in plain words for a product or revenue leader. */
  text: string;
  /** Why it matters: shown under the question. */
  help: string;
  kind: QuestionKind;
  /** At least two for `kind: choice`; empty for `kind: number`. */
  choices: QuestionChoice[];
  /** The highlighted answer: one of the choice values, or the suggested number. */
  default: number;
  /** Label of the typed number (`kind: number`), e.g. "days". Percent checks take percentages. */
  unit?: string;
  /** What the data shows, for the perception gap, with `{value}` for the measured value. */
  finding?: string;
  line: number | null;
}

export const GATE_LEVELS = ['off', 'warn', 'error'] as const satisfies readonly GateLevel[];

export interface RubricCheck {
  /** kebab-case, unique across the rubric. */
  id: string;
  /** Id of the category this check belongs to. */
  category: string;
  /** Id of a metric in the registry. */
  metric: string;
  /** Parameters exactly as written in the rubric (validated against the metric's defaultParams). */
  paramOverrides: Readonly<Record<string, unknown>>;
  /** The metric's defaultParams with the overrides applied: pass these to `compute`. */
  params: Readonly<Record<string, unknown>>;
  /** >= 0; 0 = informative: shown, not scored. */
  weight: number;
  threshold: Threshold;
  basis: ThresholdBasis;
  /** Required (non-empty) when basis is sourced or anchored. */
  source?: string;
  /** The good state, e.g. "Released features keep being used". */
  title: string;
  /** The bad state, e.g. "Most released features go unused". */
  failureTitle: string;
  description?: string;
  /** Concrete action to take when the check does not pass. */
  recommendation: string;
  format?: CheckFormat;
  /** The survey question that asks the team for this check's value; optional. */
  question?: RubricQuestion;
  /** CI gate for this check (docs/ci.md); absent = level warn with the command-line tolerances. */
  gate?: CheckGate;
  /**
   * Motions the check presumes (src/core/motions.ts), each requirement a list of alternatives:
   * `presumes: [freeTier|trial]` → [['freeTier', 'trial']]. Absent = presumes none.
   */
  presumes?: Presumes;
  /** 1-based line of the check in the rubric file. */
  line: number | null;
}

export interface RubricCategory {
  /** kebab-case, unique among categories. */
  id: string;
  title: string;
  /** Checklist item (CA, RC, PM, SN, FO, PULL, PUSH) or any other label. */
  item?: ChecklistItem | (string & {});
  description?: string;
  /** >= 0; 0 = shown, not part of the overall score. */
  weight: number;
  checks: RubricCheck[];
  line: number | null;
}

export interface Rubric {
  /** kebab-case. */
  id: string;
  name: string;
  /** Integer >= 1; bumped when scores change meaning. */
  version: number;
  description?: string;
  /** Defaults to DEFAULT_VERDICTS when the file has none. */
  verdicts: Verdicts;
  /** Defaults to DEFAULT_COVERAGE_FLOOR when the file has none (0..1). */
  coverageFloor: number;
  categories: RubricCategory[];
  /** The path the rubric was loaded from, as given. */
  file: string;
  /** sha256 (hex) of the file text, first 16 characters. */
  hash: string;
}

/** What the loader needs to know about a metric (MetricDefinition satisfies it). */
export interface RubricMetricInfo {
  id: string;
  defaultParams: Record<string, unknown>;
}

export type RubricIssueCode =
  | 'YAML_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'MISSING_FIELD'
  | 'WRONG_TYPE'
  | 'BAD_VALUE'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_METRIC'
  | 'UNKNOWN_PARAM'
  | 'BAD_THRESHOLD'
  | 'BAD_VERDICTS'
  | 'DUPLICATE_ID'
  | 'BAD_ID'
  | 'BAD_WEIGHT'
  | 'MISSING_SOURCE'
  | 'EMPTY_CATEGORY'
  | 'EMPTY_RUBRIC'
  | 'BAD_CHOICES'
  | 'BAD_DEFAULT'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE';

export interface RubricIssue {
  code: RubricIssueCode;
  /** Dot/bracket path into the rubric, e.g. `categories[0].checks[1].threshold.pass`; '' = the whole file. */
  path: string;
  /** 1-based line, or null when unknown. */
  line: number | null;
  message: string;
}

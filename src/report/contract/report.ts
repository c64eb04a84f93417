/**
 * The report: the versioned JSON contract every renderer reads (docs/report-format.md).
 * Renderers see only this, never the raw data. Bump REPORT_SCHEMA_VERSION on any change
 * that removes or changes the meaning of a field; adding fields does not need a bump.
 */
import type { CheckFormat, CheckGate, ThresholdBasis, Threshold } from './rubric.js';
import type { DataNeed, ExportHint, MetricUnit, Series } from './measures.js';
import type { AccountMatch, BusinessContext, DerivedField, FileSummary, IdentityMerge, IngestIssue, LinkSummary, WholeNumberJoin } from './inputs.js';

/** 2: the CI gate's outcome left the report for its own document (gate.ts; docs/report-format.md, "Version 1"). */
export const REPORT_SCHEMA_VERSION = 2;

import type { CheckStatus } from './status.js';
import type { Evidence } from './evidence.js';

export type { CheckStatus } from './status.js';
export type * from './evidence.js';
export type Verdict = 'product-driven' | 'mixed' | 'sales-driven' | 'insufficient-data';

export interface CheckResult {
  id: string;
  metric: string;
  /** The rubric's title for the state found: its `title` when passing, else its `failureTitle`. */
  title: string;
  status: CheckStatus;
  value: number | null;
  unit: MetricUnit;
  format: CheckFormat;
  /** Sample size behind the value, and what it counts. */
  n: number;
  nLabel: string;
  /** 95% interval of the value when the metric defines one. */
  interval: [number, number] | null;
  /** 0..100 between fail and pass thresholds; null without data. */
  score: number | null;
  weight: number;
  threshold: Threshold;
  basis: ThresholdBasis;
  source: string | null;
  /** Why there is no value (insufficient-data, error, not-applicable). */
  reason: string | null;
  /** Counts, exclusions, facts and example tables behind the value (docs/report-format.md, "Evidence"); empty lists for answers. */
  evidence: Evidence;
  notes: string[];
  /** e.g. "borderline": the interval straddles a threshold. */
  flags: string[];
  recommendation: string;
  /** Where `value` comes from: measured from the data, or the team's survey answer. */
  valueSource: ValueSource;
  /** The team's answer to this check's question when answers were given; null otherwise. */
  answer: CheckAnswer | null;
  /** The rubric's CI gate for this check, when it sets one (docs/ci.md). */
  gate?: CheckGate;
  /** Without a measured value: the tables, columns or links that would give it one, when known. */
  needs?: DataNeed[];
  /** Series a chart draws (the HTML report), when the metric measures one; absent otherwise. */
  series?: Series[];
}

export type ValueSource = 'data' | 'answer';

export interface CheckAnswer {
  /** In the check's unit; null = "don't know / skip". */
  value: number | null;
  /** The chosen label, the typed number with its unit, or "Don't know / skip". */
  label: string;
}

/** Survey answers behind a report (`pullcheck survey`, or `analyze --answers`). */
export interface AnswersSummary {
  /** The date stored in the answers file (YYYY-MM-DD). */
  date: string;
  /** Checks with a question in the rubric. */
  questions: number;
  answered: number;
  skipped: number;
  /** Questions the answers file does not mention (not reached, or added to the rubric since). */
  unanswered: number;
}

export type GapStatus = 'pass' | 'warn' | 'fail';

/** One check with both an answer and a measured value: what the team said next to what the data shows. */
export interface PerceptionGapEntry {
  check: string;
  category: string;
  question: string;
  answered: { value: number; label: string; status: GapStatus; score: number };
  measured: { value: number; n: number; nLabel: string; status: GapStatus; score: number; borderline: boolean };
  /** `disagree` when the answer and the data fall in different statuses. */
  agreement: 'agree' | 'disagree';
  /** For disagreements: `optimistic` when the answer scores higher (more product-driven) than the data. */
  direction: 'optimistic' | 'pessimistic' | null;
  /** Answered score minus measured score. */
  scoreGap: number;
  /** One plain-language sentence. */
  statement: string;
}

export interface PerceptionGap {
  /** Checks with both an answer and a measured value. */
  compared: number;
  disagree: number;
  optimistic: number;
  pessimistic: number;
  /** In rubric order. */
  checks: PerceptionGapEntry[];
}

export interface CategoryResult {
  id: string;
  title: string;
  item: string | null;
  weight: number;
  score: number | null;
  /** Share of this category's check weight that had data. */
  coverage: number;
  /**
   * [low, high]: the score with every weighted check without a score counted as 0 (low) or 100
   * (high); [score, score] at full coverage; null when no check has positive weight.
   */
  range: [number, number] | null;
  /** Weighted checks with a score, and how many of those are borderline: what the score rests on. */
  scoredChecks: number;
  borderlineChecks: number;
  /**
   * Present only when every check of positive weight is not applicable: the category then counts
   * nowhere in the overall score, coverage or range.
   */
  status?: 'not-applicable';
  checks: CheckResult[];
}

export interface Recommendation {
  check: string;
  category: string;
  title: string;
  recommendation: string;
  /**
   * Points the overall score would gain if this check passed (`gainOn: score`); below the coverage
   * floor, points the range's low bound would gain (`gainOn: range-low`).
   */
  potentialGain: number;
  gainOn: 'score' | 'range-low';
}

/** One entry of "what to export next": a missing table, column or link and what it would unblock. */
export interface ExportNextItem {
  kind: DataNeed['kind'];
  table: DataNeed['table'];
  field?: string;
  link?: string;
  /** `deals`, `deals.source`, `activity→deal`. */
  key: string;
  /** In words: "the source column of deals". */
  label: string;
  /** Points of the overall score (of 100) whose checks it would unblock, at most. */
  weight: number;
  /** Ids of the checks it would unblock, rubric order. */
  checks: string[];
  /** Where to find it in each vendor's UI (src/report/export-hints.ts). */
  where: ExportHint[];
}

/** One input file as ingest summarised it (the report carries the same shape). */
export type InputFile = FileSummary;

/** An ingest problem example; `line` 0 is a summary line about a file. */
export type ReportWarning = IngestIssue;

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'pullcheck'; version: string };
  asOf: string;
  score: number | null;
  verdict: Verdict;
  /** Share of the rubric's weight that had data (0..1). */
  coverage: number;
  /** The rubric's `coverageFloor`: below it, `range` stands for the score in every format. */
  coverageFloor: number;
  /** [low, high] the score could take once the missing data is in; null when nothing is weighted. */
  range: [number, number] | null;
  rubric: { id: string; name: string; version: number; hash: string };
  categories: CategoryResult[];
  topRecommendations: Recommendation[];
  /** Missing tables, columns and links, most rubric weight first (empty for a survey report). */
  exportNext: ExportNextItem[];
  inputs: {
    files: InputFile[];
    /** Usable rows per table. */
    tables: Record<string, number>;
    /** The survey answers used; null when none were given. */
    answers: AnswersSummary | null;
    /** How CRM accounts matched product accounts; null when the data has only one side. */
    accountMatch: AccountMatch | null;
    /** Every cross-table link the metrics use: rows, linked, by which key (docs/data-model.md, "Links"). */
    links: LinkSummary[];
    /** Fiscal calendar (and, from ingest, currency and pipeline scope) the checks used. */
    context: BusinessContext;
    /** Fields derived from other data (signup, activation from events: docs/data-model.md); absent when none. */
    derived?: DerivedField[];
    /** Anonymous ids merged into identified users (docs/data-model.md, "Identity"); absent when no event carried both. */
    identity?: IdentityMerge;
    /** References joined by the whole-number form of their id, `1.0` = `1` (docs/data-model.md, "Links"); absent when none. */
    wholeNumberIds?: WholeNumberJoin[];
    /** The pullcheck.config.yaml the exports were read with; absent when none was used. */
    config?: string;
  };
  warnings: ReportWarning[];
  /** Answers next to measured values; null unless both data and answers were used. */
  perceptionGap: PerceptionGap | null;
  /** `--trend`: the same analysis as of each period end within the data's span, oldest first (docs/report-format.md). */
  trend?: TrendPoint[];
  /** `--history FILE`: the previous runs' summaries and this one, oldest first. */
  history?: HistoryEntry[];
}

/** One period end of `--trend`: the same analysis as of that date. */
export interface TrendPoint {
  asOf: string;
  /** null below the coverage floor, like the headline; `range` then stands for it. */
  score: number | null;
  range: [number, number] | null;
  coverage: number;
  verdict: Verdict;
  categories: { id: string; score: number | null; coverage: number }[];
  /** Every check of the rubric at that date: its score (null without data) and the sample size behind it. */
  checks?: { id: string; score: number | null; n: number }[];
}

/** One line of the `--history` JSON-lines file. */
export interface HistoryEntry {
  /** When the run happened (ISO 8601 timestamp). */
  runAt: string;
  asOf: string;
  score: number | null;
  range: [number, number] | null;
  coverage: number;
  verdict: Verdict;
  categories: { id: string; score: number | null }[];
  /** GITHUB_SHA / CI_COMMIT_SHA when set. */
  commit?: string;
}

/**
 * The report: the versioned JSON contract every renderer reads (docs/report-format.md).
 * Renderers see only this, never the raw data. Bump REPORT_SCHEMA_VERSION on any change
 * that removes or changes the meaning of a field; adding fields does not need a bump.
 */
import type { CheckFormat, ThresholdBasis, Threshold } from '../rubric/types.js';
import type { MetricUnit } from '../metrics/types.js';
import type { FileSummary, IngestIssue } from '../model.js';

export const REPORT_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'insufficient-data' | 'error';
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
  /** Why there is no value (insufficient-data, error). */
  reason: string | null;
  evidence: Record<string, unknown>;
  notes: string[];
  /** e.g. "borderline": the interval straddles a threshold. */
  flags: string[];
  recommendation: string;
}

export interface CategoryResult {
  id: string;
  title: string;
  item: string | null;
  weight: number;
  score: number | null;
  /** Share of this category's check weight that had data. */
  coverage: number;
  checks: CheckResult[];
}

export interface Recommendation {
  check: string;
  category: string;
  title: string;
  recommendation: string;
  /** Points the overall score would gain if this check passed. */
  potentialGain: number;
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
  rubric: { id: string; name: string; version: number; hash: string };
  categories: CategoryResult[];
  topRecommendations: Recommendation[];
  inputs: {
    files: InputFile[];
    /** Usable rows per table. */
    tables: Record<string, number>;
  };
  warnings: ReportWarning[];
}

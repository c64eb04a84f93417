/**
 * The CI gate's outcome (docs/ci.md): a document of its own that refers to the report it judged,
 * as lighthouse-ci keeps assertion results outside the Lighthouse report. Built by ci/gate.ts;
 * renderers take it next to the report. Results follow lighthouse-ci's assertions: each finding
 * says what was expected, what was found and at which level.
 */
import type { CheckFormat, GateLevel, Threshold } from './rubric.js';
import type { CheckStatus } from './status.js';

/** What fails the job besides errors: `warn` findings, and checks without data. */
export type FailOn = 'error' | 'warn' | 'insufficient-data';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warn', 'insufficient-data'];

/**
 * How a score change was judged:
 * - `regressed`: it dropped by more than the tolerance and more than the noise;
 * - `improved`: it rose by more than the noise;
 * - `within-noise`: it moved, but by no more than the noise;
 * - `within-tolerance`: it dropped beyond the noise but by no more than the tolerance;
 * - `unchanged`: the same score; `no-data`: no score before or now.
 */
/**
 * `not-applicable`: the check is not applicable now or was in the baseline (config `motions`):
 * never a drop. `not-compared`: a category or overall score one of whose checks changed
 * applicability or method since the baseline, so the two scores weigh different things.
 * `method-changed`: the check's metric is computed differently than when the baseline was saved
 * (MetricDefinition.method): not a drop; re-baseline.
 */
export type ChangeOutcome = 'regressed' | 'improved' | 'within-noise' | 'within-tolerance' | 'unchanged' | 'no-data' | 'not-applicable' | 'not-compared' | 'method-changed';

export interface ScoreChange {
  before: number | null;
  after: number | null;
  /** after − before, in points (null unless both exist). */
  change: number | null;
  /** 95% intervals of the scores (docs/ci.md, "Noise"); null when unknown. */
  beforeInterval: [number, number] | null;
  afterInterval: [number, number] | null;
  /** The noise a change must exceed to count, in points (for a drop, or for a rise). */
  noise: number | null;
  /**
   * How the noise was found: `interval`, the MOVER half-width from the two score intervals
   * (checks; aggregates whose parts had data in one run only); `parts`, the weighted mean of
   * the noise of the parts that moved (categories, overall). docs/ci.md, "Noise".
   */
  /** value: a check's value change (its 95% MOVER interval); parts: a mean's moved parts; interval: a mean's own interval. */
  noiseFrom: 'interval' | 'parts' | 'value';
  /** The drop allowed by the gate, in points, and where it comes from. */
  tolerance: number;
  toleranceFrom: string;
  outcome: ChangeOutcome;
  /** One line: the change and why it did or did not count. */
  why: string;
}

export interface ScopeComparison {
  /** 'overall', a category id or a check id. */
  id: string;
  title: string;
  score: ScoreChange;
}

export interface CheckSnapshot {
  value: number | null;
  interval: [number, number] | null;
  score: number | null;
  status: CheckStatus;
  n: number;
}

export interface CheckComparison extends ScopeComparison {
  category: string;
  format: CheckFormat;
  threshold: Threshold;
  /** The gate level applied to this check. */
  level: GateLevel;
  before: CheckSnapshot;
  after: CheckSnapshot;
  /** Set when the check's threshold differs from the baseline's (the rubric was edited). */
  thresholdChanged: boolean;
}

/**
 * `coverage`: coverage below the rubric's floor (no score to gate on), or a baseline below it.
 * `status`: with --fail-on warn, a check whose own status is WARN or FAIL against its rubric thresholds.
 */
export type FindingKind = 'min-score' | 'max-drop' | 'insufficient-data' | 'coverage' | 'status';
export type FindingSeverity = 'error' | 'warn' | 'insufficient-data';

/** One gate assertion that did not pass (lighthouse-ci: name, expected, actual, level). */
export interface GateFinding {
  kind: FindingKind;
  scope: 'overall' | 'category' | 'check';
  /** 'overall', a category id or a check id. */
  id: string;
  /** The category of a check; null otherwise. */
  category: string | null;
  title: string;
  severity: FindingSeverity;
  /** Whether this finding fails the job: always for errors; warnings and insufficient data per --fail-on. */
  fails: boolean;
  expected: string;
  actual: string;
  /** One line for logs and annotations. */
  message: string;
}

export interface GateBaselineInfo {
  /** The path as given to --baseline. */
  file: string;
  asOf: string;
  toolVersion: string;
  rubric: { id: string; name: string; version: number; hash: string };
  /** The rubric file changed since the baseline (same id and version, different hash). */
  rubricChanged: boolean;
  /** Metrics computed by another method version than when the baseline was saved (their checks: `method-changed`). */
  methodChanges: Array<{ metric: string; before: number; after: number }>;
  /** Checks in the baseline that this rubric no longer has, and new checks the baseline lacks. */
  removedChecks: string[];
  addedChecks: string[];
}

export interface GateReport {
  passed: boolean;
  failOn: FailOn[];
  options: { minScore: number | null; maxDrop: number | null; maxDropPct: number | null };
  /** null when the gate ran without a baseline (only minimum scores and data checks). */
  baseline: GateBaselineInfo | null;
  overall: ScoreChange | null;
  /** In rubric order; empty without a baseline. */
  categories: ScopeComparison[];
  /** Every check present in both runs, in rubric order; empty without a baseline. */
  checks: CheckComparison[];
  /** Assertions that did not pass, most severe first. */
  findings: GateFinding[];
  counts: {
    /** Findings that fail the job. */
    failing: number;
    errors: number;
    warnings: number;
    insufficient: number;
    /** Scopes (overall, categories, checks) whose change counted as a regression / an improvement. */
    regressed: number;
    improved: number;
  };
  /** One line, e.g. "gate failed: the overall score dropped 12.3 points; 1 category and 2 checks regressed". */
  summary: string;
}

/** Version of the gate document's own format; changes only when a field is removed or changes meaning. */
export const GATE_SCHEMA_VERSION = 1;

/** Which report a gate document judged: enough to tell it from another run's. */
export interface GateReportReference {
  /** The report's `schemaVersion`. */
  schemaVersion: number;
  tool: { name: 'pullcheck'; version: string };
  asOf: string;
  rubric: { id: string; version: number; hash: string };
  /** The report's overall score (null without one). */
  score: number | null;
  /** `sha256:` and the hex SHA-256 of the JSON report's bytes exactly as `--format json` writes them for this run. */
  digest: string;
}

/**
 * The gate document (`--gate-output FILE`, `gate.json` under --output-dir; docs/ci.md): the
 * gate's outcome at the top level, so `jq .passed` reads it, with a marker and a reference to
 * the report. A report of schemaVersion 1 carried the same outcome as its `gate` field.
 */
export interface GateDocument extends GateReport {
  kind: 'pullcheck-gate';
  schemaVersion: typeof GATE_SCHEMA_VERSION;
  report: GateReportReference;
}

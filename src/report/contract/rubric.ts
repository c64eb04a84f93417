/**
 * The report contract's types for what the rubric says about a check (its thresholds, display
 * format, basis and CI gate), as they appear in the versioned JSON. They import nothing; the
 * rubric loader (src/rubric/types.ts) checks its value lists against them.
 */

/** Which direction of the metric value is the good one. */
export type Better = 'higher' | 'lower';

/** Where a threshold comes from: a published figure, a figure it is anchored on, or judgement. */
export type ThresholdBasis = 'sourced' | 'anchored' | 'judgement';

/** Display hint for renderers. */
export type CheckFormat = 'percent' | 'days' | 'number' | 'multiple';

/** A CI gate's level, as in lighthouse-ci assertions: `off` ignores, `warn` reports, `error` fails the job. */
export type GateLevel = 'off' | 'warn' | 'error';

/**
 * `pass` is the good boundary, `fail` the bad one. For `better: lower`, pass < fail;
 * for `better: higher`, pass > fail. A value at or beyond pass scores 100 (status pass),
 * at or beyond fail scores 0 (status fail), linear in between (status warn).
 */
export interface Threshold {
  better: Better;
  pass: number;
  fail: number;
}

/**
 * The CI gate of one check (docs/ci.md): its level and optional limits. Without `gate:` in the
 * rubric a check is gated at `warn`, with the tolerance given on the command line.
 */
export interface CheckGate {
  level: GateLevel;
  /** Lowest acceptable check score (0..100). */
  minScore?: number;
  /** Largest acceptable drop of the check score against the baseline, in points. */
  maxDrop?: number;
  /** Largest acceptable drop, as a percentage of the baseline score. */
  maxDropPct?: number;
}

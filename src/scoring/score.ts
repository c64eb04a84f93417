/**
 * Scoring policy, kept apart from measuring: a value and its thresholds give a check score
 * and status; weighted means give category and overall scores. See docs/rubric.md.
 */
import { DEFAULT_COVERAGE_FLOOR, type Threshold, type Verdicts } from '../rubric/types.js';
import type { CategoryResult, CheckResult, CheckStatus, Recommendation, Verdict } from '../report/contract/report.js';

/** 100 at or beyond pass, 0 at or beyond fail, linear in between. */
export function scoreValue(value: number, t: Threshold): number {
  const span = t.fail - t.pass;
  if (span === 0) return (t.better === 'lower' ? value <= t.pass : value >= t.pass) ? 100 : 0;
  const fraction = (value - t.pass) / span; // 0 at pass, 1 at fail, in either direction
  return Math.round(Math.min(100, Math.max(0, 100 * (1 - fraction))) * 10) / 10;
}

export function statusOf(value: number, t: Threshold): Exclude<CheckStatus, 'insufficient-data' | 'error' | 'not-applicable'> {
  const passes = t.better === 'lower' ? value <= t.pass : value >= t.pass;
  if (passes) return 'pass';
  const fails = t.better === 'lower' ? value >= t.fail : value <= t.fail;
  return fails ? 'fail' : 'warn';
}

/** An interval that contains a threshold means the status could flip with more data. */
export function isBorderline(interval: [number, number] | null, t: Threshold): boolean {
  if (!interval) return false;
  const [lo, hi] = interval;
  return (lo < t.pass && t.pass < hi) || (lo < t.fail && t.fail < hi);
}

interface Weighted {
  score: number | null;
  weight: number;
  /** A check or category that is `not-applicable` counts nowhere, whatever its weight. */
  status?: string;
}

/** Whether an item takes part in scoring: a positive weight, and applicable (docs/rubric.md). */
export function counts(item: { weight: number; status?: string }): boolean {
  return item.weight > 0 && item.status !== 'not-applicable';
}

/** Weighted mean of the items that have a score and count; null when none do. */
export function weightedMean(items: readonly Weighted[]): number | null {
  let total = 0;
  let weights = 0;
  for (const item of items) {
    if (item.score === null || !counts(item)) continue;
    total += item.score * item.weight;
    weights += item.weight;
  }
  return weights === 0 ? null : Math.round((total / weights) * 10) / 10;
}

/** Share of the counted weight whose items had data (not-applicable items are left out). 0 when nothing counts. */
export function weightCoverage(items: readonly Weighted[]): number {
  let all = 0;
  let covered = 0;
  for (const item of items) {
    if (!counts(item)) continue;
    all += item.weight;
    if (item.score !== null) covered += item.weight;
  }
  return all === 0 ? 0 : Math.round((covered / all) * 1000) / 1000;
}

/** Overall coverage: each category's coverage weighted by its category weight. */
export function overallCoverage(categories: readonly CategoryResult[]): number {
  let all = 0;
  let covered = 0;
  for (const c of categories) {
    if (!counts(c)) continue;
    all += c.weight;
    covered += c.weight * c.coverage;
  }
  return all === 0 ? 0 : Math.round((covered / all) * 1000) / 1000;
}

/** The rubric's coverage floor (`coverageFloor`): below it a range is reported, not a score. */
export function belowFloor(coverage: number, floor: number): boolean {
  return coverage < floor;
}

export function verdictOf(score: number | null, verdicts: Verdicts, coverage = 1, floor = DEFAULT_COVERAGE_FLOOR): Verdict {
  if (score === null || belowFloor(coverage, floor)) return 'insufficient-data';
  if (score >= verdicts.productDriven) return 'product-driven';
  if (score < verdicts.salesDriven) return 'sales-driven';
  return 'mixed';
}

/** [low, high] bounds of a score (docs/rubric.md, "Range"). */
export type ScoreRange = [number, number];

/**
 * The weighted mean of every item of positive weight, with items that have no score counted as
 * `fill`: 0 gives the low bound of the range a score could take once the missing data is in,
 * 100 the high bound. Null when nothing has positive weight.
 */
function filledMean(items: readonly Weighted[], fill: number): number | null {
  return weightedMean(items.filter(counts).map((item) => ({ score: item.score ?? fill, weight: item.weight })));
}

/**
 * The range a category's score could take: its checks without a score (insufficient data, error)
 * counted as failing (low, score 0) or passing (high, 100); not-applicable checks are neither.
 * Equal to [score, score] when every counted check has one; null when no check counts.
 */
export function categoryRange(checks: readonly Weighted[]): ScoreRange | null {
  const low = filledMean(checks, 0);
  const high = filledMean(checks, 100);
  return low === null || high === null ? null : [low, high];
}

/**
 * The range the overall score could take: the weighted mean of the categories' low bounds and of
 * their high bounds, a category without a range (no weighted check) counting as 0 and 100, a
 * not-applicable category not at all. Null when no category counts.
 */
export function overallRange(categories: ReadonlyArray<{ weight: number; range: ScoreRange | null; status?: string }>): ScoreRange | null {
  const counted = categories.filter(counts);
  const low = weightedMean(counted.map((c) => ({ score: c.range?.[0] ?? 0, weight: c.weight })));
  const high = weightedMean(counted.map((c) => ({ score: c.range?.[1] ?? 100, weight: c.weight })));
  return low === null || high === null ? null : [low, high];
}

/**
 * The recommendations that would move the overall score most: for each scored check below
 * 100, the overall points gained if it reached its pass threshold, all else equal.
 *
 * Below the coverage floor (`onLowBound`) there is no score to move, and a gain measured on the
 * few scored checks would be inflated by the missing ones: the gain is then what passing would
 * add to the range's low bound, i.e. with every weighted check and category in the denominator.
 */
export function topRecommendations(categories: readonly CategoryResult[], limit = 3, onLowBound = false): Recommendation[] {
  const categoryWeight = categories.reduce((sum, c) => sum + (counts(c) && (onLowBound || c.score !== null) ? c.weight : 0), 0);
  const gains: Recommendation[] = [];
  for (const category of categories) {
    if (category.score === null || category.weight <= 0 || categoryWeight === 0) continue;
    const checkWeight = category.checks.reduce((sum, k) => sum + (counts(k) && (onLowBound || k.score !== null) ? k.weight : 0), 0);
    for (const check of category.checks) {
      if (check.score === null || check.weight <= 0 || check.score >= 100) continue;
      const gain = (100 - check.score) * (check.weight / checkWeight) * (category.weight / categoryWeight);
      gains.push({
        check: check.id,
        category: category.id,
        title: check.title,
        recommendation: check.recommendation,
        potentialGain: Math.round(gain * 10) / 10,
        gainOn: onLowBound ? 'range-low' : 'score',
      });
    }
  }
  return gains
    .sort((a, b) => b.potentialGain - a.potentialGain || (a.check < b.check ? -1 : 1))
    .slice(0, limit);
}

export function checkSummary(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, 'insufficient-data': 0, error: 0, 'not-applicable': 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

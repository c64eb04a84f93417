/**
 * Scoring policy, kept apart from measuring: a value and its thresholds give a check score
 * and status; weighted means give category and overall scores. See docs/rubric.md.
 */
import type { Threshold, Verdicts } from '../rubric/types.js';
import type { CategoryResult, CheckResult, CheckStatus, Recommendation, Verdict } from '../report/types.js';

/** 100 at or beyond pass, 0 at or beyond fail, linear in between. */
export function scoreValue(value: number, t: Threshold): number {
  const span = t.fail - t.pass;
  if (span === 0) return (t.better === 'lower' ? value <= t.pass : value >= t.pass) ? 100 : 0;
  const fraction = (value - t.pass) / span; // 0 at pass, 1 at fail, in either direction
  return Math.round(Math.min(100, Math.max(0, 100 * (1 - fraction))) * 10) / 10;
}

export function statusOf(value: number, t: Threshold): Exclude<CheckStatus, 'insufficient-data' | 'error'> {
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
}

/** Weighted mean of the items that have a score and a positive weight; null when none do. */
export function weightedMean(items: readonly Weighted[]): number | null {
  let total = 0;
  let weights = 0;
  for (const item of items) {
    if (item.score === null || item.weight <= 0) continue;
    total += item.score * item.weight;
    weights += item.weight;
  }
  return weights === 0 ? null : Math.round((total / weights) * 10) / 10;
}

/** Share of the positive weight whose items had data. 1 when nothing is weighted. */
export function weightCoverage(items: readonly Weighted[]): number {
  let all = 0;
  let covered = 0;
  for (const item of items) {
    if (item.weight <= 0) continue;
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
    if (c.weight <= 0) continue;
    all += c.weight;
    covered += c.weight * c.coverage;
  }
  return all === 0 ? 0 : Math.round((covered / all) * 1000) / 1000;
}

/**
 * Below this share of the rubric's weight with data, a score is reported but no verdict is
 * given: one or two checks cannot say what kind of company this is.
 */
export const MIN_VERDICT_COVERAGE = 0.5;

export function verdictOf(score: number | null, verdicts: Verdicts, coverage = 1): Verdict {
  if (score === null || coverage < MIN_VERDICT_COVERAGE) return 'insufficient-data';
  if (score >= verdicts.productDriven) return 'product-driven';
  if (score < verdicts.salesDriven) return 'sales-driven';
  return 'mixed';
}

/**
 * The recommendations that would move the overall score most: for each scored check below
 * 100, the overall points gained if it reached its pass threshold, all else equal.
 */
export function topRecommendations(categories: readonly CategoryResult[], limit = 3): Recommendation[] {
  const scoredCategoryWeight = categories.reduce((sum, c) => sum + (c.score !== null && c.weight > 0 ? c.weight : 0), 0);
  const gains: Recommendation[] = [];
  for (const category of categories) {
    if (category.score === null || category.weight <= 0 || scoredCategoryWeight === 0) continue;
    const scoredCheckWeight = category.checks.reduce((sum, k) => sum + (k.score !== null && k.weight > 0 ? k.weight : 0), 0);
    for (const check of category.checks) {
      if (check.score === null || check.weight <= 0 || check.score >= 100) continue;
      const gain = (100 - check.score) * (check.weight / scoredCheckWeight) * (category.weight / scoredCategoryWeight);
      gains.push({
        check: check.id,
        category: category.id,
        title: check.title,
        recommendation: check.recommendation,
        potentialGain: Math.round(gain * 10) / 10,
      });
    }
  }
  return gains
    .sort((a, b) => b.potentialGain - a.potentialGain || (a.check < b.check ? -1 : 1))
    .slice(0, limit);
}

export function checkSummary(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, 'insufficient-data': 0, error: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

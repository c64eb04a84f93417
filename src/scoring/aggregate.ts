/**
 * Scoring the rubric: checks into category scores, categories into the overall score, with
 * coverage, the range the score could take, the verdict and what would move the score most.
 * The same for an analysis and a survey (docs/rubric.md, "Scoring").
 */
import type { CategoryResult, CheckResult, Report } from '../report/contract/report.js';
import type { Rubric } from '../rubric/types.js';
import { belowFloor, categoryRange, overallCoverage, overallRange, topRecommendations, verdictOf, weightCoverage, weightedMean } from './score.js';

export function scoreCategories(rubric: Rubric, checksByCategory: readonly CheckResult[][]): CategoryResult[] {
  return rubric.categories.map((category, i) => {
    const checks = checksByCategory[i]!;
    const scored = checks.filter((k) => k.score !== null && k.weight > 0);
    const weighted = checks.filter((k) => k.weight > 0);
    const notApplicable = weighted.length > 0 && weighted.every((k) => k.status === 'not-applicable');
    return {
      id: category.id,
      title: category.title,
      item: category.item ?? null,
      weight: category.weight,
      score: weightedMean(checks),
      coverage: weightCoverage(checks),
      range: categoryRange(checks),
      scoredChecks: scored.length,
      borderlineChecks: scored.filter((k) => k.flags.includes('borderline')).length,
      ...(notApplicable ? { status: 'not-applicable' as const } : {}),
      checks,
    };
  });
}

/** The overall score and what goes with it (in the report's key order). */
export function scoreOverall(rubric: Rubric, categories: readonly CategoryResult[]): Pick<Report, 'score' | 'verdict' | 'coverage' | 'coverageFloor' | 'range'> & { topRecommendations: Report['topRecommendations'] } {
  const score = weightedMean(categories);
  const coverage = overallCoverage(categories);
  return {
    score,
    verdict: verdictOf(score, rubric.verdicts, coverage, rubric.coverageFloor),
    coverage,
    coverageFloor: rubric.coverageFloor,
    range: overallRange(categories),
    topRecommendations: topRecommendations(categories, 3, belowFloor(coverage, rubric.coverageFloor)),
  };
}

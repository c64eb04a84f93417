import { describe, expect, it } from 'vitest';
import {
  belowFloor, categoryRange, isBorderline, overallCoverage, overallRange, scoreValue, statusOf, topRecommendations, verdictOf, weightCoverage, weightedMean,
} from '../../src/scoring/score.js';
import type { CategoryResult, CheckResult } from '../../src/report/types.js';

const lower = { better: 'lower' as const, pass: 0.6, fail: 0.8 };
const higher = { better: 'higher' as const, pass: 0.4, fail: 0.25 };

describe('check scores and statuses', () => {
  it('scores 100 at or beyond pass, 0 at or beyond fail, linearly between', () => {
    expect(scoreValue(0.5, lower)).toBe(100);
    expect(scoreValue(0.6, lower)).toBe(100);
    expect(scoreValue(0.7, lower)).toBe(50);
    expect(scoreValue(0.8, lower)).toBe(0);
    expect(scoreValue(0.95, lower)).toBe(0);
    expect(scoreValue(0.325, higher)).toBe(50);
    expect(scoreValue(0.1, higher)).toBe(0);
  });

  it('handles equal pass and fail thresholds as a step', () => {
    const step = { better: 'higher' as const, pass: 1, fail: 1 };
    expect(scoreValue(1, step)).toBe(100);
    expect(scoreValue(0.99, step)).toBe(0);
  });

  it('gives pass, warn and fail by threshold and direction', () => {
    expect(statusOf(0.6, lower)).toBe('pass');
    expect(statusOf(0.7, lower)).toBe('warn');
    expect(statusOf(0.8, lower)).toBe('fail');
    expect(statusOf(0.4, higher)).toBe('pass');
    expect(statusOf(0.3, higher)).toBe('warn');
    expect(statusOf(0.25, higher)).toBe('fail');
  });

  it('flags an interval that straddles a threshold as borderline', () => {
    expect(isBorderline([0.55, 0.65], lower)).toBe(true);
    expect(isBorderline([0.61, 0.79], lower)).toBe(false);
    expect(isBorderline(null, lower)).toBe(false);
  });
});

describe('weighted means and coverage', () => {
  it('ignores items without a score or with weight 0', () => {
    expect(weightedMean([{ score: 100, weight: 2 }, { score: 40, weight: 1 }, { score: null, weight: 5 }, { score: 0, weight: 0 }])).toBe(80);
    expect(weightedMean([])).toBeNull();
    expect(weightedMean([{ score: null, weight: 1 }])).toBeNull();
  });

  it('reports the share of positive weight that had data', () => {
    expect(weightCoverage([{ score: 10, weight: 2 }, { score: null, weight: 2 }, { score: null, weight: 0 }])).toBe(0.5);
    expect(weightCoverage([])).toBe(0);
    const categories = [
      { weight: 1, coverage: 1 },
      { weight: 1, coverage: 0.5 },
      { weight: 0, coverage: 0 },
    ] as CategoryResult[];
    expect(overallCoverage(categories)).toBe(0.75);
  });
});

describe('verdicts', () => {
  const bands = { productDriven: 70, salesDriven: 40 };
  it('bands the score and needs enough coverage for a verdict', () => {
    expect(verdictOf(70, bands)).toBe('product-driven');
    expect(verdictOf(69.9, bands)).toBe('mixed');
    expect(verdictOf(40, bands)).toBe('mixed');
    expect(verdictOf(39.9, bands)).toBe('sales-driven');
    expect(verdictOf(null, bands)).toBe('insufficient-data');
    // The default floor is 0.5; the rubric's coverageFloor replaces it.
    expect(verdictOf(90, bands, 0.49)).toBe('insufficient-data');
    expect(verdictOf(90, bands, 0.5)).toBe('product-driven');
    expect(verdictOf(90, bands, 0.7, 0.8)).toBe('insufficient-data');
    expect(verdictOf(90, bands, 0, 0)).toBe('product-driven');
    expect(belowFloor(0.49, 0.5)).toBe(true);
    expect(belowFloor(0.5, 0.5)).toBe(false);
  });
});

describe('top recommendations', () => {
  const check = (id: string, score: number | null, weight = 1) => ({ id, score, weight, title: id, recommendation: `do ${id}` }) as CheckResult;
  it('ranks by the overall points a check would add by passing', () => {
    const categories = [
      { id: 'a', weight: 1, score: 50, checks: [check('a1', 0), check('a2', 100)] },
      { id: 'b', weight: 1, score: 80, checks: [check('b1', 80, 3), check('b2', null)] },
    ] as CategoryResult[];
    // a1: (100-0) × 1/2 × 1/2 = 25; b1: (100-80) × 3/3 × 1/2 = 10; a2 and b2 gain nothing.
    expect(topRecommendations(categories)).toEqual([
      { check: 'a1', category: 'a', title: 'a1', recommendation: 'do a1', potentialGain: 25, gainOn: 'score' },
      { check: 'b1', category: 'b', title: 'b1', recommendation: 'do b1', potentialGain: 10, gainOn: 'score' },
    ]);
    expect(topRecommendations([])).toEqual([]);
  });
});

describe('score ranges (every check without a score failing: low, passing: high)', () => {
  const k = (score: number | null, weight = 1) => ({ score, weight });
  it('is the score itself when every weighted check is measured', () => {
    expect(categoryRange([k(40), k(80, 3)])).toEqual([70, 70]);
  });
  it('is 0–100 when nothing is measured, and null when nothing is weighted', () => {
    expect(categoryRange([k(null), k(null, 2)])).toEqual([0, 100]);
    expect(categoryRange([])).toBeNull();
    expect(categoryRange([k(50, 0), k(null, 0)])).toBeNull();
  });
  it('weights the unmeasured checks as 0 and as 100 with the same weighted mean', () => {
    // one borderline-scored check of weight 1 at 100, one unmeasured of weight 3: low 25, high 100.
    expect(categoryRange([k(100), k(null, 3)])).toEqual([25, 100]);
    // error results have no score either: the same as insufficient data.
    expect(categoryRange([k(60, 2), k(null, 2)])).toEqual([30, 80]);
    // weight-0 checks count on neither side.
    expect(categoryRange([k(60, 2), k(null, 0)])).toEqual([60, 60]);
  });
  it('combines categories by weight; an empty category counts as 0 and 100', () => {
    expect(overallRange([{ weight: 1, range: [30, 80] }, { weight: 3, range: [70, 70] }])).toEqual([60, 72.5]);
    expect(overallRange([{ weight: 1, range: [50, 50] }, { weight: 1, range: null }])).toEqual([25, 75]);
    expect(overallRange([{ weight: 0, range: [50, 50] }, { weight: 2, range: [10, 20] }])).toEqual([10, 20]);
    expect(overallRange([{ weight: 0, range: null }])).toBeNull();
    expect(overallRange([])).toBeNull();
  });
});

describe('top recommendations below the coverage floor', () => {
  const check = (id: string, score: number | null, weight = 1) => ({ id, score, weight, title: id, recommendation: `do ${id}` }) as CheckResult;
  it('gives the gain on the low bound: every weighted check and category in the denominator', () => {
    const categories = [
      { id: 'a', weight: 1, score: 0, checks: [check('a1', 0), check('a2', null), check('a3', null), check('a4', null)] },
      { id: 'b', weight: 1, score: null, checks: [check('b1', null)] },
    ] as CategoryResult[];
    // On the score: a1 would add (100-0) × 1/1 × 1/1 = 100 points, a made-up precision.
    expect(topRecommendations(categories)[0]).toMatchObject({ check: 'a1', potentialGain: 100, gainOn: 'score' });
    // On the low bound: (100-0) × 1/4 × 1/2 = 12.5.
    expect(topRecommendations(categories, 3, true)).toEqual([
      { check: 'a1', category: 'a', title: 'a1', recommendation: 'do a1', potentialGain: 12.5, gainOn: 'range-low' },
    ]);
  });
});

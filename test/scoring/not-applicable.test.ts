import { describe, expect, it } from 'vitest';
import {
  categoryRange, checkSummary, overallCoverage, overallRange, topRecommendations, weightCoverage, weightedMean,
} from '../../src/scoring/score.js';
import { checkPoints } from '../../src/report/export-next.js';
import type { CategoryResult, CheckResult } from '../../src/report/types.js';
import { check as makeCheck } from '../ci/report-factory.js';

const na = (weight = 1) => ({ score: null, weight, status: 'not-applicable' });

describe('not-applicable checks count nowhere', () => {
  it('are left out of the weighted mean, coverage and range', () => {
    // 80 (w2) scored, one insufficient (w1), one not applicable (w3)
    const items = [{ score: 80, weight: 2 }, { score: null, weight: 1 }, na(3)];
    expect(weightedMean(items)).toBe(80);
    expect(weightCoverage(items)).toBe(0.667); // 2 of 3, not 2 of 6
    expect(categoryRange(items)).toEqual([53.3, 86.7]); // (160+0)/3, (160+100)/3
  });

  it('a category of scored checks plus a not-applicable one has full coverage and a one-point range', () => {
    const items = [{ score: 40, weight: 1 }, na(5)];
    expect(weightCoverage(items)).toBe(1);
    expect(categoryRange(items)).toEqual([40, 40]);
  });

  it('a category whose every check is not applicable has no score, no coverage and no range', () => {
    expect(weightedMean([na(), na(2)])).toBeNull();
    expect(weightCoverage([na(), na(2)])).toBe(0);
    expect(categoryRange([na(), na(2)])).toBeNull();
  });

  it('a not-applicable category is out of the overall coverage and range, whatever its weight', () => {
    const cats = [
      { weight: 1, coverage: 1, score: 60, range: [60, 60] as [number, number] },
      { weight: 3, coverage: 0, score: null, range: null, status: 'not-applicable' as const },
    ];
    expect(overallCoverage(cats as unknown as CategoryResult[])).toBe(1);
    expect(overallRange(cats)).toEqual([60, 60]);
    expect(weightedMean(cats)).toBe(60);
    // the same category merely without data would make it a [15, 90] range at 25% coverage
    const missing = cats.map((c) => ({ ...c, status: undefined }));
    expect(overallCoverage(missing as unknown as CategoryResult[])).toBe(0.25);
    expect(overallRange(missing)).toEqual([15, 90]);
  });

  it('nothing counts when every category is not applicable', () => {
    const cats = [{ weight: 1, coverage: 0, score: null, range: null, status: 'not-applicable' as const }];
    expect(overallCoverage(cats as unknown as CategoryResult[])).toBe(0);
    expect(overallRange(cats)).toBeNull();
  });

  it('is counted in the status summary', () => {
    const checks = [makeCheck({ id: 'a', value: 0.9 }), { ...makeCheck({ id: 'b', value: null }), status: 'not-applicable' as const }];
    expect(checkSummary(checks)).toMatchObject({ pass: 1, 'not-applicable': 1, 'insufficient-data': 0 });
  });
});

describe('recommendations and export points without not-applicable checks', () => {
  const category = (checks: CheckResult[], extra: Partial<CategoryResult> = {}): CategoryResult => ({
    id: 'c', title: 'C', item: null, weight: 1, score: weightedMean(checks), coverage: weightCoverage(checks), range: categoryRange(checks),
    scoredChecks: 0, borderlineChecks: 0, checks, ...extra,
  });
  const notApplicable = (id: string, weight: number): CheckResult => ({ ...makeCheck({ id, value: null, weight }), status: 'not-applicable', reason: 'presumes a free plan' });

  it('on the low bound, a not-applicable check does not dilute the gain', () => {
    // a scored 0 (w1) and a not applicable (w3): passing a gains the whole category
    const cat = category([makeCheck({ id: 'a', value: 0.1, weight: 1 }), notApplicable('b', 3)]);
    expect(topRecommendations([cat], 3, true)).toMatchObject([{ check: 'a', potentialGain: 100, gainOn: 'range-low' }]);
  });

  it('gives a not-applicable check no points, and its category\'s other checks its share', () => {
    const missing = { ...makeCheck({ id: 'a', value: null, weight: 1 }) };
    const points = checkPoints([category([missing, notApplicable('b', 1)]), { ...category([notApplicable('c', 1)]), id: 'd', status: 'not-applicable' }]);
    expect(points.get('a')).toBe(100);
    expect(points.get('b')).toBe(0);
    expect(points.get('c')).toBe(0);
  });
});

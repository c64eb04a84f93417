import { describe, expect, it } from 'vitest';
import { categoryCaveat, categoryScoreText, coverageText, headlineIsRange, headlineScore, rangeText } from '../../src/renderers/format.js';
import type { CategoryResult } from '../../src/report/types.js';

const report = (score: number | null, coverage: number, range: [number, number] | null, coverageFloor = 0.5) => ({ score, coverage, range, coverageFloor });
const category = (p: Partial<CategoryResult>) => ({ score: 50, coverage: 1, range: [50, 50], scoredChecks: 2, borderlineChecks: 0, ...p }) as CategoryResult;

describe('the headline', () => {
  it('is the score at or above the floor, the range below it or without a score', () => {
    expect(headlineIsRange(report(70, 0.5, [60, 80]))).toBe(false);
    expect(headlineScore(report(70.4, 0.5, [60, 80]))).toBe('70');
    expect(headlineIsRange(report(70, 0.49, [3, 97]))).toBe(true);
    expect(headlineScore(report(70, 0.01, [0.4, 99.6]))).toBe('range 0–100');
    expect(headlineScore(report(null, 0, null))).toBe('range 0–100');
    expect(headlineScore(report(null, 0, [0, 100], 0))).toBe('range 0–100'); // no score: a range whatever the floor
    expect(headlineScore(report(20, 0.1, [2, 91], 0))).toBe('20'); // floor 0: always a score
  });

  it('says the coverage, and the floor when below it', () => {
    expect(coverageText(report(70, 0.98, null))).toBe('coverage 98% of rubric weight');
    expect(coverageText(report(70, 0.013, null))).toBe('coverage 1% of rubric weight, below the 50% floor');
  });

  it('writes a range as low–high, one number when they meet', () => {
    expect(rangeText([17.2, 19])).toBe('17–19');
    expect(rangeText([100, 100])).toBe('100');
    expect(rangeText(null)).toBe('—');
  });
});

describe('a category', () => {
  it('shows its range below the floor or without a score, else its score', () => {
    expect(categoryScoreText(category({ score: 64.6, coverage: 0.75, range: [50, 75] }), 0.5)).toBe('65');
    expect(categoryScoreText(category({ score: 100, coverage: 0.25, range: [25, 100] }), 0.5)).toBe('range 25–100');
    expect(categoryScoreText(category({ score: null, coverage: 0, range: [0, 100] }), 0.5)).toBe('range 0–100');
    expect(categoryScoreText(category({ score: null, coverage: 0, range: null }), 0.5)).toBe('no data');
  });

  it('says when its score rests on one check, a borderline one, or only borderline ones', () => {
    expect(categoryCaveat(category({ scoredChecks: 1, borderlineChecks: 0 }))).toBe('rests on 1 check');
    expect(categoryCaveat(category({ scoredChecks: 1, borderlineChecks: 1 }))).toBe('rests on 1 borderline check');
    expect(categoryCaveat(category({ scoredChecks: 2, borderlineChecks: 2 }))).toBe('all 2 scored checks borderline');
    expect(categoryCaveat(category({ scoredChecks: 3, borderlineChecks: 1 }))).toBeNull();
    expect(categoryCaveat(category({ score: null, scoredChecks: 0 }))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { firstRecord, MAX_TREND_POINTS, periodEnds, trendPlan, trendPoint } from '../../src/report/trend.js';
import { at, deal, event, release, tables } from '../helpers/factories.js';
import { makeReport } from '../ci/report-factory.js';

describe('periodEnds', () => {
  it('gives the last day of each month from the first record up to, not including, the as-of day', () => {
    expect(periodEnds(at('2025-01-15'), '2025-04-10', 'monthly')).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
    // leap year February; a first record on a month's last day counts that month
    expect(periodEnds(at('2024-01-31'), '2024-03-01', 'monthly')).toEqual(['2024-01-31', '2024-02-29']);
  });
  it('leaves out the as-of day when it is itself a period end (the report is that point)', () => {
    expect(periodEnds(at('2025-01-01'), '2025-03-31', 'monthly')).toEqual(['2025-01-31', '2025-02-28']);
    expect(periodEnds(at('2025-01-01'), '2025-06-30', 'quarterly')).toEqual(['2025-03-31']);
  });
  it('gives calendar quarter ends by default, across a year boundary', () => {
    expect(periodEnds(at('2024-11-20'), '2025-07-01', 'quarterly')).toEqual(['2024-12-31', '2025-03-31', '2025-06-30']);
  });
  it('follows the fiscal year start: quarters from February end in April, July, October and January', () => {
    expect(periodEnds(at('2024-12-05'), '2025-11-15', 'quarterly', 2)).toEqual(['2025-01-31', '2025-04-30', '2025-07-31', '2025-10-31']);
  });
  it('is empty for a span of one day, or a span within one period', () => {
    expect(periodEnds(at('2025-05-10'), '2025-05-10', 'monthly')).toEqual([]);
    expect(periodEnds(at('2025-05-01'), '2025-05-30', 'monthly')).toEqual([]);
    expect(periodEnds(at('2025-04-01'), '2025-06-29', 'quarterly')).toEqual([]);
  });
  it('is empty when the first record is after the as-of day', () => {
    expect(periodEnds(at('2025-08-01'), '2025-05-10', 'monthly')).toEqual([]);
  });
});

describe('firstRecord', () => {
  it('is the earliest date of the activity tables, not of a changelog reaching further back', () => {
    const t = tables({ deals: [deal({ createdAt: '2025-02-01', closedAt: '2025-03-01', stage: 'won' })], events: [event({ timestamp: '2025-01-20' })], releases: [release({ releasedAt: '2019-01-01' })] });
    expect(firstRecord(t)).toBe(at('2025-01-20'));
  });
  it('falls back to any dated table, and is null without dates', () => {
    expect(firstRecord(tables({ releases: [release({ releasedAt: '2024-03-01' })] }))).toBe(at('2024-03-01'));
    expect(firstRecord(tables())).toBeNull();
  });
});

describe('trendPlan', () => {
  it('is a clear error when nothing is dated', () => {
    expect(() => trendPlan(tables(), '2025-06-30', 'quarterly')).toThrow(/--trend quarterly: no table has a dated record/);
  });
  it('keeps the latest period ends up to the cap and says what it left out', () => {
    const t = tables({ events: [event({ timestamp: '2020-01-10' }), event({ timestamp: '2025-06-30' })] });
    const plan = trendPlan(t, '2025-06-30', 'monthly');
    expect(plan.ends).toHaveLength(MAX_TREND_POINTS - 1);
    expect(plan.ends.at(-1)).toBe('2025-05-31');
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]!.code).toBe('TREND_TRUNCATED');
    expect(plan.warnings[0]!.message).toContain('from 2020-01-31');
  });
  it('has no warning within the cap', () => {
    const t = tables({ events: [event({ timestamp: '2025-01-10' })] });
    expect(trendPlan(t, '2025-06-30', 'quarterly')).toEqual({ ends: ['2025-03-31'], warnings: [] });
  });
});

describe('trendPoint', () => {
  const report = makeReport([
    { id: 'a', checks: [{ id: 'a1', value: 0.6 }, { id: 'a2', value: 0.2 }] },
    { id: 'b', checks: [{ id: 'b1', value: null }, { id: 'b2', value: 0.4 }] },
  ]);
  it('keeps the headline and each category score with its coverage', () => {
    const point = trendPoint({ ...report, coverage: 0.75, coverageFloor: 0.5, range: [40, 60] });
    expect(point).toEqual({
      asOf: '2026-06-30',
      score: report.score,
      range: [40, 60],
      coverage: 0.75,
      verdict: report.verdict,
      categories: [{ id: 'a', score: 50, coverage: 1 }, { id: 'b', score: 50, coverage: 0.5 }],
      checks: [{ id: 'a1', score: 100, n: 50 }, { id: 'a2', score: 0, n: 50 }, { id: 'b1', score: null, n: 3 }, { id: 'b2', score: 50, n: 50 }],
    });
  });
  it('has no score below the coverage floor, overall or per category, like the headline', () => {
    const point = trendPoint({ ...report, coverage: 0.4, coverageFloor: 0.6, range: [20, 80], verdict: 'insufficient-data' });
    expect(point.score).toBeNull();
    expect(point.range).toEqual([20, 80]);
    expect(point.categories).toEqual([{ id: 'a', score: 50, coverage: 1 }, { id: 'b', score: null, coverage: 0.5 }]);
    expect(point.checks?.map((k) => k.score)).toEqual([100, 0, null, 50]); // checks keep their scores, as in the report
  });
});

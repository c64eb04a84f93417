import { describe, expect, it } from 'vitest';
import metric, { quarterEndDayShare, weeksToQuarterEndSeries } from '../../src/metrics/checks/quarter-end-close-concentration.js';
import { at, deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

// As of 2024-12-31: the 365-day window is 2024-01-02 … 2024-12-31 (365 days); its quarter-end
// stretches are Mar 18–31, Jun 17–30, Sep 17–30, Dec 18–31: 14 × 4 = 56 days → 56/365.
const asOf = '2024-12-31';
const expected = 56 / 365;

function wins(count: number, closedAt: string, from = 0) {
  return Array.from({ length: count }, (_, i) => deal({ dealId: `d${from + i}`, closedAt, createdAt: '2023-12-01' }));
}

describe('quarter-end-close-concentration', () => {
  it('counts wins by weeks before their quarter end, by hand', () => {
    // Q1 2024 ends 2024-04-01 (exclusive): Mar 31 is 1 day before → week 0, Mar 26 6 days → 0,
    // Mar 25 7 days → 1, Mar 18 14 days → 2, Jan 1 91 days → 13 → the last bucket "12+".
    const s = weeksToQuarterEndSeries([at('2024-03-31'), at('2024-03-26'), at('2024-03-25'), at('2024-03-18'), at('2024-01-01')]);
    expect(s.points.map((p) => p.x)).toEqual(['12+', '11', '10', '9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
    const by = Object.fromEntries(s.points.map((p) => [p.x, p.y]));
    expect(by).toMatchObject({ '0': 2, '1': 1, '2': 1, '12+': 1 });
    expect(s.points.reduce((a, p) => a + p.y, 0)).toBe(5);
    expect(s.reference).toEqual({ label: 'mean per week', y: 0.3846 });
    // Fiscal quarters from February: Feb–Apr, so 2024-03-31 is 31 days before the end (May 1) → 4 weeks.
    expect(Object.fromEntries(weeksToQuarterEndSeries([at('2024-03-31')], 2).points.map((p) => [p.x, p.y]))['4']).toBe(1);
    expect(weeksToQuarterEndSeries([]).points.every((p) => p.y === 0)).toBe(true);
  });

  it('carries the series of the wins it measured', () => {
    const deals = [...wins(10, '2024-09-20'), ...wins(30, '2024-08-01', 10)];
    const result = run(metric, tables({ deals }), asOf);
    if (result.kind !== 'measured') throw new Error('expected a value');
    const points = Object.fromEntries(result.series![0]!.points.map((p) => [p.x, p.y]));
    expect(points['1']).toBe(10); // Sep 20 → Oct 1: 11 days
    expect(points['8']).toBe(30); // Aug 1 → Oct 1: 61 days
  });

  it('counts the quarter-end days of a window by hand', () => {
    expect(quarterEndDayShare(at('2024-01-02'), at('2025-01-01'), 14)).toBeCloseTo(expected, 10);
    expect(quarterEndDayShare(at('2024-03-01'), at('2024-03-01'), 14)).toBe(0); // empty window
  });

  it('is insufficient with no deals and below minN', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
    expect(run(metric, tables({ deals: wins(1, '2024-03-25') }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is 1 / expected share when every win closes at quarter end', () => {
    const result = run(metric, tables({ deals: wins(30, '2024-03-25') }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind === 'measured') expect(result.value).toBeCloseTo(1 / expected, 3); // 6.5179
  });

  it('is 0 when no win closes at quarter end, and ignores lost deals and wins outside the window', () => {
    const deals = [
      ...wins(30, '2024-05-10'),
      deal({ dealId: 'lost', stage: 'lost', closedAt: '2024-03-25' }),
      deal({ dealId: 'old', closedAt: '2023-03-25' }),
      deal({ dealId: 'noclose', closedAt: null }),
    ];
    const result = run(metric, tables({ deals }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 30 });
    expect(byKey(result.evidence)).toMatchObject({ excludedNoCloseDate: 1 });
  });

  it('measures a hand-checked mix: 10 of 40 wins at quarter end', () => {
    // share 10/40 = 0.25; ratio 0.25 / (56/365) = 1.6295
    const deals = [...wins(10, '2024-09-20'), ...wins(30, '2024-08-01', 10)];
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBeCloseTo(1.6295, 4);
    expect(result.interval![0]).toBeLessThan(result.value);
    expect(result.interval![1]).toBeGreaterThan(result.value);
  });
});

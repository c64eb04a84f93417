import { describe, expect, it } from 'vitest';
import metric, { quarterEndDayShare } from '../../src/metrics/quarter-end-close-concentration.js';
import { at, deal, run, tables } from '../helpers/factories.js';

// As of 2024-12-31: the 365-day window is 2024-01-02 … 2024-12-31 (365 days); its quarter-end
// stretches are Mar 18–31, Jun 17–30, Sep 17–30, Dec 18–31: 14 × 4 = 56 days → 56/365.
const asOf = '2024-12-31';
const expected = 56 / 365;

function wins(count: number, closedAt: string, from = 0) {
  return Array.from({ length: count }, (_, i) => deal({ dealId: `d${from + i}`, closedAt, createdAt: '2023-12-01' }));
}

describe('quarter-end-close-concentration', () => {
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
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 30, evidence: { excludedNoCloseDate: 1 } });
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

import { describe, expect, it } from 'vitest';
import metric, { isQuarterEnd, quarterEndOf } from '../../src/metrics/checks/quarter-end-discount-lift.js';
import { at, deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window: closedAt in [2024-01-02, 2025-01-01)

const win = (id: string, closedAt: string, discount: number | null) => deal({ dealId: id, name: `Deal ${id}`, closedAt, createdAt: '2023-12-01', discount });

describe('quarter-end-discount-lift', () => {
  it('places the last 14 days of each calendar quarter (UTC)', () => {
    expect(quarterEndOf(at('2024-02-10'))).toBe(at('2024-04-01'));
    expect(quarterEndOf(at('2024-12-31'))).toBe(at('2025-01-01'));
    expect(isQuarterEnd(at('2024-03-18'), 14)).toBe(true); // Apr 1 − 14 d = Mar 18
    expect(isQuarterEnd(at('2024-03-17T23:59:59Z'), 14)).toBe(false);
    expect(isQuarterEnd(at('2024-03-31T23:59:59Z'), 14)).toBe(true);
    expect(isQuarterEnd(at('2024-04-01'), 14)).toBe(false);
    expect(isQuarterEnd(at('2024-06-17'), 14)).toBe(true); // Jul 1 − 14 d = Jun 17
    expect(isQuarterEnd(at('2024-06-16'), 14)).toBe(false);
  });

  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one win', () => {
    expect(run(metric, tables({ deals: [win('a', '2024-03-25', 0.2)] }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('divides the quarter-end mean discount by the other mean', () => {
    const deals = [
      win('q1', '2024-03-25', 0.2),
      win('q2', '2024-06-20', 0.3),
      win('q3', '2024-09-30', 0.25),
      win('q4', '2024-12-31', 0.25), // as-of day, in the window and in Q4's last 14 days
      win('o1', '2024-02-10', 0.1),
      win('o2', '2024-05-01', 0.1),
      win('o3', '2024-08-01', 0.05),
      win('o4', '2024-11-01', 0.15),
      win('unknown', '2024-03-30', null), // excluded, counted
      win('old', '2023-12-25', 0.9), // before the window
      deal({ dealId: 'lost', stage: 'lost', closedAt: '2024-03-29', discount: 0.9 }),
    ];
    // quarter-end mean (0.2 + 0.3 + 0.25 + 0.25) / 4 = 0.25; other mean (0.1 + 0.1 + 0.05 + 0.15) / 4 = 0.1; lift 2.5
    const result = run(metric, tables({ deals }), asOf, { minN: 4 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(2.5);
    expect(result.n).toBe(8);
    expect(byKey(result.evidence)).toMatchObject({
      quarterEndWins: 4,
      otherWins: 4,
      quarterEndMeanDiscount: 0.25,
      otherMeanDiscount: 0.1,
      excludedMissingDiscount: 1,
    });
    expect((byKey(result.evidence).largestQuarterEndDiscounts as Array<{ id: string }>).map((d) => d.id)).toEqual(['q2', 'q3', 'q4', 'q1']);
    expect(result.interval).toBeDefined();
  });

  it('needs minN wins in both groups', () => {
    const deals = [
      ...Array.from({ length: 10 }, (_, i) => win(`o${i}`, '2024-05-01', 0.1)),
      win('q1', '2024-03-25', 0.3),
      win('q2', '2024-06-25', 0.3),
    ];
    const result = run(metric, tables({ deals }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 12 });
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/^2 wins .* and 10 other wins .*need 5 of each/);
  });

  it('is insufficient when other wins average no discount but quarter-end wins do (zero denominator)', () => {
    const deals = [
      ...Array.from({ length: 5 }, (_, i) => win(`o${i}`, '2024-05-01', 0)),
      ...Array.from({ length: 5 }, (_, i) => win(`q${i}`, '2024-06-28', 0.2)),
    ];
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/zero denominator/);
  });

  it('is 1 when nobody discounts at all', () => {
    const deals = [
      ...Array.from({ length: 5 }, (_, i) => win(`o${i}`, '2024-05-01', 0)),
      ...Array.from({ length: 5 }, (_, i) => win(`q${i}`, '2024-06-28', 0)),
    ];
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'measured', value: 1, n: 10, interval: [1, 1] });
  });
});

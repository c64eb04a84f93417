import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/avg-discount-won.js';
import { deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window: closedAt in [2024-01-02, 2025-01-01)

describe('avg-discount-won', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal (below minN)', () => {
    const result = run(metric, tables({ deals: [deal({ discount: 0.1 })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
    if (result.kind === 'insufficient') expect(result.reason).toContain('1 won deal with a known discount and amount in the last 365 days; need 30');
  });

  it('weights discounts by amount and excludes unknown discounts and amounts', () => {
    const deals = [
      deal({ dealId: 'a', amount: 10_000, discount: 0.1 }),
      deal({ dealId: 'b', amount: 30_000, discount: 0.2 }),
      deal({ dealId: 'c', amount: 60_000, discount: 0.05 }),
      deal({ dealId: 'nodisc', amount: 1_000_000, discount: null }), // unknown ≠ 0: excluded
      deal({ dealId: 'noamt', amount: null, discount: 0.9 }), // no weight: excluded
      deal({ dealId: 'zero', amount: 0, discount: 0.9 }), // no weight: excluded
      deal({ dealId: 'bad', amount: 5_000, discount: 15 }), // not a fraction: excluded
      deal({ dealId: 'old', amount: 10_000, discount: 0.9, closedAt: '2024-01-01' }), // outside window
      deal({ dealId: 'lost', amount: 10_000, discount: 0.9, stage: 'lost' }),
      deal({ dealId: 'noclose', amount: 10_000, discount: 0.9, closedAt: null }),
    ];
    // (10000·0.1 + 30000·0.2 + 60000·0.05) / (10000 + 30000 + 60000) = (1000 + 6000 + 3000) / 100000 = 0.1
    // (the unweighted mean would be (0.1 + 0.2 + 0.05) / 3 = 0.1167)
    const result = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.1);
    expect(result.n).toBe(3);
    expect(byKey(result.evidence)).toMatchObject({
      wonDeals: 7,
      excludedMissingDiscount: 1,
      excludedMissingAmount: 1,
      excludedNonPositiveAmount: 1,
      excludedInvalidDiscount: 1,
      excludedMissingCloseDate: 1,
      unweightedMeanDiscount: 0.1167,
      medianDiscount: 0.1,
    });
    expect((byKey(result.evidence).largestDiscounts as Array<{ id: string }>).map((d) => d.id)).toEqual(['b', 'a', 'c']);
    expect(result.notes?.[0]).toMatch(/only 43% of won deals/); // 3 of 7 usable
    const [lo, hi] = result.interval!;
    expect(lo).toBeLessThanOrEqual(0.1);
    expect(hi).toBeGreaterThanOrEqual(0.1);
  });

  it('is insufficient when no deal carries weight (zero denominator)', () => {
    const deals = Array.from({ length: 40 }, (_, i) => deal({ dealId: `d${i}`, amount: 0, discount: 0.1 }));
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('insufficient');
    expect(byKey(result.evidence)).toMatchObject({ excludedNonPositiveAmount: 40 });
  });

  it('is insufficient when discounts are all unknown, rather than reading them as 0', () => {
    const deals = Array.from({ length: 40 }, (_, i) => deal({ dealId: `d${i}`, discount: null }));
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('reaches minN with default params and gives a value of 0 for undiscounted deals', () => {
    const deals = Array.from({ length: 30 }, (_, i) => deal({ dealId: `d${i}`, discount: 0 }));
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'measured', value: 0, n: 30, interval: [0, 0] });
  });
});

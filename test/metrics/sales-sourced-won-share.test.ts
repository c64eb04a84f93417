import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/sales-sourced-won-share.js';
import { deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window: closedAt in [2024-01-02, 2025-01-01)

describe('sales-sourced-won-share', () => {
  it('is insufficient with empty tables', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal (below minN)', () => {
    const result = run(metric, tables({ deals: [deal({ source: 'outbound' })] }), asOf);
    expect(result).toMatchObject({ kind: 'insufficient', n: 1 });
    if (result.kind === 'insufficient') expect(result.reason).toBe('1 won deal with an amount in the last 365 days; need 30');
  });

  it('divides sales-sourced won amount by all won amount, keeping unknown sources in the denominator', () => {
    const deals = [
      deal({ dealId: 'a', source: 'outbound', amount: 60_000 }),
      deal({ dealId: 'b', source: 'SDR', amount: 20_000 }), // normalised to 'sdr' → sales
      deal({ dealId: 'c', source: 'inbound', amount: 50_000 }),
      deal({ dealId: 'd', source: null, amount: 30_000 }),
      deal({ dealId: 'e', source: 'linkedin', amount: 40_000 }), // not configured → unknown
      deal({ dealId: 'f', source: 'partner', amount: null }), // by count only
      deal({ dealId: 'old', source: 'outbound', amount: 1_000_000, closedAt: '2024-01-01' }), // outside window
      deal({ dealId: 'lost', source: 'outbound', amount: 1_000_000, stage: 'lost' }),
    ];
    // amount: (60000 + 20000) / (60000 + 20000 + 50000 + 30000 + 40000) = 80000 / 200000 = 0.4
    // count: sales a, b, f = 3 of 6 = 0.5; unknown amount 70000 / 200000 = 0.35 (no note)
    const result = run(metric, tables({ deals }), asOf, { minN: 5 });
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    expect(result.value).toBe(0.4);
    expect(result.n).toBe(5);
    expect(byKey(result.evidence)).toMatchObject({
      wonDeals: 6,
      wonAmount: 200_000,
      salesSourcedAmount: 80_000,
      productSourcedAmount: 50_000,
      unknownSourceAmount: 70_000,
      unknownSourceAmountShare: 0.35,
      salesSourcedCount: 3,
      productSourcedCount: 1,
      unknownSourceCount: 2,
      byCountShare: 0.5,
      excludedMissingAmount: 1,
      topUnclassifiedSources: [
        { id: '(blank)', deals: 1 },
        { id: 'linkedin', deals: 1 },
      ],
    });
    expect(result.notes).toBeUndefined();
    expect(result.interval).toBeDefined();
    // the lead-source mix of the same amount: 80000, 50000 and 70000 of 200000
    expect(result.series![0]!.points).toEqual([{ x: 'sales', y: 0.4 }, { x: 'product', y: 0.25 }, { x: 'unknown', y: 0.35 }]);
  });

  it('notes when more than half the won amount has an unknown source', () => {
    const deals = [
      deal({ dealId: 'a', source: 'outbound', amount: 10_000 }),
      deal({ dealId: 'b', source: 'inbound', amount: 10_000 }),
      deal({ dealId: 'c', source: null, amount: 30_000 }),
    ];
    // 10000 / 50000 = 0.2; unknown 30000 / 50000 = 60% > 50%
    const result = run(metric, tables({ deals }), asOf, { minN: 3 });
    expect(result).toMatchObject({ kind: 'measured', value: 0.2 });
    if (result.kind === 'measured') expect(result.notes?.[0]).toMatch(/^60% of won amount has a blank or unrecognised source/);
  });

  it('is insufficient when the won amount totals 0 (zero denominator)', () => {
    const deals = Array.from({ length: 30 }, (_, i) => deal({ dealId: `d${i}`, source: 'outbound', amount: 0 }));
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('insufficient');
    if (result.kind === 'insufficient') expect(result.reason).toMatch(/amount of 0/);
  });

  it('is 1 when every win is sales-sourced, with default minN', () => {
    const deals = Array.from({ length: 30 }, (_, i) => deal({ dealId: `d${i}`, source: 'outbound', amount: 1_000 * (i + 1) }));
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'measured', value: 1, n: 30, interval: [1, 1] });
  });
});

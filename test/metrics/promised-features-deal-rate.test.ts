import { describe, expect, it } from 'vitest';
import metric from '../../src/metrics/checks/promised-features-deal-rate.js';
import type { Deal } from '../../src/core/model.js';
import { deal, run, tables } from '../helpers/factories.js';
import { byKey } from '../helpers/evidence.js';

const asOf = '2024-12-31'; // window [2024-01-02, 2025-01-01)

/** 30 won deals closed 2024-06-01: d01–d06 promise x (d01–d03 also y) at 20k; the rest 10k, d30 without amount. */
function thirty(): Deal[] {
  return Array.from({ length: 30 }, (_, i) => {
    const n = i + 1;
    const promisedFeatures = n <= 3 ? ['x', 'y'] : n <= 6 ? ['x'] : [];
    const amount = n === 30 ? null : n <= 6 ? 20_000 : 10_000;
    return deal({ dealId: `d${String(n).padStart(2, '0')}`, stage: 'won', closedAt: '2024-06-01', promisedFeatures, amount });
  });
}

describe('promised-features-deal-rate', () => {
  it('is insufficient with empty tables (zero won deals)', () => {
    expect(run(metric, tables(), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('is insufficient with one won deal', () => {
    expect(run(metric, tables({ deals: [deal({ closedAt: '2024-06-01' })] }), asOf)).toMatchObject({ kind: 'insufficient', n: 1 });
  });

  it('is insufficient when only lost deals exist (zero denominator)', () => {
    const deals = thirty().map((d) => ({ ...d, stage: 'lost' as const }));
    expect(run(metric, tables({ deals }), asOf)).toMatchObject({ kind: 'insufficient', n: 0 });
  });

  it('divides won deals with promises by won deals in the last 12 months', () => {
    const deals = [
      ...thirty(),
      deal({ dealId: 'lost', stage: 'lost', closedAt: '2024-06-01', promisedFeatures: ['x'] }), // lost: ignored
      deal({ dealId: 'old', stage: 'won', closedAt: '2023-06-01', promisedFeatures: ['x'] }), // before the window
      deal({ dealId: 'future', stage: 'won', closedAt: '2025-01-05', promisedFeatures: ['x'] }), // after T
      deal({ dealId: 'undated', stage: 'won', closedAt: null, promisedFeatures: ['x'] }), // no close date
      deal({ dealId: 'blank', stage: 'won', closedAt: '2024-06-01', promisedFeatures: [' '] }), // blank promise = none
    ];
    const result = run(metric, tables({ deals }), asOf);
    expect(result.kind).toBe('measured');
    if (result.kind !== 'measured') return;
    // 6 of 31 won deals (30 + 'blank') → 6 / 31 = 0.193548… → 0.1935
    expect(result.value).toBe(0.1935);
    expect(result.n).toBe(31);
    // Amount: promised 6 × 20k = 120k; all = 120k + 23 × 10k (d07–d29) + 10k ('blank') = 360k; d30 has none.
    // 120 / 360 = 0.3333
    expect(byKey(result.evidence)).toMatchObject({
      wonDeals: 31,
      withPromises: 6,
      amountShare: 0.3333,
      wonAmount: 360_000,
      promisedAmount: 120_000,
      dealsWithoutAmount: 1,
      excludedNoCloseDate: 1,
    });
    expect(byKey(result.evidence).topPromisedFeatures).toEqual([{ id: 'x', deals: 6 }, { id: 'y', deals: 3 }]);
    expect(result.interval![0]).toBeLessThan(0.1935);
    expect(result.interval![1]).toBeGreaterThan(0.1935);
    expect(result.notes).toBeUndefined();
  });

  it('reports 0 with a note when no deal records promised features', () => {
    const deals = thirty().map((d) => ({ ...d, promisedFeatures: [] }));
    const result = run(metric, tables({ deals }), asOf);
    expect(result).toMatchObject({ kind: 'measured', value: 0, n: 30 });
    expect(result.kind === 'measured' && result.notes?.[0]).toMatch(/not recorded/);
  });
});
